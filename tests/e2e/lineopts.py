#!/usr/bin/env python3
"""End-to-end tests of the per-line options: timestamps (-t, -tt, -ttt, -r, -T and their long
forms), -i on signal and exit lines, --always-show-pid, -Y, and bad option values. Times are
checked for format, order and plausibility, never for exact values.

Usage: lineopts.py --tracer build/src/cxtrace CASE      (--list: the cases)
"""

import os
import re
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import e2elib  # noqa: E402
from e2elib import FIXED_ENV  # noqa: E402

PY = '/usr/bin/python3'
# Five calls, one of them sleeping 0.2 s, then a signal the program catches.
PROG = [PY, '-c', '''
import os, signal, time
signal.signal(signal.SIGUSR1, lambda *a: None)
os.getppid()
time.sleep(0.2)
os.getppid()
os.kill(os.getpid(), signal.SIGUSR1)
os.getppid()
''']
SELECT = ['-e', 'trace=getppid,clock_nanosleep,kill,exit_group']
CASES = {}


def case(fn):
    CASES[fn.__name__] = fn
    return fn


def trace(tracer, opts, prog=PROG, select=SELECT):
    with tempfile.TemporaryDirectory() as d:
        out = os.path.join(d, 'trace')
        proc = subprocess.run([tracer, '-o', out] + opts + select + prog, cwd=d, env=FIXED_ENV,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=60)
        if proc.returncode != 0:
            raise SystemExit(f'tracer ended with {proc.returncode}: {proc.stderr.decode()}')
        with open(out) as f:
            lines = f.read().splitlines()
    if len(lines) < 6:
        raise SystemExit('too few lines:\n' + '\n'.join(lines))
    return lines


def check_lines(lines, rx):
    """Every line matches rx; returns the matches."""
    out = []
    for ln in lines:
        m = re.match(rx, ln)
        if not m:
            raise SystemExit(f'line does not match {rx!r}:\n  {ln}')
        out.append(m)
    return out


def check_order(values, what):
    for a, b in zip(values, values[1:]):
        if b < a:
            raise SystemExit(f'{what} go backwards: {a} then {b}')


def seconds_of_day(m):
    return int(m.group(1)) * 3600 + int(m.group(2)) * 60 + int(m.group(3))


def check_wall(tracer, opts, rx, digits):
    before = time.time()
    lines = trace(tracer, opts)
    after = time.time()
    ms = check_lines(lines, rx)
    if digits:
        for m in ms:
            if len(m.group('frac')) != digits:
                raise SystemExit(f'{len(m.group("frac"))} digits, expected {digits}: {m.group(0)}')
    return before, after, ms, lines


def check_clock_of_day(tracer, opts, digits):
    rx = r'^(\d\d):(\d\d):(\d\d)' + (r'\.(?P<frac>\d+)' if digits else '') + r' \S'
    before, after, ms, _ = check_wall(tracer, opts, rx, digits)
    secs = [seconds_of_day(m) + (float('0.' + m.group('frac')) if digits else 0) for m in ms]
    if secs[-1] >= secs[0]:  # not across midnight
        check_order(secs, 'times')
    lt = time.localtime(before)
    start = lt.tm_hour * 3600 + lt.tm_min * 60 + lt.tm_sec
    if abs(secs[0] - start) > 5 and abs(secs[0] - start) < 86400 - 5:
        raise SystemExit(f'first time {ms[0].group(0)} is not now')


def check_epoch(tracer, opts, digits):
    rx = r'^(?P<sec>\d{10,})' + (r'\.(?P<frac>\d+)' if digits else '') + r' \S'
    before, after, ms, _ = check_wall(tracer, opts, rx, digits)
    stamps = [int(m.group('sec')) + (float('0.' + m.group('frac')) if digits else 0) for m in ms]
    check_order(stamps, 'times')
    if not (int(before) <= stamps[0] and stamps[-1] <= after + 1):
        raise SystemExit(f'times {stamps[0]}..{stamps[-1]} outside the run {before}..{after}')


@case
def t(tracer):
    check_clock_of_day(tracer, ['-t'], 0)


@case
def tt(tracer):
    check_clock_of_day(tracer, ['-tt'], 6)


@case
def ttt(tracer):
    check_epoch(tracer, ['-ttt'], 6)


@case
def absolute_long(tracer):
    check_clock_of_day(tracer, ['--absolute-timestamps'], 0)
    check_clock_of_day(tracer, ['--absolute-timestamps=precision:ms'], 3)
    check_clock_of_day(tracer, ['--timestamps=time,ns'], 9)
    check_epoch(tracer, ['--absolute-timestamps=format:unix'], 0)
    check_epoch(tracer, ['--absolute-timestamps=unix,ns'], 9)
    check_epoch(tracer, ['--absolute-timestamps=precision:us,format:unix'], 6)
    lines = trace(tracer, ['--absolute-timestamps=format:none'])
    check_lines(lines, r'^[a-z+-]')


# The least a tracer can see of the program's 0.2 s sleep (see check_relative).
SLEEP_SEEN = 0.19


def check_relative(tracer, opts, digits, clock=''):
    frac = r'\.(\d{%d})' % digits if digits else '()'
    if clock:
        rx = clock + r' \(\+ {0,5}(\d+)' + frac + r'\) \S'
    else:
        rx = r'^ {0,5}(\d+)' + frac + r' \S'
    start = time.monotonic()
    lines = trace(tracer, opts)
    total = time.monotonic() - start
    ms = check_lines(lines, rx)
    deltas = [int(m.group(1)) + (float('0.' + m.group(2)) if digits else 0) for m in ms]
    if sum(deltas) > total:
        raise SystemExit(f'the deltas add up to {sum(deltas)} s, more than the whole run')
    after_sleep = [d for d, ln in zip(deltas, lines) if 'getppid' in ln]
    # Python sleeps to an absolute deadline it sets before the call, so the tracer's stamp at
    # the call's entry already eats into the 0.2 s: more so the slower the tracer (a sanitizer
    # build). Hence the slack.
    if digits and max(after_sleep) < SLEEP_SEEN:
        raise SystemExit('no delta covers the 0.2 s sleep:\n' + '\n'.join(lines))
    if not lines[0].startswith(' ') and not clock:
        raise SystemExit('seconds not padded to 6: ' + lines[0])


@case
def r(tracer):
    check_relative(tracer, ['-r'], 6)


@case
def relative_long(tracer):
    check_relative(tracer, ['--relative-timestamps=ns'], 9)
    check_relative(tracer, ['--relative-timestamps=ms'], 3)
    check_relative(tracer, ['--relative-timestamps=s'], 0)
    check_relative(tracer, ['--relative-timestamps'], 6)
    check_relative(tracer, ['-r', '--relative-timestamps=ms'], 3)   # the last one counts
    check_relative(tracer, ['--relative-timestamps=ms', '-r'], 6)


@case
def r_with_clock(tracer):
    check_relative(tracer, ['-tt', '-r'], 6, clock=r'^\d\d:\d\d:\d\d\.\d{6}')
    check_relative(tracer, ['-ttt', '--relative-timestamps=ns'], 9, clock=r'^\d{10,}\.\d{6}')


def check_durations(tracer, opts, digits):
    lines = trace(tracer, opts)
    tail = r' <(\d+)' + (r'\.(\d{%d})' % digits if digits else '()') + r'>$'
    for ln in lines:
        m = re.search(tail, ln)
        complete = re.search(r'\) += ', ln) and not ln.endswith('= ?')
        if complete and not m:
            raise SystemExit(f'no duration on a finished call: {ln}')
        if not complete and m:
            raise SystemExit(f'a duration on a line that is not a finished call: {ln}')
        if m and 'clock_nanosleep' in ln and digits:
            d = int(m.group(1)) + float('0.' + m.group(2))
            if d < SLEEP_SEEN or d > 10:
                raise SystemExit(f'the 0.2 s sleep took {d} s: {ln}')


@case
def T(tracer):
    check_durations(tracer, ['-T'], 6)


@case
def syscall_times_long(tracer):
    check_durations(tracer, ['--syscall-times=ns'], 9)
    check_durations(tracer, ['--syscall-times=ms'], 3)
    check_durations(tracer, ['--syscall-times=s'], 0)
    check_durations(tracer, ['--syscall-times'], 6)
    check_durations(tracer, ['-T', '--syscall-times=ns'], 9)


@case
def T_unfinished(tracer):
    # A child blocks in read while its parent prints: the read is split, and only the resumed
    # half carries the time, which covers the whole wait.
    prog = ['sh', '-c', '(sleep 0.3; echo x) | (read y; echo "$y" >/dev/null)']
    lines = trace(tracer, ['-f', '-tt', '-T'], prog, ['-e', 'trace=read,wait4'])
    for ln in lines:
        if ln.endswith('<unfinished ...>') and re.search(r'<\d+\.\d+> <unfinished', ln):
            raise SystemExit('a duration before <unfinished ...>: ' + ln)
        if '<... read resumed>' in ln:
            if not re.match(r'^\d+ +\d\d:\d\d:\d\d\.\d{6} <\.\.\. read resumed>.* <\d+\.\d{6}>$', ln):
                raise SystemExit('resumed line without time or duration: ' + ln)


@case
def i_lines(tracer):
    lines = trace(tracer, ['-i', '-n'])
    check_lines(lines, r'^\[ *\d+\] \[(?:[0-9a-f]{16}|\?{16})\] ')
    sig = [ln for ln in lines if '--- SIGUSR1' in ln]
    if not sig or '?' in sig[0]:
        raise SystemExit('signal line without its instruction pointer: %s' % sig)
    if not lines[-1].endswith('+++ exited with 0 +++') or '[????????????????]' not in lines[-1]:
        raise SystemExit('exit line: ' + lines[-1])
    if not re.match(r'^\[ *62\] ', sig[0]):  # kill(2), the call that raised it
        raise SystemExit('signal line does not carry the latest syscall number: ' + sig[0])


@case
def always_show_pid(tracer):
    lines = trace(tracer, ['--always-show-pid'])
    check_lines(lines, r'^\d+ +[a-z+-]')
    proc = subprocess.run([tracer, '--always-show-pid', '-e', 'trace=getppid', PY, '-c',
                           'import os; os.getppid()'], env=FIXED_ENV, capture_output=True,
                          timeout=60)
    got = [ln for ln in proc.stderr.decode().splitlines() if 'getppid' in ln]
    if not got or not re.match(r'^\[pid +\d+\] getppid\(\)', got[0]):
        raise SystemExit('no [pid N] prefix on stderr: %s' % got)


@case
def Y_prefix(tracer):
    lines = trace(tracer, ['-f', '-Y'], ['sh', '-c', 'exec ' + PY + ' -c "import os; os.getppid()"'],
                  ['-e', 'trace=getppid,execve,exit_group'])
    # The execve line still bears the tracer's name, read before the program replaced it.
    check_lines(lines, r'^\d+<(sh|python3|cxtrace|strace)> \S')
    if not any(re.match(r'^\d+<python3> getppid', ln) for ln in lines):
        raise SystemExit('command name not updated by execve:\n' + '\n'.join(lines))


@case
def bad_values(tracer):
    for opts, needle in [
            (['--absolute-timestamps=foo'], "invalid --absolute-timestamps argument: 'foo'"),
            (['--absolute-timestamps=precision:xs'], 'precision:xs'),
            (['--relative-timestamps=xx'], "invalid --relative-timestamps argument: 'xx'"),
            (['--syscall-times=1'], "invalid --syscall-times argument: '1'"),
            (['-X', 'foo'], "invalid -X argument: 'foo'"),
            (['--const-print-style=bar'], "invalid -X argument: 'bar'"),
            (['--decode-pids=pidns'], "invalid --decode-pids argument: 'pidns'"),
            (['-t', '--absolute-timestamps=ns'], '-t and --absolute-timestamps'),
    ]:
        with tempfile.TemporaryDirectory() as d:
            marker = os.path.join(d, 'ran')
            proc = subprocess.run([tracer] + opts + ['touch', marker], capture_output=True,
                                  timeout=30, env=FIXED_ENV)
            err = proc.stderr.decode()
            if proc.returncode != 1 or needle not in err.splitlines()[0] or os.path.exists(marker):
                raise SystemExit(f'{opts}: status {proc.returncode}, stderr {err!r}')
            if not err.startswith('cxtrace: ') or len(err.splitlines()) > 2:
                raise SystemExit(f'{opts}: not one clear message: {err!r}')


def main():
    return e2elib.run_cases(__doc__, CASES)


if __name__ == '__main__':
    sys.exit(main())
