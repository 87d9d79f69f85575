#!/usr/bin/env python3
"""Differential test: the tracer against strace on real programs nobody here wrote.

Each program runs in a fresh work directory with a fixed environment, under the reference
(strace) and under the tracer with the same options (`-f -o FILE` by default). Both traces are
normalised for what differs between any two runs of the same program (addresses, pids,
timestamps, random bytes, where a call was split by another process's line, inode numbers,
ephemeral ports), and the agreement is the share of the reference's lines that the tracer
printed identically (as multisets: order between processes does not count).

The ceiling is the same measure for the reference against a second run of itself: what is
left there is the programs' own non-determinism (timing-dependent wait4 results, pipe read
sizes, signal arrival points). A program passes when its agreement reaches --min-each, or
comes within --slack points of its ceiling; the whole run likewise with --min-overall.

    differential.py --tracer build/src/cxtrace                       # table, exit 1 if below
    differential.py --tracer /usr/bin/strace                         # validates the harness
    differential.py --tracer build/src/cxtrace --only ls,tar --show-diff
    differential.py --list
"""

import argparse
import collections
import os
import re
import shutil
import signal
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import e2elib  # noqa: E402

ENV = dict(e2elib.FIXED_ENV, PYTHONHASHSEED='0', PYTHONDONTWRITEBYTECODE='1')

# ---------------------------------------------------------------------------------------------
# The programs. Each gets a fresh, empty work directory (always the same path within one run of
# this script, so paths agree between runs), with setup() run first.

PY_FILE_IO = r'''
import os, json
with open("data.json", "w") as f:
    json.dump({"k%d" % i: list(range(i)) for i in range(50)}, f)
with open("data.json") as f:
    d = json.load(f)
os.makedirs("py/a/b", exist_ok=True)
for i in range(5):
    with open("py/a/b/f%d" % i, "wb") as f:
        f.write(bytes(range(256)) * (i + 1))
print(sum(os.path.getsize("py/a/b/" + n) for n in sorted(os.listdir("py/a/b"))), len(d))
os.rename("py/a/b/f0", "py/a/f0")
os.unlink("py/a/f0")
'''

PY_TCP = r'''
import os, socket
srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("127.0.0.1", 0))
srv.listen(1)
port = srv.getsockname()[1]
pid = os.fork()
if pid == 0:
    srv.close()
    c = socket.create_connection(("127.0.0.1", port))
    c.sendall(b"ping " * 100)
    c.shutdown(socket.SHUT_WR)
    data = c.recv(100)
    c.close()
    os._exit(0 if data == b"pong" else 1)
conn, _ = srv.accept()
got = b""
while True:
    chunk = conn.recv(4096)
    if not chunk:
        break
    got += chunk
conn.sendall(b"pong")
conn.close()
_, status = os.waitpid(pid, 0)
print(len(got), os.waitstatus_to_exitcode(status))
'''

PY_THREADS = r'''
import os, threading
def work(n):
    for i in range(10):
        name = "t%d_%d" % (n, i)
        with open(name, "w") as f:
            f.write(name)
        os.stat(name)
        os.unlink(name)
# One thread at a time: threads running side by side contend for the GIL, and the futex calls
# that makes differ from run to run.
for n in range(4):
    t = threading.Thread(target=work, args=(n,))
    t.start()
    t.join()
print("ok")
'''

PY_SUBPROCESS = r'''
import subprocess
out = subprocess.run(["ls", "-1", "/usr"], capture_output=True, check=True).stdout
rc = subprocess.run(["sh", "-c", "exit 3"]).returncode
print(len(out.splitlines()) > 3, rc)
'''

PY_SELECT = r'''
import os, select, selectors
r, w = os.pipe()
os.write(w, b"x" * 10)
print(select.select([r], [w], [], 1.0)[0] == [r])
p = select.poll()
p.register(r, select.POLLIN)
print(p.poll(1000))
sel = selectors.DefaultSelector()
sel.register(r, selectors.EVENT_READ)
print(len(sel.select(1.0)))
sel.unregister(r)
sel.close()
os.read(r, 10)
print(select.select([r], [], [], 0.01)[0])
'''

PY_SIGNALS = r'''
import os, signal, time
got = []
signal.signal(signal.SIGUSR1, lambda s, f: got.append(s))
signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGUSR2])
os.kill(os.getpid(), signal.SIGUSR1)
os.kill(os.getpid(), signal.SIGUSR2)
print(signal.sigpending() == {signal.SIGUSR2})
print(signal.sigtimedwait([signal.SIGUSR2], 1.0).si_signo)
signal.setitimer(signal.ITIMER_REAL, 10.0, 0)
signal.setitimer(signal.ITIMER_REAL, 0)
print(got, signal.getitimer(signal.ITIMER_REAL))
'''


def setup_files(work):
    with open(os.path.join(work, 'data.txt'), 'w') as f:
        for i in range(2000):
            f.write(f'line {(i * 7919) % 2000:05d} {"abcdefghij"[i % 10] * (i % 37)}\n')
    tree = os.path.join(work, 'tree')
    for d in ('a', 'a/b', 'a/b/c', 'd'):
        os.makedirs(os.path.join(tree, d))
    for i, d in enumerate(('a', 'a/b', 'a/b/c', 'd', '.')):
        for j in range(3):
            with open(os.path.join(tree, d, f'file{j}.txt'), 'w') as f:
                f.write(f'{d} {j}\n' * (i + j + 1))
    os.symlink('file0.txt', os.path.join(tree, 'link'))


def python3():
    return '/usr/bin/python3' if os.access('/usr/bin/python3', os.X_OK) else sys.executable


# name -> (argv, setup)
PROGRAMS = collections.OrderedDict([
    ('true', (['/bin/true'], None)),
    ('ls', (['ls', '-la', '--time-style=+', 'tree', 'tree/a'], setup_files)),
    ('cat', (['cat', 'data.txt'], setup_files)),
    ('cp', (['cp', '-r', 'tree', 'copy'], setup_files)),
    ('stat', (['stat', '-c', '%n %s %F %a', 'data.txt', 'tree', 'tree/link'], setup_files)),
    ('find', (['find', 'tree', '-name', '*.txt', '-size', '-1k'], setup_files)),
    ('tar', (['tar', '--sort=name', '--mtime=@0', '--owner=0', '--group=0', '-cf', 'out.tar',
              'tree'], setup_files)),
    ('dd', (['dd', 'if=/dev/zero', 'of=out.bin', 'bs=4096', 'count=32', 'status=none'], None)),
    ('sort', (['sort', '-r', 'data.txt'], setup_files)),
    ('head', (['head', '-n', '5', 'data.txt'], setup_files)),
    ('wc', (['wc', 'data.txt', 'tree/file0.txt'], setup_files)),
    ('env', (['env'], None)),
    ('date', (['date', '-u', '-d', '@86400', '+%F %T'], None)),
    ('mkdir_rm', (['sh', '-c', 'mkdir -p x/y/z && touch x/y/z/f && rm -r x && ls -a'], None)),
    ('sha256sum', (['sha256sum', 'data.txt'], setup_files)),
    ('gzip', (['sh', '-c', 'gzip -9 -n -c data.txt > d.gz && gzip -dc d.gz | cmp - data.txt'],
              setup_files)),
    ('grep', (['grep', '-rc', 'line 0001', 'tree', 'data.txt'], setup_files)),
    ('sed_awk', (['sh', '-c', "sed 's/line/LINE/' data.txt > s.txt && "
                  "awk '{n += length($0)} END {print n}' s.txt"], setup_files)),
    # Small enough for one write per stage, so the reads do not depend on timing.
    ('pipeline', (['sh', '-c', 'seq 1 500 | sort -rn | head -n 3'], None)),
    ('xargs', (['sh', '-c', 'printf "a\\nb\\nc\\n" | xargs -n 1 echo'], None)),
    ('files_meta', (['sh', '-c', 'touch -d @0 f && ln -s f l && chmod 600 f && readlink l && '
                     'mv f g && du -s --apparent-size g && ls -l --time-style=+ g'], None)),
    ('sleep', (['sleep', '0.05'], None)),
    ('id', (['id'], None)),
    ('uname', (['uname', '-a'], None)),
    ('timeout', (['timeout', '5', 'sh', '-c', 'echo inner'], None)),
    ('python_file_io', ([python3(), '-c', PY_FILE_IO], None)),
    ('python_select', ([python3(), '-c', PY_SELECT], None)),
    ('python_signals', ([python3(), '-c', PY_SIGNALS], None)),
    ('python_tcp', ([python3(), '-c', PY_TCP], None)),
    ('python_threads', ([python3(), '-c', PY_THREADS], None)),
    ('python_subprocess', ([python3(), '-c', PY_SUBPROCESS], None)),
    ('killed_by_signal', (['sh', '-c', 'echo before; kill -TERM $$; echo after'], None)),
    ('child_killed', (['sh', '-c', 'sh -c "kill -KILL \\$\\$"; echo "status $?"'], None)),
])

# ---------------------------------------------------------------------------------------------
# Normalisation

PREFIX = re.compile(r'^(\d+) +(.*)$')
UNFINISHED = re.compile(r'^(.*) <unfinished \.\.\.>$')
RESUMED = re.compile(r'^<\.\.\. ([a-z0-9_]+) resumed>(.*)$')
RESULT = re.compile(r'^(.*\)) +(= .*)$')

SUBSTITUTIONS = [
    # Addresses: ASLR moves every mapping, heap and stack between runs.
    (re.compile(r'0x[0-9a-f]{6,}'), '0xADDR'),
    # ... and the same in text: address ranges read from /proc/PID/maps.
    (re.compile(r'\b[0-9a-f]{8,16}-[0-9a-f]{8,16}\b'), 'ADDR-ADDR'),
    # ... and as epoll user data, where programs keep a pointer.
    (re.compile(r'\bu64=\d{9,}'), 'u64=ADDR'),
    # Clock readings and what is left of a timeout.
    (re.compile(r'tv_sec=\d+'), 'tv_sec=N'),
    (re.compile(r'tv_nsec=\d+'), 'tv_nsec=N'),
    (re.compile(r'tv_usec=\d+'), 'tv_usec=N'),
    (re.compile(r'si_utime=\d+(?: /\* [^*]* \*/)?, si_stime=\d+(?: /\* [^*]* \*/)?'),
     'si_utime=N, si_stime=N'),
    # The machine's state, as sysinfo(2) reports it.
    (re.compile(r'\b(uptime|freeram|sharedram|bufferram|freeswap|freehigh|procs)=\d+'), r'\1=N'),
    (re.compile(r'\bloads=\[\d+, \d+, \d+\]'), 'loads=[N, N, N]'),
    # Free space, as statfs(2) reports it.
    (re.compile(r'\b(f_bfree|f_bavail|f_ffree)=\d+'), r'\1=N'),
    (re.compile(r'\b(st_[amc]time(?:_nsec)?|stx_[abcm]time)=[^,}]+'), r'\1=N'),
    (re.compile(r'\bru_[us]time=\{[^}]*\}'), 'ru_time={N}'),
    # Random bytes.
    (re.compile(r'getrandom\("(?:[^"\\]|\\.)*"(?:\.\.\.)?'), 'getrandom("RANDOM"'),
    # Inode numbers: a fresh directory gets fresh inodes.
    (re.compile(r'\b(d_ino|st_ino|stx_ino)=\d+'), r'\1=N'),
]

PORT = re.compile(r'htons\((\d+)\)')
# -X raw / -X verbose show a port as its two bytes in network order: `sin_port="\x9b\x4f"`.
RAW_PORT = re.compile(r'(sin6?_port=)"\\x([0-9a-f]{2})\\x([0-9a-f]{2})"')
# -y / -yy: inode numbers of pipes and sockets (`pipe:[12345]`, `UNIX-STREAM:[123->124]`) and
# the ports in a socket's endpoints (`TCP:[127.0.0.1:40000->127.0.0.1:8080]`).
FD_INODE = re.compile(r'\b([A-Za-z][A-Za-z0-9/_-]*:\[)\d+')
FD_PEER = re.compile(r'\b(UNIX[A-Z-]*:\[INODE)->\d+')
FD_PORT = re.compile(r'((?:\d+\.){3}\d+|\[[0-9a-f:.]*\]):(\d+)(?=[\]-])')


def split_prefix(line):
    m = PREFIX.match(line)
    if m:
        return int(m.group(1)), m.group(2)
    return None, line


# What -t/-tt/-ttt (or --absolute-timestamps), -r, -n and -i put before a line's body, in that
# order. Times and instruction pointers differ between any two runs; their format does not.
# (-r's padding may already be gone: the pid column's pattern takes all spaces after the pid.)
DECORATION = re.compile(r'^(?P<clock>\d\d:\d\d:\d\d(?:\.\d+)? |\d{6,}(?:\.\d+)? )?'
                        r'(?P<rel>\(\+ *\d+(?:\.\d+)?\) | *\d+(?:\.\d+)? )?'
                        r'(?P<nr>\[ *\d+\] )?(?P<ip>\[[0-9a-f]{16}\] |\[\?{16}\] )?(?P<rest>.*)$')
DURATION = re.compile(r' <\d+(?:\.\d+)?>$')


def split_decoration(body):
    """(shape of the decoration, rest of the body): the digits of times become N and
    instruction pointers X, so `12:34:56.123456 ` compares as `NN:NN:NN.NNNNNN `; syscall
    numbers stay."""
    m = DECORATION.match(body)
    times = re.sub(r'\d', 'N', (m.group('clock') or '') + (m.group('rel') or ''))
    ip = re.sub(r'[0-9a-f]{16}', 'X' * 16, m.group('ip') or '')
    return times + (m.group('nr') or '') + ip, m.group('rest')


def rejoin(entries):
    """Put each `<unfinished ...>` back together with its `<... NAME resumed>`: where another
    process's line cut a call in two depends on timing, not on the tracer."""
    out = []
    pending = {}
    for pid, body, *rest in entries:
        m = UNFINISHED.match(body)
        if m and not body.startswith('<... '):
            pending[pid] = len(out)
            out.append((pid, m.group(1), *rest))
            continue
        m = RESUMED.match(body)
        if m and pid in pending:
            i = pending.pop(pid)
            out[i] = (pid, out[i][1] + m.group(2), *out[i][2:])
            continue
        out.append((pid, body, *rest))
    return out


FORK = re.compile(r'^(?:clone|clone3|fork|vfork)\(.*\) += (0x[0-9a-f]+|\d+)$')


def name_pids(entries, tracer_pid):
    """A name for every pid that stays the same between runs: the first process is P1, the k-th
    child its process (or thread) created is PARENT.k, by the parent's own program order, so two
    children racing to print first do not swap names. Pids no clone line explains are all Q."""
    names = {}
    if tracer_pid:
        names[tracer_pid] = 'TRACER'  # the first process's parent, as getppid() sees it
    children = collections.defaultdict(list)
    order = []
    for pid, body in entries:
        if pid is None:
            continue
        if pid not in order:
            order.append(pid)
        m = FORK.match(body)
        if m:
            child = int(m.group(1), 0)
            if child > 0:
                children[pid].append(child)
    if not order:
        return names
    names[order[0]] = 'P1'
    queue = [order[0]]
    while queue:
        parent = queue.pop(0)
        for k, child in enumerate(children.get(parent, []), 1):
            if child not in names:
                names[child] = f'{names[parent]}.{k}'
                queue.append(child)
    # The rest: a selection that hides clone leaves nothing to tell which process of one run
    # is which of another, so they all compare as one, Q.
    for pid in order:
        names.setdefault(pid, 'Q')
    return names


def normalise(text, tracer_pid=None):
    entries = [split_prefix(ln) for ln in text.splitlines() if ln]
    # Line decorations (timestamps, -n, -i) travel beside the body; a rejoined call keeps its
    # first part's.
    entries = [(pid,) + split_decoration(body)[::-1] for pid, body in entries]
    entries = rejoin(entries)
    pid_names = name_pids([(pid, body) for pid, body, _ in entries], tracer_pid)
    pid_word = None
    if pid_names:
        pid_word = re.compile(r'\b(' + '|'.join(str(p) for p in sorted(pid_names, key=lambda p:
                                                                        -len(str(p)))) + r')\b')
    ports = {}

    def port_number(n):
        if n < 1024:
            return str(n)
        ports.setdefault(n, f'PORT{len(ports) + 1}')
        return ports[n]

    def port(m):
        return f'htons({port_number(int(m.group(1)))})'

    def raw_port(m):
        return f'{m.group(1)}"{port_number(int(m.group(2) + m.group(3), 16))}"'

    lines = []
    for pid, body, deco in entries:
        body = DURATION.sub(lambda m: re.sub(r'\d', 'N', m.group(0)), body)
        if pid_word:
            body = pid_word.sub(lambda m: pid_names[int(m.group(1))], body)
        for rx, rep in SUBSTITUTIONS:
            body = rx.sub(rep, body)
        body = PORT.sub(port, body)
        body = RAW_PORT.sub(raw_port, body)
        body = FD_INODE.sub(r'\1INODE', body)
        body = FD_PEER.sub(r'\1->INODE', body)
        body = FD_PORT.sub(lambda m: m.group(1) + ':' + port_number(int(m.group(2))), body)
        m = RESULT.match(body)
        if m:
            body = f'{m.group(1)} {m.group(2)}'  # alignment depends on the pid's width
        lines.append(f'{pid_names.get(pid, "-")} {body}' + (f'  @{deco}' if deco else ''))
    return lines


CALL_NAME = re.compile(r'^\S+ ([a-z_0-9]+)\(')


def by_syscall(lines):
    """Counter of syscall name -> lines, for the per-syscall report."""
    c = collections.Counter()
    for ln in lines:
        m = CALL_NAME.match(ln)
        if m:
            c[m.group(1)] += 1
    return c


def agreement(ref_lines, test_lines):
    """Share of the reference's lines the other trace has too (multiset), in percent."""
    if not ref_lines:
        return 100.0, collections.Counter(), collections.Counter()
    ref, test = collections.Counter(ref_lines), collections.Counter(test_lines)
    common = ref & test
    return (100.0 * sum(common.values()) / len(ref_lines), ref - common, test - common)


# ---------------------------------------------------------------------------------------------
# Running


class Run:
    def __init__(self, rc, stdout, trace, stderr, pid=None):
        self.rc, self.stdout, self.trace, self.stderr, self.pid = rc, stdout, trace, stderr, pid

    def lines(self):
        return normalise(self.trace, self.pid)


def run_one(tracer, tracer_args, name, base, timeout):
    argv, setup = PROGRAMS[name]
    work = os.path.join(base, 'work')
    shutil.rmtree(work, ignore_errors=True)
    os.mkdir(work)
    if setup:
        setup(work)
    trace = os.path.join(base, 'trace')
    if os.path.exists(trace):
        os.unlink(trace)
    cmd = [tracer] + tracer_args + ['-o', trace] + argv
    with e2elib.Processes() as procs:
        try:
            rc, out, err = e2elib.run(procs, cmd, timeout=timeout, cwd=work, env=dict(ENV))
        except e2elib.Failure as e:
            return Run(None, b'', '', str(e))
        pid = procs.popens[-1].pid
    try:
        with open(trace, encoding='utf-8', errors='replace') as f:
            text = f.read()
    except FileNotFoundError:
        text = ''
    return Run(rc, out, text, err.decode('utf-8', 'replace'), pid)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog=__doc__.split('\n\n', 1)[1])
    ap.add_argument('--tracer', help='the tracer under test (cxtrace)')
    ap.add_argument('--reference', default='/usr/bin/strace')
    ap.add_argument('--args', default='-f',
                    help='tracer options for both, besides -o FILE (default: -f)')
    ap.add_argument('--min-overall', type=float, default=97.0)
    ap.add_argument('--min-each', type=float, default=90.0)
    ap.add_argument('--slack', type=float, default=1.0,
                    help='a program within this many points of its ceiling passes (default 1)')
    ap.add_argument('--only', action='append', default=[],
                    help='run only these programs (comma list, repeatable)')
    ap.add_argument('--exclude', action='append', default=[],
                    help='leave out these programs (comma list, repeatable): those whose lines '
                    'under a selection depend on timing even between two strace runs')
    ap.add_argument('--no-ceiling', action='store_true', help='skip the second reference run')
    ap.add_argument('--show-diff', action='store_true',
                    help='print, per program, the normalised lines that differ')
    ap.add_argument('--diff-limit', type=int, default=40)
    ap.add_argument('--timeout', type=float, default=60.0)
    ap.add_argument('--keep', metavar='DIR', help='write the raw traces into DIR')
    ap.add_argument('--list', action='store_true')
    opts = ap.parse_args()

    if opts.list:
        for name, (argv, _) in PROGRAMS.items():
            print(f'{name:20} {" ".join(argv)[:100]}')
        return 0
    if not opts.tracer:
        ap.error('--tracer is required')
    names = [n for spec in opts.only for n in spec.split(',') if n] or list(PROGRAMS)
    excluded = {n for spec in opts.exclude for n in spec.split(',') if n}
    unknown = [n for n in names + sorted(excluded) if n not in PROGRAMS]
    names = [n for n in names if n not in excluded]
    if unknown:
        ap.error(f'unknown program(s): {unknown}; see --list')
    tracer_args = opts.args.split()
    tracer = os.path.abspath(opts.tracer) if os.sep in opts.tracer else opts.tracer
    reference = (os.path.abspath(opts.reference) if os.sep in opts.reference
                 else opts.reference)
    e2elib.set_child_subreaper()

    base = tempfile.mkdtemp(prefix='cxtrace-differential-')
    rows = []
    totals = collections.Counter()
    calls_ref, calls_missing = collections.Counter(), collections.Counter()
    failed = []
    try:
        print(f'{"program":20} {"lines":>6} {"agree%":>7} {"ceiling%":>8} {"rc":>5} {"stdout":>6}'
              f'  verdict', flush=True)
        for name in names:
            t0 = time.monotonic()
            ref = run_one(reference, tracer_args, name, base, opts.timeout)
            test = run_one(tracer, tracer_args, name, base, opts.timeout)
            ref_lines, test_lines = ref.lines(), test.lines()
            agree, missing, extra = agreement(ref_lines, test_lines)
            ceiling = None
            if not opts.no_ceiling:
                ref2 = run_one(reference, tracer_args, name, base, opts.timeout)
                ceiling, _, _ = agreement(ref_lines, ref2.lines())
            if opts.keep:
                os.makedirs(opts.keep, exist_ok=True)
                for tag, r in (('reference', ref), ('tracer', test)):
                    with open(os.path.join(opts.keep, f'{name}.{tag}'), 'w') as f:
                        f.write(r.trace)
            calls_ref.update(by_syscall(ref_lines))
            calls_missing.update(by_syscall(missing.elements()))
            same_rc = ref.rc == test.rc
            same_out = ref.stdout == test.stdout
            ok = (same_rc and same_out and
                  (agree >= opts.min_each or
                   (ceiling is not None and agree >= ceiling - opts.slack)))
            if not ok:
                failed.append(name)
            totals['ref'] += len(ref_lines)
            totals['matched'] += round(agree * len(ref_lines) / 100.0)
            if ceiling is not None:
                totals['ceiling_matched'] += round(ceiling * len(ref_lines) / 100.0)
            ceil_s = f'{ceiling:8.1f}' if ceiling is not None else f'{"-":>8}'
            print(f'{name:20} {len(ref_lines):6} {agree:7.1f} {ceil_s} '
                  f'{"same" if same_rc else "DIFF":>5} {"same" if same_out else "DIFF":>6}  '
                  f'{"ok" if ok else "LOW"} ({time.monotonic() - t0:.1f}s)', flush=True)
            if not same_rc:
                print(f'    exit: reference {e2elib.describe_status(ref.rc)}, '
                      f'tracer {e2elib.describe_status(test.rc)}')
            if opts.show_diff and (missing or extra):
                for label, c in (('- reference only', missing), ('+ tracer only', extra)):
                    items = sorted(c.elements())
                    print(f'    {label} ({len(items)}):')
                    for ln in items[:opts.diff_limit]:
                        print(f'      {ln[:200]}')
                    if len(items) > opts.diff_limit:
                        print(f'      ... {len(items) - opts.diff_limit} more')
            if test.stderr.strip() and opts.show_diff:
                print('    tracer stderr: ' + test.stderr.strip()[:500])
        # Which syscalls the differences fall on: a decoder that is missing or wrong shows up
        # here as a low share, timing-dependent calls (futex, wait4) as a few lines.
        differing = sorted(calls_missing, key=lambda n: -calls_missing[n])
        if differing:
            print('syscalls with lines printed differently (differing/total): ' +
                  ', '.join(f'{n} {calls_missing[n]}/{calls_ref[n]}' for n in differing))
        print(f'syscalls seen: {len(calls_ref)}, every line identical for '
              f'{len(calls_ref) - len(differing)}')
        overall = 100.0 * totals['matched'] / max(1, totals['ref'])
        overall_ceiling = (100.0 * totals['ceiling_matched'] / max(1, totals['ref'])
                           if not opts.no_ceiling else None)
        print(f'{"OVERALL":20} {totals["ref"]:6} {overall:7.1f} '
              f'{overall_ceiling if overall_ceiling is not None else float("nan"):8.1f}')
        overall_ok = overall >= opts.min_overall or (
            overall_ceiling is not None and overall >= overall_ceiling - opts.slack)
        if failed:
            print(f'below --min-each {opts.min_each} (and its ceiling): {", ".join(failed)}')
        if not overall_ok:
            print(f'overall {overall:.1f} below --min-overall {opts.min_overall}')
        return 0 if overall_ok and not failed else 1
    finally:
        shutil.rmtree(base, ignore_errors=True)


if __name__ == '__main__':
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    sys.exit(main())
