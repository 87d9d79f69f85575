#!/usr/bin/env python3
"""End-to-end tests of the syscall summary: -c, -C, -S, -U, -w, -f with -c, and cxtrace's own
--summary-latency and --summary-interval, on real traced programs.

What is deterministic is checked exactly: which syscalls have rows, their calls and errors,
the header, divider and total lines, the column widths, the row order where the sort key is a
count or a name. Times are checked only for their format and for what they must satisfy (a
100 ms sleep takes at least 100 ms of wall-clock time). Where strace has the option, the case
runs strace 6.1 too and compares the tables with the time columns blanked out.

    summary.py --tracer build/src/cxtrace --progs-dir build/tests/progs CASE
    summary.py --tracer /usr/bin/strace --progs-dir build/tests/progs CASE   # validates a case
    summary.py --list
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2elib import FIXED_ENV, SKIP  # noqa: E402

STRACE = '/usr/bin/strace'
HEADER = '% time     seconds  usecs/call     calls    errors syscall'
DIVIDER = '------ ----------- ----------- --------- --------- ----------------'
# A row of the default table: % time, seconds, usecs/call, calls, errors (blank when 0), name.
ROW = re.compile(r'^([ \d]{2}\d\.\d\d) ([ \d]{3,}\d\.\d{6}) ([ \d]{10,}\d) ([ \d]{8,}\d) '
                 r'([ \d]{9,}) (\S+)$')

# Real programs whose syscall counts do not change between two runs (checked: the
# differential case compares only rows on which two strace runs agree).
REAL_PROGRAMS = {
    'ls': ['/usr/bin/ls', '-l', '/etc'],
    'cat': ['/usr/bin/cat', '/etc/passwd', '/nonexistent'],
    'stat': ['/usr/bin/stat', '/etc/passwd', '/usr/bin'],
    'sh': ['/bin/sh', '-c', 'echo hi > /dev/null; /bin/true; cat /nonexistent 2>/dev/null; exit 0'],
    'python': ['/usr/bin/python3', '-S', '-c', 'import os; os.listdir("/etc")'],
}


class Ctx:
    def __init__(self, tracer, progs_dir):
        self.tracer = os.path.abspath(tracer) if os.sep in tracer else tracer
        self.progs_dir = os.path.abspath(progs_dir)
        self.strace = os.path.basename(tracer).startswith('strace')

    def helper(self, *args):
        return [os.path.join(self.progs_dir, 'helper_summary')] + list(args)


def fail(msg):
    raise SystemExit(msg)


def run(tracer, opts, prog, timeout=60):
    """Runs the tracer; returns (exit status, stderr text)."""
    proc = subprocess.run([tracer] + opts + prog, env=FIXED_ENV, stdin=subprocess.DEVNULL,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=timeout)
    return proc.returncode, proc.stderr.decode(errors='replace')


def tables(text):
    """Every summary table in `text`: a list of (header, divider, rows, total), each row the
    line split into fields by the divider's column spans."""
    lines = text.splitlines()
    out = []
    i = 0
    while i < len(lines):
        if i + 1 < len(lines) and re.fullmatch(r'-+( -+)*', lines[i + 1]) and \
                'syscall' in lines[i]:
            header, divider = lines[i], lines[i + 1]
            j = i + 2
            rows = []
            while j < len(lines) and lines[j] != divider:
                rows.append(lines[j])
                j += 1
            if j + 1 >= len(lines):
                fail('table without its closing divider and total:\n' + '\n'.join(lines[i:]))
            out.append((header, divider, rows, lines[j + 1]))
            i = j + 2
        else:
            i += 1
    return out


def the_table(text):
    t = tables(text)
    if len(t) != 1:
        fail('want exactly one table, found %d in:\n%s' % (len(t), text))
    return t[0]


def spans(divider):
    return [(m.start(), m.end()) for m in re.finditer(r'-+', divider)]


def fields(line, divider):
    """The line cut at the divider's columns (the last one runs to the end of the line)."""
    sp = spans(divider)
    out = []
    for k, (a, b) in enumerate(sp):
        out.append(line[a:] if k == len(sp) - 1 else line[a:b])
    return [f.strip() for f in out]


def named(table):
    """{column header: index} and the rows as field lists, total last."""
    header, divider, rows, total = table
    names = fields(header, divider)
    return names, [fields(r, divider) for r in rows] + [fields(total, divider)]


def counts(table):
    """{syscall: (calls, errors)} from a table that has those columns."""
    names, rows = named(table)
    c, e, n = names.index('calls'), names.index('errors'), names.index('syscall')
    return {r[n]: (int(r[c]), int(r[e] or 0)) for r in rows}


def check_default_layout(table):
    header, divider, rows, total = table
    if header != HEADER or divider != DIVIDER:
        fail('header/divider differ from strace\'s:\n%s\n%s' % (header, divider))
    for r in rows + [total]:
        if not ROW.match(r):
            fail('row not in strace\'s format: %r' % r)
        if len(r) < len(DIVIDER) - 16 + 1:
            fail('row shorter than the columns: %r' % r)
    if not total.startswith('100.00 ') or not total.endswith(' total'):
        fail('total line: %r' % total)
    c = counts(table)
    tot = c.pop('total')
    if tot != (sum(v[0] for v in c.values()), sum(v[1] for v in c.values())):
        fail('the total line %s is not the sum of the rows %s' % (tot, c))
    pct = sum(float(r[:6]) for r in rows)
    if pct != 0 and abs(pct - 100) > 0.1 * len(rows):
        fail('percentages add up to %.2f' % pct)


# ---------------------------------------------------------------------------------------------
# Cases

CASES = {}


def case(fn):
    CASES[fn.__name__] = fn
    return fn


@case
def counts_known(ctx):
    """10 getppid, 3 failing openat (after the loader's 2), 2 getpid; nothing but the table."""
    status, err = run(ctx.tracer, ['-c'], ctx.helper('calls'))
    if status != 0:
        fail('exit status %d' % status)
    t = the_table(err)
    check_default_layout(t)
    c = counts(t)
    for name, want in [('getppid', (10, 0)), ('openat', (5, 3)), ('getpid', (2, 0)),
                       ('execve', (1, 0))]:
        if c.get(name) != want:
            fail('%s: want calls/errors %s, got %s' % (name, want, c.get(name)))
    if 'exit_group' in c:
        fail('exit_group never returns and is not counted')
    lines = err.splitlines()
    if len(lines) != len(t[2]) + 4:
        fail('stderr has more than the table:\n' + err)


@case
def header_footer_exact(ctx):
    """The fixed lines, byte for byte: header, both dividers, the total's form."""
    _, err = run(ctx.tracer, ['-c'], ctx.helper('calls'))
    lines = err.splitlines()
    if lines[0] != HEADER or lines[1] != DIVIDER or lines[-2] != DIVIDER:
        fail('fixed lines differ:\n' + err)
    if not re.fullmatch(r'100\.00 +\d+\.\d{6} +\d+ +\d+ +\d* total', lines[-1]):
        fail('total line: %r' % lines[-1])
    if not err.endswith(' total\n'):
        fail('the table ends with the total line and a newline')


def sort_case(key, check):
    def fn(ctx):
        status, err = run(ctx.tracer, ['-c', '-S', key], ctx.helper('calls'))
        t = the_table(err)
        names, rows = named(t)
        rows = rows[:-1]
        check(names, rows)
        if not ctx.strace and key != 'time':
            # Counts and names are deterministic: the whole order must be strace's.
            _, ref = run(STRACE, ['-c', '-S', key], ctx.helper('calls'))
            want = [r[-1] for r in named(the_table(ref))[1][:-1]]
            got = [r[-1] for r in rows]
            if want != got:
                fail('-S %s: strace orders %s, got %s' % (key, want, got))
    fn.__name__ = 'sort_' + key.replace('-', '_')
    CASES[fn.__name__] = fn


def nonincreasing(col, conv):
    def check(names, rows):
        vals = [conv(r[names.index(col)]) for r in rows]
        if vals != sorted(vals, reverse=True):
            fail('%s not in decreasing order: %s' % (col, vals))
    return check


def by_name(names, rows):
    vals = [r[names.index('syscall')] for r in rows]
    if vals != sorted(vals):
        fail('names not in order: %s' % vals)


sort_case('time', nonincreasing('seconds', float))
sort_case('calls', nonincreasing('calls', int))
sort_case('errors', nonincreasing('errors', lambda s: int(s or 0)))
sort_case('name', by_name)
sort_case('nothing', lambda names, rows: None)
sort_case('count', nonincreasing('calls', int))


def columns_case(spec, want_header):
    def fn(ctx):
        status, err = run(ctx.tracer, ['-c', '-U', spec], ctx.helper('calls'))
        t = the_table(err)
        if t[0] != want_header:
            fail('-U %s: header %r, want %r' % (spec, t[0], want_header))
        names, rows = named(t)
        if len(names) != len(spans(t[1])):
            fail('divider does not match the header')
        if not ctx.strace:
            _, ref = run(STRACE, ['-c', '-U', spec], ctx.helper('calls'))
            rt = the_table(ref)
            if (rt[0], rt[1]) != (t[0], t[1]):
                fail('header/divider differ from strace:\n%s\n%s\n%s\n%s' % (rt[0], rt[1], t[0], t[1]))
            keep = [k for k, n in enumerate(names) if n in ('calls', 'errors', 'syscall')]
            want = sorted(tuple(r[k] for k in keep) for r in named(rt)[1])
            got = sorted(tuple(r[k] for k in keep) for r in rows)
            if want != got:
                fail('-U %s: rows differ from strace\'s:\n%s\n%s' % (spec, want, got))
            # Trailing blanks too: the name column is padded unless it is last.
            for mine, theirs in zip(sorted(t[2], key=lambda x: x.split()[-1]),
                                    sorted(rt[2], key=lambda x: x.split()[-1])):
                if len(mine) != len(theirs):
                    fail('row widths differ: %r vs strace %r' % (mine, theirs))
    fn.__name__ = 'columns_' + re.sub(r'\W', '_', spec)
    CASES[fn.__name__] = fn


columns_case('calls,errors', '    calls    errors syscall')
columns_case('name,calls', 'syscall              calls')
columns_case('errors,name,calls', '   errors syscall              calls')
columns_case('time,min-time,max-time,avg-time,calls,errors,name',
             '% time shortest  longest  usecs/call     calls    errors syscall')
columns_case('total-time,shortest,longest,count,error,syscall-name',
             '    seconds shortest  longest     calls    errors syscall')


@case
def summary_and_trace(ctx):
    """-C: the whole trace, then the table after the exit line."""
    status, err = run(ctx.tracer, ['-C'], ctx.helper('calls'))
    lines = err.splitlines()
    if sum(1 for line in lines if line.startswith('getppid()')) != 10:
        fail('-C: want 10 getppid lines in the trace:\n' + err)
    exit_at = lines.index('+++ exited with 0 +++')
    if lines[exit_at + 1] != HEADER:
        fail('-C: the table follows the exit line')
    c = counts(the_table(err))
    if c['getppid'] != (10, 0) or c['openat'] != (5, 3):
        fail('-C counts: %s' % c)


@case
def output_file(ctx):
    """-c -o FILE: the table goes to the file, stderr stays empty."""
    with tempfile.TemporaryDirectory() as d:
        out = os.path.join(d, 'summary.txt')
        status, err = run(ctx.tracer, ['-c', '-o', out], ctx.helper('calls'))
        with open(out) as f:
            text = f.read()
    if err:
        fail('stderr should be empty: %r' % err)
    c = counts(the_table(text))
    if c['getppid'] != (10, 0):
        fail('counts in the file: %s' % c)


@case
def follow_sums(ctx):
    """-f -c: one table for both processes, the counts summed."""
    status, err = run(ctx.tracer, ['-f', '-c'], ctx.helper('fork'))
    t = the_table(err)
    check_default_layout(t)
    c = counts(t)
    if c.get('getppid') != (20, 0) or c.get('getpid') != (4, 0):
        fail('-f sums: %s' % c)
    if c['openat'][1] != 6:
        fail('-f: want 6 failed openat, got %s' % (c['openat'],))
    if not re.search(r'Process \d+ attached', err):
        fail('-f -c still reports the new process')
    # Without -f only the parent's calls.
    _, err = run(ctx.tracer, ['-c'], ctx.helper('fork'))
    if counts(the_table(err)).get('getppid') != (10, 0):
        fail('without -f, only the parent counts')


@case
def filters(ctx):
    """-e trace= and -P select what is counted; -z/-Z and -e status= do not (as strace)."""
    _, err = run(ctx.tracer, ['-c', '-e', 'trace=getppid,openat'], ctx.helper('calls'))
    c = counts(the_table(err))
    if set(c) != {'getppid', 'openat', 'total'}:
        fail('-e trace=getppid,openat counted %s' % sorted(c))
    _, err = run(ctx.tracer, ['-c', '-P', '/nonexistent/cxtrace-summary'], ctx.helper('calls'))
    c = counts(the_table(err))
    if c != {'openat': (3, 3), 'total': (3, 3)}:
        fail('-P counted %s' % c)
    _, full = run(ctx.tracer, ['-c'], ctx.helper('calls'))
    for opt in (['-z'], ['-Z'], ['-e', 'status=failed']):
        _, err = run(ctx.tracer, ['-c'] + opt, ctx.helper('calls'))
        if counts(the_table(err)) != counts(the_table(full)):
            fail('%s changed the counts' % opt)
    status, err = run(ctx.tracer, ['-c', '-e', 'trace=none'], ctx.helper('calls'))
    if err != '' or status != 0:
        fail('nothing counted: nothing printed, got %r' % err)


@case
def wall_clock(ctx):
    """-w measures wall-clock time: 3 sleeps of 100 ms are at least 0.3 s. Without it, the
    system CPU time of a sleep is far less."""
    _, err = run(ctx.tracer, ['-c', '-w'], ctx.helper('sleep', '3'))
    names, rows = named(the_table(err))
    row = [r for r in rows if r[-1] == 'nanosleep'][0]
    if float(row[names.index('seconds')]) < 0.3 or int(row[names.index('usecs/call')]) < 100000:
        fail('-w: nanosleep row %s' % row)
    if rows[0][-1] != 'nanosleep':
        fail('-w: the sleeps take the most time, so nanosleep sorts first')
    _, err = run(ctx.tracer, ['-c'], ctx.helper('sleep', '3'))
    names, rows = named(the_table(err))
    row = [r for r in rows if r[-1] == 'nanosleep'][0]
    if float(row[names.index('seconds')]) >= 0.3:
        fail('without -w, a sleep costs little system time: %s' % row)


@case
def latency(ctx):
    """--summary-latency: p50, p99 and max columns before the name; 100 ms sleeps measure
    100 ms and a little more."""
    if ctx.strace:
        return SKIP
    _, err = run(ctx.tracer, ['-c', '--summary-latency'], ctx.helper('sleep', '5'))
    t = the_table(err)
    want = HEADER.replace(' syscall', '   p50-usecs   p99-usecs   max-usecs syscall')
    if t[0] != want:
        fail('header %r, want %r' % (t[0], want))
    names, rows = named(t)
    row = [r for r in rows if r[-1] == 'nanosleep'][0]
    p50, p99, mx = (int(row[names.index(n)]) for n in ('p50-usecs', 'p99-usecs', 'max-usecs'))
    if not (100000 <= p50 <= p99 <= mx < 1000000):
        fail('nanosleep latency p50 %d p99 %d max %d' % (p50, p99, mx))
    total = rows[-1]
    if int(total[names.index('max-usecs')]) != mx:
        fail('the total max is the largest call')
    if int(row[names.index('calls')]) != 5:
        fail('5 sleeps')
    # With -U and the name not last: at the end of the line.
    _, err = run(ctx.tracer, ['-C', '--summary-latency', '-U', 'name,calls'], ctx.helper('calls'))
    t = tables(err)[-1]
    if t[0] != 'syscall              calls   p50-usecs   p99-usecs   max-usecs':
        fail('-U name,calls with latency: %r' % t[0])


@case
def interval(ctx):
    """--summary-interval=0.4 on a 1.5 s program: at least two tables while it runs, each
    under its elapsed-time line, then the final one."""
    if ctx.strace:
        return SKIP
    _, err = run(ctx.tracer, ['-c', '--summary-interval=0.4'], ctx.helper('sleep', '15'))
    marks = re.findall(r'^--- (final )?summary after (\d+\.\d{3}) s ---$', err, re.M)
    ts = tables(err)
    periodic = [m for m in marks if not m[0]]
    if len(periodic) < 2 or len(ts) != len(marks):
        fail('want 2+ periodic tables, each with its line:\n' + err)
    if marks[-1][0] != 'final ' or sum(1 for m in marks if m[0]) != 1:
        fail('the last table is the final one')
    times = [float(m[1]) for m in marks]
    if times != sorted(times) or times[0] < 0.4 or times[-1] < 1.5:
        fail('elapsed times: %s' % times)
    final = counts(ts[-1])
    if final['nanosleep'] != (15, 0) or final['getppid'] != (15, 0):
        fail('final counts: %s' % final)
    # Counts only grow.
    prev = 0
    for t in ts:
        n = counts(t).get('getppid', (0, 0))[0]
        if n < prev:
            fail('counts went down between tables')
        prev = n
    # -C: the tables land between whole lines of the trace.
    _, err = run(ctx.tracer, ['-C', '--summary-interval=0.3'], ctx.helper('sleep', '8'))
    for line in err.splitlines():
        if 'summary after' in line and not line.startswith('---'):
            fail('a table started inside a trace line: %r' % line)
    if len(tables(err)) < 3:
        fail('-C with interval: want periodic tables too')


def bad(opts, expect):
    def fn(ctx):
        with tempfile.TemporaryDirectory() as d:
            marker = os.path.join(d, 'ran')
            status, err = run(ctx.tracer, opts, ['/usr/bin/touch', marker], timeout=30)
            if status != 1:
                fail('%s: exit status %d, want 1' % (opts, status))
            if os.path.exists(marker):
                fail('%s: the program ran' % opts)
            if ctx.strace:
                return
            if err.count('\n') != 1 or expect not in err:
                fail('%s: want one line containing %r, got %r' % (opts, expect, err))
    fn.__name__ = 'bad_' + re.sub(r'\W+', '_', ' '.join(opts)).strip('_')
    CASES[fn.__name__] = fn


bad(['-c', '-S', 'bogus'], "'bogus'")
bad(['-c', '-U', 'min'], "unknown column name 'min'")
bad(['-c', '-U', 'calls,count'], 'more than once')
bad(['-c', '-U', 'calls,'], "unknown column name ''")
bad(['-c', '-C'], 'mutually exclusive')
bad(['-w'], '-w/--summary-wall-clock must be given with')
bad(['-U', 'calls'], '-U/--summary-columns must be given with')
bad(['-c', '-ff', '-o', '/dev/null'], '-ff')
bad(['--summary-latency'], '--summary-latency must be given with')
bad(['-c', '--summary-interval=0'], "invalid value '0'")
bad(['-c', '--summary-interval=soon'], "invalid value 'soon'")


@case
def sort_without_summary(ctx):
    """-S alone: a warning, and the trace runs (as strace)."""
    status, err = run(ctx.tracer, ['-S', 'calls'], ctx.helper('calls'))
    first = err.splitlines()[0]
    if status != 0 or 'no effect' not in first or 'getppid()' not in err:
        fail('-S without -c: %r' % err[:300])


def differential_case(name, prog, opts):
    def fn(ctx):
        if ctx.strace or not os.path.exists(STRACE):
            return SKIP
        with tempfile.TemporaryDirectory() as d:
            runs = []
            for tracer in (STRACE, STRACE, ctx.tracer):
                proc = subprocess.run([tracer] + opts + prog, cwd=d, env=FIXED_ENV,
                                      stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                      stderr=subprocess.PIPE, timeout=60)
                err = proc.stderr.decode(errors='replace')
                # Only the table: drop "Process N attached" and the program's own stderr.
                runs.append(the_table(err))
        ref1, ref2, got = runs
        if (got[0], got[1]) != (ref1[0], ref1[1]):
            fail('header/divider differ:\n%s\n%s\nstrace:\n%s\n%s' % (got[0], got[1], ref1[0], ref1[1]))
        c1, c2, cg = counts(ref1), counts(ref2), counts(got)
        stable = {k for k in c1 if c1.get(k) == c2.get(k) and k != 'total'}
        if len(stable) < len(c1) // 2:
            fail('strace disagrees with itself on most rows: %s / %s' % (c1, c2))
        if set(cg) - {'total'} != set(c1) - {'total'} and set(cg) - {'total'} != set(c2) - {'total'}:
            fail('row sets differ: strace %s, cxtrace %s' % (sorted(c1), sorted(cg)))
        for k in stable:
            if cg.get(k) != c1[k]:
                fail('%s: strace %s, cxtrace %s' % (k, c1[k], cg.get(k)))
        # The layout: time columns blanked, every line as wide as strace's.
        for line in got[2] + [got[3]]:
            if not ROW.match(line):
                fail('row not in strace\'s format: %r' % line)
    fn.__name__ = 'differential_' + name
    CASES[fn.__name__] = fn


for _name, _prog in REAL_PROGRAMS.items():
    differential_case(_name, _prog, ['-f', '-c', '-S', 'name'])
differential_case('ls_wall', REAL_PROGRAMS['ls'], ['-c', '-w'])


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--tracer', default='build/src/cxtrace')
    ap.add_argument('--progs-dir', default='build/tests/progs')
    ap.add_argument('--list', action='store_true')
    ap.add_argument('cases', nargs='*')
    a = ap.parse_args()
    if a.list:
        print('\n'.join(CASES))
        return 0
    ctx = Ctx(a.tracer, a.progs_dir)
    result = 0
    for name in a.cases or list(CASES):
        if name not in CASES:
            print('unknown case %s' % name, file=sys.stderr)
            return 1
        r = CASES[name](ctx)
        if r == SKIP and a.cases and len(a.cases) == 1:
            result = SKIP
        print('ok %s%s' % (name, ' (skipped)' if r == SKIP else ''))
    return result


if __name__ == '__main__':
    sys.exit(main())
