#!/usr/bin/env python3
"""`cxtrace --syscalls`: every syscall the system headers know is listed, with its number,
sorted by number; a pattern selects by name, %class or /regex/; a bad pattern is an error.

Usage: syscall_list.py --tracer build/src/cxtrace CASE
"""

import argparse
import re
import subprocess
import sys

HEADER = '/usr/include/x86_64-linux-gnu/asm/unistd_64.h'


def listing(tracer, *args):
    p = subprocess.run([tracer, '--syscalls', *args], capture_output=True, text=True, timeout=30)
    return p.returncode, p.stdout.splitlines(), p.stderr


def rows(lines):
    out = []
    for line in lines:
        m = re.match(r'^\s*(\d+) (\S+)\s+(\S+)\s+(.*\))$', line)
        if not m:
            sys.exit('malformed line: %r' % line)
        out.append((int(m.group(1)), m.group(2), m.group(3), m.group(4)))
    return out


def case_all(tracer):
    rc, lines, _ = listing(tracer)
    got = rows(lines)
    assert rc == 0
    numbers = [r[0] for r in got]
    if numbers != sorted(numbers):
        sys.exit('not sorted by number')
    known = {n: name for n, name, _, _ in got}
    want = dict((int(n), name) for name, n in
                re.findall(r'#define __NR_(\w+)\s+(\d+)', open(HEADER).read()))
    missing = ['%s=%d' % (name, n) for n, name in want.items() if known.get(n) != name]
    if missing:
        sys.exit('the headers know these and --syscalls does not: %s' % ', '.join(missing))
    read = [r for r in got if r[1] == 'read'][0]
    if read != (0, 'read', 'desc', 'ssize_t read(int fd, void *buf, size_t count)'):
        sys.exit('read listed as %r' % (read,))


def case_class(tracer):
    _, lines, _ = listing(tracer, '%network')
    names = {r[1] for r in rows(lines)}
    for n in ('socket', 'connect', 'accept4', 'sendto', 'recvmsg'):
        if n not in names:
            sys.exit('%network lacks ' + n)
    if 'read' in names or 'openat' in names:
        sys.exit('%network lists non-network calls')
    if any('network' not in r[2] for r in rows(lines)):
        sys.exit('a listed call is not in the network class')


def case_regex(tracer):
    _, lines, _ = listing(tracer, '/^open')
    names = [r[1] for r in rows(lines)]
    if names != sorted(names, key=lambda n: names.index(n)) or not names:
        sys.exit('empty')
    if any(not n.startswith('open') for n in names) or 'openat' not in names:
        sys.exit('/^open selected %s' % names)


def case_name(tracer):
    _, lines, _ = listing(tracer, 'close')
    if [r[1] for r in rows(lines)] != ['close']:
        sys.exit('close selected %s' % lines)


def case_bad(tracer):
    rc, lines, err = listing(tracer, 'opne')
    if rc != 1 or lines or "did you mean 'open'" not in err:
        sys.exit('want an error suggesting open, got rc=%d %r' % (rc, err))


def case_names(tracer):
    """--names: the table's names, sorted, one a line; a PATTERN selects as for the table."""
    _, table, _ = listing(tracer)
    rc, names, err = listing(tracer, '--names')
    if rc != 0 or names != sorted(r[1] for r in rows(table)):
        sys.exit('--names is not the sorted name column of --syscalls: rc=%d %r' % (rc, err))
    for pattern in ('%network', '/^open', 'close'):
        _, table, _ = listing(tracer, pattern)
        for args in ((pattern, '--names'), ('--names', pattern)):
            _, names, _ = listing(tracer, *args)
            if names != sorted(r[1] for r in rows(table)):
                sys.exit('--syscalls %s: %r' % (' '.join(args), names))
    rc, _, err = listing(tracer, '--names', 'opne')
    if rc != 1 or "did you mean 'open'" not in err:
        sys.exit('a bad PATTERN with --names: rc=%d %r' % (rc, err))


def case_classes(tracer):
    """--classes: every class -e trace= accepts, each one a working PATTERN; after the names
    with --names too; --names and --classes need --syscalls."""
    rc, classes, err = listing(tracer, '--classes')
    if rc != 0 or not {'%file', '%network', '%process', '%%stat', '%pure'} <= set(classes):
        sys.exit('--classes: rc=%d %r %r' % (rc, classes, err))
    for c in classes:
        rc, lines, err = listing(tracer, c)
        if rc != 0 or not lines:
            sys.exit('%s from --classes does not select anything: %r' % (c, err))
    _, names, _ = listing(tracer, '--names')
    _, both, _ = listing(tracer, '--names', '--classes')
    if both != names + classes:
        sys.exit('--names --classes is not the names, then the classes')
    for flag in ('--names', '--classes'):
        p = subprocess.run([tracer, flag], capture_output=True, text=True, timeout=30)
        if p.returncode != 1 or '--syscalls' not in p.stderr or p.stdout:
            sys.exit('%s without --syscalls: rc=%d %r' % (flag, p.returncode, p.stderr))
    p = subprocess.run([tracer, '--syscalls', 'open', 'true'], capture_output=True, text=True,
                       timeout=30)
    if p.returncode != 1 or len(p.stderr.splitlines()) != 2:
        sys.exit('--syscalls with a program: rc=%d %r' % (p.returncode, p.stderr))


CASES = {'all': case_all, 'class': case_class, 'regex': case_regex, 'name': case_name,
         'bad': case_bad, 'names': case_names, 'classes': case_classes}

if __name__ == '__main__':
    ap = argparse.ArgumentParser()
    ap.add_argument('--tracer', required=True)
    ap.add_argument('case', nargs='?')
    ap.add_argument('--list', action='store_true')
    o = ap.parse_args()
    if o.list:
        print('\n'.join(CASES))
    else:
        CASES[o.case](o.tracer)
        print('ok', o.case)
