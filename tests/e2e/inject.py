#!/usr/bin/env python3
"""End-to-end tests of tampering (-e inject=, -e fault=, --inject-filter) on real programs. Each
case checks what the traced program itself saw: its exit status, its error message, what it
found in the files it wrote. Bad specifications must be one line on stderr, exit status 1, and
the program never started.

Usage: inject.py --tracer build/src/cxtrace CASE...      (--list: the cases)
Every case not named cxtrace_* passes with --tracer /usr/bin/strace as well.
"""

import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import e2elib  # noqa: E402
from e2elib import FIXED_ENV  # noqa: E402

PY = '/usr/bin/python3'
CASES = {}


def case(fn):
    CASES[fn.__name__] = fn
    return fn


def run(tracer, opts, prog, timeout=60):
    """Runs PROG under the tracer in a fresh directory; returns (rc, stdout, stderr, trace)."""
    with tempfile.TemporaryDirectory() as d:
        out = os.path.join(d, 'trace')
        proc = subprocess.run([tracer, '-o', out] + opts + prog, cwd=d, env=FIXED_ENV,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout)
        trace = open(out).read() if os.path.exists(out) else ''
        return proc.returncode, proc.stdout.decode(), proc.stderr.decode(), trace


def fail(msg, *parts):
    raise SystemExit(msg + ''.join('\n--- ' + p for p in parts if p))


# Bad specifications: one line, exit 1, and the program (which would create a file) never runs.
BAD = {
    'bad_errno': ['-e', 'inject=chdir:error=ENOPE'],
    'bad_errno_range': ['-e', 'inject=chdir:error=4096'],
    'bad_when_zero': ['-e', 'inject=chdir:error=EPERM:when=0'],
    'bad_when_range': ['-e', 'inject=chdir:error=EPERM:when=5..3'],
    'bad_when_text': ['-e', 'inject=chdir:error=EPERM:when=2..'],
    'bad_key': ['-e', 'inject=chdir:frobnicate=1'],
    'bad_error_and_retval': ['-e', 'inject=chdir:error=EPERM:retval=1'],
    'bad_two_signals': ['-e', 'inject=chdir:signal=SIGUSR1:signal=SIGUSR2'],
    'bad_nothing': ['-e', 'inject=chdir'],
    'bad_syscall_alone': ['-e', 'inject=chdir:syscall=getpid'],
    'bad_syscall_impure': ['-e', 'inject=chdir:error=EPERM:syscall=write'],
    'bad_fault_retval': ['-e', 'fault=chdir:retval=1'],
    'bad_fault_delay': ['-e', 'fault=chdir:delay_enter=10'],
    'bad_delay': ['-e', 'inject=chdir:delay_enter=5parsecs'],
    'bad_signal': ['-e', 'inject=chdir:signal=SIGNOPE'],
    'bad_set': ['-e', 'inject=nosuchcall:error=EPERM'],
    'cxtrace_bad_filter_ret': ['--inject-filter', 'openat:ret=3', 'error=EPERM'],
    'cxtrace_bad_filter_errno': ['--inject-filter', 'openat:errno=ENOENT', 'error=EPERM'],
    'cxtrace_bad_filter_out_arg': ['--inject-filter', 'read:buf~secret', 'error=EIO'],
    'cxtrace_bad_filter_action': ['--inject-filter', 'openat:pathname~x', 'error=EPERM:when=x'],
}


def bad_case(opts):
    def check(tracer):
        with tempfile.TemporaryDirectory() as d:
            proc = subprocess.run([tracer] + opts + ['/bin/sh', '-c', 'touch started'], cwd=d,
                                  env=FIXED_ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  timeout=30)
            err = proc.stderr.decode()
            if proc.returncode != 1:
                fail(f'exit status {proc.returncode}, expected 1', err)
            lines = err.splitlines()
            if len(lines) != 1 and not (len(lines) == 2 and lines[1].startswith('Try ')):
                fail('expected one line on stderr', err)
            if os.path.exists(os.path.join(d, 'started')):
                fail('the program ran')
    return check


for _name, _opts in BAD.items():
    CASES[_name] = bad_case(_opts)


@case
def enospc_first_write(tracer):
    # "What does my program do when write fails with ENOSPC?" The first write (cat's output)
    # fails; the second (its error message) goes through.
    rc, out, err, trace = run(tracer, ['-e', 'trace=write', '-e', 'inject=write:error=ENOSPC:when=1'],
                              ['/bin/cat', '/etc/hostname'])
    if rc != 1 or 'No space left on device' not in err or out != '':
        fail(f'cat ended with {rc}, stdout {out!r}', err)
    if '= -1 ENOSPC (No space left on device) (INJECTED)' not in trace.splitlines()[0]:
        fail('the first write is not marked', trace)


@case
def exec_not_own_start(tracer):
    # The execve that starts the program is the tracer's own; the program's later ones count.
    prog = [PY, '-c', '''
import os, sys
try:
    os.execv("/bin/true", ["true"])
except OSError as e:
    sys.exit(0 if e.errno == 2 else 3)
''']
    rc, out, err, trace = run(tracer, ['-e', 'trace=execve', '-e', 'inject=execve:error=ENOENT'],
                              prog)
    if rc != 0:
        fail(f'exit {rc}', err, trace)
    if trace.count('(INJECTED)') != 1 or '(INJECTED)' in trace.splitlines()[0]:
        fail('expected the second execve, only, to be injected', trace)


@case
def fault_default_enosys(tracer):
    prog = [PY, '-c', '''
import errno, os, sys
try:
    os.chdir("/")
except OSError as e:
    sys.exit(0 if e.errno == errno.ENOSYS else 2)
sys.exit(1)
''']
    rc, out, err, trace = run(tracer, ['-e', 'trace=chdir', '-e', 'fault=chdir'], prog)
    if rc != 0:
        fail(f'the program saw no ENOSYS (exit {rc})', err, trace)
    if 'chdir("/")                              = -1 ENOSYS (Function not implemented) (INJECTED)' \
            not in trace:
        fail('no marked chdir line', trace)


@case
def when_counts_per_process(tracer):
    # when=2 counts each process's own calls: the child starts from zero after fork.
    prog = [PY, '-c', '''
import os, sys
def calls(n):
    seen = []
    for _ in range(n):
        try:
            os.chdir("/")
            seen.append("ok")
        except PermissionError:
            seen.append("EACCES")
    return seen
before = calls(1)
pid = os.fork()
if pid == 0:
    os._exit(0 if calls(3) == ["ok", "EACCES", "ok"] else 3)
after = calls(2)
_, status = os.waitpid(pid, 0)
print(before, after, os.waitstatus_to_exitcode(status))
sys.exit(0 if (before, after, status) == (["ok"], ["EACCES", "ok"], 0) else 1)
''']
    rc, out, err, trace = run(tracer, ['-f', '-e', 'trace=chdir', '-e',
                                       'inject=chdir:error=EACCES:when=2'], prog)
    if rc != 0:
        fail(f'exit {rc}: {out.strip()}', err, trace)
    if trace.count('(INJECTED)') != 2:
        fail('expected two injected calls', trace)


@case
def signal_kills(tracer):
    # signal= with a signal the program does not handle: it dies of it, and so does the tracer.
    rc, out, err, trace = run(tracer, ['-e', 'trace=chdir', '-e', 'inject=chdir:signal=SIGTERM'],
                              [PY, '-c', 'import os; os.chdir("/"); print("survived")'])
    if rc != -15 or 'survived' in out:
        fail(f'exit {rc}, stdout {out!r}', err, trace)
    if '--- SIGTERM {si_signo=SIGTERM, si_code=SI_KERNEL} ---' not in trace:
        fail('no signal line', trace)


@case
def delay_does_not_hold_others(tracer):
    # One process is held for 1.5 s at a call; the other keeps running meanwhile: its calls are
    # served while the first still waits (it has not written to the pipe yet).
    prog = [PY, '-c', '''
import os, select, sys, time
r, w = os.pipe()
pid = os.fork()
if pid == 0:
    os.sched_yield()
    os.write(w, b"x")
    os._exit(0)
time.sleep(0.2)
for _ in range(3):
    os.getppid()
held = not select.select([r], [], [], 0)[0]
t0 = time.monotonic()
os.read(r, 1)
os.waitpid(pid, 0)
sys.exit(0 if held else 1)
''']
    rc, out, err, trace = run(tracer, ['-f', '-e', 'trace=sched_yield,getppid', '-e',
                                       'inject=sched_yield:delay_enter=1.5s'], prog)
    if rc != 0:
        fail(f'the other process waited for the delayed one (exit {rc})', err, trace)
    if not any('sched_yield' in ln and ln.endswith('= 0 (DELAYED)') for ln in trace.splitlines()):
        fail('no delayed line', trace)


@case
def cxtrace_filter_path(tracer):
    # Only the path the pattern names fails; cat goes on with the next file.
    rc, out, err, trace = run(tracer, ['-e', 'trace=openat', '--inject-filter',
                                       'openat:pathname~^"/etc/hostname"$', 'error=EACCES'],
                              ['/bin/cat', '/etc/hostname', '/etc/os-release'])
    if rc != 1 or 'cat: /etc/hostname: Permission denied' not in err:
        fail(f'cat ended with {rc}', err, trace)
    if open('/etc/os-release').read() != out:
        fail('cat did not print the second file', out)
    if trace.count('(INJECTED)') != 1:
        fail('expected exactly one injected call', trace)


@case
def cxtrace_seccomp(tracer):
    # With the seccomp-bpf filter the entry is a seccomp stop, where the kernel drops a signal
    # given on resume: it must still arrive (cxtrace sends it with the exit instead).
    prog = [PY, '-c', '''
import os, signal, sys
got = []
signal.signal(signal.SIGUSR1, lambda *a: got.append(1))
try:
    os.chdir("/")
    sys.exit(2)
except PermissionError:
    pass
os.getppid()
sys.exit(0 if got == [1] else 3)
''']
    rc, out, err, trace = run(tracer, ['-d', '-f', '--seccomp-bpf', '-e', 'trace=chdir,getppid',
                                       '-e', 'inject=chdir:error=EACCES',
                                       '-e', 'inject=getppid:signal=SIGUSR1'], prog)
    if 'seccomp-bpf filter: on' not in err:
        fail('the seccomp-bpf filter was not used', err)
    if rc != 0 or '--- SIGUSR1 {si_signo=SIGUSR1, si_code=SI_KERNEL} ---' not in trace:
        fail(f'exit {rc}', trace)


def main():
    return e2elib.run_cases(__doc__, CASES)


if __name__ == '__main__':
    sys.exit(main())
