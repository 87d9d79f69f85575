#!/usr/bin/env python3
"""End-to-end tests of cxtrace's own output modes: JSON Lines (--json) and colour (--color).

JSON: every line of every program in differential.py's PROGRAMS validates against
docs/cxtrace-events.schema.json, and carries the same syscalls with the same results as the
text trace of the program (after differential.py's normalisation: addresses, pids); -ff, -f,
filters, unfinished calls, calls that never return, signals, attach/detach, bytes that are not
UTF-8, and the jq one-liner the README documents, run exactly as written there.

Colour: --color=always puts SGR codes around names, errors, strings, numbers and signals, and
with them removed the trace is the uncoloured one; auto colours only a terminal (a pty here),
never a pipe or an -o file, and never with NO_COLOR set.

    output_modes.py --tracer build/src/cxtrace CASE...
    output_modes.py --tracer build/src/cxtrace json-ls json-cat        # one program each
    output_modes.py --list

The schema is checked with python3-jsonschema when it is installed, otherwise with the small
validator below (the subset of JSON Schema the schema file uses).
Exit status: 0 all passed, 1 something failed, 77 every selected case was skipped.
"""

import argparse
import json
import os
import pty
import re
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import differential  # noqa: E402
import e2elib  # noqa: E402
from e2elib import Failure, check  # noqa: E402

SCHEMA_PATH = os.path.join(HERE, '..', '..', 'docs', 'cxtrace-events.schema.json')
README_PATH = os.path.join(HERE, '..', '..', 'README.md')
ENV = dict(differential.ENV)
SGR = re.compile(r'\x1b\[[0-9;]*m')


class Skip(Exception):
    pass


# ---------------------------------------------------------------------------------------------
# JSON Schema: python3-jsonschema if present, else this validator for the keywords the schema
# file uses ($ref into $defs, type, const, enum, pattern, minimum, maximum, properties,
# required, additionalProperties, items, anyOf, oneOf).

def _type_ok(value, name):
    if name == 'integer':
        return isinstance(value, int) and not isinstance(value, bool)
    if name == 'number':
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    return isinstance(value, {'string': str, 'boolean': bool, 'null': type(None),
                              'object': dict, 'array': list}[name])


class MiniValidator:
    def __init__(self, schema):
        self.root = schema

    def errors(self, value, schema=None, path='$'):
        s = self.root if schema is None else schema
        if '$ref' in s:
            ref = s['$ref']
            check(ref.startswith('#/$defs/'), f'unsupported $ref {ref}')
            yield from self.errors(value, self.root['$defs'][ref[len('#/$defs/'):]], path)
        if 'type' in s:
            types = s['type'] if isinstance(s['type'], list) else [s['type']]
            if not any(_type_ok(value, t) for t in types):
                yield f'{path}: {value!r:.80} is not of type {types}'
                return
        if 'const' in s and not (value == s['const'] and type(value) is type(s['const'])):
            yield f'{path}: {value!r:.80} is not {s["const"]!r}'
        if 'enum' in s and value not in s['enum']:
            yield f'{path}: {value!r:.80} is not one of {s["enum"]}'
        if 'pattern' in s and isinstance(value, str) and not re.search(s['pattern'], value):
            yield f'{path}: {value!r:.80} does not match {s["pattern"]}'
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            if 'minimum' in s and value < s['minimum']:
                yield f'{path}: {value} < {s["minimum"]}'
            if 'maximum' in s and value > s['maximum']:
                yield f'{path}: {value} > {s["maximum"]}'
        if isinstance(value, dict):
            props = s.get('properties', {})
            for k in s.get('required', []):
                if k not in value:
                    yield f'{path}: {k!r} is a required property'
            for k, v in value.items():
                if k in props:
                    yield from self.errors(v, props[k], f'{path}.{k}')
                elif s.get('additionalProperties') is False:
                    yield f'{path}: additional property {k!r}'
                elif isinstance(s.get('additionalProperties'), dict):
                    yield from self.errors(v, s['additionalProperties'], f'{path}.{k}')
        if isinstance(value, list) and 'items' in s:
            for i, v in enumerate(value):
                yield from self.errors(v, s['items'], f'{path}[{i}]')
        if 'anyOf' in s:
            if not any(not list(self.errors(value, sub, path)) for sub in s['anyOf']):
                yield f'{path}: {value!r:.80} matches none of anyOf'
        if 'oneOf' in s:
            found = [list(self.errors(value, sub, path)) for sub in s['oneOf']]
            n = sum(1 for errs in found if not errs)
            if n == 0:
                yield from min(found, key=len)  # the branch it came closest to
            elif n > 1:
                yield f'{path}: {value!r:.80} matches {n} of oneOf, not 1'


def validator():
    with open(SCHEMA_PATH) as f:
        schema = json.load(f)
    try:
        import jsonschema
        cls = jsonschema.validators.validator_for(schema)
        cls.check_schema(schema)
        v = cls(schema)
        return lambda value: [f'{"/".join(map(str, e.absolute_path))}: {e.message[:200]}'
                              for e in v.iter_errors(value)]
    except ImportError:
        v = MiniValidator(schema)
        return lambda value: list(v.errors(value))


# ---------------------------------------------------------------------------------------------
# Running

class Ctx:
    def __init__(self, tracer, tmp, procs):
        self.tracer = tracer
        self.tmp = tmp
        self.procs = procs

    def path(self, name):
        return os.path.join(self.tmp, name)

    def run(self, args, cwd=None, env=None, timeout=60, **kw):
        """Runs the tracer; (rc, stdout bytes, stderr text)."""
        rc, out, err = e2elib.run(self.procs, [self.tracer] + args, timeout=timeout,
                                  cwd=cwd or self.tmp, env=dict(env or ENV), **kw)
        return rc, out, err.decode('utf-8', 'replace')


def read_jsonl(path):
    """Every line of a JSON Lines file, parsed; a line that is not one JSON object fails."""
    events = []
    with open(path, 'rb') as f:
        data = f.read()
    check(data == b'' or data.endswith(b'\n'), f'{path}: the last line is not complete')
    for n, raw in enumerate(data.split(b'\n')[:-1], 1):
        try:
            text = raw.decode('utf-8')  # strict: every line must be valid UTF-8
            ev = json.loads(text)
        except (UnicodeDecodeError, ValueError) as e:
            raise Failure(f'{path}:{n}: not a JSON line ({e}): {raw[:200]!r}')
        check(isinstance(ev, dict), f'{path}:{n}: not an object: {raw[:200]!r}')
        events.append(ev)
    return events


def validate(events, where):
    check_fn = validator()
    bad = []
    for n, ev in enumerate(events, 1):
        for e in check_fn(ev):
            bad.append(f'{where}:{n}: {e}\n    {json.dumps(ev)[:300]}')
    check(not bad, f'{len(bad)} schema violation(s):\n' + '\n'.join(bad[:10]))


def json_result(ev):
    """The result as the text form prints it, up to the first remark: `3`, `-1 ENOENT`, `?`."""
    if not ev['returned']:
        return '?'
    if 'errno' in ev:
        name = ev['errno']['name'] or str(ev['errno']['value'])
        return f'? {name}' if ev['ret'] is None else f'-1 {name}'
    return str(ev['ret'])


RESULT_HEAD = re.compile(r'^(-1 \S+|\? \S+|\?|\S+)')
SYSCALL_LINE = re.compile(r'^(\S+) ([a-z0-9_]+)\(.*\) = (.*)$')


def calls_from_normalised(lines, text=False):
    """(process, syscall, result head) of every syscall line differential.normalise() kept.
    Results the text form prints in hex (fcntl F_GETFL) or octal (umask) are JSON numbers:
    compare them as numbers."""
    out = []
    for ln in lines:
        m = SYSCALL_LINE.match(ln)
        if m:
            result = RESULT_HEAD.match(m.group(3)).group(1)
            if re.fullmatch(r'0x[0-9a-f]+', result):
                result = str(int(result, 16))
            elif text and m.group(2) == 'umask' and result.isdigit():
                result = str(int(result, 8))
            out.append((m.group(1), m.group(2), result))
    return out


def json_as_text(events):
    """The JSON trace as pid-prefixed pseudo text lines `PID name() = RESULT`, so the text's
    normalisation (pid names from clone results, addresses) applies to both alike."""
    lines = []
    for ev in events:
        if ev['event'] == 'syscall':
            lines.append(f'{ev["pid"]} {ev["syscall"]}() = {json_result(ev)}')
    return '\n'.join(lines) + '\n'


def run_program(ctx, name, args):
    """Runs PROGRAMS[name] under the tracer with args + -o FILE in a fresh work directory;
    (rc, path of the trace, tracer pid)."""
    argv, setup = differential.PROGRAMS[name]
    work = ctx.path('work')
    shutil.rmtree(work, ignore_errors=True)
    os.mkdir(work)
    if setup:
        setup(work)
    trace = ctx.path('trace')
    if os.path.exists(trace):
        os.unlink(trace)
    p = ctx.procs.start([ctx.tracer] + args + ['-o', trace] + argv, cwd=work, env=dict(ENV),
                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        _, err = p.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        raise Failure(f'{name}: timed out')
    check(os.path.exists(trace), f'{name}: no trace written; stderr {err[-500:]!r}')
    return p.returncode, trace, p.pid


# Calls whose number and results depend on how threads meet, not on the tracer.
TIMING_DEPENDENT = {'futex'}


def json_program(ctx, name, attempts=3):
    """Schema validity, and the same calls as the text trace. Two runs of a program need not
    make the same calls (threads, signals, pipes), so when they differ a second text run
    measures how much the program's own runs agree, and the JSON must come within a point of
    that; a pair that falls short is run again, up to `attempts` times in all."""
    def calls_of(text_form, pid, text):
        calls = calls_from_normalised(differential.normalise(text_form, pid), text)
        return [c for c in calls if c[1] not in TIMING_DEPENDENT]

    def text_run():
        rc, trace, pid = run_program(ctx, name, ['-f'])
        with open(trace, encoding='utf-8', errors='replace') as f:
            return rc, calls_of(f.read(), pid, True)

    report = ''
    for attempt in range(1, attempts + 1):
        rc_json, trace, pid = run_program(ctx, name, ['--json', '-f'])
        events = read_jsonl(trace)
        check(events, f'{name}: empty JSON trace')
        validate(events, name)
        json_calls = calls_of(json_as_text(events), pid, False)
        rc_text, text = text_run()
        check(rc_json == rc_text, f'{name}: exit status {rc_json} with --json, {rc_text} without')
        agree, missing, extra = differential.agreement(text, json_calls)
        ceiling = 100.0
        if agree < 100.0:
            _, text2 = text_run()
            ceiling, _, _ = differential.agreement(text, text2)
        print(f'{name}: {len(events)} events valid, {len(json_calls)} calls, {agree:.1f}% as '
              f'text (two text runs: {ceiling:.1f}%)')
        if agree >= ceiling - 1.0:
            return
        report = (f'{name}: the JSON trace has {agree:.1f}% of the text trace\'s calls (two text '
                  f'runs agree {ceiling:.1f}%), {attempt} times\n'
                  f'  text only: {sorted(missing.elements())[:10]}\n'
                  f'  JSON only: {sorted(extra.elements())[:10]}')
    raise Failure(report)


# ---------------------------------------------------------------------------------------------
# JSON cases

CASES = {}


def case(fn):
    CASES[fn.__name__.replace('_', '-')] = fn
    return fn


def syscalls(events, name=None):
    return [e for e in events if e['event'] == 'syscall' and (name is None or e['syscall'] == name)]


@case
def json_unfinished_is_one_object(ctx):
    """Two processes whose calls interleave: text splits lines, JSON writes one object each."""
    script = 'sleep 0.3 & sleep 0.1; wait'
    rc, _, err = ctx.run(['-f', '-o', ctx.path('text'), 'sh', '-c', script])
    with open(ctx.path('text')) as f:
        text = f.read()
    check('<unfinished ...>' in text, 'the text trace has no unfinished line to compare with')
    rc, _, err = ctx.run(['--json', '-f', '-o', ctx.path('json'), 'sh', '-c', script])
    check(rc == 0, f'exit status {rc}: {err}')
    events = read_jsonl(ctx.path('json'))
    validate(events, 'unfinished')
    waits = syscalls(events, 'wait4')
    check(waits and all(w['returned'] for w in waits), f'wait4 calls: {waits}')
    check(any(w['ret'] > 0 for w in waits), 'no wait4 reaped a child')
    # Each call's arguments and result travel together: the nanosleep of each sleep has its
    # request, its result and a duration.
    sleeps = [e for e in syscalls(events) if e['syscall'] in ('clock_nanosleep', 'nanosleep')]
    check(len(sleeps) == 2 and all(s['returned'] and s['ret'] == 0 and s['duration'] >= 0.05
                                   for s in sleeps), f'sleeps: {sleeps}')
    exits = syscalls(events, 'exit_group')
    check(len(exits) == 3 and all(not e['returned'] and e['ret'] is None for e in exits),
          f'exit_group should be three calls that never return: {exits}')
    check(len([e for e in events if e['event'] == 'exit']) == 3, 'three exit events expected')
    # clone names its arguments itself, in its own order; each keeps its register.
    for c in syscalls(events, 'clone'):
        args = {a['name']: a for a in c['args']}
        check(set(args) >= {'child_stack', 'flags'}, f'clone arguments {c["args"]}')
        flags = args['flags']
        check(int(flags['raw'], 16) == flags['value']['value'] and
              'SIGCHLD' in [f['name'] for f in flags['value']['flags']], f'clone flags {flags}')
    attached = [e for e in events if e['event'] == 'attach']
    check(len(attached) == 2 and all(a.get('parent') for a in attached),
          f'two attach events with their parent expected: {attached}')


@case
def json_on_stderr_is_only_json(ctx):
    """Without -o the JSON goes to stderr, and nothing else does: attach messages are events."""
    rc, out, err = ctx.run(['--json', '-f', 'sh', '-c', 'true & wait; echo out'])
    check(rc == 0 and out == b'out\n', f'exit status {rc}, stdout {out!r}')
    path = ctx.path('stderr')
    with open(path, 'w') as f:
        f.write(err)
    events = read_jsonl(path)
    validate(events, 'stderr')
    check([e['event'] for e in events].count('attach') == 1, 'one attach event expected')


@case
def json_output_separately(ctx):
    """-ff: one JSON Lines file per process, each holding only that process's events."""
    rc, _, err = ctx.run(['--json', '-ff', '-o', ctx.path('tr'), 'sh', '-c',
                          'cat /dev/null; ls / > /dev/null'])
    check(rc == 0, f'exit status {rc}: {err}')
    files = sorted(f for f in os.listdir(ctx.tmp) if f.startswith('tr.'))
    check(len(files) == 3, f'expected 3 trace files, got {files}')
    for f in files:
        events = read_jsonl(ctx.path(f))
        validate(events, f)
        pids = {e['pid'] for e in events}
        check(pids == {int(f.split('.')[1])}, f'{f} holds events of {pids}')
        check(events[-1]['event'] == 'exit', f'{f} does not end with the exit: {events[-1]}')
        check(syscalls(events, 'execve'), f'{f} has no execve')


@case
def json_filters(ctx):
    """Selections apply as for text: -e trace=, -z, -e signal=none, -qq."""
    rc, _, err = ctx.run(['--json', '-f', '-z', '-e', 'trace=openat,close', '-e', 'signal=none',
                          '-qq', '-o', ctx.path('j'), 'sh', '-c',
                          'cat /nonexistent /etc/hostname > /dev/null 2>&1; kill -USR1 $$'])
    check(rc == -signal.SIGUSR1, f'{e2elib.describe_status(rc)}: {err}')
    events = read_jsonl(ctx.path('j'))
    validate(events, 'filters')
    kinds = {e['event'] for e in events}
    # -qq leaves out the exit and killed lines, -e signal=none the signal.
    check(kinds == {'syscall', 'attach'}, f'event kinds {kinds}')
    names = {e['syscall'] for e in syscalls(events)}
    check(names == {'openat', 'close'}, f'syscalls {names}')
    check(all('errno' not in e for e in syscalls(events)), 'a failed call passed -z')
    opened = [a['value'] for e in syscalls(events, 'openat') for a in e['args']
              if a['name'] == 'pathname']
    check('/etc/hostname' in opened and '/nonexistent' not in opened, f'opened {opened}')


@case
def json_failed_call(ctx):
    """A failed call: ret -1 and the errno's name, number and message; and -Z selects it."""
    rc, _, err = ctx.run(['--json', '-Z', '-e', 'trace=%file', '-o', ctx.path('j'),
                          'cat', '/nonexistent-cxtrace'])
    check(rc == 1, f'exit status {rc}: {err}')
    events = read_jsonl(ctx.path('j'))
    validate(events, 'failed')
    calls = syscalls(events)
    check(calls and all(e['ret'] == -1 for e in calls), f'calls: {calls}')
    mine = [e for e in calls if any(a['value'] == '/nonexistent-cxtrace' for a in e['args'])]
    check(len(mine) == 1, f'the open of the missing file: {mine}')
    e = mine[0]
    check(e['errno'] == {'name': 'ENOENT', 'value': 2, 'message': 'No such file or directory'},
          f'errno {e["errno"]}')
    check(e['syscall'] == 'openat' and e['classes'] == ['file', 'desc'], f'{e}')
    dirfd, path, flags = e['args'][:3]
    check(dirfd == {'name': 'dirfd', 'type': 'int', 'value': {'name': 'AT_FDCWD', 'value': -100},
                    'raw': dirfd['raw']}, f'dirfd {dirfd}')
    check(dirfd['raw'] in ('0xffffff9c', '0xffffffffffffff9c'), f'dirfd {dirfd}')
    check(path['type'] == 'const char *' and path['raw'].startswith('0x'), f'path {path}')
    check(flags['value']['flags'][0] == {'name': 'O_RDONLY', 'value': 0}, f'flags {flags}')


@case
def json_strings_not_utf8(ctx):
    """Tracee bytes that are not UTF-8 come back exactly through surrogateescape; control
    characters are JSON escapes; every line stays valid UTF-8."""
    name = b'/nonexistent/caf\xc3\xa9-\xff\xfe-\x01\t"\\-\xe2\x82'
    prog = ('import os\ntry:\n    os.open(%r, os.O_RDONLY)\nexcept OSError:\n    pass\n' % name)
    rc, _, err = ctx.run(['--json', '-e', 'trace=openat', '-o', ctx.path('j'),
                          differential.python3(), '-c', prog])
    check(rc == 0, f'exit status {rc}: {err}')
    events = read_jsonl(ctx.path('j'))
    validate(events, 'utf8')
    with open(ctx.path('j'), 'rb') as f:
        raw = f.read()
    check(b'\\udcff\\udcfe' in raw and 'café'.encode() in raw and b'\\u0001\\t\\"\\\\' in raw,
          f'escapes not as documented: {raw[-300:]!r}')
    paths = [a['value'] for e in syscalls(events) for a in e['args'] if a['name'] == 'pathname']
    back = [p.encode('utf-8', 'surrogateescape') for p in paths]
    check(name in back, f'{name!r} not among {back}')


@case
def json_signals_and_kill(ctx):
    """A signal with its siginfo, and death by it."""
    rc, _, err = ctx.run(['--json', '-o', ctx.path('j'), 'sh', '-c', 'kill -TERM $$'])
    check(rc == -signal.SIGTERM, f'{e2elib.describe_status(rc)}: {err}')
    events = read_jsonl(ctx.path('j'))
    validate(events, 'signals')
    sig = [e for e in events if e['event'] == 'signal']
    check(len(sig) == 1 and sig[0]['signal'] == {'name': 'SIGTERM', 'value': 15},
          f'signal events {sig}')
    info = sig[0]['siginfo']
    check(info['si_signo'] == {'name': 'SIGTERM', 'value': 15} and info['si_pid'] == sig[0]['pid'],
          f'siginfo {info}')
    check(events[-1]['event'] == 'killed' and events[-1]['signal']['name'] == 'SIGTERM' and
          events[-1]['core_dumped'] is False, f'last event {events[-1]}')
    kill = syscalls(events, 'kill')
    check(len(kill) == 1 and kill[0]['args'][1]['value'] == {'name': 'SIGTERM', 'value': 15},
          f'kill {kill}')


@case
def json_attach_detach(ctx):
    """-p: an attach event; on SIGINT the call in progress (returned false, detached) and a
    detach event; the process runs on."""
    sleeper = ctx.procs.start(['sleep', '30'])
    trace = ctx.path('j')
    p = ctx.procs.start([ctx.tracer, '--json', '-o', trace, '-p', str(sleeper.pid)],
                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    e2elib.wait_until(lambda: e2elib.tracer_pid(sleeper.pid) == p.pid, what='attach')
    time.sleep(0.2)
    p.send_signal(signal.SIGINT)
    _, err = p.communicate(timeout=20)
    check(sleeper.poll() is None, 'the attached process did not run on')
    events = read_jsonl(trace)
    validate(events, 'attach')
    kinds = [e['event'] for e in events]
    check(kinds[0] == 'attach' and kinds[-1] == 'detach', f'events {kinds}')
    check(all(e['pid'] == sleeper.pid for e in events), 'events of another pid')
    pending = syscalls(events)
    check(len(pending) == 1 and pending[0]['returned'] is False and
          pending[0].get('detached') is True and pending[0]['syscall'] in
          ('clock_nanosleep', 'nanosleep', 'restart_syscall'), f'calls {pending}')


@case
def json_group_stop(ctx):
    """A program that stops itself: the SIGSTOP signal event, then a "stop" event; the SIGCONT
    this test sends once the stop event is out (JSON on a pipe is never far behind) resumes it
    and is the next event."""
    p = ctx.procs.start([ctx.tracer, '--json', '-e', 'trace=kill', 'sh', '-c',
                         'kill -STOP $$; echo resumed'], cwd=ctx.tmp, env=dict(ENV),
                        stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    events, buf, deadline = [], b'', time.monotonic() + 30
    while not any(e['event'] == 'stop' for e in events):
        check(time.monotonic() < deadline, f'no stop event within 30 s: {events}')
        ready, _, _ = select.select([p.stderr], [], [], 0.5)
        if ready:
            chunk = os.read(p.stderr.fileno(), 65536)
            check(chunk, f'the tracer ended before a stop event: {events}')
            buf += chunk
            *done, buf = buf.split(b'\n')
            events += [json.loads(ln) for ln in done]
    os.kill(events[-1]['pid'], signal.SIGCONT)
    out, err = p.communicate(timeout=30)
    events += [json.loads(ln) for ln in (buf + err).split(b'\n') if ln]
    check(p.returncode == 0 and out == b'resumed\n', f'exit status {p.returncode}, stdout {out!r}')
    validate(events, 'stop')
    kinds = [(e['event'], e.get('signal', {}).get('name')) for e in events
             if e['event'] != 'syscall']
    check(kinds == [('signal', 'SIGSTOP'), ('stop', 'SIGSTOP'), ('signal', 'SIGCONT'),
                    ('exit', None)], f'events {kinds}')
    check(syscalls(events, 'kill')[0]['args'][1]['value'] == {'name': 'SIGSTOP', 'value': 19},
          f'kill: {syscalls(events, "kill")}')


FD_PROG = r'''
import os, socket
fd = os.open('/dev/null', os.O_RDONLY)
os.close(fd)
r, w = os.pipe()
os.close(r)
os.close(w)
fd = os.open('gone', os.O_CREAT | os.O_WRONLY, 0o600)
os.unlink('gone')
os.fsync(fd)
os.close(fd)
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.bind(('127.0.0.1', 0))
s.listen(1)
s.close()
'''

# `3</etc/passwd>`, `3</dev/null<char 1:3>>`, `AT_FDCWD</tmp>`, `4</tmp/gone>(deleted)`.
FD_TEXT = re.compile(r'\b(-?\d+|AT_FDCWD)<((?:[^<>]|<[^<>]*>)*)>(\(deleted\))?')


def fd_texts(value):
    """Every fd description in a JSON value, written as the text form writes it."""
    if isinstance(value, list):
        return [t for v in value for t in fd_texts(v)]
    if not isinstance(value, dict):
        return []
    if 'fd' in value and 'path' in value:
        t = f'{value.get("name", value["fd"])}<{value["path"]}'
        t += f'<{value["device"]}>>' if 'device' in value else '>'
        return [t + ('(deleted)' if value.get('deleted') else '')]
    return [t for v in value.values() for t in fd_texts(v)]


def fd_normalise(t):
    """Inode numbers and ports differ between two runs."""
    return re.sub(r'\d{3,}', 'N', t)


@case
def json_fd_paths(ctx):
    """-y/-yy: descriptor arguments and fd results carry what the text shows between < and >
    (a path, a pipe, a socket's endpoints, a device, a deleted file, AT_FDCWD's directory), the
    same descriptions call for call as the text trace."""
    sel = 'trace=openat,close,pipe2,unlink,fsync,socket,bind,listen'
    for yflag in ('-y', '-yy'):
        rc, _, err = ctx.run([yflag, '-e', sel, '-o', ctx.path('t'), differential.python3(),
                              '-c', FD_PROG])
        check(rc == 0, f'{yflag}: exit status {rc}: {err}')
        rc, _, err = ctx.run(['--json', yflag, '-e', sel, '-o', ctx.path('j'),
                              differential.python3(), '-c', FD_PROG])
        check(rc == 0, f'{yflag} --json: exit status {rc}: {err}')
        events = read_jsonl(ctx.path('j'))
        validate(events, yflag)
        calls = syscalls(events)
        from_json = [(e['syscall'], [fd_normalise(t) for t in fd_texts(e['args']) +
                                     fd_texts(e.get('ret_fd', {}))]) for e in calls]
        from_text = []
        with open(ctx.path('t')) as f:
            for line in f:
                m = re.match(r'^([a-z0-9_]+)\(', line)
                if m:
                    from_text.append((m.group(1), [fd_normalise(t.group(0))
                                                   for t in FD_TEXT.finditer(line)]))
        check(from_json == from_text, f'{yflag}: JSON and text describe descriptors differently:\n'
              + '\n'.join(f'  json {a}\n  text {b}' for a, b in zip(from_json, from_text)
                           if a != b)[:3000])
        # The shapes, beyond agreeing with the text.
        opens = [e for e in calls if e['syscall'] == 'openat' and e.get('errno') is None]
        check(all(e['ret_fd']['fd'] == e['ret'] for e in opens), f'openat results: {opens[-1]}')
        dirfd = opens[-1]['args'][0]['value']
        check(dirfd == {'fd': -100, 'name': 'AT_FDCWD', 'path': ctx.tmp}, f'dirfd {dirfd}')
        fsync = syscalls(events, 'fsync')[0]['args'][0]['value']
        check(fsync == {'fd': fsync['fd'], 'path': os.path.join(ctx.tmp, 'gone'), 'deleted': True},
              f'fsync of a deleted file: {fsync}')
        null = [a['value'] for e in syscalls(events, 'close') for a in e['args']
                if isinstance(a['value'], dict) and a['value']['path'] == '/dev/null']
        want_null = {'fd': null[0]['fd'], 'path': '/dev/null'}
        if yflag == '-yy':
            want_null['device'] = 'char 1:3'
        check(null and null[0] == want_null, f'{yflag}: close of /dev/null: {null}')
        pipe = syscalls(events, 'pipe2')[0]['args'][0]['value']
        check(len(pipe) == 2 and all(p['path'].startswith('pipe:[') for p in pipe), f'pipe {pipe}')
        sock = syscalls(events, 'listen')[0]['args'][0]['value']['path']
        want = r'TCP:\[127\.0\.0\.1:\d+\]' if yflag == '-yy' else r'socket:\[\d+\]'
        check(re.fullmatch(want, sock), f'{yflag}: listening socket {sock!r}')
    # Without -y a descriptor is a plain number.
    rc, _, err = ctx.run(['--json', '-e', 'trace=close', '-o', ctx.path('n'),
                          differential.python3(), '-c', FD_PROG])
    events = read_jsonl(ctx.path('n'))
    check(all(isinstance(a['value'], int) for e in syscalls(events) for a in e['args']) and
          all('ret_fd' not in e for e in syscalls(events)), 'a descriptor described without -y')


README_ONELINER = re.compile(r'^\$ (cxtrace --json .*\n)\$ (jq .*)$', re.M)


@case
def json_readme_jq(ctx):
    """The README's "which files did it open" one-liner, run exactly as printed."""
    if not shutil.which('jq'):
        raise Skip('jq is not installed')
    with open(README_PATH) as f:
        m = README_ONELINER.search(f.read())
    check(m, 'README has no `$ cxtrace --json ...` / `$ jq ...` example')
    trace_cmd, jq_cmd = m.group(1).strip(), m.group(2).strip()
    bindir = ctx.path('bin')
    os.mkdir(bindir)
    os.symlink(ctx.tracer, os.path.join(bindir, 'cxtrace'))
    env = dict(ENV, PATH=bindir + ':' + ENV['PATH'])
    prog = 'cat /etc/hostname /nonexistent; sh -c "head -c1 /etc/passwd"'
    cmd = trace_cmd.replace('PROG ARGS', f"sh -c '{prog}'")
    check(cmd != trace_cmd, f'README command has no PROG ARGS to replace: {trace_cmd}')
    subprocess.run(cmd, shell=True, cwd=ctx.tmp, env=env, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, timeout=60)
    out = subprocess.run(jq_cmd, shell=True, cwd=ctx.tmp, env=env, capture_output=True,
                         text=True, timeout=60)
    check(out.returncode == 0, f'{jq_cmd}: exit {out.returncode}: {out.stderr}')
    files = out.stdout.split('\n')
    for want in ('/etc/hostname', '/nonexistent', '/etc/passwd'):
        check(want in files, f'{want} missing from the jq answer: {files}')


@case
def bad_option_values(ctx):
    for args, needle in ((['--output-format=xml'], "'xml'"), (['--color=sometimes'], "'sometimes'"),
                         (['--colour', 'rainbow'], "'rainbow'"), (['--output-format'], 'format')):
        rc, _, err = ctx.run(args + ['sh', '-c', 'touch MARKER'])
        lines = err.splitlines()
        check(rc == 1 and lines and lines[0].startswith('cxtrace: ') and needle in lines[0] and
              all(ln.startswith('Try ') for ln in lines[1:]),
              f'{args}: exit {rc}, stderr {err!r}')
        check(not os.path.exists(ctx.path('MARKER')), f'{args}: the program ran')


# ---------------------------------------------------------------------------------------------
# Colour cases

COLOR_PROG = ['sh', '-c', 'cd /nonexistent; echo "hello\tworld" > /dev/null; kill -TERM $$']


def normalise_run(text, pids):
    """What differs between two runs of COLOR_PROG: addresses, random bytes, the pids."""
    for rx, rep in differential.SUBSTITUTIONS:
        text = rx.sub(rep, text)
    for n, pid in enumerate(pids):
        text = re.sub(r'\b%d\b' % pid, f'PID{n}', text)
    return text


def traced(ctx, args, name):
    """Runs COLOR_PROG traced into the file `name`; (trace bytes, tracer pid)."""
    p = ctx.procs.start([ctx.tracer] + args + ['-o', ctx.path(name)] + COLOR_PROG, cwd=ctx.tmp,
                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    p.wait(timeout=30)
    with open(ctx.path(name), 'rb') as f:
        return f.read(), p


@case
def color_always_strips_to_plain(ctx):
    coloured, tracer_c = traced(ctx, ['--color=always'], 'c')
    plain, tracer_p = traced(ctx, ['--color=never'], 'p')
    text = coloured.decode()
    check(b'\x1b' not in plain, 'escapes in --color=never output')
    for what, rx in (('syscall name', r'\x1b\[1mchdir\x1b\[0m\('),
                     ('error', r'\x1b\[1;31m-1 ENOENT \(No such file or directory\)\x1b\[0m'),
                     ('string', r'\x1b\[32m"/nonexistent"\x1b\[0m'),
                     ('number', r'\x1b\[36m\d+\x1b\[0m\)'),
                     ('symbol', r'\x1b\[33mSIGTERM\x1b\[0m'),
                     ('signal', r'--- \x1b\[1;35mSIGTERM\x1b\[0m \{'),
                     ('killed', r'\+\+\+ killed by \x1b\[1;35mSIGTERM\x1b\[0m \+\+\+')):
        check(re.search(rx, text), f'no colour for the {what} ({rx!r}) in:\n{text[-1500:]}')
    # The pids, addresses and random bytes differ between the two runs; nothing else may.
    pid_c = int(re.search(r'si_pid=(\d+)', SGR.sub('', text)).group(1))
    pid_p = int(re.search(rb'si_pid=(\d+)', plain).group(1))
    stripped = normalise_run(SGR.sub('', text), [pid_c, tracer_c.pid])
    expected = normalise_run(plain.decode(), [pid_p, tracer_p.pid])
    check(stripped == expected, 'stripped of its SGR codes the trace differs:\n' +
          '\n'.join(f'  {a!r}\n  {b!r}' for a, b in zip(stripped.splitlines(),
                                                    expected.splitlines()) if a != b)[:2000])


@case
def color_auto_not_in_pipes_or_files(ctx):
    # stderr is a pipe here.
    for args in ([], ['--color=auto'], ['--colour=auto']):
        rc, _, err = ctx.run(args + ['true'])
        check(rc == 0 and 'execve(' in err and '\x1b' not in err, f'{args}: {err[:300]!r}')
    # -o FILE: never by auto, even with a terminal on stderr.
    out = run_on_pty(ctx, ['--color=auto', '-o', ctx.path('f'), 'true'], {})
    with open(ctx.path('f'), 'rb') as f:
        check(b'\x1b' not in f.read(), 'escapes in an -o file with --color=auto')
    check(b'\x1b' not in out, f'escapes on the terminal: {out!r}')
    # --json is never coloured.
    out = run_on_pty(ctx, ['--json', '--color=always', 'true'], {})
    check(b'\x1b' not in out and b'"event":"syscall"' in out, f'--json on a terminal: {out[:200]!r}')


def run_on_pty(ctx, args, env_extra):
    """Runs the tracer with stdout and stderr on a new pty; everything it wrote there."""
    master, slave = pty.openpty()
    try:
        p = ctx.procs.start([ctx.tracer] + args, cwd=ctx.tmp, env=dict(ENV, **env_extra),
                            stdout=slave, stderr=slave)
        os.close(slave)
        slave = None
        chunks = []
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            r, _, _ = select.select([master], [], [], 0.2)
            if r:
                try:
                    data = os.read(master, 65536)
                except OSError:  # EIO: every writer closed the pty
                    break
                if not data:
                    break
                chunks.append(data)
            elif p.poll() is not None:
                break
        p.wait(timeout=10)
        return b''.join(chunks)
    finally:
        if slave is not None:
            os.close(slave)
        os.close(master)


@case
def color_auto_on_terminal_unless_no_color(ctx):
    for args, env, want in ((['--color=auto'], {}, True),
                            ([], {}, True),
                            (['--color=auto'], {'NO_COLOR': '1'}, False),
                            ([], {'NO_COLOR': 'yes'}, False),
                            (['--color=auto'], {'NO_COLOR': ''}, True),
                            (['--color=always'], {'NO_COLOR': '1'}, True),
                            (['--color=never'], {}, False)):
        out = run_on_pty(ctx, args + ['cat', '/nonexistent'], env)
        has = b'\x1b[1mopenat\x1b[0m' in out and b'\x1b[1;31m-1 ENOENT' in out
        check(b'openat(' in SGR.sub('', out.decode('utf-8', 'replace')).encode(),
              f'{args} {env}: no trace on the terminal: {out[:300]!r}')
        check(has == want, f'{args} {env}: coloured={has}, expected {want}: {out[-400:]!r}')
        check(want or b'\x1b[' not in out, f'{args} {env}: stray escapes: {out[-400:]!r}')


# ---------------------------------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--tracer')
    ap.add_argument('--list', action='store_true', help='list the cases')
    ap.add_argument('cases', nargs='*')
    opts = ap.parse_args()
    names = list(CASES) + ['json-' + n for n in differential.PROGRAMS]
    if opts.list:
        print('\n'.join(names))
        return 0
    if not opts.tracer or not opts.cases:
        ap.error('--tracer and at least one case are required')
    tracer = os.path.abspath(opts.tracer)
    e2elib.set_child_subreaper()
    failed = skipped = 0
    for name in opts.cases:
        if name not in names:
            ap.error(f'unknown case {name}; see --list')
        tmp = tempfile.mkdtemp(prefix='cxtrace-output-')
        try:
            with e2elib.Processes() as procs:
                ctx = Ctx(tracer, tmp, procs)
                if name in CASES:
                    CASES[name](ctx)
                else:
                    json_program(ctx, name[len('json-'):])
            print(f'ok {name}')
        except Skip as e:
            skipped += 1
            print(f'skip {name}: {e}')
        except Failure as e:
            failed += 1
            print(f'FAIL {name}: {e}')
        except Exception:
            failed += 1
            print(f'FAIL {name}:\n{traceback.format_exc()}')
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    if failed:
        return 1
    return e2elib.SKIP if skipped == len(opts.cases) else 0


if __name__ == '__main__':
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    sys.exit(main())
