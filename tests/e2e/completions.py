#!/usr/bin/env python3
"""The shell completions in completions/, driven by the real shells: what bash, zsh and fish
offer for `cxtrace -e trace=op`, `cxtrace -e trace=openat,cl`, `cxtrace --col` and `cxtrace -p `,
checked against what the built cxtrace says (`--syscalls --names --classes`, `--help`) and
against a process the test starts. Each shell runs without the user's rc files, HOME in a
temporary directory.

    completions.py --tracer build/src/cxtrace --completions completions CASE...
    completions.py --list
"""

import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import e2elib  # noqa: E402

# The lines each shell completes, and what each must offer (see check_offers).
LINES = ['cxtrace -e trace=op', 'cxtrace -e trace=openat,cl', 'cxtrace --col', 'cxtrace -p ']
BASH_COMPLETION = '/usr/share/bash-completion/bash_completion'
# bash's default COMP_WORDBREAKS: the characters that end a word for readline.
WORDBREAKS = ' \t\n"\'><=;|&(:'


class Env:
    """PATH with the built cxtrace first, HOME in a temporary directory, no rc files."""

    def __init__(self, tracer, completions):
        self.tracer = tracer
        self.completions = os.path.abspath(completions)
        self.tmp = tempfile.mkdtemp(prefix='cxtrace-completions-')
        self.env = {
            'PATH': os.path.dirname(tracer) + ':' + e2elib.FIXED_ENV['PATH'],
            'HOME': self.tmp,
            'LC_ALL': 'C',
            'TERM': 'dumb',
        }

    def run(self, argv, timeout=60, **kw):
        p = subprocess.run(argv, capture_output=True, text=True, timeout=timeout, env=self.env,
                           cwd=self.tmp, **kw)
        e2elib.check(p.returncode == 0 and not p.stderr.strip(),
                     f'{argv[0]}: exit {p.returncode}\n{p.stderr}')
        return p.stdout

    def close(self):
        shutil.rmtree(self.tmp, ignore_errors=True)


def need(shell):
    path = shutil.which(shell)
    if path is None:
        print(f'{shell} is not installed (scripts/bootstrap.sh installs it)')
        sys.exit(e2elib.SKIP)
    return path


def check_offers(env, line, offers):
    """`offers`: the whole words the shell would put in place of the last word of `line`."""
    names = subprocess.run([env.tracer, '--syscalls', '--names', '--classes'], capture_output=True,
                           text=True, check=True).stdout.split()
    e2elib.check(len(names) > 300, f'--syscalls --names --classes: {len(names)} names')
    word = line.split(' ')[-1]
    got = set(offers)
    if line.endswith('trace=op') or line.endswith('trace=openat,cl'):
        head = word[:word.rindex('=') + 1]
        if ',' in word:
            head = word[:word.rindex(',') + 1]
        tail = word[len(head):]
        want = {head + n for n in names if n.startswith(tail)}
        e2elib.check(len(want) >= 3, f'{line!r}: the test expects several names, has {want}')
    elif line.endswith('--col'):
        help_text = subprocess.run([env.tracer, '--help'], capture_output=True, text=True,
                                   check=True).stdout
        want = set(re.findall(r'(?<![\w-])(--col[a-z-]*)', help_text))
        # zsh and fish may offer an option that takes a value with its '='.
        got = {o.rstrip('=') for o in got}
        e2elib.check('--color' in want, f'--help has no --color: {sorted(want)}')
    else:
        e2elib.check(all(o.isdigit() for o in got), f'{line!r}: not all pids: {sorted(got)[:20]}')
        e2elib.check(str(env.pid) in got and '1' in got,
                     f'{line!r}: pid {env.pid} (started by the test) or 1 not offered: '
                     f'{sorted(got, key=int)[:40]}')
        return
    e2elib.check(got == want, f'{line!r} offers\n  {sorted(got)}\nwant\n  {sorted(want)}')


def with_process(case):
    """Runs `case(env)` with a process of the test's own running (env.pid)."""
    def run(tracer, completions):
        env = Env(tracer, completions)
        proc = subprocess.Popen(['sleep', '60'])
        env.pid = proc.pid
        try:
            case(env)
        finally:
            proc.kill()
            proc.wait()
            env.close()
    return run


def bash_words(line):
    """COMP_WORDS as bash splits the line: at blanks, and each run of word-break characters
    ('=', ':') a word of its own."""
    words = []
    cur = ''
    for ch in line:
        if ch in ' \t\n':
            if cur:
                words.append(cur)
            cur = ''
        elif ch in WORDBREAKS and ch not in '"\'':
            if cur and cur[-1] not in WORDBREAKS:
                words.append(cur)
                cur = ''
            cur += ch
        else:
            if cur and cur[-1] in WORDBREAKS and cur[-1] not in '"\'':
                words.append(cur)
                cur = ''
            cur += ch
    words.append(cur)
    return words


def bash_complete(env, line, framework):
    """COMPREPLY of the function `complete -p cxtrace` names, and the whole words they make:
    bash puts each reply in place of the text after the last word-break character."""
    words = bash_words(line)
    script = '\n'.join([
        f'. {shlex.quote(BASH_COMPLETION)}' if framework else ':',
        f'. {shlex.quote(os.path.join(env.completions, "cxtrace.bash"))}',
        'spec=$(complete -p cxtrace) || exit 1',
        'fn=${spec#*-F }; fn=${fn%% *}',
        f'COMP_LINE={shlex.quote(line)}',
        'COMP_POINT=${#COMP_LINE}',
        'COMP_WORDS=(' + ' '.join(shlex.quote(w) for w in words) + ')',
        f'COMP_CWORD={len(words) - 1}',
        'COMP_TYPE=9 COMP_KEY=9',
        '"$fn" cxtrace "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"',
        'printf "%s\\n" "${COMPREPLY[@]}"',
    ])
    out = env.run([need('bash'), '--norc', '--noprofile', '-c', script])
    replies = [r for r in out.split('\n') if r]
    keep = max(line.rfind(c) for c in WORDBREAKS) + 1
    word_start = line.rfind(' ') + 1
    return [line[word_start:keep] + r for r in replies]


@with_process
def bash(env):
    # Alone, and beside bash-completion's framework when it is installed.
    frameworks = [False] + ([True] if os.path.exists(BASH_COMPLETION) else [])
    for framework in frameworks:
        for line in LINES:
            try:
                check_offers(env, line, bash_complete(env, line, framework))
            except e2elib.Failure as e:
                raise e2elib.Failure(f'bash (bash-completion loaded: {framework}): {e}')


# zsh completes only inside its line editor: a zsh -f script runs an interactive zsh on a
# pseudo-terminal (zpty), types each line and a TAB, and its compadd records every match that
# fits the word (IPREFIX, what compset moved out of the word, in front) in a file; the
# completion's last hook writes a marker file.
ZSH_DRIVER = r'''
zmodload zsh/zpty || exit 1
local dir=$1 out=$2
shift 2
zpty z zsh -f -i || exit 1
zpty -w z "PS1='' RPS1=''; fpath=(${(q)dir} \$fpath); autoload -Uz compinit; compinit -u -D"
zpty -w z 'compadd() {
  if (( ${@[(I)-[OAD]]} )); then builtin compadd "$@"; return; fi
  local -a __m; builtin compadd -O __m "$@"
  local m; for m in $__m; do print -r -- "$IPREFIX$m" >> $CXT_OUT; done
  builtin compadd "$@"
}'
zpty -w z '_cxt_done() { print done >> $CXT_OUT.done }'
zpty -w z '_cxt_complete() { comppostfuncs=(_cxt_done); _main_complete }'
zpty -w z 'zle -C cxt-complete complete-word _cxt_complete; bindkey "^I" cxt-complete'
zpty -w z 'unsetopt BEEP AUTO_LIST AUTO_MENU LIST_AMBIGUOUS'
local n=0 line junk
for line in "$@"; do
  n=$((n + 1))
  zpty -w z "CXT_OUT=$out.$n"
  zpty -w -n z "$line"$'\t'
  local i
  for i in {1..600}; do
    [[ -e $out.$n.done ]] && break
    zpty -r -t z junk
    sleep 0.05
  done
  [[ -e $out.$n.done ]] || { print -u2 "zsh: no completion for: $line"; exit 1 }
  zpty -w -n z $'\C-u'
done
zpty -w z exit
zpty -d z
'''


@with_process
def zsh(env):
    driver = os.path.join(env.tmp, 'driver.zsh')
    with open(driver, 'w') as f:
        f.write(ZSH_DRIVER)
    out = os.path.join(env.tmp, 'matches')
    env.run([need('zsh'), '-f', driver, env.completions, out] + LINES, timeout=120)
    for n, line in enumerate(LINES, 1):
        path = f'{out}.{n}'
        offers = open(path).read().split('\n') if os.path.exists(path) else []
        try:
            check_offers(env, line, {o for o in offers if o})
        except e2elib.Failure as e:
            raise e2elib.Failure(f'zsh: {e}')


@with_process
def fish(env):
    # `complete -C LINE` prints what fish offers for the last token, whole, a tab before any
    # description; the completion file comes first on fish_complete_path.
    fish_path = need('fish')
    env.env['CXT_DIR'] = env.completions
    for line in LINES:
        env.env['CXT_LINE'] = line
        out = env.run([fish_path, '--no-config', '-c',
                       'set fish_complete_path $CXT_DIR $fish_complete_path; '
                       'complete -C $CXT_LINE'])
        offers = {o.split('\t')[0] for o in out.split('\n') if o}
        try:
            check_offers(env, line, offers)
        except e2elib.Failure as e:
            raise e2elib.Failure(f'fish: {e}')


def every_option(tracer, completions):
    """Every option `cxtrace --help` lists is in each completion script."""
    help_text = subprocess.run([tracer, '--help'], capture_output=True, text=True,
                               check=True).stdout
    options = set(re.findall(r'(?<![\w-])(--[a-z][a-z0-9-]+|-[A-Za-z])\b', help_text))
    e2elib.check(len(options) > 50, f'only {len(options)} options in --help')
    spellings = {
        'cxtrace.bash': lambda o: o,
        '_cxtrace': lambda o: o,
        # fish names options without their dashes: -s e, -l trace.
        'cxtrace.fish': lambda o: ('-l ' + o[2:]) if o.startswith('--') else ('-s ' + o[1:]),
    }
    for name, spell in spellings.items():
        text = open(os.path.join(completions, name)).read()
        missing = sorted(o for o in options
                         if not re.search(r'(?<![\w-])' + re.escape(spell(o)) + r'(?![\w-])', text))
        e2elib.check(not missing, f'{name} lacks options --help lists: {", ".join(missing)}')


CASES = {'bash': bash, 'zsh': zsh, 'fish': fish, 'every_option': every_option}


def main():
    def call(case, opts):
        try:
            case(os.path.abspath(opts.tracer), opts.completions)
        except e2elib.Failure as e:
            raise SystemExit(str(e))
    return e2elib.run_cases(__doc__, CASES, [('--completions', None)], call)


if __name__ == '__main__':
    sys.exit(main())
