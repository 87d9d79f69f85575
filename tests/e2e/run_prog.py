#!/usr/bin/env python3
"""Run one program test in strace's own style.

A test program (tests/progs/NAME.c) makes syscalls and prints on stdout the exact trace lines
it expects. Its source names the tracer options in a header comment:

    // cxtrace-args: -a 24 -e raw=all -e trace=close

This runner executes `TRACER -o TRACEFILE ARGS... PROG`, takes PROG's stdout as the expected
text, and compares it with the trace file exactly (a unified diff on mismatch). The tracer's
own exit status must be the program's, as the last `+++ ... +++` line of the expectation says:
`+++ exited with N +++` means N, `+++ killed by SIGX +++` means the tracer died of SIGX.

--emulate-filters is for a tracer without -e yet: the runner drops the -e options and applies
`trace=` itself to the trace file (keeping signal, exit and unknown-syscall lines, as strace
does, and joining a call that only a dropped line had split into `<unfinished ...>` and
`<... resumed>`); `raw=all` becomes --raw-args (nothing by default: such a tracer is expected
to print every argument raw anyway).

Exit status: 0 pass, 1 fail, 77 skipped.
"""

import argparse
import difflib
import os
import re
import shlex
import signal
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import e2elib  # noqa: E402

HEADER = re.compile(r'^\s*//\s*cxtrace-(args|timeout|after):(.*)$')


def read_header(source):
    """Returns (args, timeout). `// cxtrace-after: REGEX` (kept in read_header.after) drops the
    trace up to and including the first line matching REGEX: a marker call the program makes
    once the loader's own openat/mmap/execve calls are over."""
    args, timeout = [], 20.0
    read_header.after = None
    with open(source) as f:
        for line in f:
            m = HEADER.match(line)
            if not m:
                continue
            if m.group(1) == 'args':
                args += shlex.split(m.group(2))
            elif m.group(1) == 'after':
                read_header.after = re.compile(m.group(2).strip())
            else:
                timeout = float(m.group(2))
    return args, timeout


def split_filter_options(args):
    """Separate -e/--trace-style filter options from the rest: (others, [expr, ...])."""
    rest, exprs = [], []
    i = 0
    while i < len(args):
        a = args[i]
        if a == '-e':
            exprs.append(args[i + 1])
            i += 2
            continue
        if a.startswith('-e') and len(a) > 2:
            exprs.append(a[2:])
        elif a.startswith('--trace='):
            exprs.append('trace=' + a[len('--trace='):])
        else:
            rest.append(a)
        i += 1
    return rest, exprs


LINE = re.compile(r'^((?:\[pid +\d+\] |\d+ +)?)(.*)$')
CALL = re.compile(r'^(?:<\.\.\. )?([a-z0-9_]+)(?:\(| resumed>)')
UNFINISHED = re.compile(r'^([a-z0-9_]+)(\(.*) <unfinished \.\.\.>$')
RESUMED = re.compile(r'^<\.\.\. ([a-z0-9_]+) resumed>(.*)$')
RESULT = re.compile(r'^(.*\)) +(= .*)$')


def column_of(args):
    """The -a/--columns value among the tracer options (40 when absent)."""
    col = 40
    for i, a in enumerate(args):
        if a in ('-a', '--columns') and i + 1 < len(args):
            col = int(args[i + 1])
        elif a.startswith('--columns='):
            col = int(a.split('=', 1)[1])
        elif a.startswith('-a') and a[2:].isdigit():
            col = int(a[2:])
    return col


def emulate(trace_text, exprs, column):
    """Apply `-e trace=LIST` to trace text the way the tracer would have: drop the lines of
    other syscalls, and join a call that only a dropped line had split in two."""
    wanted = None  # None: everything
    for e in exprs:
        key, _, value = e.partition('=')
        if key in ('t', 'trace'):
            wanted = None if value == 'all' else set() if value == 'none' else set(value.split(','))
        elif key == 'raw' and value == 'all':
            pass
        else:
            raise SystemExit(f'run_prog: cannot emulate -e {e}')
    if wanted is None:
        return trace_text
    kept = []
    for line in trace_text.splitlines():
        prefix, body = LINE.match(line).groups()
        if body.startswith('---') or body.startswith('+++'):
            kept.append((prefix, body))
            continue
        m = CALL.match(body)
        if m is None or m.group(1) in wanted or m.group(1).startswith('syscall_0x'):
            kept.append((prefix, body))
    out = []
    for prefix, body in kept:
        r = RESUMED.match(body)
        if r and out:
            last_prefix, last_body = out[-1]
            u = UNFINISHED.match(last_body)
            if u and last_prefix == prefix and u.group(1) == r.group(1):
                joined = u.group(1) + u.group(2) + r.group(2)
                m = RESULT.match(joined)
                if m:
                    width = len(prefix) + len(m.group(1))
                    pad = column - width if width < column else 1
                    joined = m.group(1) + ' ' * pad + m.group(2)
                out[-1] = (prefix, joined)
                continue
        out.append((prefix, body))
    return ''.join(p + b + '\n' for p, b in out)


def expected_status(expected):
    """The tracer's exit status implied by the last exit line (returncode convention)."""
    for line in reversed(expected.splitlines()):
        body = LINE.match(line).group(2)
        m = re.match(r'^\+\+\+ exited with (\d+) \+\+\+$', body)
        if m:
            return int(m.group(1))
        m = re.match(r'^\+\+\+ killed by (SIG[A-Z0-9]+)( \(core dumped\))? \+\+\+$', body)
        if m:
            return -int(signal.Signals[m.group(1)])
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--tracer', required=True)
    ap.add_argument('--prog', required=True, help='the built test program')
    ap.add_argument('--source', required=True, help='its .c file (for the cxtrace-args header)')
    ap.add_argument('--emulate-filters', action='store_true',
                    help='the tracer has no -e yet: apply trace= here instead')
    ap.add_argument('--raw-args', default='',
                    help='with --emulate-filters: what to pass instead of -e raw=all '
                         '(e.g. "-X raw"; default nothing: the tracer prints raw anyway)')
    ap.add_argument('--keep', action='store_true', help='keep the temporary directory')
    opts = ap.parse_args()

    tracer = os.path.abspath(opts.tracer) if os.sep in opts.tracer else opts.tracer
    args, timeout = read_header(opts.source)
    exprs = []
    if opts.emulate_filters:
        args, exprs = split_filter_options(args)
        if 'raw=all' in exprs:
            args = shlex.split(opts.raw_args) + args

    tmp = tempfile.mkdtemp(prefix='cxtrace-prog-')
    trace_path = os.path.join(tmp, 'trace')
    argv = [tracer, '-o', trace_path] + args + [os.path.abspath(opts.prog)]
    print('$', ' '.join(shlex.quote(a) for a in argv))
    try:
        with e2elib.Processes() as procs:
            rc, out, err = e2elib.run(procs, argv, timeout=timeout, cwd=tmp)
        expected = out.decode('utf-8', 'replace')
        try:
            with open(trace_path, encoding='utf-8', errors='replace') as f:
                actual = f.read()
        except FileNotFoundError:
            actual = ''
        if exprs:
            actual = emulate(actual, exprs, column_of(args))
        if read_header.after is not None:
            lines = actual.splitlines(keepends=True)
            marks = [i for i, line in enumerate(lines) if read_header.after.search(line)]
            if marks:
                actual = ''.join(lines[marks[0] + 1:])

        failures = []
        if not expected:
            failures.append('the program printed no expectation (did it run at all?)')
        if actual != expected:
            diff = difflib.unified_diff(expected.splitlines(keepends=True),
                                        actual.splitlines(keepends=True),
                                        'expected (program stdout)', 'actual (trace file)')
            failures.append('trace differs from the expectation:\n' + ''.join(diff))
        want_rc = expected_status(expected)
        if want_rc is not None and rc != want_rc:
            failures.append(f'tracer ended with {e2elib.describe_status(rc)}, '
                            f'expected {e2elib.describe_status(want_rc)}')
        if failures:
            for f in failures:
                print('FAIL:', f)
            if err:
                print('--- tracer stderr ---')
                print(err.decode('utf-8', 'replace')[-4000:])
            return 1
        print(actual, end='')
        print(f'ok: {len(expected.splitlines())} lines as expected, '
              f'{e2elib.describe_status(rc)}')
        return 0
    except e2elib.Failure as e:
        print('FAIL:', e)
        return 1
    finally:
        if not opts.keep:
            import shutil
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == '__main__':
    sys.exit(main())
