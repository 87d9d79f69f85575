"""Shared pieces of the end-to-end tests: running a tracer with a deadline, cleaning up every
process a test started (even when it fails half-way), and reading process state from /proc.

Standard library only; Python 3.9 or newer.
"""

import ctypes
import os
import signal
import subprocess
import sys
import time

# The environment every traced program gets: fixed, so runs compare and PATH finds the system's
# own programs, not a developer's shims.
FIXED_ENV = {
    'PATH': '/usr/local/bin:/usr/bin:/bin',
    'LC_ALL': 'C',
    'LANG': 'C',
    'HOME': '/nonexistent',
    'TZ': 'UTC',
}

# meson test treats this exit status as "skipped".
SKIP = 77


class Failure(Exception):
    """A test expectation that did not hold; the message says what was seen."""


class Skip(Exception):
    """The case cannot run on this machine (not root, no namespaces); the message says why."""


def check(cond, message):
    if not cond:
        raise Failure(message)


def tracer_name(tracer):
    """The name the tracer puts in front of its own messages ("strace", "cxtrace")."""
    return os.path.basename(tracer)


def is_strace(tracer):
    return tracer_name(tracer).startswith('strace')


def set_child_subreaper():
    """Orphans of our children (a traced program whose tracer died) become our children, so
    a test can see and reap them instead of losing them to init."""
    PR_SET_CHILD_SUBREAPER = 36
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    except OSError:
        pass


def reap_orphans():
    """Collect exit statuses of adopted orphans (after every Popen of ours has been waited)."""
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def proc_stat(pid):
    """Fields of /proc/PID/stat after the command name: [state, ppid, ...]; None if gone."""
    try:
        with open(f'/proc/{pid}/stat') as f:
            data = f.read()
    except (FileNotFoundError, ProcessLookupError):
        return None
    return data[data.rindex(')') + 2:].split()


def proc_state(pid):
    """One-letter state (R S D T t Z X), or None when the pid is gone."""
    st = proc_stat(pid)
    return st[0] if st else None


def task_ids(pid):
    try:
        return sorted(int(t) for t in os.listdir(f'/proc/{pid}/task'))
    except FileNotFoundError:
        return []


def status_field(pid, name):
    try:
        with open(f'/proc/{pid}/status') as f:
            for line in f:
                if line.startswith(name + ':'):
                    return line.split(':', 1)[1].strip()
    except FileNotFoundError:
        return None
    return None


def tracer_pid(pid):
    v = status_field(pid, 'TracerPid')
    return int(v) if v is not None else None


def current_syscall(pid):
    """The syscall number PID is inside (first field of /proc/PID/syscall), or None."""
    try:
        with open(f'/proc/{pid}/syscall') as f:
            first = f.read().split()
    except OSError:
        return None
    if not first or first[0] == 'running':
        return None
    try:
        return int(first[0])
    except ValueError:
        return None


def wait_until(pred, timeout=10.0, interval=0.01, what='condition'):
    """Poll pred() until it returns something true; raise Failure after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        v = pred()
        if v:
            return v
        if time.monotonic() > deadline:
            raise Failure(f'timed out after {timeout}s waiting for {what}')
        time.sleep(interval)


def pid_alive(pid):
    """True while PID exists and is not a zombie."""
    s = proc_state(pid)
    return s is not None and s not in ('Z', 'X')


class Processes:
    """Every process a test starts goes through here; on exit all of them (and their process
    groups, and any pids registered by hand) are SIGKILLed, so a failing test never leaves a
    stopped or traced process behind."""

    def __init__(self):
        self.popens = []
        self.extra_pids = set()

    def __enter__(self):
        return self

    def start(self, argv, **kw):
        kw.setdefault('start_new_session', True)
        kw.setdefault('env', dict(FIXED_ENV))
        kw.setdefault('stdin', subprocess.DEVNULL)
        p = subprocess.Popen(argv, **kw)
        self.popens.append(p)
        return p

    def adopt(self, pid):
        self.extra_pids.add(pid)

    def __exit__(self, *exc):
        for pid in list(self.extra_pids):
            try:
                os.kill(pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        for p in self.popens:
            if p.poll() is None:
                try:
                    os.killpg(p.pid, signal.SIGKILL)
                except (ProcessLookupError, PermissionError):
                    pass
                try:
                    p.kill()
                except ProcessLookupError:
                    pass
        for p in self.popens:
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                pass
            for f in (p.stdin, p.stdout, p.stderr):
                if f:
                    try:
                        f.close()
                    except OSError:
                        pass
        reap_orphans()
        return False


def run(procs, argv, input=None, timeout=20, **kw):
    """Run to completion under `procs`; returns (returncode, stdout bytes, stderr bytes)."""
    kw.setdefault('stdout', subprocess.PIPE)
    kw.setdefault('stderr', subprocess.PIPE)
    if input is not None:
        kw['stdin'] = subprocess.PIPE
    p = procs.start(argv, **kw)
    try:
        out, err = p.communicate(input=input, timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        out, err = p.communicate()
        raise Failure(f'timed out after {timeout}s: {argv[:6]}\nstderr: {err[-2000:]!r}')
    return p.returncode, out, err


def describe_status(rc):
    if rc is None:
        return 'still running'
    if rc < 0:
        try:
            return f'killed by {signal.Signals(-rc).name}'
        except ValueError:
            return f'killed by signal {-rc}'
    return f'exit status {rc}'


def run_cases(doc, cases, extra_args=(), call=None):
    """The command line every case-per-test script shares: `--tracer T [--list] CASE...`.

    `cases` maps names to functions; `extra_args` are (flag, default) pairs added to the
    parser; `call(case, opts)` runs one case (default: case(absolute tracer path)). Prints
    `ok: NAME` per case and returns the exit status (1 for an unknown case)."""
    import argparse
    ap = argparse.ArgumentParser(description=doc.splitlines()[0])
    ap.add_argument('--tracer')
    for flag, default in extra_args:
        ap.add_argument(flag, default=default)
    ap.add_argument('--list', action='store_true')
    ap.add_argument('cases', nargs='*')
    opts = ap.parse_args()
    if opts.list:
        print('\n'.join(cases))
        return 0
    for name in opts.cases:
        if name not in cases:
            print(f'unknown case {name}', file=sys.stderr)
            return 1
        if call is None:
            cases[name](os.path.abspath(opts.tracer))
        else:
            call(cases[name], opts)
        print(f'ok: {name}')
    return 0
