#!/usr/bin/env python3
"""Times cxtrace against strace 6.1, a bare ptrace tracer and the untraced program, on a few
workloads, and prints one row per workload: median wall times, the median of the paired
ratios, the peak RSS of each tracer process, and whether each target is met.

Runs alternate (untraced, bare, cxtrace, strace, untraced, ...) after one warm-up of each, so
a change in the machine's load hits every column alike; a ratio is taken within one round and
the median of the rounds' ratios is printed. See bench/README.md.

Usage: run.py TRACER [--strace /usr/bin/strace] [--pairs 5] [--only NAME,...] [--quick]
              [--build DIR] [--markdown FILE]
"""

import argparse
import datetime
import os
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(REPO, 'tests', 'e2e'))
from e2elib import FIXED_ENV, describe_status  # noqa: E402

STRACE = '/usr/bin/strace'
RUN_TIMEOUT = 900  # seconds; one traced run of the default workloads takes well under a minute
RSS_POLL = 0.001  # seconds between two reads of the tracer's VmHWM (warm-up runs only)


class Workload:
    """One row of the table. `opts` are the tracer options ('{dir}' is a fresh temporary
    directory); `follow` gives the bare tracer -f; `targets` maps a ratio ('strace', 'bare',
    'untraced') to the highest value that meets it; `floor` also times the program under
    bench/seccomp_floor (a seccomp filter and no tracer), the least a seccomp-filtered trace
    can cost."""

    def __init__(self, name, prog, opts, follow, targets, what, floor=False):
        self.name = name
        self.prog = prog
        self.opts = opts
        self.follow = follow
        self.targets = targets
        self.what = what
        self.floor = floor


# The full and the quick sizes of each workload.
SIZES = {
    'dd_count': (100000, 10000),
    'find_root': ('/usr', '/usr/include'),
    'tar_root': ('/usr/include', '/usr/include/linux'),
    'forks': (200, 20),
    'thread_calls': (10000, 1000),
}

OVERHEAD = {'bare': 1.10, 'strace': 0.90}


def workloads(build, quick):
    size = {k: v[1] if quick else v[0] for k, v in SIZES.items()}
    dd = ['dd', 'if=/dev/zero', 'of=/dev/null', 'bs=1', 'count=%d' % size['dd_count']]
    null = ['-o', '/dev/null']
    return [
        Workload('full', dd, null, False, OVERHEAD,
                 'dd bs=1: every call decoded and printed'),
        Workload('find', ['find', size['find_root'], '-name', '*.h'], null, False, OVERHEAD,
                 'find: stat and getdents, long paths'),
        Workload('tar', ['tar', 'cf', '/dev/null', size['tar_root']], null, False, OVERHEAD,
                 'tar to /dev/null: lstat, openat, getdents'),
        Workload('forks', ['sh', '-c', 'for i in $(seq %d); do /bin/true; done' % size['forks']],
                 ['-f'] + null, True, OVERHEAD, 'sh starting /bin/true: fork, exec, exit'),
        Workload('threads', [os.path.join(build, 'bench', 'workloads', 'threads'),
                             str(size['thread_calls'])],
                 ['-f'] + null, True, OVERHEAD, '8 threads of getppid and write'),
        Workload('summary', dd, ['-c'] + null, False, {'bare': 1.05},
                 'the full workload counted (-c), nothing printed per call'),
        Workload('filtered', dd, ['-f', '-e', 'trace=openat'] + null, True,
                 {'untraced': 1.15}, 'the full workload, only openat shown', floor=True),
        Workload('to-file', dd, ['-o', '{dir}/trace'], False, {},
                 'the full workload, trace to a file on disk'),
        Workload('to-file-ff', dd, ['-ff', '-o', '{dir}/trace'], True, {},
                 'the full workload, -ff to files on disk'),
    ]


# --only accepts these names for several rows.
GROUPS = {'file': ['find', 'tar']}


class Run:
    """What one run gave: wall time in seconds, exit code (negative: killed by that signal),
    the highest VmHWM seen of the process itself (KiB; 0 unless polled), and the tail of its
    stderr.

    Not wait4's ru_maxrss: for a tracer it is the highest of the tracer and of every process it
    reaped (the traced program, which is the tracer's child), and exec carries the parent's
    size at fork into it, so it would report this script's own RSS. VmHWM in /proc/PID/status
    is the high-water mark of the tracer's own memory alone."""

    def __init__(self, seconds, code, hwm, stderr):
        self.seconds = seconds
        self.code = code
        self.hwm = hwm
        self.stderr = stderr


def read_hwm(proc_dir):
    """VmHWM (KiB) of the process whose /proc directory is open as proc_dir; None once the
    process has been reaped (the descriptor then refers to a dead process, never to a new
    process that reuses its pid)."""
    try:
        fd = os.open('status', os.O_RDONLY, dir_fd=proc_dir)
    except OSError:
        return None
    try:
        data = os.read(fd, 8192).decode(errors='replace')
    except OSError:
        return None
    finally:
        os.close(fd)
    for line in data.splitlines():
        if line.startswith('VmHWM:'):
            return int(line.split()[1])
    return None


def run_once(argv, workdir, poll_rss=False):
    """Runs argv with stdin, stdout and the program's stderr on /dev/null (stderr goes to a
    file kept for error messages) and times it from spawn to reap. With poll_rss, a thread
    reads the process's VmHWM every RSS_POLL seconds while it runs."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        p = subprocess.Popen(argv, cwd=workdir, env=dict(FIXED_ENV), stdin=subprocess.DEVNULL,
                             stdout=subprocess.DEVNULL, stderr=err, start_new_session=True)
        hwm = [0]
        done = threading.Event()
        poller = None
        if poll_rss:
            proc_dir = os.open('/proc/%d' % p.pid, os.O_RDONLY | os.O_DIRECTORY)

            def poll():
                while not done.is_set():
                    v = read_hwm(proc_dir)
                    if v is None:
                        return
                    hwm[0] = max(hwm[0], v)
                    done.wait(RSS_POLL)

            poller = threading.Thread(target=poll, daemon=True)
            poller.start()
        timer = threading.Timer(RUN_TIMEOUT, lambda: kill_group(p.pid))
        timer.start()
        try:
            _, status = os.waitpid(p.pid, 0)
        finally:
            timer.cancel()
        seconds = time.perf_counter() - start
        p.returncode = os.waitstatus_to_exitcode(status)
        kill_group(p.pid)  # leftovers of the workload, if any (there should be none)
        done.set()
        if poller:
            poller.join()
            os.close(proc_dir)
        err.seek(0)
        tail = err.read()[-2000:].decode(errors='replace')
    return Run(seconds, p.returncode, hwm[0], tail)


def kill_group(pgid):
    try:
        os.killpg(pgid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def supported(tracer, opts, workdir):
    """A dry run of the tracer with these options on /bin/true: None when it ran, else the
    tracer's complaint (an option it does not know fails here, before any timing)."""
    try:
        p = subprocess.run([tracer] + fill(opts, workdir) + ['/bin/true'], cwd=workdir,
                           env=dict(FIXED_ENV), stdin=subprocess.DEVNULL,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=60)
    except subprocess.TimeoutExpired:
        return 'the dry run did not end within 60 s'
    finally:
        clear(workdir)
    if p.returncode == 0:
        return None
    lines = p.stderr.decode(errors='replace').strip().splitlines()
    return lines[0] if lines else describe_status(p.returncode)


def fill(opts, workdir):
    return [o.replace('{dir}', workdir) for o in opts]


def clear(workdir):
    """Empties the temporary directory between runs, so trace files never pile up."""
    for name in os.listdir(workdir):
        path = os.path.join(workdir, name)
        if os.path.isdir(path):
            shutil.rmtree(path)
        else:
            os.unlink(path)


class Row:
    """The measurements of one workload: a list of runs per column, and per tracer the reason
    it could not be timed (unsupported option, a failed run), if any."""

    COLUMNS = ('untraced', 'seccomp', 'bare', 'cxtrace', 'strace')

    def __init__(self, workload):
        self.workload = workload
        self.runs = {c: [] for c in self.COLUMNS}
        self.rss = {}
        self.problem = {}


def measure(w, tracers, pairs, workdir, log):
    """Warm-up of each column, then `pairs` rounds of untraced, (seccomp,) bare, cxtrace,
    strace. The tracers' RSS is polled in the warm-up only, so the timed runs share the machine
    with nothing of ours."""
    row = Row(w)
    for name in ('cxtrace', 'strace'):
        why = supported(tracers[name], w.opts, workdir)
        if why is not None:
            row.problem[name] = 'not supported'
            log('  %s: not supported (%s)' % (name, why))
    expected = None
    for round_no in range(pairs + 1):
        times = []
        for col in Row.COLUMNS:
            if col in row.problem or (col == 'seccomp' and not w.floor):
                continue
            if col == 'untraced':
                argv = w.prog
            elif col == 'seccomp':
                argv = [tracers['seccomp']] + w.prog
            elif col == 'bare':
                argv = ([tracers['bare']] + (['-f'] if w.follow else []) +
                        tracers['bare_opts'] + w.prog)
            else:
                argv = ([tracers[col]] + tracers.get(col + '_opts', []) +
                        fill(w.opts, workdir) + w.prog)
            poll = round_no == 0 and col in ('cxtrace', 'strace')
            r = run_once(argv, workdir, poll_rss=poll)
            clear(workdir)
            if col == 'untraced' and expected is None:
                expected = r.code
            if r.code != expected:
                row.problem[col] = 'failed (%s)' % describe_status(r.code)
                log('  %s failed: %s, untraced: %s\n    %s' % (
                    col, describe_status(r.code), describe_status(expected),
                    r.stderr.strip().replace('\n', '\n    ')))
                continue
            if round_no > 0:  # round 0 is the warm-up
                row.runs[col].append(r)
            elif poll:
                row.rss[col] = r.hwm
            times.append('%s %.3fs' % (col, r.seconds))
        log('  %s: %s' % ('warm-up' if round_no == 0 else 'round %d' % round_no,
                          ', '.join(times)))
    return row


def paired_ratio(row, top, bottom):
    """Median over the rounds of top/bottom within each round; None if either is missing."""
    if top in row.problem or bottom in row.problem:
        return None
    a, b = row.runs[top], row.runs[bottom]
    if not a or len(a) != len(b):
        return None
    return statistics.median(x.seconds / y.seconds for x, y in zip(a, b))


def peak_rss(row, col):
    """The tracer's own peak RSS in KiB (see Run), from its warm-up run."""
    if col in row.problem or not row.rss.get(col):
        return None
    return row.rss[col]


def median_seconds(row, col):
    if col in row.problem:
        return row.problem[col]
    runs = row.runs[col]
    return '%.3f s' % statistics.median(r.seconds for r in runs) if runs else '-'


def ratio_cell(value, target):
    if value is None:
        return '-'
    text = '%.2f' % value
    if target is None:
        return text
    return '%s (≤%.2f %s)' % (text, target, 'met' if value <= target else 'MISSED')


def untraced_cell(row):
    """cxtrace/untraced against its target, and for a row with a floor, what the seccomp
    filter alone costs (seccomp_floor/untraced)."""
    w = row.workload
    cell = ratio_cell(paired_ratio(row, 'cxtrace', 'untraced'), w.targets.get('untraced'))
    floor = paired_ratio(row, 'seccomp', 'untraced') if w.floor else None
    if floor is not None:
        cell += '; seccomp alone %.2f' % floor
    return cell


def rss_cell(kib):
    return '-' if kib is None else '%.1f MiB' % (kib / 1024)


HEADER = ('workload', 'untraced', 'bare', 'strace', 'cxtrace', 'cxtrace/strace',
          'cxtrace/bare', 'cxtrace/untraced', 'RSS cxtrace', 'RSS strace')


def table(rows):
    """The cells of the result table, one list per workload."""
    out = []
    for row in rows:
        w = row.workload
        cx_rss, st_rss = peak_rss(row, 'cxtrace'), peak_rss(row, 'strace')
        rss = rss_cell(cx_rss)
        if cx_rss is not None and st_rss is not None:
            rss += ' (%s)' % ('met' if cx_rss <= st_rss else 'MISSED')
        if row.problem.get('cxtrace') == 'not supported':
            cx_cells = ['not supported'] * 2 + [
                'not supported' if 'untraced' in w.targets else '-', '-']
        else:
            cx_cells = [ratio_cell(paired_ratio(row, 'cxtrace', 'strace'), w.targets.get('strace')),
                        ratio_cell(paired_ratio(row, 'cxtrace', 'bare'), w.targets.get('bare')),
                        untraced_cell(row) if 'untraced' in w.targets else '-',
                        rss]
        out.append([w.name] + [median_seconds(row, c) for c in ('untraced', 'bare', 'strace',
                                                                  'cxtrace')]
                   + cx_cells[:3] + [cx_cells[3], rss_cell(st_rss)])
    return out


def print_table(cells):
    widths = [max(len(r[i]) for r in [HEADER] + cells) for i in range(len(HEADER))]
    for r in [HEADER] + cells:
        print('  '.join(c.ljust(widths[i]) for i, c in enumerate(r)).rstrip())


def machine():
    """(kernel release, CPU model, number of cores) of this machine."""
    model = 'unknown CPU'
    try:
        with open('/proc/cpuinfo') as f:
            for line in f:
                if line.startswith('model name'):
                    model = line.split(':', 1)[1].strip()
                    break
    except OSError:
        pass
    return os.uname().release, model, os.cpu_count()


def write_markdown(path, cells, rows, info):
    kernel, model, cores = machine()
    lines = [
        '## cxtrace benchmark, %s' % info['date'],
        '',
        '- kernel %s, %s, %d cores' % (kernel, model, cores),
        '- load average %s at the start, %s at the end' % (info['load_start'], info['load_end']),
        '- %s; rounds per workload after one warm-up: %d; median wall times, medians of the '
        'ratios within each round' % (info['tracers'], info['pairs']),
        '',
        '| ' + ' | '.join(HEADER) + ' |',
        '|' + '---|' * len(HEADER),
    ]
    for r in cells:
        lines.append('| ' + ' | '.join(c.replace('|', '\\|') for c in r) + ' |')
    lines += ['', 'Workloads:', '']
    for row in rows:
        w = row.workload
        argv = [os.path.basename(w.prog[0])] + w.prog[1:]
        lines.append('- `%s`: %s: `%s`' % (w.name, w.what, shlex.join(argv)))
    with open(path, 'w') as f:
        f.write('\n'.join(lines) + '\n')


def default_build(tracer):
    """build/src/cxtrace -> build; anything else -> the repository's build/."""
    parent = os.path.dirname(os.path.abspath(tracer))
    if os.path.basename(parent) == 'src':
        return os.path.dirname(parent)
    return os.path.join(REPO, 'build')


def loadavg():
    return '%.2f %.2f %.2f' % os.getloadavg()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('tracer', help='the cxtrace to time (build/src/cxtrace)')
    ap.add_argument('--strace', default=STRACE, help='the strace to compare with (%(default)s)')
    ap.add_argument('--pairs', type=int, help='timed rounds per workload (5; 1 with --quick)')
    ap.add_argument('--only', help='comma-separated workloads (%s; file = find,tar)' %
                    ', '.join(w.name for w in workloads('build', False)))
    ap.add_argument('--quick', action='store_true', help='a smoke run: one round, small workloads')
    ap.add_argument('--build', help='the build directory with bench/bare_tracer '
                    '(default: two levels above TRACER if it is build/src/cxtrace, else build)')
    ap.add_argument('--markdown', metavar='FILE', help='also write the table as Markdown')
    ap.add_argument('--busy-wait', metavar='USECS', type=int,
                    help="cxtrace's --busy-wait and the bare tracer's -w (both default to 50)")
    args = ap.parse_args()

    pairs = args.pairs if args.pairs is not None else (1 if args.quick else 5)
    if pairs < 1:
        ap.error('--pairs must be at least 1')
    build = os.path.abspath(args.build or default_build(args.tracer))
    tracers = {
        'cxtrace': os.path.abspath(args.tracer),
        'strace': args.strace,
        'bare': os.path.join(build, 'bench', 'bare_tracer'),
        'seccomp': os.path.join(build, 'bench', 'seccomp_floor'),
        'bare_opts': [],
        'cxtrace_opts': [],
    }
    if args.busy_wait is not None:
        tracers['bare_opts'] = ['-w', str(args.busy_wait)]
        tracers['cxtrace_opts'] = ['--busy-wait=%d' % args.busy_wait]
    all_workloads = workloads(build, args.quick)
    threads = next(w for w in all_workloads if w.name == 'threads').prog[0]
    for path in [tracers['cxtrace'], tracers['strace'], tracers['bare'], tracers['seccomp'],
                 threads]:
        if not os.access(path, os.X_OK):
            sys.exit('run.py: %s is not an executable (build it: ninja -C %s)' % (path, build))
    chosen = all_workloads
    if args.only:
        names = []
        for n in args.only.split(','):
            names += GROUPS.get(n, [n])
        known = {w.name for w in all_workloads}
        unknown = [n for n in names if n not in known]
        if unknown:
            sys.exit('run.py: unknown workload %s (known: %s)' % (', '.join(unknown),
                                                                   ', '.join(sorted(known))))
        chosen = [w for w in all_workloads if w.name in names]

    def log(msg):
        print(msg, file=sys.stderr, flush=True)

    info = {'date': datetime.datetime.now().strftime('%Y-%m-%d %H:%M'), 'load_start': loadavg(),
            'pairs': pairs, 'tracers': '%s against %s, busy-wait %s µs (cxtrace and bare)' % (
                tracers['cxtrace'], tracers['strace'],
                50 if args.busy_wait is None else args.busy_wait)}
    rows = []
    with tempfile.TemporaryDirectory(prefix='cxtrace-bench.') as workdir:
        for w in chosen:
            log('%s: %s' % (w.name, shlex.join(w.prog)))
            rows.append(measure(w, tracers, pairs, workdir, log))
    info['load_end'] = loadavg()

    cells = table(rows)
    kernel, model, cores = machine()
    print()
    print('%s, kernel %s, %s, %d cores, load %s -> %s, rounds: %d' % (
        info['date'], kernel, model, cores, info['load_start'], info['load_end'], pairs))
    print_table(cells)
    if args.markdown:
        write_markdown(args.markdown, cells, rows, info)
    failed = any(p != 'not supported' for row in rows for p in row.problem.values())
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
