#!/usr/bin/env python3
"""The manual against the program: it renders without a warning, and it documents every option
`cxtrace --help` lists (and no option --help does not know).

    docs.py --tracer build/src/cxtrace --man man/cxtrace.1 CASE...
    docs.py --list
"""

import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import e2elib  # noqa: E402

# An option as --help and the manual spell it: a long name or a one-letter short one.
OPTION = re.compile(r'(?<![\w-])(--[a-z][a-z0-9-]+|-[A-Za-z])\b')


def man_lint(tracer, man):
    proc = subprocess.run(['groff', '-man', '-ww', '-z', man], capture_output=True, text=True)
    if proc.returncode != 0 or proc.stderr.strip():
        raise SystemExit('groff warns about %s:\n%s' % (man, proc.stderr))


def man_options(tracer, man):
    help_text = subprocess.run([tracer, '--help'], capture_output=True, text=True,
                               check=True).stdout
    in_help = set(OPTION.findall(help_text))
    if len(in_help) < 50:
        raise SystemExit('only %d options found in --help: the pattern is wrong' % len(in_help))
    # roff's escapes out: \- is a dash, \fB \fI \fR \fP switch fonts.
    text = re.sub(r'\\f[BIRP]', ' ', open(man).read().replace('\\-', '-'))
    undocumented = sorted(o for o in in_help if o not in OPTION.findall(text))
    if undocumented:
        raise SystemExit('--help lists options the manual does not: ' + ', '.join(undocumented))
    # The manual's option headings (.BR/.B/.BI after .TP) name only options --help knows.
    headings = re.findall(r'^\.TP\n\.B[IR]? +(.*)$', text, re.M)
    stale = sorted({o for h in headings for o in OPTION.findall(h)} - in_help)
    if stale:
        raise SystemExit('the manual documents options --help does not list: ' + ', '.join(stale))


CASES = {'man_lint': man_lint, 'man_options': man_options}


def main():
    return e2elib.run_cases(__doc__, CASES, [('--man', None)],
                            lambda case, opts: case(opts.tracer, opts.man))


if __name__ == '__main__':
    sys.exit(main())
