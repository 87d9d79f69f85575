// bpf: the command and its union bpf_attr member field by field, up to the size passed;
// the *_GET_NEXT_ID commands show next_id, which the kernel writes, at exit.
// cxtrace-args: -e trace=bpf,getppid
// cxtrace-after: ^getppid\(
#define _GNU_SOURCE
#include <linux/bpf.h>
#include <stdint.h>

#include "dec_util.h"

static long bpf(int cmd, union bpf_attr *attr, unsigned size) {
  return syscall(SYS_bpf, cmd, attr, size);
}

int main(void) {
  union bpf_attr a;
  const unsigned size = sizeof a;
  uint32_t key = 1;
  uint64_t value = 42;
  start_marker();

  memset(&a, 0, sizeof a);
  a.map_type = BPF_MAP_TYPE_ARRAY;
  a.key_size = 4;
  a.value_size = 8;
  a.max_entries = 16;
  long map = bpf(BPF_MAP_CREATE, &a, size);
  expect_call(res(map), "bpf(BPF_MAP_CREATE, {map_type=BPF_MAP_TYPE_ARRAY, key_size=4, value_size=8, "
              "max_entries=16, map_flags=0, inner_map_fd=0, map_name=\"\", map_ifindex=0, btf_fd=0, "
              "btf_key_type_id=0, btf_value_type_id=0, btf_vmlinux_value_type_id=0, map_extra=0}, %u)", size);
  a.map_flags = BPF_F_NO_PREALLOC | BPF_F_RDONLY_PROG;
  strcpy(a.map_name, "dec_bpf");
  long r = bpf(BPF_MAP_CREATE, &a, 32);
  expect_call(res(r), "bpf(BPF_MAP_CREATE, {map_type=BPF_MAP_TYPE_ARRAY, key_size=4, value_size=8, "
              "max_entries=16, map_flags=BPF_F_NO_PREALLOC|BPF_F_RDONLY_PROG, inner_map_fd=0, "
              "map_name=\"dec\"...}, 32)");
  memset(&a, 0, sizeof a);
  strcpy(a.map_name, "abcdefghijklmnopq");
  r = bpf(BPF_MAP_CREATE, &a, size);
  expect_call(res(r), "bpf(BPF_MAP_CREATE, {map_type=BPF_MAP_TYPE_UNSPEC, key_size=0, value_size=0, "
              "max_entries=0, map_flags=0, inner_map_fd=0, map_name=\"abcdefghijklmno\"..., map_ifindex=113, "
              "btf_fd=0, btf_key_type_id=0, btf_value_type_id=0, btf_vmlinux_value_type_id=0, map_extra=0}, %u)",
              size);

  struct bpf_insn insns[] = {
      {.code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = 0},
      {.code = BPF_JMP | BPF_EXIT},
  };
  memset(&a, 0, sizeof a);
  a.prog_type = BPF_PROG_TYPE_SOCKET_FILTER;
  a.insn_cnt = 2;
  a.insns = (uintptr_t)insns;
  a.license = (uintptr_t) "GPL";
  strcpy(a.prog_name, "dec_prog");
  r = bpf(BPF_PROG_LOAD, &a, size);
  expect_call(res(r), "bpf(BPF_PROG_LOAD, {prog_type=BPF_PROG_TYPE_SOCKET_FILTER, insn_cnt=2, insns=%p, "
              "license=\"GPL\", log_level=0, log_size=0, log_buf=NULL, kern_version=KERNEL_VERSION(0, 0, 0), "
              "prog_flags=0, prog_name=\"dec_prog\", prog_ifindex=0, "
              "expected_attach_type=BPF_CGROUP_INET_INGRESS, prog_btf_fd=0, func_info_rec_size=0, "
              "func_info=NULL, func_info_cnt=0, line_info_rec_size=0, line_info=NULL, line_info_cnt=0, "
              "attach_btf_id=0, attach_prog_fd=0, fd_array=NULL}, %u)",
              (void *)insns, size);
  static char log[64];
  a.prog_type = 9999;
  a.log_level = 1;
  a.log_size = sizeof log;
  a.log_buf = (uintptr_t)log;
  a.kern_version = (6 << 16) | (1 << 8) | 55;
  a.prog_flags = BPF_F_ANY_ALIGNMENT | 0x1000;
  r = bpf(BPF_PROG_LOAD, &a, 48);
  expect_call(res(r), "bpf(BPF_PROG_LOAD, {prog_type=0x270f /* BPF_PROG_TYPE_??? */, insn_cnt=2, insns=%p, "
              "license=\"GPL\", log_level=1, log_size=64, log_buf=\"\", kern_version=KERNEL_VERSION(6, 1, 55), "
              "prog_flags=BPF_F_ANY_ALIGNMENT|0x1000}, 48)",
              (void *)insns);

  memset(&a, 0, sizeof a);
  a.map_fd = (uint32_t)map;
  a.key = (uintptr_t)&key;
  a.value = (uintptr_t)&value;
  a.flags = BPF_ANY;
  r = bpf(BPF_MAP_UPDATE_ELEM, &a, size);
  expect_call(res(r), "bpf(BPF_MAP_UPDATE_ELEM, {map_fd=%d, key=%p, value=%p, flags=BPF_ANY}, %u)", (int)map,
              (void *)&key, (void *)&value, size);
  a.flags = 0;
  r = bpf(BPF_MAP_LOOKUP_ELEM, &a, size);
  expect_call(res(r), "bpf(BPF_MAP_LOOKUP_ELEM, {map_fd=%d, key=%p, value=%p, flags=BPF_ANY}, %u)", (int)map,
              (void *)&key, (void *)&value, size);
  r = bpf(BPF_MAP_DELETE_ELEM, &a, size);
  expect_call(res(r), "bpf(BPF_MAP_DELETE_ELEM, {map_fd=%d, key=%p, ...}, %u)", (int)map, (void *)&key, size);
  a.value = 0;
  r = bpf(BPF_MAP_DELETE_ELEM, &a, size);
  expect_call(res(r), "bpf(BPF_MAP_DELETE_ELEM, {map_fd=%d, key=%p}, %u)", (int)map, (void *)&key, size);
  uint32_t next = 0;
  a.next_key = (uintptr_t)&next;
  r = bpf(BPF_MAP_GET_NEXT_KEY, &a, size);
  expect_call(res(r), "bpf(BPF_MAP_GET_NEXT_KEY, {map_fd=%d, key=%p, next_key=%p}, %u)", (int)map,
              (void *)&key, (void *)&next, size);

  memset(&a, 0, sizeof a);
  a.pathname = (uintptr_t) "/sys/fs/bpf/nonexistent-cxtrace";
  a.file_flags = BPF_F_RDONLY;
  r = bpf(BPF_OBJ_GET, &a, size);
  expect_call(res(r), "bpf(BPF_OBJ_GET, {pathname=\"/sys/fs/bpf/nonexistent-cxtrace\", bpf_fd=0, "
              "file_flags=BPF_F_RDONLY}, %u)", size);

  memset(&a, 0, sizeof a);
  r = bpf(BPF_MAP_GET_NEXT_ID, &a, size);
  if (a.next_id != 0) {
    expect_call(res(r), "bpf(BPF_MAP_GET_NEXT_ID, {start_id=0, next_id=0 => %u, open_flags=0}, %u)", a.next_id,
                size);
  } else {
    expect_call(res(r), "bpf(BPF_MAP_GET_NEXT_ID, {start_id=0, next_id=0, open_flags=0}, %u)", size);
  }
  memset(&a, 0, sizeof a);
  a.start_id = 0xffffffff;
  r = bpf(BPF_PROG_GET_NEXT_ID, &a, 8);
  expect_call(res(r), "bpf(BPF_PROG_GET_NEXT_ID, {start_id=4294967295, next_id=0}, 8)");
  memset(&a, 0, sizeof a);
  a.prog_id = 999999;
  r = bpf(BPF_PROG_GET_FD_BY_ID, &a, 4);
  expect_call(res(r), "bpf(BPF_PROG_GET_FD_BY_ID, {prog_id=999999, next_id=0}, 4)");
  a.prog_id = 999999;
  r = bpf(BPF_BTF_GET_FD_BY_ID, &a, 12);
  expect_call(res(r), "bpf(BPF_BTF_GET_FD_BY_ID, {btf_id=999999}, 12)");
  memset(&a, 0, sizeof a);
  a.map_id = 999999;
  a.open_flags = BPF_F_WRONLY;
  r = bpf(BPF_MAP_GET_FD_BY_ID, &a, size);
  expect_call(res(r), "bpf(BPF_MAP_GET_FD_BY_ID, {map_id=999999, next_id=0, open_flags=BPF_F_WRONLY}, %u)", size);

  r = bpf(999, &a, size);
  expect_call(res(r), "bpf(0x3e7 /* BPF_??? */, %p, %u)", (void *)&a, size);
  r = bpf(BPF_MAP_CREATE, NULL, 0);
  expect_call(res(r), "bpf(BPF_MAP_CREATE, NULL, 0)");
  r = bpf(BPF_MAP_FREEZE, (union bpf_attr *)8, 4);
  expect_call(res(r), "bpf(BPF_MAP_FREEZE, 0x8, 4)");

  expect_line("+++ exited with 0 +++");
  return 0;
}
