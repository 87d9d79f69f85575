#!/usr/bin/env python3
"""The manual and --help against the program: the manual renders without a warning, documents
every option `cxtrace --help` lists (and no option --help does not know), has the sections a
manual needs with the options grouped as --help groups them, and its examples run; --help fits
100 columns; an unknown option is answered with the closest real one.

    docs.py --tracer build/src/cxtrace --man man/cxtrace.1 CASE...
    docs.py --list
"""

import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile

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


def help_text(tracer):
    return subprocess.run([tracer, '--help'], capture_output=True, text=True,
                          check=True).stdout


def help_groups(text):
    """The group headings of --help, in order."""
    return re.findall(r'^([A-Z][A-Za-z ]+):$', text, re.M)


def help_width(tracer, man):
    """--help: no line wider than 100 columns, the issue's groups in its order, every option
    line indented, every description wrapped beside the names."""
    text = help_text(tracer)
    wide = [line for line in text.split('\n') if len(line) > 100]
    if wide:
        raise SystemExit('--help lines wider than 100 columns:\n' + '\n'.join(wide))
    groups = help_groups(text)
    wanted = ['Tracing', 'Filtering', 'Output format', 'Statistics', 'Miscellaneous']
    if [g for g in groups if g in wanted] != wanted:
        raise SystemExit('--help groups %s, want %s among them in this order' % (groups, wanted))
    if not text.startswith('cxtrace: ') or 'Usage: cxtrace [OPTIONS] PROG [ARGS...]' not in text:
        raise SystemExit('--help does not open with the description and the usage:\n' + text[:300])
    # A description never starts left of column 32, so a wrapped line is never read as an
    # option of its own.
    for line in text[text.index('\n' + groups[0] + ':'):].split('\n'):
        if line.startswith('   ') and not line.startswith(' ' * 32):
            raise SystemExit('a line that is not at column 32: %r' % line)


# Misspelled options and the option cxtrace must suggest; the last has no near neighbour.
MISSPELLED = [('--colr', '--color'), ('--folow-forks', '--follow-forks'),
              ('--summary-onyl', '--summary-only'), ('--string-limt=64', '--string-limit'),
              ('--sycalls', '--syscalls'), ('--xyzzy-frobnicate', None)]


def unknown_option(tracer, man):
    """An unknown option: one line naming it and the closest real option (when one is close),
    the 'Try' line, exit 1, and the program never runs."""
    tmp = tempfile.mkdtemp(prefix='cxtrace-docs-')
    try:
        for wrong, near in MISSPELLED:
            p = subprocess.run([tracer, wrong, 'touch', 'MARKER'], capture_output=True,
                               text=True, cwd=tmp, timeout=30)
            lines = p.stderr.splitlines()
            want = "unrecognized option '%s'" % wrong
            if near:
                want += " (did you mean '%s'?)" % near
            if (p.returncode != 1 or len(lines) != 2 or lines[0] != 'cxtrace: ' + want
                    or not lines[1].startswith("Try 'cxtrace --help'")):
                raise SystemExit('%s: exit %d, stderr %r; want %r' % (wrong, p.returncode,
                                                                      p.stderr, want))
            if os.path.exists(os.path.join(tmp, 'MARKER')):
                raise SystemExit('%s: the program ran' % wrong)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def man_source_sections(man):
    """[(heading, body)] of the manual's .SH sections, in order."""
    text = open(man).read()
    parts = re.split(r'^\.SH +"?([^"\n]*)"?\n', text, flags=re.M)
    return list(zip(parts[1::2], parts[2::2]))


def man_sections(tracer, man):
    """The sections a manual needs, in the usual order; OPTIONS grouped as --help groups them;
    at least ten examples; ENVIRONMENT names NO_COLOR."""
    sections = man_source_sections(man)
    names = [n for n, _ in sections]
    wanted = ['NAME', 'SYNOPSIS', 'DESCRIPTION', 'OPTIONS', 'FILTER PATTERNS', 'OUTPUT FORMAT',
              'EXIT STATUS', 'ENVIRONMENT', 'EXAMPLES', 'SEE ALSO']
    if [n for n in names if n in wanted] != wanted:
        raise SystemExit('manual sections %s, want %s in this order' % (names, wanted))
    body = dict(sections)
    groups = re.findall(r'^\.SS +"?([^"\n]*)"?$', body['OPTIONS'], re.M)
    if groups != help_groups(help_text(tracer)):
        raise SystemExit('manual option groups %s, --help groups %s'
                         % (groups, help_groups(help_text(tracer))))
    for sub in ('Text', 'JSON Lines'):
        if not re.search(r'^\.SS +"?%s"?$' % sub, body['OUTPUT FORMAT'], re.M):
            raise SystemExit('OUTPUT FORMAT has no subsection ' + sub)
    if 'NO_COLOR' not in body['ENVIRONMENT']:
        raise SystemExit('ENVIRONMENT does not name NO_COLOR')
    examples = example_commands(man)
    if len(examples) < 10:
        raise SystemExit('EXAMPLES has %d cxtrace commands, want at least 10' % len(examples))


def example_commands(man):
    """The cxtrace command lines of the EXAMPLES section's .EX blocks, roff escapes undone."""
    body = dict(man_source_sections(man))['EXAMPLES']
    out = []
    for block in re.findall(r'^\.EX\n(.*?)^\.EE$', body, re.M | re.S):
        for line in block.split('\n'):
            line = (line.replace('\\-', '-').replace('\\(aq', "'").replace('\\(ha', '^')
                    .replace('\\e', '\\'))
            if line.startswith('cxtrace '):
                out.append(line)
    return out


def value_options(text):
    """{option: how many words it takes} from --help: an option with a type name takes one
    word per name in it (PATTERN ACTIONS: two); [=OPTIONAL] none; [OPTIONAL] -1: the next word
    when it is not an option (as CLI11 reads it)."""
    takes = {}
    left = re.compile(r'^  (-[\w-]+(?:,-[\w-]+)*)(\[=[A-Z]+\])?((?: \[?[A-Z][A-Z_]*(?:\[=[A-Z]+\])?\]?)*)'
                      r'(?: \.\.\.)?(?= {2,}|$)', re.M)
    for m in left.finditer(text):
        words = m.group(3).split()
        count = 0 if not words else -1 if words[0].startswith('[') else len(words)
        for n in m.group(1).split(','):
            takes[n] = count
    missing = set(OPTION.findall(text)) - set(takes)
    if missing:
        raise SystemExit('the --help parser missed %s' % sorted(missing))
    return takes


def example_argv(line, takes, pid):
    """The example's words with its program replaced by `true` and any pid by `pid`."""
    words = shlex.split(line)[1:]
    out = []
    i = 0
    while i < len(words):
        w = words[i]
        if w.startswith('-') and w != '-':
            name = w.split('=')[0]
            n = takes.get(name, 0) if '=' not in w else 0
            if n < 0:
                n = 1 if i + 1 < len(words) and not words[i + 1].startswith('-') else 0
            if name not in takes and not re.fullmatch(r'-[A-Za-z]+', w):
                raise SystemExit('example %r: option %s is not in --help' % (line, name))
            out.append(w)
            for v in words[i + 1:i + 1 + n]:
                out.append(str(pid) if name in ('-p', '--attach') else v)
            i += 1 + n
        else:
            return out + ['true']  # the program and its arguments
    return out


def readme_tasks(tracer, man):
    """Every cxtrace command in the README's table of everyday tasks runs, as the manual's
    examples do; the table has the tasks the README promises."""
    readme = os.path.join(os.path.dirname(os.path.abspath(man)), '..', 'README.md')
    text = open(readme).read()
    table = text[text.index('## Everyday tasks'):]
    table = table[:table.index('\n## ')]
    rows = [line for line in table.split('\n') if line.startswith('| ')]
    for task in ('which files does it open', 'why does it fail', 'what does it send',
                 'where is it slow', 'attach to a running server', 'trace only writes to /tmp'):
        if not any(row.startswith('| ' + task) for row in rows):
            raise SystemExit('the README table has no row for: ' + task)
    commands = [c for row in rows for c in re.findall(r'`(cxtrace [^`]*)`', row)]
    if len(commands) < 25:
        raise SystemExit('only %d commands in the README table' % len(commands))
    if os.geteuid() != 0:
        commands = [c for c in commands if ' -u ' not in c]  # -u needs root
    run_examples(tracer, [c.replace('PID', '1234') for c in commands])


def man_examples(tracer, man):
    """Every cxtrace command in EXAMPLES runs: its program replaced by `true`, its pid by a
    process the test starts (and kills once cxtrace has attached); exit 0, no usage error."""
    run_examples(tracer, example_commands(man))


def run_examples(tracer, lines):
    takes = value_options(help_text(tracer))
    if takes.get('-e') != 1 or takes.get('-f') != 0 or takes.get('--inject-filter') != 2:
        raise SystemExit('the --help parser is wrong: %r' % takes)
    tmp = tempfile.mkdtemp(prefix='cxtrace-examples-')
    env = dict(e2elib.FIXED_ENV, HOME=tmp)
    try:
        with e2elib.Processes() as procs:
            for line in lines:
                sleeper = procs.start(['sleep', '60'])
                argv = [tracer] + example_argv(line, takes, sleeper.pid)
                attaching = str(sleeper.pid) in argv
                p = procs.start(argv, cwd=tmp, env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
                if attaching:
                    e2elib.wait_until(lambda: e2elib.tracer_pid(sleeper.pid) == p.pid
                                      or p.poll() is not None, what='cxtrace attaching')
                sleeper.send_signal(signal.SIGKILL)
                sleeper.wait()
                out, err = p.communicate(timeout=60)
                if p.returncode != 0 or 'Try \'cxtrace --help\'' in err:
                    raise SystemExit('example %r (run as %s): exit %s\n%s'
                                     % (line, argv, p.returncode, err[-2000:]))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


CASES = {'man_lint': man_lint, 'man_options': man_options, 'man_sections': man_sections,
         'man_examples': man_examples, 'readme_tasks': readme_tasks, 'help_width': help_width,
         'unknown_option': unknown_option}


def main():
    return e2elib.run_cases(__doc__, CASES, [('--man', None)],
                            lambda case, opts: case(os.path.abspath(opts.tracer), opts.man))


if __name__ == '__main__':
    sys.exit(main())
