#!/usr/bin/env python3
"""The soak (issue 9): the tracer follows a full-speed workload for ten minutes, and its memory
must stay flat.

    soak.py --tracer build/src/cxtrace --progs-dir build/tests/progs
    CXTRACE_SOAK_SECONDS=60 soak.py ...       # a shorter run while developing

The workload (tests/progs/torture_soak) forks a child a round (every 16th execs /bin/true),
starts and joins a thread, signals itself, moves bytes through a pipe and a socket pair and
makes 400 quick calls, as fast as it can. The tracer runs with -f -yy -tt -T -A -o FILE (the
file is emptied at every sample, so the disk does not fill). Every CXTRACE_SOAK_SAMPLE seconds
(default 5) the tracer's VmRSS is read from /proc. The run fails if the program fails or stops
making progress, or if memory grows: the largest RSS of the last third of the samples may
exceed the largest of the first third by at most max(2 MiB, 10 %). The samples are printed.
"""

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import e2elib  # noqa: E402
from e2elib import Failure, check  # noqa: E402
from scenarios import LineReader  # noqa: E402


def rss_kib(pid):
    v = e2elib.status_field(pid, 'VmRSS')
    return int(v.split()[0]) if v else None


def flat(samples):
    """(ok, first third's max, last third's max, allowed) for a list of RSS values in KiB."""
    third = max(1, len(samples) // 3)
    first, last = max(samples[:third]), max(samples[-third:])
    allowed = first + max(2048, first // 10)
    return last <= allowed, first, last, allowed


def soak(tracer, progs_dir, seconds, every):
    workload = os.path.join(progs_dir, 'torture_soak')
    tmp = tempfile.mkdtemp(prefix='cxtrace-soak-')
    trace = os.path.join(tmp, 'trace')
    with e2elib.Processes() as procs:
        t = procs.start([tracer, '-f', '-yy', '-tt', '-T', '-A', '-o', trace, workload,
                         str(seconds)], cwd=tmp, stdout=subprocess.PIPE)
        out = LineReader(t.stdout)
        start = time.monotonic()
        samples = []  # (seconds since start, RSS KiB, rounds so far)
        rounds = 0
        said = ''
        print(f'{"t/s":>6} {"VmRSS/KiB":>10} {"rounds":>8}', flush=True)
        while t.poll() is None:
            time.sleep(every)
            said += out.drain()
            for line in said.splitlines():
                if line.startswith('rounds '):
                    rounds = int(line.split()[1])
            rss = rss_kib(t.pid)
            if rss is None:
                break
            samples.append((time.monotonic() - start, rss, rounds))
            print(f'{samples[-1][0]:6.0f} {rss:10d} {rounds:8d}', flush=True)
            if os.path.exists(trace):
                os.truncate(trace, 0)
            check(time.monotonic() - start < seconds + 120, 'the workload overran its time')
        rest = said + out.rest(timeout=60)
        rc = t.wait(timeout=60)
    shutil.rmtree(tmp, ignore_errors=True)
    check(rc == 0, f'tracer {e2elib.describe_status(rc)}; program said {rest[-500:]!r}')
    done = [ln for ln in rest.splitlines() if ln.startswith('soak done:')]
    check(done and done[0].endswith(', 0 failures'), f'program said {rest[-500:]!r}')
    check(len(samples) >= 3, f'only {len(samples)} samples')
    # Progress: the workload went on through the whole run (some rounds between any two of
    # the samples in each third).
    third = len(samples) // 3
    for part in (samples[:third], samples[third:2 * third], samples[2 * third:]):
        check(part[-1][2] > part[0][2] or len(part) < 2,
              f'no progress between {part[0][0]:.0f} s and {part[-1][0]:.0f} s')
    ok, first, last, allowed = flat([s[1] for s in samples])
    total_rounds = int(done[0].split()[2])
    print(f'{done[0]}; {total_rounds / seconds:.0f} rounds/s')
    print(f'VmRSS: min {min(s[1] for s in samples)} KiB, max {max(s[1] for s in samples)} KiB; '
          f'first third max {first} KiB, last third max {last} KiB (allowed {allowed} KiB)')
    check(ok, f'memory grew: last third max {last} KiB > {allowed} KiB')


def main():
    ap = argparse.ArgumentParser(description='cxtrace soak test')
    ap.add_argument('--tracer', required=True)
    ap.add_argument('--progs-dir', required=True)
    opts = ap.parse_args()
    seconds = float(os.environ.get('CXTRACE_SOAK_SECONDS', '600'))
    every = float(os.environ.get('CXTRACE_SOAK_SAMPLE', '5'))
    e2elib.set_child_subreaper()
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        soak(os.path.abspath(opts.tracer), os.path.abspath(opts.progs_dir), seconds, every)
    except Failure as e:
        print(f'FAIL soak: {e}')
        return 1
    print('PASS soak')
    return 0


if __name__ == '__main__':
    sys.exit(main())
