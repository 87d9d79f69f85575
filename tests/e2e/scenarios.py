#!/usr/bin/env python3
"""End-to-end scenarios for the core tracer: exit statuses, signals, stops, -f, attach and
detach, the tracer killed, bad input. Each case runs the tracer on real or tiny programs and
asserts the deterministic facts only (never timing, never the interleaving of processes).

    scenarios.py --tracer build/src/cxtrace --progs-dir build/tests/progs CASE...
    scenarios.py --tracer /usr/bin/strace --progs-dir DIR --repeat 20      # validate the tests
    scenarios.py --list

Every case is written against strace's behaviour, so a run with --tracer /usr/bin/strace
validates the tests themselves. A few assertions cover what the cxtrace issue asks beyond
strace; they run only when the tracer is not strace (marked `cxtrace_only`).

Exit status: 0 all passed, 1 something failed, 77 every selected case was skipped.
"""

import argparse
import ctypes
import os
import re
import resource
import select
import shlex
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

CASES = {}


def case(name=None, cxtrace_only=False):
    """Register a scenario. cxtrace_only: skipped when the tracer is strace. Every wait inside a
    case has its own deadline, so a hung tracer fails the case instead of hanging it."""
    def register(fn):
        CASES[name or fn.__name__] = (fn, cxtrace_only)
        return fn
    return register


# ---------------------------------------------------------------------------------------------
# Context and helpers


class Ctx:
    def __init__(self, tracer, progs_dir, procs, tmp):
        self.tracer = os.path.abspath(tracer) if os.sep in tracer else tracer
        self.name = e2elib.tracer_name(tracer)
        self.strace = e2elib.is_strace(tracer)
        self.progs_dir = os.path.abspath(progs_dir)
        self.procs = procs
        self.tmp = tmp
        self.uid = os.getuid()

    def prog(self, name):
        path = os.path.join(self.progs_dir, name)
        if not os.access(path, os.X_OK):
            raise Failure(f'test program {path} is missing (built by tests/progs?)')
        return path

    def path(self, name):
        return os.path.join(self.tmp, name)

    def run(self, args, input=None, timeout=20, **kw):
        """Run the tracer with args; (rc, stdout bytes, stderr text)."""
        kw.setdefault('cwd', self.tmp)
        rc, out, err = e2elib.run(self.procs, [self.name] + list(args), input=input,
                                  timeout=timeout, executable=self.tracer, **kw)
        return rc, out, err.decode('utf-8', 'replace')

    def start(self, args, **kw):
        # argv[0] is the bare name, as when found through PATH: strace prefixes its messages
        # with argv[0].
        kw.setdefault('cwd', self.tmp)
        return self.procs.start([self.name] + list(args), executable=self.tracer, **kw)

    def start_plain(self, argv, **kw):
        """Start a program that is not traced (yet)."""
        kw.setdefault('cwd', self.tmp)
        return self.procs.start(argv, **kw)

    def read(self, name):
        with open(self.path(name), encoding='utf-8', errors='replace') as f:
            return f.read()

    def msg(self, text):
        """A message line of the tracer's own, as strace words it: "NAME: text"."""
        return f'{self.name}: {text}'


class LineReader:
    """Reads lines from a pipe with a deadline (a stuck test fails instead of hanging)."""

    def __init__(self, pipe):
        self.fd = pipe.fileno()
        self.buf = b''
        self.eof = False

    def _fill(self, timeout):
        if self.eof:
            return False
        r, _, _ = select.select([self.fd], [], [], timeout)
        if not r:
            return False
        chunk = os.read(self.fd, 65536)
        if not chunk:
            self.eof = True
            return False
        self.buf += chunk
        return True

    def line(self, timeout=10.0, what='a line'):
        deadline = time.monotonic() + timeout
        while b'\n' not in self.buf:
            left = deadline - time.monotonic()
            if left <= 0 or (not self._fill(left) and (self.eof or time.monotonic() >= deadline)):
                raise Failure(f'no {what} within {timeout}s (got {self.buf[-300:]!r})')
        line, self.buf = self.buf.split(b'\n', 1)
        return line.decode('utf-8', 'replace')

    def until(self, pred, timeout=10.0, what='a matching line'):
        """Read lines until pred(line); return that line."""
        deadline = time.monotonic() + timeout
        seen = []
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise Failure(f'no {what} within {timeout}s; saw {seen[-10:]}')
            try:
                ln = self.line(left, what)
            except Failure:
                raise Failure(f'no {what} within {timeout}s; saw {seen[-10:]}')
            seen.append(ln)
            if pred(ln):
                return ln

    def drain(self, wait=0.0):
        """Everything available now (after waiting up to `wait` seconds for more)."""
        deadline = time.monotonic() + wait
        while self._fill(max(0.0, deadline - time.monotonic())):
            pass
        data, self.buf = self.buf, b''
        return data.decode('utf-8', 'replace')

    def rest(self, timeout=10.0):
        """Everything up to EOF."""
        deadline = time.monotonic() + timeout
        while not self.eof:
            left = deadline - time.monotonic()
            if left <= 0:
                raise Failure(f'pipe not closed within {timeout}s')
            self._fill(left)
        data, self.buf = self.buf, b''
        return data.decode('utf-8', 'replace')


def wait_exit(p, timeout=10.0, what='the tracer'):
    try:
        return p.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        raise Failure(f'{what} (pid {p.pid}) still running after {timeout}s, '
                      f'state {e2elib.proc_state(p.pid)}')


def last_line(text):
    lines = text.rstrip('\n').split('\n')
    return lines[-1] if lines else ''


def show(text, limit=3000):
    return text if len(text) <= limit else '...' + text[-limit:]


# Trace line grammar (what the core tracer prints, raw or decoded): a call with its result, an
# unfinished call, a resumed one, a signal, an exit.
BODY = re.compile(
    r'^(?:'
    r'(?P<call>[a-z_][a-z0-9_]*)\(.*\) += .+'
    r'|(?P<unfinished>[a-z_][a-z0-9_]*)\(.* <unfinished \.\.\.>'
    r'|(?P<detached>[a-z_][a-z0-9_]*)\(.* <detached \.\.\.>'
    r'|<\.\.\. (?P<resumed>[a-z_][a-z0-9_]*) resumed>.* += .+'
    r'|--- .+ ---'
    r'|\+\+\+ (?:exited with \d+|killed by SIG[A-Z0-9]+(?: \(core dumped\))?'
    r'|superseded by execve in pid \d+) \+\+\+'
    r')$')

FILE_PREFIX = re.compile(r'^(\d+)( +)(.*)$')
TTY_PREFIX = re.compile(r'^\[pid( *)(\d+)\] (.*)$')


def parse_file_trace(text):
    """Lines of `-o FILE -f`: each starts with the pid left-aligned in 5 and a space.
    Returns [(pid, body)]; raises Failure on any line that breaks the layout or grammar."""
    out = []
    for n, line in enumerate(text.splitlines(), 1):
        m = FILE_PREFIX.match(line)
        check(m, f'line {n} does not start with a pid: {line!r}')
        pid, spaces, body = m.group(1), m.group(2), m.group(3)
        check(len(pid) + len(spaces) == max(5, len(pid)) + 1,
              f'line {n}: pid not left-aligned in 5 then a space: {line!r}')
        check(BODY.match(body), f'line {n} is not a trace line: {line!r}')
        out.append((int(pid), body))
    return out


def check_pairs(entries, allow_unfinished=False):
    """Every `<unfinished ...>` of a pid is followed later by `<... NAME resumed>` of the same
    pid and name, with no other call of that pid in between (an exit line may end it).
    allow_unfinished: a trace the tracer detached from may leave calls unfinished."""
    pending = {}
    for i, (pid, body) in enumerate(entries):
        m = BODY.match(body)
        if m.group('unfinished'):
            check(pid not in pending, f'entry {i}: pid {pid} starts {body!r} while '
                  f'{pending.get(pid)!r} is unfinished')
            pending[pid] = m.group('unfinished')
        elif m.group('resumed'):
            check(pending.get(pid) == m.group('resumed'),
                  f'entry {i}: pid {pid} resumes {m.group("resumed")} but its unfinished call '
                  f'is {pending.get(pid)!r}')
            del pending[pid]
        elif m.group('call') or m.group('detached'):
            check(pid not in pending, f'entry {i}: pid {pid} prints {body!r} while '
                  f'{pending.get(pid)!r} is unfinished')
        elif body.startswith('+++ superseded by execve in pid '):
            # The thread that called execve goes on under this pid: so does its call.
            pending.pop(pid, None)
            execer = int(body.split()[-2])
            if execer in pending:
                pending[pid] = pending.pop(execer)
        elif body.startswith('+++'):
            pending.pop(pid, None)
    check(allow_unfinished or not pending, f'unfinished calls never resumed: {pending}')


def exits_by_pid(entries):
    ex = {}
    for pid, body in entries:
        if body.startswith('+++ exited with') or body.startswith('+++ killed by'):
            ex.setdefault(pid, []).append(body)
    return ex


def check_every_pid_exits_once(entries, expect=None):
    """Each pid that appears has exactly one exit line, and no line after it."""
    ex = exits_by_pid(entries)
    pids = []
    for pid, _ in entries:
        if pid not in pids:
            pids.append(pid)
    for pid in pids:
        check(len(ex.get(pid, [])) == 1,
              f'pid {pid} has {len(ex.get(pid, []))} exit lines: {ex.get(pid)}')
    done = set()
    for pid, body in entries:
        check(pid not in done, f'pid {pid} printed {body!r} after its exit line')
        if body.startswith('+++ exited') or body.startswith('+++ killed'):
            done.add(pid)
    if expect is not None:
        check(len(pids) == expect, f'expected {expect} processes in the trace, saw {len(pids)}: '
              f'{pids}')
    return pids, ex


def unused_pid():
    """A pid no process can have: pids stay below /proc/sys/kernel/pid_max (so no race with a
    process started meanwhile)."""
    with open('/proc/sys/kernel/pid_max') as f:
        return int(f.read())


def sh_quote(s):
    return shlex.quote(s)


def start_with_pid(ctx, argv, tasks=None, traced=False, **kw):
    """Starts a program that prints its pid first (untraced, or with traced the tracer with
    `argv` as its arguments), stdin and stdout piped; with `tasks`, waits until the process has
    that many threads. Returns (popen, a LineReader of its stdout, the pid)."""
    kw.setdefault('stdin', subprocess.PIPE)
    kw.setdefault('stdout', subprocess.PIPE)
    p = (ctx.start if traced else ctx.start_plain)(argv, **kw)
    reader = LineReader(p.stdout)
    pid = int(reader.line(what='the pid line'))
    if tasks:
        wait_until(lambda: len(e2elib.task_ids(pid)) == tasks, what=f'{tasks} threads')
    return p, reader, pid


def start_blocked_reader(ctx, *args):
    """helper_blockread running untraced, sleeping in read(0); returns (popen, pid, reader)."""
    p = ctx.start_plain([ctx.prog('helper_blockread')] + list(args), stdin=subprocess.PIPE,
                        stdout=subprocess.PIPE)
    reader = LineReader(p.stdout)
    pid = int(reader.line(what='the pid line'))
    wait_until(lambda: e2elib.proc_state(pid) == 'S' and e2elib.current_syscall(pid) == 0,
               what=f'pid {pid} to block in read')
    return p, pid, reader


def wait_traced_by(pids, tracer_pid, timeout=10.0):
    wait_until(lambda: all(e2elib.tracer_pid(t) == tracer_pid for t in pids), timeout,
               what=f'tasks {pids} to be traced by {tracer_pid}')


def wait_blocked_again(pid, timeout=10.0):
    """After an attach the read is interrupted and restarted; wait until it sleeps in it again
    (read, or restart_syscall)."""
    wait_until(lambda: e2elib.proc_state(pid) == 'S' and e2elib.current_syscall(pid) in (0, 219),
               timeout, what=f'pid {pid} to sleep in read again')


def check_running_untraced(pids):
    """Detached: no tracer, not stopped (a detach that left a stop behind fails here)."""
    def ok():
        return all(e2elib.tracer_pid(t) == 0 and e2elib.proc_state(t) in ('S', 'R')
                   for t in pids)
    try:
        wait_until(ok, 5.0, what='detach')
    except Failure:
        raise Failure('after detach: ' + ', '.join(
            f'{t}: state {e2elib.proc_state(t)} TracerPid {e2elib.tracer_pid(t)}' for t in pids))
    time.sleep(0.1)
    states = {t: e2elib.proc_state(t) for t in pids}
    check(all(s in ('S', 'R') for s in states.values()), f'stopped after detach: {states}')


def finish_reader(p, reader, data=b'hello'):
    p.stdin.write(data)
    p.stdin.flush()
    out = reader.rest()
    rc = wait_exit(p, what='the program')
    return rc, out


def python3():
    for cand in ('/usr/bin/python3', os.path.realpath(sys.executable)):
        if os.access(cand, os.X_OK):
            return cand
    raise Failure('no python3')


# ---------------------------------------------------------------------------------------------
# Exit status, signals, passthrough


def exit_status_case(status):
    def fn(ctx):
        rc, out, err = ctx.run(['-o', 'trace', 'sh', '-c', f'exit {status}'])
        check(rc == status, f'tracer {e2elib.describe_status(rc)}, expected exit status {status}'
              f'\nstderr: {err}')
        check(last_line(ctx.read('trace')) == f'+++ exited with {status} +++',
              f'last trace line: {last_line(ctx.read("trace"))!r}')
        check(err == '', f'unexpected stderr: {err!r}')
    return fn


for _st in (0, 3, 255):
    case(f'exit_status_{_st}')(exit_status_case(_st))


def killed_case(signame):
    def fn(ctx):
        sig = signal.Signals[signame]
        rc, out, err = ctx.run(['-o', 'trace', 'sh', '-c', f'kill -{signame[3:]} $$'])
        check(rc == -sig, f'tracer {e2elib.describe_status(rc)}, expected killed by {signame}'
              f'\nstderr: {err}')
        check(last_line(ctx.read('trace')) == f'+++ killed by {signame} +++',
              f'last trace line: {last_line(ctx.read("trace"))!r}')
    return fn


case('killed_by_sigterm')(killed_case('SIGTERM'))
case('killed_by_sigkill')(killed_case('SIGKILL'))


@case()
def killed_by_sigabrt_no_core(ctx):
    """The program dies of SIGABRT (without a core of its own: ulimit -c 0 in the shell); the
    tracer dies of SIGABRT too, and must not dump core although its own limit would allow it."""
    soft, hard = resource.getrlimit(resource.RLIMIT_CORE)
    limit = hard

    def allow_core():
        resource.setrlimit(resource.RLIMIT_CORE, (limit, limit))

    p = ctx.procs.start([ctx.tracer, '-o', 'trace', 'sh', '-c', 'ulimit -c 0; kill -ABRT $$'],
                        cwd=ctx.tmp, preexec_fn=allow_core, stdout=subprocess.DEVNULL,
                        stderr=subprocess.PIPE)
    deadline = time.monotonic() + 20
    while True:
        pid, status = os.waitpid(p.pid, os.WNOHANG)
        if pid:
            break
        check(time.monotonic() < deadline, 'tracer did not finish')
        time.sleep(0.01)
    p.returncode = -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)
    err = p.stderr.read().decode('utf-8', 'replace')
    check(os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGABRT,
          f'tracer {e2elib.describe_status(p.returncode)}, expected killed by SIGABRT\n{err}')
    if limit != 0:
        check(not os.WCOREDUMP(status), 'the tracer dumped core')
    check(last_line(ctx.read('trace')) == '+++ killed by SIGABRT +++',
          f'last trace line: {last_line(ctx.read("trace"))!r}')
    cores = [f for f in os.listdir(ctx.tmp) if f.startswith('core')]
    check(not cores, f'core files left: {cores}')


@case()
def stdin_passthrough(ctx):
    data = bytes(range(256)) * 256 + b'the end\n'
    rc, out, err = ctx.run(['-o', 'trace', 'cat'], input=data)
    check(rc == 0, f'tracer {e2elib.describe_status(rc)}\n{err}')
    check(out == data, f'cat gave back {len(out)} bytes, expected {len(data)} (same bytes)')


@case()
def stdout_stderr_passthrough(ctx):
    rc, out, err = ctx.run(['-o', 'trace', 'sh', '-c', 'echo out; echo err >&2; exit 4'])
    check(rc == 4, f'tracer {e2elib.describe_status(rc)}')
    check(out == b'out\n', f'stdout {out!r}')
    check(err == 'err\n', f'stderr {err!r} (the tracer must add nothing with -o)')


@case()
def env_passthrough(ctx):
    env = dict(e2elib.FIXED_ENV)
    env['CXTRACE_TEST_VAR'] = 'a b=c \u00fc\t;$x'
    env['CXTRACE_EMPTY'] = ''
    rc, out, err = ctx.run(['-o', 'trace', 'env', '-0'], env=env)
    check(rc == 0, f'tracer {e2elib.describe_status(rc)}\n{err}')
    seen = dict(item.split('=', 1) for item in out.decode('utf-8').split('\0') if item)
    check(seen == env, f'environment differs:\n  given {env}\n  seen  {seen}')


@case()
def path_search(ctx):
    bindir = ctx.path('bin')
    os.mkdir(bindir)
    probe = os.path.join(bindir, 'cxtrace-path-probe')
    with open(probe, 'w') as f:
        f.write('#!/bin/sh\necho "found $0"\nexit 6\n')
    os.chmod(probe, 0o755)
    env = dict(e2elib.FIXED_ENV, PATH=bindir + ':' + e2elib.FIXED_ENV['PATH'])
    rc, out, err = ctx.run(['-o', 'trace', 'cxtrace-path-probe'], env=env)
    check(rc == 6, f'tracer {e2elib.describe_status(rc)}\n{err}')
    check(out.decode() == f'found {probe}\n', f'stdout {out!r}')
    rc, out, err = ctx.run(['-o', 'trace2', 'ls', '-d', '/'])
    check(rc == 0 and out == b'/\n', f'ls via PATH: {e2elib.describe_status(rc)}, {out!r}\n{err}')
    check(ctx.read('trace2').startswith('execve('), 'trace does not start with execve(')


@case()
def signal_reinject(ctx):
    rc, out, err = ctx.run(['-o', 'trace', ctx.prog('helper_sigcount'), '7'])
    text = out.decode()
    m = re.match(r'^pid=(\d+) sent=7 handled=(\d+)$', text.strip())
    check(m, f'program said {text!r}')
    check(m.group(2) == '7', f'handler ran {m.group(2)} times for 7 signals')
    check(rc == 0, f'tracer {e2elib.describe_status(rc)}')
    want = (f'--- SIGUSR1 {{si_signo=SIGUSR1, si_code=SI_USER, si_pid={m.group(1)}, '
            f'si_uid={ctx.uid}}} ---')
    n = ctx.read('trace').splitlines().count(want)
    check(n == 7, f'{n} lines {want!r}, expected 7')


# ---------------------------------------------------------------------------------------------
# Group stops


def stopped(pid):
    return e2elib.proc_state(pid) in ('t', 'T')


def settled_stopped(pid, looks):
    """Stopped at each of `looks` looks 20 ms apart."""
    for _ in range(looks):
        if not stopped(pid):
            return False
        time.sleep(0.02)
    return True


@case()
def group_stop_self(ctx):
    """raise(SIGSTOP) really stops the program (a tracer must hold the group stop, strace does
    it with PTRACE_LISTEN), and SIGCONT resumes it."""
    p = ctx.start(['-o', 'trace', ctx.prog('helper_stop'), 'self'], stdout=subprocess.PIPE,
                  stderr=subprocess.PIPE)
    out = LineReader(p.stdout)
    pid = int(out.line(what='the pid line'))
    # Stopped for good: t/T at every look for 0.2 s (past the signal-delivery stop), then it
    # stays so and the program prints nothing for another 0.5 s.
    wait_until(lambda: settled_stopped(pid, 10), what=f'pid {pid} to stop')
    for _ in range(25):
        time.sleep(0.02)
        check(stopped(pid), f'pid {pid} left the stop by itself: state {e2elib.proc_state(pid)}')
    check(out.drain() == '', 'the program ran on past raise(SIGSTOP)')
    check(p.poll() is None, 'the tracer exited while its program was stopped')
    os.kill(pid, signal.SIGCONT)
    rest = out.rest()
    rc = wait_exit(p)
    check(rest == 'resumed\n', f'after SIGCONT the program printed {rest!r}')
    check(rc == 0, f'tracer {e2elib.describe_status(rc)}')
    trace = ctx.read('trace')
    check('--- stopped by SIGSTOP ---' in trace.splitlines(), 'no "--- stopped by SIGSTOP ---"')
    check(re.search(r'^--- SIGCONT \{si_signo=SIGCONT, si_code=SI_USER, si_pid=%d, si_uid=%d\} ---$'
                    % (os.getpid(), ctx.uid), trace, re.M), 'no SIGCONT line with our pid')


@case()
def group_stop_external(ctx):
    """SIGSTOP from outside stops a busy traced program (no more output), SIGCONT resumes it."""
    p = ctx.start(['-o', 'trace', ctx.prog('helper_stop'), 'progress'], stdin=subprocess.PIPE,
                  stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out = LineReader(p.stdout)
    pid = int(out.line(what='the pid line'))
    out.until(lambda s: s == 'tick 3', what='tick 3')
    os.kill(pid, signal.SIGSTOP)

    # A traced program passes through t at every syscall stop; stopped for good means t/T at
    # every look for 0.3 s, and then no output for another 0.5 s.
    wait_until(lambda: settled_stopped(pid, 15), 10, what=f'pid {pid} to stay stopped')
    out.drain()
    late = out.drain(wait=0.5)
    check(late == '', f'the program kept running after SIGSTOP: {late[:200]!r}')
    os.kill(pid, signal.SIGCONT)
    out.until(lambda s: s.startswith('tick'), what='a tick after SIGCONT')
    out.until(lambda s: s.startswith('tick'), what='a second tick after SIGCONT')
    p.stdin.close()
    rest = out.rest()
    rc = wait_exit(p)
    check(rest.endswith('done\n'), f'program did not finish: {rest[-200:]!r}')
    check(rc == 0, f'tracer {e2elib.describe_status(rc)}')
    lines = ctx.read('trace').splitlines()
    check('--- stopped by SIGSTOP ---' in lines, 'no "--- stopped by SIGSTOP ---"')
    check(any(ln.startswith('--- SIGCONT {') for ln in lines), 'no SIGCONT line')


# ---------------------------------------------------------------------------------------------
# -f, -ff


@case()
def follow_pipeline_stderr(ctx):
    """-f with the trace on stderr: "[pid N] " (N right-aligned in 5) on the lines of a process
    other than the first while more than one is traced, the first line unprefixed, all three
    processes' exit lines, unfinished/resumed pairs consistent."""
    # -q: strace also announces each new child ("strace: Process N attached") on stderr, in the
    # middle of the parent's clone line; that is not what this case is about.
    rc, out, err = ctx.run(['-q', '-f', 'sh', '-c', 'echo hi | cat'])
    check(rc == 0, f'tracer {e2elib.describe_status(rc)}')
    check(out == b'hi\n', f'stdout {out!r}')
    lines = err.splitlines()
    check(lines and lines[0].startswith('execve('), f'first line {lines[:1]}')
    entries = []
    leader = None
    for n, line in enumerate(lines, 1):
        m = TTY_PREFIX.match(line)
        if m:
            spaces, pid, body = m.groups()
            check(len(spaces) + len(pid) == max(5, len(pid)) + 1,
                  f'line {n}: pid not right-aligned in 5: {line!r}')
            pid = int(pid)
        else:
            pid, body = 0, line  # the first process while alone
        check(BODY.match(body), f'line {n} is not a trace line: {line!r}')
        entries.append((pid, body))
    exits = [b for _, b in entries if b == '+++ exited with 0 +++']
    check(len(exits) == 3, f'{len(exits)} exit lines, expected 3 (sh, echo, cat):\n{show(err)}')
    pids = {p for p, _ in entries if p}
    check(len(pids) >= 2, f'prefixed pids: {pids}')
    # The unprefixed lines are the leader's; when its pid shows in a prefix, merge the two.
    for p, _ in entries:
        if p and any(b.startswith('wait4(') or b.startswith('<... wait4') for q, b in entries
                     if q == p):
            leader = p
    if leader:
        entries = [(leader if p == 0 else p, b) for p, b in entries]
    check_pairs(entries)


@case()
def follow_attach_messages(ctx):
    """-f with the trace on stderr and no -q: each followed child is announced once,
    "NAME: Process N attached" (strace writes it even in the middle of a trace line), and its
    own lines carry its pid."""
    rc, out, err = ctx.run(['-f', 'sh', '-c', 'echo hi | cat'])
    check(rc == 0 and out == b'hi\n', f'tracer {e2elib.describe_status(rc)}, stdout {out!r}')
    announced = [int(p) for p in re.findall(re.escape(ctx.name) + r': Process (\d+) attached',
                                             err)]
    check(len(announced) == 2 and len(set(announced)) == 2,
          f'announced children {announced}, expected the 2 of the pipeline')
    for p in announced:
        check(re.search(r'^\[pid +%d\] ' % p, err, re.M), f'no line of child {p}')


@case()
def follow_output_file(ctx):
    """-f -o FILE: every line starts with the pid left-aligned in 5; one exit line per process,
    nothing after it; pairs consistent; each process's own calls are there. Nothing on stderr:
    strace treats `-o FILE PROG` as `-q` (no "Process N attached" for the children)."""
    rc, out, err = ctx.run(['-f', '-o', 'trace', 'sh', '-c', 'echo hi | cat'])
    check(rc == 0 and out == b'hi\n', f'tracer {e2elib.describe_status(rc)}, stdout {out!r}')
    check(err == '', f'stderr {err!r}: -o FILE PROG implies -q (strace), so followed children '
          f'are not announced')
    entries = parse_file_trace(ctx.read('trace'))
    pids, ex = check_every_pid_exits_once(entries, expect=3)
    check(all(v == ['+++ exited with 0 +++'] for v in ex.values()), f'exit lines {ex}')
    check_pairs(entries)
    leader = entries[0][0]
    check(entries[0][1].startswith('execve('), f'first line {entries[0]}')
    execs = {p for p, b in entries if b.startswith('execve(') or b.startswith('<... execve')}
    check(len(execs) >= 2, f'execve seen only in {execs} (cat execs too)')
    for p in pids:
        calls = [b for q, b in entries if q == p]
        check(any(b.startswith('exit_group(') for b in calls), f'pid {p}: no exit_group line')
    check(entries[-1] == (leader, '+++ exited with 0 +++'), f'last entry {entries[-1]}')


@case()
def output_separately(ctx):
    """-ff -o FILE: one file FILE.PID per process, no pid prefixes, no unfinished calls."""
    rc, out, err = ctx.run(['-ff', '-o', 'trace', 'sh', '-c', 'echo hi | cat'])
    check(rc == 0 and out == b'hi\n', f'tracer {e2elib.describe_status(rc)}, stdout {out!r}')
    files = sorted(f for f in os.listdir(ctx.tmp) if f.startswith('trace'))
    check(len(files) == 3 and all(re.fullmatch(r'trace\.\d+', f) for f in files),
          f'files {files}, expected trace.PID for 3 processes')
    firsts = []
    for f in files:
        lines = ctx.read(f).splitlines()
        check(lines, f'{f} is empty')
        for ln in lines:
            check(BODY.match(ln), f'{f}: not a plain trace line: {ln!r}')
            check('<unfinished ...>' not in ln and 'resumed>' not in ln,
                  f'{f}: split call in a per-process file: {ln!r}')
        check(lines[-1] == '+++ exited with 0 +++', f'{f} ends with {lines[-1]!r}')
        firsts.append(lines[0])
    check(sum(ln.startswith('execve(') for ln in firsts) == 1,
          f'exactly the first process starts with execve: {firsts}')


@case()
def fork_storm(ctx):
    """Ten children started at once (they may appear before their parent's clone returns)."""
    rc, out, err = ctx.run(['-f', '-o', 'trace', 'sh', '-c',
                            'for i in 1 2 3 4 5 6 7 8 9 10; do /bin/true & done; wait; echo ok'])
    check(rc == 0 and out == b'ok\n', f'tracer {e2elib.describe_status(rc)}, stdout {out!r}')
    entries = parse_file_trace(ctx.read('trace'))
    pids, ex = check_every_pid_exits_once(entries, expect=11)
    check_pairs(entries)


@case()
def child_exit_status(ctx):
    """Under -f the real parent still gets its children's exit statuses."""
    rc, out, err = ctx.run(['-f', '-o', 'trace', 'sh', '-c',
                            'sh -c "exit 3"; echo $?; sh -c "kill -9 \\$\\$"; echo $?'])
    check(rc == 0, f'tracer {e2elib.describe_status(rc)}\n{err}')
    check(out == b'3\n137\n', f'statuses seen by the shell: {out!r}')
    entries = parse_file_trace(ctx.read('trace'))
    pids, ex = check_every_pid_exits_once(entries, expect=3)
    check(sorted(v[0] for v in ex.values()) ==
          ['+++ exited with 0 +++', '+++ exited with 3 +++', '+++ killed by SIGKILL +++'],
          f'exit lines {ex}')


@case()
def threads_python(ctx):
    """python3 with four threads doing syscalls under -f: every thread is followed and each
    thread's exit is seen."""
    code = ('import os, threading\n'
            'def work():\n'
            '    for _ in range(20):\n'
            '        os.getppid()\n'
            '        os.close(os.open("/dev/null", os.O_RDONLY))\n'
            'ts = [threading.Thread(target=work) for _ in range(4)]\n'
            '[t.start() for t in ts]\n'
            '[t.join() for t in ts]\n'
            'print("threads done")\n')
    rc, out, err = ctx.run(['-f', '-o', 'trace', python3(), '-c', code])
    check(rc == 0 and out == b'threads done\n', f'tracer {e2elib.describe_status(rc)}, '
          f'stdout {out!r}\n{err}')
    entries = parse_file_trace(ctx.read('trace'))
    pids, ex = check_every_pid_exits_once(entries)
    check(len(pids) >= 5, f'{len(pids)} tasks in the trace, expected the main thread and 4 more')
    check(all(v == ['+++ exited with 0 +++'] for v in ex.values()), f'exit lines {ex}')
    busy = [p for p in pids if sum(b.startswith('getppid(') for q, b in entries if q == p) >= 20]
    check(len(busy) >= 4, f'only {len(busy)} threads show their 20 getppid calls')
    check_pairs(entries)


@case()
def vfork_c(ctx):
    rc, out, err = ctx.run(['-f', '-o', 'trace', ctx.prog('helper_vfork')])
    check(rc == 0 and out == b'vfork ok\n', f'tracer {e2elib.describe_status(rc)}, '
          f'stdout {out!r}\n{err}')
    entries = parse_file_trace(ctx.read('trace'))
    pids, ex = check_every_pid_exits_once(entries, expect=7)
    statuses = sorted(v[0] for v in ex.values())
    check(statuses == ['+++ exited with 0 +++'] * 4 + ['+++ exited with 5 +++'] * 3,
          f'exit lines {statuses}')
    check_pairs(entries)


@case()
def vfork_python_subprocess(ctx):
    """subprocess uses vfork (clone with CLONE_VFORK) and execs in the child."""
    code = ('import subprocess\n'
            'r = [subprocess.run(["/bin/true"]).returncode for _ in range(3)]\n'
            'r.append(subprocess.run(["sh", "-c", "exit 4"]).returncode)\n'
            'print(r)\n')
    rc, out, err = ctx.run(['-f', '-o', 'trace', python3(), '-c', code])
    check(rc == 0 and out == b'[0, 0, 0, 4]\n', f'tracer {e2elib.describe_status(rc)}, '
          f'stdout {out!r}\n{err}')
    entries = parse_file_trace(ctx.read('trace'))
    pids, ex = check_every_pid_exits_once(entries, expect=5)
    check_pairs(entries)


@case()
def exec_from_thread(ctx):
    """A non-leader thread calls execve: the thread takes over the leader's pid. The leader's
    pending call ends with "+++ superseded by execve in pid TID +++", the execve resumes under
    the leader's pid, and the program's exit is the leader's."""
    rc, out, err = ctx.run(['-f', '-o', 'trace', ctx.prog('helper_thread_exec')], timeout=15)
    check(rc == 0, f'tracer {e2elib.describe_status(rc)}\n{err}')
    entries = parse_file_trace(ctx.read('trace'))
    leader = entries[0][0]
    check(entries[-1] == (leader, '+++ exited with 0 +++'), f'last entry {entries[-1]}')
    sup = [(p, b) for p, b in entries if b.startswith('+++ superseded by execve in pid ')]
    check(len(sup) == 1 and sup[0][0] == leader, f'superseded lines: {sup}')
    tid = int(re.search(r'pid (\d+)', sup[0][1]).group(1))
    check(tid != leader, 'superseded by itself?')
    after = entries[entries.index(sup[0]) + 1:]
    check(all(p == leader for p, _ in after),
          f'lines after the exec under another pid: {[e for e in after if e[0] != leader][:3]}')
    check(any(b.startswith('exit_group(') for _, b in after), 'true\'s exit_group not seen')


@case()
def exec_from_thread_nofollow(ctx):
    rc, out, err = ctx.run(['-o', 'trace', ctx.prog('helper_thread_exec')], timeout=15)
    check(rc == 0, f'tracer {e2elib.describe_status(rc)}\n{err}')
    check(last_line(ctx.read('trace')) == '+++ exited with 0 +++',
          f'last line {last_line(ctx.read("trace"))!r}')


# ---------------------------------------------------------------------------------------------
# Attach and detach


def attach_detach_case(signame):
    def fn(ctx):
        sig = signal.Signals[signame]
        p, pid, reader = start_blocked_reader(ctx)
        t = ctx.start(['-o', 'trace', '-p', str(pid)], stderr=subprocess.PIPE,
                      stdout=subprocess.DEVNULL)
        err = LineReader(t.stderr)
        want = ctx.msg(f'Process {pid} attached')
        err.until(lambda s: s.startswith(want), what=repr(want))
        wait_traced_by([pid], t.pid)
        wait_blocked_again(pid)
        os.kill(t.pid, sig)
        rc = wait_exit(t)
        check(rc in (0, 128 + sig, -sig), f'tracer {e2elib.describe_status(rc)} on {signame}')
        rest = err.rest()
        check(ctx.msg(f'Process {pid} detached') in rest.splitlines(),
              f'no detach message; stderr: {rest!r}')
        check_running_untraced([pid])
        rc, out = finish_reader(p, reader)
        check(out == 'read 5: hello\n', f'program read: {out!r} (an attach or detach must not '
              f'make read fail)')
        check(rc == 0, f'program {e2elib.describe_status(rc)}')
        check(ctx.read('trace').startswith('read('), 'trace does not show the read it was in')
    return fn


for _sig in ('SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT'):
    case(f'attach_detach_{_sig[3:].lower()}')(attach_detach_case(_sig))


@case()
def attach_pending_signal(ctx):
    """A signal that arrives while attached (blocked by the program) is still pending after
    the detach."""
    p, pid, reader = start_blocked_reader(ctx, 'block-usr2')
    t = ctx.start(['-o', 'trace', '-p', str(pid)], stderr=subprocess.PIPE)
    wait_traced_by([pid], t.pid)
    wait_blocked_again(pid)
    os.kill(pid, signal.SIGUSR2)
    time.sleep(0.05)
    os.kill(t.pid, signal.SIGINT)
    wait_exit(t)
    check_running_untraced([pid])
    rc, out = finish_reader(p, reader)
    check(out == 'read 5: hello\nSIGUSR2 pending: yes\n', f'program said {out!r}')


@case()
def attach_threads(ctx):
    """-f -p PID attaches every thread of the process, and detaches them all."""
    p, reader, pid = start_with_pid(ctx, [ctx.prog('helper_threads_block'), '3'], tasks=4)
    wait_until(lambda: all(e2elib.proc_state(t) == 'S' for t in e2elib.task_ids(pid)),
               what='4 sleeping threads')
    tids = e2elib.task_ids(pid)
    t = ctx.start(['-f', '-o', 'trace', '-p', str(pid)], stderr=subprocess.PIPE)
    err = LineReader(t.stderr)
    err.until(lambda s: s.startswith(ctx.msg(f'Process {pid} attached')), what='attach message')
    wait_traced_by(tids, t.pid)
    wait_until(lambda: all(e2elib.proc_state(x) == 'S' for x in tids), what='threads asleep')
    os.kill(t.pid, signal.SIGINT)
    wait_exit(t)
    check_running_untraced(tids)
    p.stdin.write(b'go')
    p.stdin.flush()
    out = reader.rest()
    rc = wait_exit(p, what='the program')
    check(out == 'read 2\n' and rc == 0, f'program said {out!r}, {e2elib.describe_status(rc)}')


@case(cxtrace_only=True)
def attach_threads_nofollow(ctx):
    """cxtrace's -p attaches every thread even without -f (issue 2; strace attaches only the
    given thread then)."""
    p, reader, pid = start_with_pid(ctx, [ctx.prog('helper_threads_block'), '3'], tasks=4)
    tids = e2elib.task_ids(pid)
    t = ctx.start(['-o', 'trace', '-p', str(pid)], stderr=subprocess.PIPE)
    wait_traced_by(tids, t.pid)
    os.kill(t.pid, signal.SIGINT)
    wait_exit(t)
    check_running_untraced(tids)
    p.stdin.write(b'go')
    p.stdin.flush()
    out = reader.rest()
    check(out == 'read 2\n' and wait_exit(p, what='the program') == 0, f'program said {out!r}')


@case()
def attach_pid_list(ctx):
    """-p takes comma and space separated lists, and repeats; --attach is its long name."""
    a, pa, ra = start_blocked_reader(ctx)
    b, pb, rb = start_blocked_reader(ctx)
    for args in (['-p', f'{pa},{pb}'], ['-p', f'{pa} {pb}'], ['-p', str(pa), '-p', str(pb)],
                 [f'--attach={pa}', '--attach', str(pb)]):
        t = ctx.start(['-o', 'trace'] + args, stderr=subprocess.PIPE)
        wait_traced_by([pa, pb], t.pid)
        wait_blocked_again(pa)
        wait_blocked_again(pb)
        os.kill(t.pid, signal.SIGINT)
        wait_exit(t)
        err = t.stderr.read().decode()
        for x in (pa, pb):
            check(any(ln.startswith(ctx.msg(f'Process {x} attached')) for ln in err.splitlines()),
                  f'{args}: no attach message for {x}: {err!r}')
        check_running_untraced([pa, pb])
        # Two processes in one -o file: every line names its pid, as with -f.
        for ln in ctx.read('trace').splitlines():
            m = FILE_PREFIX.match(ln)
            check(m and int(m.group(1)) in (pa, pb), f'{args}: trace line without its pid: {ln!r}')
    for p, r in ((a, ra), (b, rb)):
        rc, out = finish_reader(p, r)
        check(out == 'read 5: hello\n' and rc == 0, f'program said {out!r}')


@case()
def quiet_attach(ctx):
    """-q: no attach/detach messages."""
    p, pid, reader = start_blocked_reader(ctx)
    t = ctx.start(['-q', '-o', 'trace', '-p', str(pid)], stderr=subprocess.PIPE)
    wait_traced_by([pid], t.pid)
    wait_blocked_again(pid)
    os.kill(t.pid, signal.SIGINT)
    wait_exit(t)
    err = t.stderr.read().decode()
    check('attached' not in err and 'detached' not in err, f'-q printed {err!r}')
    check_running_untraced([pid])
    rc, out = finish_reader(p, reader)
    check(out == 'read 5: hello\n', f'program said {out!r}')


@case()
def quiet_exit(ctx):
    """-qq: no exit status lines either."""
    rc, out, err = ctx.run(['-qq', '-o', 'trace', 'sh', '-c', 'exit 3'])
    check(rc == 3, f'tracer {e2elib.describe_status(rc)}')
    trace = ctx.read('trace')
    check('+++' not in trace, f'-qq printed {[ln for ln in trace.splitlines() if "+++" in ln]}')
    check(re.search(r'^exit_group\(', trace, re.M), 'no exit_group line')


# ---------------------------------------------------------------------------------------------
# The tracer killed


@case()
def tracer_sigkill_started(ctx):
    """SIGKILL to the tracer: nothing it traced is left stopped. cxtrace_only: the processes it
    started are killed too (PTRACE_O_EXITKILL; strace 6.1 has no --kill-on-exit and lets them
    run on, detached by the kernel)."""
    t = ctx.start(['-f', '-o', 'trace', 'sh', '-c',
                   'sleep 60 & echo $!; sleep 60 & echo $!; echo $$; wait'],
                  stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out = LineReader(t.stdout)
    pids = [int(out.line(what='a pid')) for _ in range(3)]
    for x in pids:
        ctx.procs.adopt(x)
    wait_traced_by(pids, t.pid)
    os.kill(t.pid, signal.SIGKILL)
    wait_exit(t)

    def settled():
        return all(not e2elib.pid_alive(x) or (e2elib.tracer_pid(x) == 0 and
                                               e2elib.proc_state(x) in ('S', 'R'))
                   for x in pids)
    try:
        wait_until(settled, 10, what='the traced processes to be released')
    except Failure:
        raise Failure('left behind: ' + ', '.join(
            f'{x}: state {e2elib.proc_state(x)} TracerPid {e2elib.tracer_pid(x)}' for x in pids))
    if not ctx.strace:
        try:
            wait_until(lambda: not any(e2elib.pid_alive(x) for x in pids), 10,
                       what='the traced processes to die')
        except Failure:
            raise Failure('still running after the tracer was killed (no PTRACE_O_EXITKILL?): ' +
                          ', '.join(f'{x}: {e2elib.proc_state(x)}' for x in pids
                                    if e2elib.pid_alive(x)))


@case()
def tracer_sigkill_attached(ctx):
    """SIGKILL to a tracer attached with -p: the kernel detaches, the program runs on."""
    p, pid, reader = start_blocked_reader(ctx)
    t = ctx.start(['-o', 'trace', '-p', str(pid)], stderr=subprocess.PIPE)
    wait_traced_by([pid], t.pid)
    wait_blocked_again(pid)
    os.kill(t.pid, signal.SIGKILL)
    wait_exit(t)
    check_running_untraced([pid])
    rc, out = finish_reader(p, reader)
    check(out == 'read 5: hello\n' and rc == 0, f'program said {out!r}')


# ---------------------------------------------------------------------------------------------
# Bad input


def check_one_message(ctx, rc, err, *needles, usage=False):
    """Exit status 1 and a one-line message (a usage error may add one "Try ..." line)."""
    lines = err.splitlines()
    check(rc == 1, f'tracer {e2elib.describe_status(rc)}, expected exit status 1; stderr {err!r}')
    check(lines, 'no message on stderr')
    extra = [ln for ln in lines[1:] if not (usage and ln.startswith('Try '))]
    check(not extra, f'more than one line on stderr: {lines}')
    check(lines[0].startswith(ctx.name + ': '),
          f'message not prefixed "{ctx.name}: ": {lines[0]!r}')
    for n in needles:
        check(n in lines[0], f'message {lines[0]!r} does not mention {n!r}')


@case()
def bad_program_missing(ctx):
    rc, out, err = ctx.run(['-o', 'trace', '/nonexistent/cxtrace-no-such-program'])
    check_one_message(ctx, rc, err, '/nonexistent/cxtrace-no-such-program')
    rc, out, err = ctx.run(['-o', 'trace', 'cxtrace-no-such-program-in-path'])
    check_one_message(ctx, rc, err, 'cxtrace-no-such-program-in-path')


@case()
def bad_program_not_executable(ctx):
    script = ctx.path('not-executable')
    with open(script, 'w') as f:
        f.write('#!/bin/sh\ntouch "$(dirname "$0")/MARKER"\n')
    os.chmod(script, 0o644)
    rc, out, err = ctx.run(['-o', 'trace', script])
    check_one_message(ctx, rc, err)
    check('ermission denied' in err, f'message does not say why: {err!r}')
    check(not os.path.exists(ctx.path('MARKER')), 'the program ran')


@case()
def bad_pid_missing(ctx):
    pid = unused_pid()
    rc, out, err = ctx.run(['-p', str(pid)])
    check_one_message(ctx, rc, err, str(pid))


@case()
def bad_pid_self(ctx):
    """-p of the tracer's own pid is refused. strace says "I'm sorry, I can't let you do that,
    Dave."; for cxtrace the message must name the pid or say 'itself' (cxtrace_only part)."""
    code = ('import os, sys\n'
            'print(os.getpid(), flush=True)\n'
            'os.execv(sys.argv[1], [sys.argv[2], "-p", str(os.getpid())])\n')
    p = ctx.procs.start([python3(), '-c', code, ctx.tracer, ctx.name], cwd=ctx.tmp,
                        stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        out, err = p.communicate(timeout=10)
    except subprocess.TimeoutExpired:
        raise Failure('the tracer attached to itself and hangs')
    pid = out.decode().strip()
    err = err.decode('utf-8', 'replace')
    lines = err.splitlines()
    check(p.returncode != 0, f'tracer {e2elib.describe_status(p.returncode)} on -p of itself')
    check(len(lines) == 1 and lines[0].startswith(ctx.name + ': '), f'stderr {lines}')
    if not ctx.strace:
        check(pid in lines[0] or 'itself' in lines[0], f'message {lines[0]!r} names neither '
              f'the pid {pid} nor "itself"')


@case()
def bad_pid_traced(ctx):
    """A process that is already traced cannot be attached: one message that says why."""
    p, pid, reader = start_blocked_reader(ctx)
    libc = ctypes.CDLL(None, use_errno=True)
    libc.ptrace.argtypes = [ctypes.c_long, ctypes.c_long, ctypes.c_void_p, ctypes.c_void_p]
    PTRACE_SEIZE = 0x4206
    check(libc.ptrace(PTRACE_SEIZE, pid, None, None) == 0,
          f'could not seize {pid}: errno {ctypes.get_errno()}')
    rc, out, err = ctx.run(['-o', 'trace', '-p', str(pid)])
    check_one_message(ctx, rc, err, str(pid))
    low = err.lower()
    check('already' in low or 'permi' in low, f'message does not say why: {err!r}')


@case()
def bad_option_unknown(ctx):
    rc, out, err = ctx.run(['--no-such-option', 'sh', '-c', 'touch MARKER'])
    check_one_message(ctx, rc, err, '--no-such-option', usage=True)
    check(not os.path.exists(ctx.path('MARKER')), 'the program ran')


@case()
def bad_option_malformed(ctx):
    for args in (['-a', 'notanumber'], ['-p', 'abc'], ['-p', '0'], ['-p', '12x']):
        rc, out, err = ctx.run(args + ['sh', '-c', 'touch MARKER'])
        check_one_message(ctx, rc, err, usage=True)
        check(not os.path.exists(ctx.path('MARKER')), f'{args}: the program ran')


@case()
def bad_no_program(ctx):
    rc, out, err = ctx.run([])
    check_one_message(ctx, rc, err, usage=True)


@case()
def bad_output_dir(ctx):
    rc, out, err = ctx.run(['-o', '/nonexistent-cxtrace-dir/trace', 'sh', '-c', 'touch MARKER'])
    check_one_message(ctx, rc, err, '/nonexistent-cxtrace-dir/trace')
    check(not os.path.exists(ctx.path('MARKER')), 'the program ran')


# ---------------------------------------------------------------------------------------------
# Output


@case()
def output_dev_full(ctx):
    """A trace file that fills up: the program still runs to its end with its own exit status;
    an error is reported (cxtrace_only: one clear error, not one per line)."""
    rc, out, err = ctx.run(['-o', '/dev/full', 'sh', '-c',
                            'for i in 1 2 3 4 5 6 7 8 9 10; do echo $i >/dev/null; done; '
                            'echo finished; exit 7'])
    check(rc == 7, f'tracer {e2elib.describe_status(rc)}')
    check(out == b'finished\n', f'stdout {out!r}')
    lines = err.splitlines()
    check(lines, 'no error reported for /dev/full')
    if not ctx.strace:
        check(len(lines) <= 2, f'{len(lines)} error lines (one expected): {lines[:5]}')


@case()
def output_pipe(ctx):
    """-o '|cmd' pipes the trace into a command."""
    dest = ctx.path('piped')
    rc, out, err = ctx.run(['-o', '|cat > ' + sh_quote(dest), 'sh', '-c', 'exit 5'])
    check(rc == 5, f'tracer {e2elib.describe_status(rc)}\n{err}')
    text = ctx.read('piped')
    check(text.startswith('execve('), f'piped trace starts {text[:60]!r}')
    check(last_line(text) == '+++ exited with 5 +++', f'piped trace ends {last_line(text)!r}')


@case()
def many_args(ctx):
    args = [f'arg{i}' for i in range(20000)]
    rc, out, err = ctx.run(['-o', 'trace', '/bin/true'] + args, timeout=30)
    check(rc == 0, f'tracer {e2elib.describe_status(rc)}\n{err[:500]}')
    text = ctx.read('trace')
    check(text.startswith('execve('), f'trace starts {text[:60]!r}')
    check(last_line(text) == '+++ exited with 0 +++', f'trace ends {last_line(text)!r}')


RESULT = re.compile(r'^(.*\))( +)= (.*)$')


def check_alignment(text, column):
    n_checked = 0
    for ln in text.splitlines():
        m = RESULT.match(ln)
        if not m or '<unfinished' in ln:
            continue
        call, spaces = m.group(1), m.group(2)
        want = column - len(call) if len(call) < column else 1
        check(len(spaces) == want, f'"=" of {ln!r} not at column {column} '
              f'({len(spaces)} spaces, expected {want})')
        n_checked += 1
    check(n_checked >= 5, f'only {n_checked} lines checked')


@case()
def columns_default(ctx):
    rc, out, err = ctx.run(['-o', 'trace', '/bin/true'])
    check(rc == 0, f'tracer {e2elib.describe_status(rc)}')
    check_alignment(ctx.read('trace'), 40)


@case()
def columns_option(ctx):
    for args, col in ((['-a', '60'], 60), (['--columns=12'], 12), (['-a60'], 60)):
        rc, out, err = ctx.run(args + ['-o', 'trace', '/bin/true'])
        check(rc == 0, f'{args}: tracer {e2elib.describe_status(rc)}\n{err}')
        check_alignment(ctx.read('trace'), col)


@case()
def long_options(ctx):
    """strace's long option names work: --follow-forks --output --columns --output-separately
    --quiet."""
    rc, out, err = ctx.run(['--follow-forks', '--output=trace', '--columns=50', '--quiet',
                            'sh', '-c', '/bin/true; exit 2'])
    check(rc == 2, f'tracer {e2elib.describe_status(rc)}\n{err}')
    entries = parse_file_trace(ctx.read('trace'))
    check_every_pid_exits_once(entries, expect=2)
    rc, out, err = ctx.run(['--follow-forks', '--output-separately', '--output', 'sep',
                            'sh', '-c', '/bin/true'])
    check(rc == 0, f'tracer {e2elib.describe_status(rc)}\n{err}')
    files = [f for f in os.listdir(ctx.tmp) if f.startswith('sep.')]
    check(len(files) == 2, f'--output-separately files: {files}')


@case()
def help_and_version(ctx):
    rc, out, err = ctx.run(['-h'])
    check(rc == 0 and b'-f' in out and b'-p' in out and b'-o' in out,
          f'-h: {e2elib.describe_status(rc)}, {out[:200]!r}')
    rc, out, err = ctx.run(['-V'])
    check(rc == 0 and b'version' in out, f'-V: {e2elib.describe_status(rc)}, {out[:200]!r}')
    rc2, out2, err = ctx.run(['--version'])
    check(rc2 == 0 and out2 == out, f'--version differs from -V: {out2!r}')


# ---------------------------------------------------------------------------------------------


def run_case(name, tracer, progs_dir, cases=None):
    fn, cxtrace_only = (CASES if cases is None else cases)[name]
    if cxtrace_only and e2elib.is_strace(tracer):
        return 'skip', 'cxtrace-only case'
    tmp = tempfile.mkdtemp(prefix=f'cxtrace-{name}-')
    try:
        with e2elib.Processes() as procs:
            ctx = Ctx(tracer, progs_dir, procs, tmp)
            fn(ctx)
        return 'pass', ''
    except e2elib.Skip as e:
        return 'skip', str(e)
    except Failure as e:
        return 'fail', str(e)
    except Exception:
        return 'fail', traceback.format_exc()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main(cases=None, description='cxtrace end-to-end scenarios'):
    """The command line of scenarios.py, and of torture.py with its own `cases`."""
    cases = CASES if cases is None else cases
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument('--tracer', default='/usr/bin/strace')
    ap.add_argument('--progs-dir', help='where the built tests/progs programs are')
    ap.add_argument('--list', action='store_true', help='list the case names')
    ap.add_argument('--expect-names', nargs='*', metavar='NAME',
                    help='check that these are exactly the cases (meson.build lists them)')
    ap.add_argument('--repeat', type=int, default=1, help='run each case N times')
    ap.add_argument('-v', '--verbose', action='store_true')
    ap.add_argument('cases', nargs='*')
    opts = ap.parse_args()
    if opts.expect_names is not None:
        have, want = set(cases), set(opts.expect_names)
        if have != want:
            print('tests/e2e/meson.build and the script disagree:')
            print('  only in the script:  ', sorted(have - want))
            print('  only in meson.build: ', sorted(want - have))
            return 1
        print(f'{len(have)} scenario names in step')
        return 0
    if opts.list:
        for name, (_, only) in cases.items():
            print(name + ('  [cxtrace only]' if only else ''))
        return 0
    if not opts.progs_dir:
        ap.error('--progs-dir is required')
    names = opts.cases or list(cases)
    unknown = [n for n in names if n not in cases]
    if unknown:
        ap.error(f'unknown case(s): {unknown}')
    e2elib.set_child_subreaper()
    # Started in the background by a shell, the runner inherits SIGINT and SIGQUIT ignored, and
    # so would every program it starts: the cases expect them to have their default action.
    for sig in (signal.SIGINT, signal.SIGQUIT):
        if signal.getsignal(sig) == signal.SIG_IGN:
            signal.signal(sig, signal.default_int_handler if sig == signal.SIGINT
                          else signal.SIG_DFL)
    counts = {'pass': 0, 'fail': 0, 'skip': 0}
    for name in names:
        for i in range(opts.repeat):
            t0 = time.monotonic()
            verdict, detail = run_case(name, opts.tracer, opts.progs_dir, cases)
            counts[verdict] += 1
            took = time.monotonic() - t0
            if verdict != 'pass' or opts.verbose or opts.repeat == 1:
                rep = f' #{i + 1}' if opts.repeat > 1 else ''
                print(f'{verdict.upper():4} {name}{rep} ({took:.2f}s){": " if detail else ""}'
                      f'{detail}', flush=True)
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
