#!/usr/bin/env python3
"""End-to-end tests of -k / --stack-trace: the user-space stack printed after each syscall,
signal and stop line, checked on helper_stack (a chain main → level_one → level_two →
level_three → write), against strace 6.1 where it runs, and on python3.

What is deterministic is checked exactly: the function names and their order, the modules, and,
against strace (same binaries, same machine), every frame line whole. Addresses in the syscall
lines, pids and the interleaving of processes are normalised away.

    stack.py --tracer build/src/cxtrace --progs-dir build/tests/progs CASE
    stack.py --tracer /usr/bin/strace --progs-dir build/tests/progs CASE   # validates a case
    stack.py --list
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
PYTHON = '/usr/bin/python3'
# ` > MODULE(SYMBOL+0xOFF) [0xADDR]`, ` > MODULE() [0xADDR]`, ` > MODULE(+0x0) [0xADDR]`.
FRAME = re.compile(r'^ > (?P<module>[^(]+)\((?P<symbol>[^+]*)(?:\+0x(?P<off>[0-9a-f]+))?\) '
                   r'\[0x(?P<addr>[0-9a-f]+)\]$')
# A walk that ended early: ` > unexpected_backtracing_error [0x…]`, ` > too many stack frames`.
FRAME_ERROR = re.compile(r'^ > [a-z_ ]+( \[0x[0-9a-f]+\])?$')
PID_PREFIX = re.compile(r'^(\d+) +')


class Ctx:
    def __init__(self, tracer, progs_dir):
        self.tracer = os.path.abspath(tracer) if os.sep in tracer else tracer
        self.progs_dir = os.path.abspath(progs_dir)
        self.strace = os.path.basename(tracer).startswith('strace')

    def helper(self, *args):
        return [os.path.join(self.progs_dir, 'helper_stack')] + list(args)


def fail(msg):
    raise SystemExit(msg)


def trace(tracer, opts, prog, timeout=120):
    """Runs the tracer with -o into a temporary file; returns (status, trace text, stderr)."""
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, 'trace')
        try:
            proc = subprocess.run([tracer, '-o', out] + opts + prog, env=FIXED_ENV,
                                  stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.PIPE, timeout=timeout, cwd=tmp)
        except subprocess.TimeoutExpired:
            fail(f'{tracer} {opts} {prog} did not finish within {timeout}s')
        with open(out, encoding='utf-8', errors='replace') as f:
            return proc.returncode, f.read(), proc.stderr.decode('utf-8', 'replace')


def blocks(text):
    """[(pid or None, line, [frame lines])]: each trace line with the frame lines after it."""
    out = []
    for line in text.splitlines():
        if line.startswith(' > '):
            if not out:
                fail(f'frame line before any trace line: {line!r}')
            if not (FRAME.match(line) or FRAME_ERROR.match(line)):
                fail(f'malformed frame line: {line!r}')
            out[-1][2].append(line)
            continue
        m = PID_PREFIX.match(line)
        pid = int(m.group(1)) if m else None
        out.append((pid, line[m.end():] if m else line, []))
    return out


def frames_of(block):
    return [FRAME.match(f) for f in block[2]]


def names(block):
    return [m.group('symbol') if m else None for m in frames_of(block)]


def find(bl, pred, what):
    hits = [b for b in bl if pred(b[1])]
    if not hits:
        fail(f'no {what} in the trace')
    return hits


def key(line):
    """A trace line reduced to what does not depend on timing or the run: the syscall name
    (whether the line was split by another process or not), or the kind of event."""
    m = re.match(r'^(?:<\.\.\. )?([a-z_0-9]+)[( ]', line)
    if m:
        return m.group(1)
    m = re.match(r'^(---|\+\+\+) (\S+)', line)
    return f'{m.group(1)} {m.group(2)}' if m else line


def by_pid(bl):
    """Per process, in order of first appearance: [(key, frames)] of lines that have frames."""
    seq = {}
    for pid, line, frames in bl:
        seq.setdefault(pid, [])
        if frames:
            seq[pid].append((key(line), frames))
    return list(seq.values())


def compare(ours, theirs, what):
    a, b = by_pid(blocks(ours)), by_pid(blocks(theirs))
    if len(a) != len(b):
        fail(f'{what}: {len(a)} processes with stacks, strace has {len(b)}')
    total = 0
    for i, (x, y) in enumerate(zip(a, b)):
        for j, (p, q) in enumerate(zip(x, y)):
            if p != q:
                fail(f'{what}: process #{i}, stack #{j} differs:\n  ours   {p[0]}: '
                     + '\n         '.join(p[1]) + f'\n  strace {q[0]}: ' + '\n         '.join(q[1]))
        if len(x) != len(y):
            fail(f'{what}: process #{i} has {len(x)} stacks, strace has {len(y)}')
        total += len(x)
    if total == 0:
        fail(f'{what}: no stacks at all')
    return total


CASES = {}


def case(fn):
    CASES[fn.__name__] = fn
    return fn


@case
def levels(ctx):
    """The helper's write: libc's write, then the chain in order, then main."""
    rc, text, err = trace(ctx.tracer, ['-k', '-e', 'trace=write'], ctx.helper())
    if rc != 0:
        fail(f'exit status {rc}: {err}')
    bl = blocks(text)
    (call,) = find(bl, lambda l: l.startswith('write(1, "stack helper\\n", 13)'), 'helper write')
    got = names(call)
    want = ['level_three', 'level_two', 'level_one', 'main']
    if len(got) < 5 or got[1:5] != want:
        fail(f'frames {got}, expected a libc write frame then {want}\n{text}')
    first = frames_of(call)[0]
    if not re.search(r'/libc\.so\.6$', first.group('module')) or 'write' not in got[0]:
        fail(f'first frame is not libc\'s write: {call[2][0]!r}')
    helper_path = ctx.helper()[0]
    for m in frames_of(call)[1:5]:
        if m.group('module') != helper_path:
            fail(f'frame {m.group(0)!r} is not in {helper_path}')
    if 'main' in got[5:] or any(n is None for n in got):
        fail(f'unexpected frames after main: {call[2]}')


@case
def long_option(ctx):
    """--stack-trace (cxtrace's name, which strace accepts as an abbreviation) and strace's own
    --stack-traces both turn it on."""
    for opt in ('--stack-trace', '--stack-traces'):
        rc, text, err = trace(ctx.tracer, [opt, '-e', 'trace=write'], ctx.helper())
        if rc != 0 or not any(b[2] for b in blocks(text)):
            fail(f'{opt}: exit status {rc}, no frames\n{text}{err}')


@case
def no_frames_without_k(ctx):
    rc, text, err = trace(ctx.tracer, ['-e', 'trace=write'], ctx.helper())
    if ' > ' in text:
        fail(f'frame lines without -k:\n{text}')


@case
def exit_group_after_exit_line(ctx):
    """exit_group's stack is taken at entry and, the call never returning, follows the
    `+++ exited` line."""
    rc, text, err = trace(ctx.tracer, ['-k', '-e', 'trace=exit_group'], ctx.helper())
    lines = text.splitlines()
    if len(lines) < 3 or not lines[0].startswith('exit_group(0)') or \
            lines[1] != '+++ exited with 0 +++' or not lines[2].startswith(' > '):
        fail(f'expected exit_group, +++ exited, then frames:\n{text}')
    got = names(blocks(text)[1])
    if 'main' in got or '_exit' not in got[0]:
        fail(f'exit_group frames {got}: expected _exit first')


@case
def signal_frames(ctx):
    """A signal line has the stack where the signal arrived; a call in the handler has the
    handler, the signal trampoline, and the interrupted chain below it."""
    rc, text, err = trace(ctx.tracer, ['-k', '-e', 'trace=write,tgkill'], ctx.helper('signal'))
    bl = blocks(text)
    (sig,) = find(bl, lambda l: l.startswith('--- SIGUSR1 '), 'SIGUSR1 line')
    if names(sig)[2:6] != ['level_three', 'level_two', 'level_one', 'main']:
        fail(f'SIGUSR1 frames {names(sig)}')
    (w,) = find(bl, lambda l: l.startswith('write(1, "in handler\\n"'), 'handler write')
    got = names(w)
    if got[1:3] != ['say', 'on_usr1'] or got[-6:-3] != ['level_two', 'level_one', 'main']:
        fail(f'handler write frames {got}')


def json_frame_line(f, at_entry=False):
    """A JSON frame as the text form prints it (` > module(function+0xOFF) [0xADDR]`)."""
    if 'error' in f:
        return f' > {f["error"]}' + (f' [{f["address"]}]' if 'address' in f else '')
    if 'function' in f:
        return f' > {f["module"]}({f["function"]}+{f["offset"]}) [{f["module_offset"]}]'
    return f' > {f["module"]}({"+0x0" if at_entry else ""}) [{f["module_offset"]}]'


@case
def json_frames(ctx):
    """--json -k: the syscall objects and the signal event carry "stack", the same frames,
    in the same order, as the text form's frame lines, and valid against the schema."""
    if ctx.strace:
        return SKIP  # strace has no JSON output
    import json
    import output_modes
    check_schema = output_modes.validator()
    for prog, sel in ((ctx.helper(), 'trace=write'), (ctx.helper('signal'), 'trace=write,tgkill')):
        rc, text, err = trace(ctx.tracer, ['-k', '-e', sel], prog)
        rc_j, jtext, err_j = trace(ctx.tracer, ['--json', '-k', '-e', sel], prog)
        if rc != 0 or rc_j != 0:
            fail(f'{prog}: exit status {rc} / {rc_j} with --json: {err}{err_j}')
        events = [json.loads(ln) for ln in jtext.splitlines()]
        for ev in events:
            bad = check_schema(ev)
            if bad:
                fail(f'schema: {bad[:3]}\n{json.dumps(ev)[:400]}')
        text_stacks = [(key(line), frames) for _, line, frames in blocks(text) if frames]
        json_stacks = []
        for ev in events:
            if 'stack' not in ev:
                continue
            what = ev['syscall'] if ev['event'] == 'syscall' else f'--- {ev["signal"]["name"]}'
            json_stacks.append((what, [json_frame_line(f) for f in ev['stack']]))
        if len(json_stacks) < 1 or json_stacks != text_stacks:
            fail(f'{prog}: JSON stacks differ from the text ones:\n  json {json_stacks}\n'
                 f'  text {text_stacks}')
        if any(ev['event'] in ('exit', 'killed') and 'stack' in ev for ev in events):
            fail('a stack on an exit event')


@case
def summary_warning(ctx):
    """-k with -c: strace's warning, then the summary alone."""
    rc, text, err = trace(ctx.tracer, ['-k', '-c'], ctx.helper())
    # strace names itself by argv[0] and calls the option --stack-traces.
    name = ctx.tracer if ctx.strace else 'cxtrace'
    want = f'{name}: -k/--stack-trace' + ('s' if ctx.strace else '') + \
        ' has no effect with -c/--summary-only'
    if rc != 0 or want not in err.splitlines():
        fail(f'exit status {rc}, stderr {err!r}: expected the line {want!r}')
    if ' > ' in text or 'total' not in text:
        fail(f'expected the summary alone:\n{text}')


def differential(ctx, opts, prog, what):
    if ctx.strace or not os.access(STRACE, os.X_OK):
        return SKIP
    _, ours, err1 = trace(ctx.tracer, opts, prog)
    _, theirs, err2 = trace(STRACE, opts, prog)
    n = compare(ours, theirs, what)
    print(f'{what}: {n} stacks agree with strace')
    return None


@case
def differential_helper(ctx):
    """Every stack of the helper's whole run, ld.so's start included, frame for frame."""
    return differential(ctx, ['-k'], ctx.helper(), 'helper_stack')


@case
def differential_signal(ctx):
    return differential(ctx, ['-k'], ctx.helper('signal'), 'helper_stack signal')


@case
def differential_shell(ctx):
    """-f through a stripped shell: execve stacks taken at entry (frames without a symbol print
    as `(+0x0)` there, `()` elsewhere), a failed execve, exit_group in several processes.
    Signals and the calls around them are left out: where SIGCHLD lands depends on timing."""
    prog = ['/bin/sh', '-c', f'{ctx.helper()[0]}; /nonexistent/cmd; exit 3']
    return differential(ctx, ['-k', '-f', '-e', 'signal=none', '-e',
                              'trace=execve,exit_group,openat,write'], prog, 'sh -c')


@case
def python(ctx):
    """A big program: python3's openat calls each get a stack, and the run ends."""
    if not os.access(PYTHON, os.X_OK):
        return SKIP
    rc, text, err = trace(ctx.tracer, ['-k', '-e', 'trace=openat'], [PYTHON, '-c', 'pass'],
                          timeout=300)
    if rc != 0:
        fail(f'exit status {rc}: {err}')
    calls = [b for b in blocks(text) if b[1].startswith('openat(')]
    if len(calls) < 5:
        fail(f'only {len(calls)} openat calls traced:\n{text[:2000]}')
    bare = [b[1] for b in calls if not b[2]]
    if bare:
        fail(f'openat lines without frames: {bare[:3]}')
    if not any(m and 'python3' in m.group('module') for b in calls for m in frames_of(b)):
        fail('no frame in the python3 executable')


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
