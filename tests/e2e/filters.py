#!/usr/bin/env python3
"""End-to-end tests of the filter chain (-e trace/status/signal, -P, -z/-Z, --filename,
--socketcall, --filter, seccomp-bpf) on real programs.

Where strace has the selection, the test is differential: strace 6.1 and cxtrace trace the
same program with the same options, and the selected calls must be the same, in the same
order, with the same results. (Argument decoding is checked elsewhere; here the question is
which calls pass.) --filter has no strace counterpart: its cases check each printed line
against the pattern, and that some line was printed.

Usage: filters.py --tracer build/src/cxtrace CASE
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2elib import FIXED_ENV  # noqa: E402

STRACE = '/usr/bin/strace'
PY = '/usr/bin/python3'
PREFIX = re.compile(r'^(?:\d+ +|\[pid +\d+\] )')
LINE = re.compile(r'^(?:\d+ +)?(?:\[pid +\d+\] )?([a-z_0-9]+)\(.*\) += (.*)$')

# A loopback client and server, and a refused connection: network calls with both outcomes.
NET_PROG = [PY, '-c', '''
import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen()
c = socket.create_connection(s.getsockname()); a, _ = s.accept()
a.sendall(b"ping"); c.recv(4)
port = s.getsockname()[1]; s.close(); a.close(); c.close()
try:
    socket.create_connection(("127.0.0.1", port))
except OSError:
    pass
''']


def run(tracer, opts, prog, cwd):
    out = os.path.join(cwd, 'trace.%d' % len(os.listdir(cwd)))
    proc = subprocess.run([tracer, '-o', out] + opts + prog, cwd=cwd, env=FIXED_ENV,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=60)
    with open(out, errors='replace') as f:
        return proc, f.read().splitlines()


def calls(lines):
    """(name, result) of every complete syscall line, results without addresses."""
    out = []
    for line in lines:
        m = LINE.match(line)
        if m:
            result = re.sub(r'0x[0-9a-f]+', 'ADDR', m.group(2))
            out.append((m.group(1), result))
    return out


def differential(tracer, opts, prog):
    with tempfile.TemporaryDirectory() as d:
        _, ref = run(STRACE, opts, prog, d)
        _, got = run(tracer, opts, prog, d)
    want, have = calls(ref), calls(got)
    if not want:
        raise SystemExit('strace printed no calls for %s: the case tests nothing' % opts)
    if want != have:
        for i, (a, b) in enumerate(zip(want, have)):
            if a != b:
                raise SystemExit('differs at call %d: strace %s, cxtrace %s' % (i, a, b))
        raise SystemExit('strace printed %d calls, cxtrace %d' % (len(want), len(have)))


def without_filters(opts):
    """opts without the --filter/--filename/--socketcall selections."""
    out, skip = [], False
    for o in opts:
        if skip:
            skip = False
        elif o == '--filter':
            skip = True
        elif o not in ('--filename', '--socketcall'):
            out.append(o)
    return out


def pattern(tracer, opts, prog, check, exact=True):
    """Every line shown passes `check`; with `exact`, the shown calls are also exactly those of
    an unfiltered trace of the same program that pass it (nothing matching was left out)."""
    with tempfile.TemporaryDirectory() as d:
        proc, lines = run(tracer, opts, prog, d)
        if exact:
            _, full = run(tracer, without_filters(opts), prog, d)
    if proc.returncode != 0:
        raise SystemExit('exit status %d: %s' % (proc.returncode, proc.stderr.decode()))
    shown = [PREFIX.sub('', line) for line in lines if LINE.match(line)]
    if not shown:
        raise SystemExit('nothing matched %s' % opts)
    for line in shown:
        if not check(line):
            raise SystemExit('line should not have passed %s: %s' % (opts, line))
    if exact:
        want = calls([line for line in map(lambda ln: PREFIX.sub('', ln), full)
                      if LINE.match(line) and check(line)])
        if calls(shown) != want:
            raise SystemExit('%s showed %s, the unfiltered trace has %s matching' %
                             (opts, calls(shown), want))


def bad(tracer, opts, expect):
    with tempfile.TemporaryDirectory() as d:
        marker = os.path.join(d, 'ran')
        proc = subprocess.run([tracer] + opts + ['/usr/bin/touch', marker], env=FIXED_ENV,
                              capture_output=True, timeout=30)
        err = proc.stderr.decode()
        if proc.returncode != 1:
            raise SystemExit('exit status %d, want 1' % proc.returncode)
        if os.path.exists(marker):
            raise SystemExit('the program ran despite the bad option')
        if err.count('\n') != 1 or expect not in err:
            raise SystemExit('want one line containing %r, got %r' % (expect, err))


CAT = ['/usr/bin/cat', '/etc/hostname']
# Opens a file under /tmp and one elsewhere.
TMP_PROG = ['/bin/sh', '-c', 'f=$(mktemp) && cat /etc/hostname > "$f" && cat "$f" && rm "$f"']
# Reads its standard input (a file) and another file.
STDIN_PROG = ['/bin/sh', '-c', 'cat - /etc/hostname < /etc/hostname']
AAA_PROG = ['/bin/sh', '-c', 'cat /etc/hostname /%s 2>/dev/null; true' % ('a' * 64)]
LS = ['/usr/bin/ls', '-l', '/etc']
SIGNAL_PROG = ['/bin/sh', '-c', 'trap "exit 3" USR1; kill -USR1 $$; sleep 1']

CASES = {
    'trace_names': lambda t: differential(t, ['-e', 'trace=openat,close'], CAT),
    'trace_bare': lambda t: differential(t, ['-e', 'openat'], CAT),
    'trace_negated': lambda t: differential(t, ['-e', 'trace=!mmap,mprotect,openat,set_tid_address'], CAT),
    'trace_class_file': lambda t: differential(t, ['-e', 'trace=%file'], LS),
    'trace_class_desc': lambda t: differential(t, ['-e', 'trace=%desc'], CAT),
    'trace_class_memory': lambda t: differential(t, ['-e', 'trace=%memory'], CAT),
    'trace_class_stat': lambda t: differential(t, ['-e', 'trace=%%stat'], LS),
    'trace_class_network': lambda t: differential(t, ['-f', '-e', 'trace=%net'], NET_PROG),
    'trace_regex': lambda t: differential(t, ['-e', 'trace=/^(open|clo)'], CAT),
    'trace_optional': lambda t: differential(t, ['-e', 'trace=?nosuchcall,close'], CAT),
    'trace_last_wins': lambda t: differential(t, ['-e', 'trace=close', '-e', 'trace=openat'], CAT),
    'status_failed': lambda t: differential(t, ['-e', 'status=failed'], LS),
    'status_successful': lambda t: differential(t, ['-z', '-e', 'trace=openat'], LS),
    'failed_only': lambda t: differential(t, ['-Z'], CAT),
    'trace_path': lambda t: differential(t, ['-P', '/etc/hostname'], CAT),
    'socketcall': lambda t: differential_against(t, ['-f', '--socketcall'],
                                                 ['-f', '-e', 'trace=%network'], NET_PROG),
    'seccomp_same_as_ptrace': lambda t: same_output(
        t, ['-f', '-e', 'trace=openat,close', '--seccomp-bpf'],
        ['-f', '-e', 'trace=openat,close', '--no-seccomp-bpf'], LS),
    # Nothing selected: only the signal and exit lines, and (-f, cxtrace starts the program)
    # the kernel filter stops the program at no syscall at all.
    'trace_none': lambda t: same_lines_as_strace(t, ['-f', '-e', 'trace=none'], SIGNAL_PROG),
    'trace_none_seccomp': lambda t: filter_used(t, ['-f', '-e', 'trace=none'], SIGNAL_PROG),
    'filename': lambda t: pattern(t, ['--filename'], CAT,
                                  lambda l: '"' in l and not l.startswith(('read(', 'write(')),
                                  exact=False),
    'filter_tmp_example': lambda t: pattern(
        t, ['--filter', 'open:/tmp/.*'], TMP_PROG,
        lambda l: l.startswith(('open(', 'openat(')) and '"/tmp/' in l),
    'filter_connect_addr': lambda t: pattern(
        t, ['-f', '--filter', r'connect:addr~127\.0\.0\.1'], NET_PROG,
        lambda l: l.startswith('connect(') and 'inet_addr("127.0.0.1")' in l),
    'filter_read_stdin': lambda t: pattern(t, ['-f', '--filter', 'read:fd=0'], STDIN_PROG,
                                           lambda l: l.startswith('read(0,')),
    # (a*)*Z takes exponential time in a backtracking engine on the long run of a's that one
    # path is; RE2 is linear.
    'filter_regex_linear': lambda t: pattern(
        t, ['-f', '--filter', 'openat:pathname~(a*)*Z|hostname'], AAA_PROG,
        lambda l: l.startswith('openat(') and '"/etc/hostname"' in l),
    'filter_path_regex': lambda t: pattern(t, ['--filter', 'open:/etc/host.*'], CAT,
                                           lambda l: l.startswith('openat(AT_FDCWD, "/etc/host')),
    'filter_flags_ret': lambda t: pattern(
        t, ['--filter', 'openat:flags&O_CLOEXEC,ret>=0'], LS,
        lambda l: l.startswith('openat(') and 'O_CLOEXEC' in l and '= -1' not in l),
    'filter_fd': lambda t: pattern(t, ['--filter', 'close:fd=3'], CAT,
                                   lambda l: l.startswith('close(3)')),
    'filter_errno': lambda t: pattern(t, ['-f', '--filter', '%network:errno=ECONNREFUSED'],
                                      NET_PROG, lambda l: 'ECONNREFUSED' in l),
    'filter_text': lambda t: pattern(t, ['--filter', r'openat:pathname~"/etc/host'], CAT,
                                     lambda l: l.startswith('openat(AT_FDCWD, "/etc/host')),
    'filter_regex_name': lambda t: pattern(
        t, ['--filter', '/^mmap|mprotect$/:prot&PROT_EXEC'], CAT,
        lambda l: l.startswith(('mmap(', 'mprotect(')) and 'PROT_EXEC' in l),
    'filter_any_of': lambda t: pattern(
        t, ['--filter', 'close', '--filter', 'openat:ret>=0'], CAT,
        lambda l: l.startswith('close(') or (l.startswith('openat(') and '= -1' not in l)),
    'signal_all': lambda t: signal_lines(t, ['-e', 'trace=none'], SIG_PROG, ['SIGUSR1', 'SIGUSR2']),
    'signal_one': lambda t: signal_lines(t, ['-e', 'trace=none', '-e', 'signal=USR2'], SIG_PROG,
                                         ['SIGUSR2']),
    'signal_negated': lambda t: signal_lines(t, ['-e', 'trace=none', '-e', 'signal=!SIGUSR2'],
                                             SIG_PROG, ['SIGUSR1']),
    'quiet_exit': lambda t: exit_lines(t, ['-e', 'trace=none', '-e', 'quiet=exit'], CAT, 0),
    'quiet_none': lambda t: exit_lines(t, ['-e', 'trace=none'], CAT, 1),
    'bad_syscall_name': lambda t: bad(t, ['-e', 'trace=opne'], "did you mean 'open'"),
    'bad_class': lambda t: bad(t, ['-e', 'trace=%bogus'], "unknown class '%bogus'"),
    'bad_regex': lambda t: bad(t, ['--filter', 'open:(unclosed'], 'invalid regular expression'),
    'bad_key': lambda t: bad(t, ['--filter', 'openat:flagz&O_CREAT'], "unknown key 'flagz'"),
    'bad_symbol': lambda t: bad(t, ['--filter', 'openat:flags&O_CRAET'], "'O_CRAET'"),
    'bad_filter_name': lambda t: bad(t, ['--filter', 'opn:/tmp'], "did you mean 'open'"),
    'bad_status': lambda t: bad(t, ['-e', 'status=broken'], "invalid status 'broken'"),
    'bad_signal': lambda t: bad(t, ['-e', 'signal=SIGFOO'], "invalid signal 'SIGFOO'"),
}


SIG_PROG = [PY, '-c', '''
import os, signal
signal.signal(signal.SIGUSR1, lambda *a: None)
signal.signal(signal.SIGUSR2, lambda *a: None)
os.kill(os.getpid(), signal.SIGUSR1)
os.kill(os.getpid(), signal.SIGUSR2)
''']


def signal_lines(tracer, opts, prog, want):
    """The --- SIGNAME lines shown are exactly `want`, for strace and for cxtrace."""
    with tempfile.TemporaryDirectory() as d:
        for t in (STRACE, tracer):
            _, lines = run(t, opts, prog, d)
            names = [l.split()[1] for l in lines if l.startswith('--- SIG')]
            if names != want:
                raise SystemExit('%s %s shows signals %s, want %s' % (t, opts, names, want))


def exit_lines(tracer, opts, prog, want):
    """How many +++ exited lines each tracer prints with `opts`."""
    with tempfile.TemporaryDirectory() as d:
        for t in (STRACE, tracer):
            _, lines = run(t, opts, prog, d)
            n = sum(1 for l in lines if '+++ exited with' in l)
            if n != want:
                raise SystemExit('%s %s printed %d exit lines, want %d' % (t, opts, n, want))


def differential_against(tracer, ours, theirs, prog):
    """cxtrace with `ours` selects what strace selects with `theirs`."""
    with tempfile.TemporaryDirectory() as d:
        _, ref = run(STRACE, theirs, prog, d)
        _, got = run(tracer, ours, prog, d)
    if not calls(ref) or calls(ref) != calls(got):
        raise SystemExit('%s selects differently from strace %s' % (ours, theirs))


def same_output(tracer, a, b, prog):
    with tempfile.TemporaryDirectory() as d:
        _, one = run(tracer, a, prog, d)
        _, two = run(tracer, b, prog, d)
    if not calls(one) or calls(one) != calls(two):
        raise SystemExit('%s and %s print different calls' % (a, b))


def same_lines_as_strace(tracer, opts, prog):
    """The whole trace as strace prints it, pids aside."""
    with tempfile.TemporaryDirectory() as d:
        _, ref = run(STRACE, opts, prog, d)
        _, got = run(tracer, opts, prog, d)
    want, have = ([re.sub(r'\b(si_pid=)?\d{2,}\b', 'N', l) for l in t] for t in (ref, got))
    if not want or want != have:
        raise SystemExit('strace printed %s, cxtrace %s' % (want, have))


def filter_used(tracer, opts, prog):
    with tempfile.TemporaryDirectory() as d:
        proc, _ = run(tracer, ['-d'] + opts, prog, d)
    if 'seccomp-bpf filter: on' not in proc.stderr.decode(errors='replace'):
        raise SystemExit('%s did not use the seccomp-bpf filter' % ' '.join(opts))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--tracer', required=True)
    ap.add_argument('case', nargs='?')
    ap.add_argument('--list', action='store_true')
    opts = ap.parse_args()
    if opts.list:
        print('\n'.join(CASES))
        return
    CASES[opts.case](os.path.abspath(opts.tracer))
    print('ok', opts.case)


if __name__ == '__main__':
    main()
