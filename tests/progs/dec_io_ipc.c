// System V semaphore operations and messages, POSIX queue attributes, and Linux AIO control
// blocks and completions as strace shows them.
// cxtrace-args: -e trace=semop,semtimedop,msgsnd,msgrcv,mq_getsetattr,io_submit,io_getevents,io_cancel,getppid
// cxtrace-after: ^getppid\(
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/aio_abi.h>
#include <mqueue.h>
#include <stdint.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>

#include "dec_util.h"

int main(void) {
  int p[2];
  CHECK(pipe(p) == 0);
  int semid = semget(IPC_PRIVATE, 1, 0600);
  int msqid = msgget(IPC_PRIVATE, 0600);
  struct mq_attr attr = {.mq_flags = 0, .mq_maxmsg = 10, .mq_msgsize = 64}, old;
  int mq = (int)syscall(SYS_mq_open, "dec-io-ipc-cxtrace", O_RDWR | O_CREAT, 0600, &attr);
  syscall(SYS_mq_unlink, "dec-io-ipc-cxtrace");
  aio_context_t ctx = 0;
  int have_aio = syscall(SYS_io_setup, 4, &ctx) == 0;
  start_marker();

  struct sembuf sb[2] = {{0, 1, 0}, {0, -1, SEM_UNDO | IPC_NOWAIT}};
  long r = syscall(SYS_semop, semid, sb, 2);
  expect_call(res(r), "semop(%d, [{sem_num=0, sem_op=1, sem_flg=0}, {sem_num=0, sem_op=-1, sem_flg=SEM_UNDO|IPC_NOWAIT}], 2)",
              semid);
  r = syscall(SYS_semtimedop, semid, sb, 1, NULL);
  expect_call(res(r), "semtimedop(%d, [{sem_num=0, sem_op=1, sem_flg=0}], 1, NULL)", semid);
  r = syscall(SYS_semop, semid, NULL, 1);
  expect_call(res(r), "semop(%d, NULL, 1)", semid);
  semctl(semid, 0, IPC_RMID);

  struct {
    long mtype;
    char mtext[16];
  } m = {1, "hello"};
  r = syscall(SYS_msgsnd, msqid, &m, 5, 0);
  expect_call(res(r), "msgsnd(%d, {mtype=1, mtext=\"hello\"}, 5, 0)", msqid);
  r = syscall(SYS_msgrcv, msqid, &m, 16, 0, IPC_NOWAIT);
  expect_call(res(r), "msgrcv(%d, {mtype=1, mtext=\"hello\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\"}, 16, 0, IPC_NOWAIT)", msqid);
  r = syscall(SYS_msgrcv, msqid, &m, 16, 0, IPC_NOWAIT);
  expect_call(res(r), "msgrcv(%d, %p, 16, 0, IPC_NOWAIT)", msqid, (void *)&m);
  msgctl(msqid, IPC_RMID, NULL);

  r = syscall(SYS_mq_getsetattr, mq, &attr, &old);
  expect_call(res(r), "mq_getsetattr(%d, {mq_flags=0, mq_maxmsg=10, mq_msgsize=64, mq_curmsgs=0}, "
              "{mq_flags=0, mq_maxmsg=10, mq_msgsize=64, mq_curmsgs=0})", mq);
  attr.mq_flags = O_NONBLOCK;
  r = syscall(SYS_mq_getsetattr, mq, &attr, NULL);
  expect_call(res(r), "mq_getsetattr(%d, {mq_flags=O_NONBLOCK, mq_maxmsg=10, mq_msgsize=64, mq_curmsgs=0}, NULL)", mq);
  r = syscall(SYS_mq_getsetattr, mq, NULL, &old);
  expect_call(res(r), "mq_getsetattr(%d, NULL, {mq_flags=O_NONBLOCK, mq_maxmsg=10, mq_msgsize=64, mq_curmsgs=0})", mq);

  if (have_aio) {
    char buf[8] = "abcdefg";
    struct iocb w = {.aio_data = 7, .aio_lio_opcode = IOCB_CMD_PWRITE, .aio_fildes = (uint32_t)p[1],
                     .aio_buf = (uint64_t)(uintptr_t)buf, .aio_nbytes = 3};
    struct iocb rd = {.aio_lio_opcode = IOCB_CMD_PREAD, .aio_reqprio = 1, .aio_fildes = (uint32_t)p[0],
                      .aio_buf = (uint64_t)(uintptr_t)buf, .aio_nbytes = 4, .aio_offset = 2,
                      .aio_flags = IOCB_FLAG_RESFD, .aio_resfd = 9};
    struct iocb fs = {.aio_lio_opcode = IOCB_CMD_FSYNC, .aio_fildes = (uint32_t)p[0]};
    struct iocb pv = {.aio_key = 5, .aio_lio_opcode = 99, .aio_fildes = 0};
    struct iocb *cbs[5] = {&w, &rd, &fs, &pv, (struct iocb *)8};
    r = syscall(SYS_io_submit, ctx, 5, cbs);
    expect_call(res(r), "io_submit(%#lx, 5, [{aio_data=0x7, aio_lio_opcode=IOCB_CMD_PWRITE, aio_fildes=%d, "
                "aio_buf=\"abc\", aio_nbytes=3, aio_offset=0}, {aio_data=0, aio_lio_opcode=IOCB_CMD_PREAD, "
                "aio_reqprio=1, aio_fildes=%d, aio_buf=%p, aio_nbytes=4, aio_offset=2, aio_flags=IOCB_FLAG_RESFD, "
                "aio_resfd=9}, {aio_data=0, aio_lio_opcode=IOCB_CMD_FSYNC, aio_fildes=%d}, {aio_data=0, aio_key=5, "
                "aio_lio_opcode=99 /* IOCB_CMD_??? */, aio_fildes=0}, 0x8])",
                (unsigned long)ctx, p[1], p[0], (void *)buf, p[0]);
    struct io_event evs[4];
    r = syscall(SYS_io_getevents, ctx, 1, 4, evs, NULL);
    CHECK(r == 1);
    expect_call(res(r), "io_getevents(%#lx, 1, 4, [{data=0x7, obj=%p, res=3, res2=0}], NULL)", (unsigned long)ctx,
                (void *)&w);
    r = syscall(SYS_io_getevents, ctx, 0, 4, NULL, NULL);
    expect_call(res(r), "io_getevents(%#lx, 0, 4, NULL, NULL)", (unsigned long)ctx);
    r = syscall(SYS_io_cancel, ctx, &w, evs);
    expect_call(res(r), "io_cancel(%#lx, {aio_data=0x7, aio_lio_opcode=IOCB_CMD_PWRITE, aio_fildes=%d}, %p)",
                (unsigned long)ctx, p[1], (void *)evs);
    syscall(SYS_io_destroy, ctx);
  }

  expect_line("+++ exited with 0 +++");
  return 0;
}
