#!/usr/bin/env python3
"""Runs one libFuzzer fuzz target for a bounded time, as `meson test --suite fuzz` does.

    run_fuzzer.py --fuzzer EXE --time SECONDS --work DIR [LIBFUZZER-FLAG...] -- CORPUS-DIR...

The fuzzer first runs every input in the corpus directories (the repository's corpus and saved
crashes, which it never writes to), then mutates them for SECONDS (CXTRACE_FUZZ_TIME, when set,
wins). New interesting inputs go to DIR/new/, a crashing input to DIR/artifacts/; on a crash
this prints the input's path and how to keep it as a regression test.
"""

import os
import subprocess
import sys


def main(argv):
    if '--' not in argv:
        sys.exit('usage: run_fuzzer.py --fuzzer EXE --time SECONDS --work DIR [FLAG...] -- DIR...')
    split = argv.index('--')
    opts, corpora = argv[:split], argv[split + 1:]
    fuzzer = time = work = None
    extra = []
    i = 0
    while i < len(opts):
        if opts[i] in ('--fuzzer', '--time', '--work') and i + 1 < len(opts):
            if opts[i] == '--fuzzer':
                fuzzer = opts[i + 1]
            elif opts[i] == '--time':
                time = opts[i + 1]
            else:
                work = opts[i + 1]
            i += 2
        else:
            extra.append(opts[i])
            i += 1
    if not fuzzer or not time or not work:
        sys.exit('run_fuzzer.py: --fuzzer, --time and --work are required')
    time = os.environ.get('CXTRACE_FUZZ_TIME', time)
    new = os.path.join(work, 'new')
    artifacts = os.path.join(work, 'artifacts')
    os.makedirs(new, exist_ok=True)
    os.makedirs(artifacts, exist_ok=True)
    name = os.path.basename(fuzzer)
    cmd = [fuzzer,
           f'-max_total_time={time}',
           '-timeout=10',          # one input taking 10 s is a hang
           '-rss_limit_mb=2048',
           '-malloc_limit_mb=512',  # a tracee's count must never size a buffer
           '-print_final_stats=1',
           f'-artifact_prefix={artifacts}/'] + extra + [new] + corpora
    print('running:', ' '.join(cmd), flush=True)
    env = dict(os.environ)
    # Any report is fatal and shows where it came from.
    env.setdefault('ASAN_OPTIONS', 'abort_on_error=1:detect_leaks=1')
    env.setdefault('UBSAN_OPTIONS', 'halt_on_error=1:print_stacktrace=1')
    rc = subprocess.call(cmd, env=env)
    if rc != 0:
        found = sorted(os.listdir(artifacts))
        print(f'\n{name} failed (exit status {rc}). Inputs it saved in {artifacts}:', file=sys.stderr)
        for f in found:
            print('  ' + os.path.join(artifacts, f), file=sys.stderr)
        print('Reproduce with: ' + fuzzer + ' INPUT; once fixed, keep the input as a regression '
              'test in tests/fuzz/regressions/' + name.removeprefix('fuzz_') + '/.', file=sys.stderr)
    return rc


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
