#!/usr/bin/env python3
"""End-to-end tests of process control (issue 6): -E, -u, --argv0, -b execve, -D/-DD/-DDD, -I,
--syscall-limit, --kill-on-exit, --follow, --tree, and their bad values. Each case checks what
the traced program itself saw (its environment, uid, argv[0], TracerPid, parent, exit status),
not only what the tracer printed. Only deterministic facts are asserted.

    control.py --tracer build/src/cxtrace --progs-dir build/tests/progs CASE...
    control.py --tracer /usr/bin/strace --progs-dir DIR --repeat 20    # validate the tests
    control.py --list

Cases for options strace 6.1 has also run the same command under strace (--reference) and
compare the normalised traces and what the program printed: the differential part. Cases for
options strace 6.1 lacks (--argv0, --syscall-limit, --kill-on-exit, --follow, --tree) are
cxtrace-only. Exit status: 0 passed, 1 failed, 77 skipped (for example -u when not root).
"""

import argparse
import os
import pwd
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import e2elib  # noqa: E402
from e2elib import Failure, check, wait_until  # noqa: E402
from scenarios import (Ctx, LineReader, check_running_untraced, start_blocked_reader,  # noqa: E402
                       wait_blocked_again, wait_exit, wait_traced_by)

PY = '/usr/bin/python3'
CASES = {}


class Skip(Exception):
    """The case cannot run here (not root, no strace)."""


def case(cxtrace_only=False):
    def register(fn):
        CASES[fn.__name__] = (fn, cxtrace_only)
        return fn
    return register


def reference_run(ctx, args, **kw):
    """The same tracer arguments under strace 6.1; (rc, stdout bytes, stderr text)."""
    if not ctx.reference:
        raise Skip('no reference strace')
    kw.setdefault('cwd', ctx.tmp)
    rc, out, err = e2elib.run(ctx.procs, ['strace'] + list(args), executable=ctx.reference, **kw)
    return rc, out, err.decode('utf-8', 'replace')


def normalise(trace):
    """Pids become P1, P2... in order of appearance; addresses become 0xX."""
    pids = {}

    def pid(m):
        return pids.setdefault(m.group(1), f'P{len(pids) + 1}')
    out = []
    for line in trace.splitlines():
        line = re.sub(r'0x[0-9a-f]+', '0xX', line)
        m = re.match(r'^(\d+) +(.*)$', line)
        if m:
            line = pid(m) + ' ' + m.group(2)
        line = re.sub(r'(?<=\[pid )\s*(\d+)', pid, line)
        out.append(line)
    return out


def differential(ctx, args, **kw):
    """Runs args (which write the trace to 'trace') under the tracer and under strace; both
    traces and what the program printed must agree. Returns the tracer's (rc, out, err)."""
    got = ctx.run(args, **kw)
    mine = normalise(ctx.read('trace'))
    if ctx.strace or not ctx.reference:
        return got
    ref = reference_run(ctx, args, **kw)
    theirs = normalise(ctx.read('trace'))
    check(got[0] == ref[0], f'exit status {e2elib.describe_status(got[0])}, strace\'s '
          f'{e2elib.describe_status(ref[0])}')
    check(got[1] == ref[1], f'program output {got[1]!r}, under strace {ref[1]!r}')
    check(mine == theirs, 'trace differs from strace\'s:\n  ' + '\n  '.join(
        f'{a!r}\n  {b!r}' for a, b in zip(mine + [''] * len(theirs), theirs + [''] * len(mine))
        if a != b))
    return got


def need_root():
    if os.geteuid() != 0:
        raise Skip('needs root')


def single_line_error(err):
    lines = err.strip('\n').split('\n')
    return len(lines) == 1 and lines[0].startswith(('cxtrace: ', 'strace: '))


# ---------------------------------------------------------------------------------------------
# Startup: -E, -u, --argv0


@case()
def env_set_remove(ctx):
    """-E VAR=VAL sets, -E VAR removes, later -E win, --env is the long form; the program's own
    view of its environment, and the execve line, are strace's."""
    args = ['-o', 'trace', '-e', 'trace=execve', '-e', 'signal=none', '-E', 'FOO=bar', '-E', 'HOME', '--env=LANG=X',
            '-E', 'FOO=baz=1', '-E', 'NOPE', '/bin/sh', '-c',
            'echo "$FOO|${HOME-unset}|$LANG|${NOPE-unset}"; env | sort']
    rc, out, err = differential(ctx, args)
    check(rc == 0, f'tracer {e2elib.describe_status(rc)}\n{err}')
    lines = out.decode().splitlines()
    check(lines[0] == 'baz=1|unset|X|unset', f'program saw {lines[0]!r}')
    want = dict(e2elib.FIXED_ENV, FOO='baz=1', LANG='X')
    del want['HOME']
    seen = dict(item.split('=', 1) for item in lines[1:] if '=' in item)
    seen.pop('PWD', None)  # the shell adds it
    check(seen == want, f'environment: {seen}, expected {want}')


@case()
def user_nobody(ctx):
    """-u nobody: the program runs with nobody's uid, gid and groups (as root only)."""
    need_root()
    nobody = pwd.getpwnam('nobody')
    groups = sorted(os.getgrouplist('nobody', nobody.pw_gid))
    args = ['-o', 'trace', '-e', 'trace=execve', '-e', 'signal=none', '-u', 'nobody', '/bin/sh', '-c',
            'id -u; id -g; id -G; id -ru']
    rc, out, err = differential(ctx, args)
    check(rc == 0, f'tracer {e2elib.describe_status(rc)}\n{err}')
    lines = out.decode().split('\n')
    check(lines[0] == str(nobody.pw_uid) and lines[1] == str(nobody.pw_gid) and
          lines[3] == str(nobody.pw_uid), f'program ran as {lines}')
    check(sorted(int(g) for g in lines[2].split()) == groups, f'groups {lines[2]}, expected '
          f'{groups}')


@case(cxtrace_only=True)
def user_uid_gid(ctx):
    """-u UID:GID (cxtrace's addition): those numbers, and GID as the only group."""
    need_root()
    rc, out, err = ctx.run(['-o', 'trace', '--user=4321:8765', '/bin/sh', '-c',
                            'id -u; id -g; id -G'])
    check(rc == 0, f'tracer {e2elib.describe_status(rc)}\n{err}')
    check(out.decode() == '4321\n8765\n8765\n', f'program ran as {out!r}')


@case(cxtrace_only=True)
def argv0(ctx):
    """--argv0 NAME: the program's argv[0] (and $0 of a shell); PROG is still what runs."""
    rc, out, err = ctx.run(['-o', 'trace', '--argv0', 'hello', 'sh', '-c', 'echo "$0"'])
    check(rc == 0 and out == b'hello\n', f'{e2elib.describe_status(rc)}, program said {out!r}'
          f'\n{err}')
    rc, out, err = ctx.run(['-o', 'trace', '--argv0=multi call', 'cat', '/proc/self/cmdline'])
    check(rc == 0 and out == b'multi call\0/proc/self/cmdline\0', f'cmdline {out!r}')
    check(ctx.read('trace').startswith('execve("/usr/bin/cat", ["multi call", '),
          f'execve line: {ctx.read("trace").splitlines()[0]!r}')


# ---------------------------------------------------------------------------------------------
# -b execve


TRACER_PID_OF_SH = ('while read -r k v; do [ "$k" = TracerPid: ] && echo "sh $v"; done '
                    '< /proc/$$/status')


@case()
def detach_on_execve(ctx):
    """-b execve: the started shell is traced (its own execve does not count); the program it
    execs runs untraced (TracerPid 0 seen by that program); the tracer waits for it and exits
    0, as strace does."""
    script = (f'echo $$; {TRACER_PID_OF_SH}; '
              'exec /bin/sh -c "sleep 1; grep TracerPid /proc/self/status; exit 5"')
    p = ctx.start(['-o', 'trace', '-b', 'execve', '/bin/sh', '-c', script],
                  stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, err = p.communicate(timeout=30)
    lines = out.decode().splitlines()
    pid = int(lines[0])
    check(p.returncode == 0, f'tracer {e2elib.describe_status(p.returncode)}\n{err!r}')
    check(lines[1] == f'sh {p.pid}', f'the started shell saw {lines[1]!r}, not traced by the '
          f'tracer {p.pid}')
    check(lines[2] == 'TracerPid:\t0', f'the exec\'d program saw {lines[2]!r}')
    check(not e2elib.pid_alive(pid), 'the tracer exited before the program it let go')
    trace = ctx.read('trace').splitlines()
    check(trace[-1].endswith(' <detached ...>') and trace[-1].startswith('execve("/bin/sh"'),
          f'last trace line {trace[-1]!r}')


@case()
def detach_on_execve_follow(ctx):
    """-f -b execve: a forked child is let go at its execve (it sees TracerPid 0), the parent is
    traced to its end and its exit status is the tracer's. Same trace as strace's."""
    args = ['-o', 'trace', '-f', '-b', 'execve', '-e', 'trace=execve,exit_group',
            '-e', 'signal=none', '/bin/sh', '-c',
            'grep TracerPid /proc/self/status; /bin/true; exit 4']
    rc, out, err = differential(ctx, args)
    check(rc == 4, f'tracer {e2elib.describe_status(rc)}\n{err}')
    check(out == b'TracerPid:\t0\n', f'the forked grep saw {out!r}')
    trace = normalise(ctx.read('trace'))
    check(trace[-1] == 'P1 +++ exited with 4 +++', f'trace ends {trace[-1]!r}')
    check(sum(ln.endswith('<detached ...>') for ln in trace) == 2, '\n'.join(trace))


# ---------------------------------------------------------------------------------------------
# -D, -DD, -DDD


def daemonize_case(flag, mode):
    def fn(ctx):
        """The program is the test's own child (the tracer is not in between), its exit
        status is what the test sees, and the tracer has its own process group (-DD) or
        session (-DDD)."""
        script = f'echo $PPID; {TRACER_PID_OF_SH}; read x; exit 3'
        p = ctx.start(['-o', 'trace', flag, '/bin/sh', '-c', script], stdin=subprocess.PIPE,
                      stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        reader = LineReader(p.stdout)
        ppid = int(reader.line(what='the ppid line'))
        tracer = int(reader.line(what='the TracerPid line').split()[1])
        check(ppid == os.getpid(), f'the program\'s parent is {ppid}, not the test {os.getpid()}')
        check(tracer not in (0, p.pid), f'traced by {tracer}')
        ctx.procs.adopt(tracer)
        mine = e2elib.proc_stat(p.pid)
        theirs = e2elib.proc_stat(tracer)
        pgrp, sid = int(theirs[2]), int(theirs[3])
        if mode == 1:
            check(pgrp == int(mine[2]) and sid == int(mine[3]),
                  f'-D: tracer in group {pgrp} session {sid}, program {mine[2]} {mine[3]}')
        elif mode == 2:
            check(pgrp == tracer and sid == int(mine[3]), f'-DD: group {pgrp}, session {sid}')
        else:
            check(sid == tracer, f'-DDD: session {sid}')
        p.stdin.write(b'\n')
        p.stdin.close()
        rc = wait_exit(p, what='the program')
        check(rc == 3, f'the program {e2elib.describe_status(rc)}')
        err = p.stderr.read().decode()  # EOF once the tracer has gone too
        check(err == '', f'stderr {err!r}')
        wait_until(lambda: not e2elib.pid_alive(tracer), what='the tracer to end')
        trace = ctx.read('trace').splitlines()
        check(trace[0].startswith('execve("/bin/sh", ["/bin/sh", "-c", '), f'first line '
              f'{trace[0]!r}')
        check(trace[-1] == '+++ exited with 3 +++', f'last line {trace[-1]!r}')
    return fn


for _name, _flag, _mode in (('D', '-D', 1), ('DD', '-DD', 2), ('DDD', '-DDD', 3),
                            ('long_pgroup', '--daemonize=pgroup', 2),
                            ('long_session', '--daemonize=session', 3)):
    CASES['daemonize_' + _name] = (daemonize_case(_flag, _mode), False)


# ---------------------------------------------------------------------------------------------
# -I


def attached_reader(ctx, args):
    p, pid, reader = start_blocked_reader(ctx)
    # Its own process group in the test's session: a group outside it would be orphaned, and
    # the kernel discards ^Z (SIGTSTP) sent to an orphaned group.
    t = ctx.start(args + ['-p', str(pid)], stderr=subprocess.PIPE, stdout=subprocess.DEVNULL,
                  start_new_session=False, preexec_fn=lambda: os.setpgid(0, 0))
    err = LineReader(t.stderr)
    err.until(lambda s: s.endswith(f'Process {pid} attached'), what='the attach message')
    wait_traced_by([pid], t.pid)
    wait_blocked_again(pid)
    return p, pid, reader, t, err


@case()
def interruptible_anywhere(ctx):
    """-I 1: SIGINT kills the tracer at once; it says nothing more, the kernel lets the
    attached process go, and the process runs on."""
    p, pid, reader, t, err = attached_reader(ctx, ['-I', '1', '-o', 'trace'])
    os.kill(t.pid, signal.SIGINT)
    rc = wait_exit(t)
    check(rc == -signal.SIGINT, f'tracer {e2elib.describe_status(rc)}')
    rest = err.rest()
    check('detached' not in rest, f'stderr {rest!r}')
    check_running_untraced([pid])


@case()
def interruptible_waiting(ctx):
    """-I 2 (also --interruptible=waiting): SIGINT makes the tracer detach, say so, and die of
    SIGINT."""
    for args in (['-I', '2'], ['--interruptible=waiting']):
        p, pid, reader, t, err = attached_reader(ctx, args + ['-o', 'trace'])
        os.kill(t.pid, signal.SIGINT)
        rc = wait_exit(t)
        check(rc == -signal.SIGINT, f'{args}: tracer {e2elib.describe_status(rc)}')
        rest = err.rest()
        check(rest.endswith(f'Process {pid} detached\n'), f'{args}: stderr {rest!r}')
        check_running_untraced([pid])


def interruptible_never(ctx, args, tstp_stops):
    p, pid, reader, t, err = attached_reader(ctx, args + ['-o', 'trace'])
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT):
        os.kill(t.pid, sig)
    time.sleep(0.2)
    check(t.poll() is None, f'{args}: the tracer ended: {e2elib.describe_status(t.returncode)}')
    os.kill(t.pid, signal.SIGTSTP)
    if tstp_stops:
        wait_until(lambda: e2elib.proc_state(t.pid) == 'T', what='SIGTSTP to stop the tracer')
        os.kill(t.pid, signal.SIGCONT)
    else:
        time.sleep(0.2)
        check(e2elib.proc_state(t.pid) not in ('T', 't'), f'{args}: SIGTSTP stopped the tracer')
    p.stdin.write(b'hello')
    p.stdin.flush()
    check(reader.rest() == 'read 5: hello\n', 'the program did not read')
    check(wait_exit(p, what='the program') == 0, 'program failed')
    rc = wait_exit(t)
    check(rc == 0, f'{args}: tracer {e2elib.describe_status(rc)}')
    check(err.rest().endswith('+++ exited with 0 +++\n') or 'exited with 0' in ctx.read('trace'),
          'no exit line')


@case()
def interruptible_never_3(ctx):
    """-I 3: the fatal signals are ignored; ^Z (SIGTSTP) still stops the tracer."""
    interruptible_never(ctx, ['-I', '3'], tstp_stops=True)
    interruptible_never(ctx, ['--interruptible=never'], tstp_stops=True)


@case()
def interruptible_never_tstp_4(ctx):
    """-I 4: the fatal signals and SIGTSTP are ignored."""
    interruptible_never(ctx, ['-I', '4'], tstp_stops=False)
    interruptible_never(ctx, ['--interruptible=never_tstp'], tstp_stops=False)


@case()
def interruptible_default_output_file(ctx):
    """Without -I, a program traced into a file (-o FILE PROG) is -I 3: SIGINT to the tracer
    alone does nothing, the program runs to its end and its status is the tracer's."""
    t = ctx.start(['-o', 'trace', '/bin/sh', '-c', 'read x; exit 6'], stdin=subprocess.PIPE,
                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wait_until(lambda: os.path.exists(ctx.path('trace')) and 'read' in ctx.read('trace'),
               what='the shell to read')
    os.kill(t.pid, signal.SIGINT)
    time.sleep(0.2)
    check(t.poll() is None, f'tracer ended: {e2elib.describe_status(t.returncode)}')
    t.stdin.write(b'\n')
    t.stdin.close()
    check(wait_exit(t) == 6, 'the program\'s status is not the tracer\'s')


# ---------------------------------------------------------------------------------------------
# --syscall-limit, --kill-on-exit (newer than strace 6.1)


LIMIT_PROG = [PY, '-c', '''
import os
print(os.getpid(), flush=True)
for i in range(5):
    os.getppid()
status = open("/proc/self/status").read()
print([l for l in status.splitlines() if l.startswith("TracerPid")][0].split()[1], flush=True)
raise SystemExit(7)
''']


@case(cxtrace_only=True)
def syscall_limit(ctx):
    """--syscall-limit=3: exactly 3 calls shown, then every process is let go: the program
    runs on untraced (TracerPid 0) and ends normally with its own status; the tracer exits 0."""
    for args, quiet in ((['-o', 'trace'], True), ([], False)):
        p = ctx.start(args + ['--syscall-limit=3', '-e', 'trace=getppid'] + LIMIT_PROG,
                      stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        reader = LineReader(p.stdout)
        pid = int(reader.line(what='the pid line'))
        ctx.procs.adopt(pid)
        rc = wait_exit(p)
        check(rc == 0, f'tracer {e2elib.describe_status(rc)}')
        check(reader.rest() == '0\n', 'the program was still traced after the limit')
        _, status = os.waitpid(pid, 0)  # the test is the subreaper: the program is its orphan
        check(os.WIFEXITED(status) and os.WEXITSTATUS(status) == 7, f'program status {status:#x}')
        err = p.stderr.read().decode()
        text = ctx.read('trace') if quiet else err
        calls = [ln for ln in text.splitlines() if ln.startswith('getppid()')]
        check(len(calls) == 3, f'{len(calls)} calls shown:\n{text}')
        if quiet:
            check(err == '', f'stderr {err!r}')
        else:
            check(f'Process {pid} detached' in err and 'syscall limit reached' in err, err)


@case(cxtrace_only=True)
def kill_on_exit(ctx):
    """--kill-on-exit: SIGTERM to the tracer kills the followed child too (a sleep the shell
    started); without it the child is let go and sleeps on, untraced. With -p: an error."""
    for kill in (True, False):
        args = ['-o', 'trace', '-f', '-I', '2'] + (['--kill-on-exit'] if kill else [])
        t = ctx.start(args + ['/bin/sh', '-c', 'sleep 30 & echo $!; wait'],
                      stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        child = int(LineReader(t.stdout).line(what='the sleep pid'))
        ctx.procs.adopt(child)
        wait_traced_by([child], t.pid)
        wait_until(lambda: e2elib.current_syscall(child) == 230, what='sleep to sleep')
        os.kill(t.pid, signal.SIGTERM)
        rc = wait_exit(t)
        check(rc == -signal.SIGTERM, f'tracer {e2elib.describe_status(rc)}')
        if kill:
            wait_until(lambda: not e2elib.pid_alive(child), what='the child to be killed')
        else:
            check_running_untraced([child])
    rc, out, err = ctx.run(['--kill-on-exit', '-p', str(os.getpid())])
    check(rc == 1 and single_line_error(err), f'--kill-on-exit -p: {rc} {err!r}')


# ---------------------------------------------------------------------------------------------
# --follow and --tree (cxtrace's own)


FOLLOW_PROG = [PY, '-c', '''
import os, threading
def me():
    return [l for l in open("/proc/thread-self/status") if l.startswith("TracerPid")][0].split()[1]
def thread():
    os.getppid()
    print("thread", threading.get_native_id(), me(), flush=True)
t = threading.Thread(target=thread)
t.start()
t.join()
pid = os.fork()
if pid == 0:
    os.getppid()
    print("child", os.getpid(), me(), flush=True)
    os._exit(0)
os.waitpid(pid, 0)
os.getppid()
print("main", os.getpid(), me(), flush=True)
''']


def follow_case(what, traced):
    def fn(ctx):
        rc, out, err = ctx.run([f'--follow={what}', '-o', 'trace', '-e', 'trace=getppid',
                                '-e', 'signal=none'] + FOLLOW_PROG)
        check(rc == 0, f'tracer {e2elib.describe_status(rc)}\n{err}')
        seen = {}
        for ln in out.decode().splitlines():
            role, tid, tracer = ln.split()
            seen[role] = (int(tid), tracer != '0')
        check(set(seen) == {'thread', 'child', 'main'}, f'program said {out!r}')
        lines = [ln.split(None, 1) for ln in ctx.read('trace').splitlines()]
        for role, (tid, is_traced) in seen.items():
            want = role == 'main' or role in traced
            check(is_traced == want, f'--follow={what}: the {role} saw TracerPid '
                  f'{"non-zero" if is_traced else "0"}')
            # A call another task's line cut in two starts "getppid( <unfinished ...>".
            calls = [b for p, b in lines if int(p) == tid and b.startswith('getppid(')]
            check(len(calls) == (1 if want else 0),
                  f'--follow={what}: {len(calls)} getppid lines of the {role}')
    return fn


for _what, _traced in (('threads', {'thread'}), ('forks', {'child'}),
                       ('all', {'thread', 'child'}), ('threads,forks', {'thread', 'child'})):
    CASES['follow_' + _what.replace(',', '_')] = (follow_case(_what, _traced), True)


@case(cxtrace_only=True)
def tree(ctx):
    """-p PID --tree: attaches to PID, its child and its grandchild (which all existed before),
    and follows them to their ends: the grandchild's read and exit status are in the trace."""
    # A shell's background job reads /dev/null; fd 3 carries the pipe to the grandchild.
    script = 'exec 3<&0; /bin/sh -c "$0 <&3 3<&-; exit 3" & wait'
    top = ctx.start_plain(['/bin/sh', '-c', script, ctx.prog('helper_blockread')],
                          stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    reader = LineReader(top.stdout)
    leaf = int(reader.line(what='the grandchild\'s pid'))
    middle = int(e2elib.proc_stat(leaf)[1])
    check(int(e2elib.proc_stat(middle)[1]) == top.pid, 'not a grandchild')
    wait_until(lambda: e2elib.current_syscall(leaf) == 0, what='the grandchild to read')
    t = ctx.start(['-o', 'trace', '-p', str(top.pid), '--tree'], stderr=subprocess.PIPE)
    wait_traced_by([top.pid, middle, leaf], t.pid)
    wait_blocked_again(leaf)
    top.stdin.write(b'hello')
    top.stdin.close()
    check(reader.rest() == 'read 5: hello\n', 'the grandchild did not read')
    check(wait_exit(top, what='the program') == 0, 'the top shell failed')
    rc = wait_exit(t)
    err = t.stderr.read().decode()
    check(rc == 0, f'tracer {e2elib.describe_status(rc)}\n{err}')
    for pid in (top.pid, middle, leaf):
        check(f'Process {pid} attached' in err, f'no attach message for {pid}: {err!r}')
    trace = [ln.split(None, 1) for ln in ctx.read('trace').splitlines()]
    mine = [b for p, b in trace if int(p) == leaf]
    # Another process's line may cut the read in two (read(0, <unfinished ...>, then
    # <... read resumed>"hello", 255) = 5).
    check(any(re.search(r'"hello", 255\) += 5$', b) for b in mine), f'grandchild lines: {mine}')
    check(mine[-1] == '+++ exited with 0 +++', f'grandchild ends {mine[-1]!r}')
    check([b for p, b in trace if int(p) == middle][-1] == '+++ exited with 3 +++',
          'the middle shell\'s exit line')


# ---------------------------------------------------------------------------------------------
# --busy-wait (cxtrace's own)


BUSY_PROG = [PY, '-c', '''
import os, time
for i in range(3):
    os.getppid()
time.sleep(1)
raise SystemExit(5)
''']


@case(cxtrace_only=True)
def busy_wait(ctx):
    """--busy-wait=USECS: the trace and the program are the same whatever the value (0, the
    default, 1000); the tracer polls wait4 with WNOHANG before it sleeps (seen by strace
    tracing the tracer) unless the value is 0; and it polls for a bounded time: through a
    program's 1 s sleep the tracer uses far less than 1 s of CPU."""
    traces = {}
    for value in ('0', None, '1000'):
        opt = [] if value is None else [f'--busy-wait={value}']
        p = ctx.start(opt + ['-o', f'trace{value}', '-e', 'trace=getppid'] + BUSY_PROG)
        _, status, usage = os.wait4(p.pid, 0)
        p.returncode = os.waitstatus_to_exitcode(status)
        check(p.returncode == 5, f'{opt}: tracer {e2elib.describe_status(p.returncode)}')
        traces[value] = ctx.read(f'trace{value}')
        cpu = usage.ru_utime + usage.ru_stime  # the tracer, and the program it reaped
        if value != '1000':
            check(cpu < 0.5, f'{opt}: {cpu:.3f} s of CPU through a 1 s sleep')
    lines = traces['0'].splitlines()
    check(len(lines) == 4 and all(re.fullmatch(r'getppid\(\) += \d+', ln) for ln in lines[:3])
          and lines[3] == '+++ exited with 5 +++', f'trace with --busy-wait=0:\n{traces["0"]}')
    # getppid returns the pid of that run's tracer.
    same = {re.sub(r'= \d+$', '= PID', t, flags=re.M) for t in traces.values()}
    check(len(same) == 1,
          f'the traces differ:\n{traces["0"]}\n{traces[None]}\n{traces["1000"]}')
    strace = shutil.which('strace')
    if not strace:
        return
    # LeakSanitizer cannot run in a process that is itself traced (a sanitizer build).
    env = dict(e2elib.FIXED_ENV, ASAN_OPTIONS='detect_leaks=0')
    for value, polls in (('0', False), (None, True)):
        opt = [] if value is None else [f'--busy-wait={value}']
        rc, out, err = e2elib.run(ctx.procs, [strace, '-o', 'waits', '-e', 'trace=wait4',
                                              ctx.tracer] + opt + ['-o', '/dev/null'] +
                                  BUSY_PROG, cwd=ctx.tmp, timeout=30, env=env)
        check(rc == 5, f'{opt} under strace: {e2elib.describe_status(rc)} {err!r}')
        waits = ctx.read('waits')
        check(('WNOHANG' in waits) == polls, f'{opt}: wait4 calls\n{waits[:2000]}')
        check(re.search(r'^wait4\((?:(?!WNOHANG).)*$', waits, re.M),
              f'{opt}: no wait4 that sleeps\n{waits[:2000]}')


# ---------------------------------------------------------------------------------------------
# Bad values: one line, exit status 1, nothing runs


@case()
def bad_values(ctx):
    bad = [
        ['-u', 'no-such-user-cxtrace'],
        ['-I', '5'],
        ['-I', 'sometimes'],
        ['-b', 'fork'],
        ['-DDDD'],
        ['--daemonize=far'],
    ]
    if not ctx.strace:
        bad += [
            ['-E', '=x'],
            ['-u', '12:ab'],
            ['--follow=processes'],
            ['-f', '--follow=threads'],
            ['--syscall-limit=0'],
            ['--syscall-limit=many'],
            ['--busy-wait=-1'],
            ['--busy-wait=soon'],
            ['--busy-wait=2000000'],
            ['--tree'],
            ['--argv0=x', '-p', '1'],
            ['-D', '-p', '1'],
        ]
    for args in bad:
        rc, out, err = ctx.run(args + ['/bin/touch', 'ran'])
        check(rc == 1, f'{args}: {e2elib.describe_status(rc)}; stderr {err!r}')
        if not ctx.strace:
            check(single_line_error(err), f'{args}: not one error line: {err!r}')
        check(not os.path.exists(ctx.path('ran')), f'{args}: the program ran')


# ---------------------------------------------------------------------------------------------


def run_case(name, tracer, progs_dir, reference):
    fn, cxtrace_only = CASES[name]
    if cxtrace_only and e2elib.is_strace(tracer):
        return 'skip', 'not in strace 6.1'
    tmp = tempfile.mkdtemp(prefix=f'cxtrace-{name}-')
    os.chmod(tmp, 0o755)  # -u nobody runs in it
    try:
        with e2elib.Processes() as procs:
            ctx = Ctx(tracer, progs_dir, procs, tmp)
            ctx.reference = reference
            fn(ctx)
        return 'pass', ''
    except Skip as e:
        return 'skip', str(e)
    except Failure as e:
        return 'fail', str(e)
    except Exception:
        return 'fail', traceback.format_exc()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser(description='cxtrace process-control tests')
    ap.add_argument('--tracer', default='/usr/bin/strace')
    ap.add_argument('--reference', default=shutil.which('strace') or '',
                    help='strace for the differential part (empty: none)')
    ap.add_argument('--progs-dir', help='where the built tests/progs programs are')
    ap.add_argument('--list', action='store_true')
    ap.add_argument('--repeat', type=int, default=1)
    ap.add_argument('cases', nargs='*')
    opts = ap.parse_args()
    if opts.list:
        print('\n'.join(CASES))
        return 0
    if not opts.progs_dir:
        ap.error('--progs-dir is required')
    names = opts.cases or list(CASES)
    unknown = [n for n in names if n not in CASES]
    if unknown:
        ap.error(f'unknown case(s): {unknown}')
    e2elib.set_child_subreaper()
    counts = {'pass': 0, 'fail': 0, 'skip': 0}
    for name in names:
        for i in range(opts.repeat):
            t0 = time.monotonic()
            verdict, detail = run_case(name, opts.tracer, opts.progs_dir, opts.reference)
            counts[verdict] += 1
            if verdict != 'pass' or opts.repeat == 1:
                rep = f' #{i + 1}' if opts.repeat > 1 else ''
                print(f'{verdict.upper():4} {name}{rep} ({time.monotonic() - t0:.2f}s)'
                      f'{": " + detail if detail else ""}', flush=True)
            if verdict == 'skip':
                break
    print(f'{counts["pass"]} passed, {counts["fail"]} failed, {counts["skip"]} skipped')
    if counts['fail']:
        return 1
    if counts['pass'] == 0 and counts['skip']:
        return e2elib.SKIP
    return 0


if __name__ == '__main__':
    sys.exit(main())
