#!/usr/bin/env python3
# Runs gen_tables.py on small fixtures: base/ must generate; each cases/NAME/ overlays base/
# with one broken file and must fail with status 1 and the `FILE:LINE: reason` line in its
# `expect` file. Prints TAP-style lines and a closing "N passed, N failed".
#
# usage: gen_errors_test.py GEN_TABLES_PY FIXTURES_DIR

import os
import re
import shutil
import subprocess
import sys
import tempfile

LINE_RE = re.compile(r'^[^\s:]+:\d+: \S')


def run(gen, workdir):
    outdir = os.path.join(workdir, 'out')
    os.makedirs(outdir, exist_ok=True)
    return subprocess.run(
        [sys.executable, gen,
         '--arch-table', 'x86_64.tbl', '--signatures', 'signatures.tbl', '--xlat-dir', 'xlat',
         '--out-header', os.path.join(outdir, 'syscalls_gen.h'),
         '--out-source', os.path.join(outdir, 'syscalls_gen.cc'),
         '--depfile', os.path.join(outdir, 'syscalls_gen.d')],
        cwd=workdir, capture_output=True, text=True)


def check_base(gen, base, tmp):
    work = os.path.join(tmp, 'base')
    shutil.copytree(base, work)
    res = run(gen, work)
    if res.returncode != 0:
        return f'base fixture failed (status {res.returncode}):\n{res.stderr}'
    header = open(os.path.join(work, 'out', 'syscalls_gen.h')).read()
    source = open(os.path.join(work, 'out', 'syscalls_gen.cc')).read()
    depfile = open(os.path.join(work, 'out', 'syscalls_gen.d')).read()
    for needle in ('enum class ArgType', 'enum class Special', '  open,',
                   'inline constexpr int kMaxSyscallNr = 2;', 'extern const Xlat whence;'):
        if needle not in header:
            return f'header lacks {needle!r}'
    for needle in ('static_assert(2 == SYS_open', '{static_cast<uint64_t>(O_CREAT), "O_CREAT"}',
                   '"O_LARGEFILE"'):
        if needle not in source:
            return f'source lacks {needle!r}'
    if 'kEntries_whence, NumFmt::dec}' not in source or 'kEntries_open_mode_flags, NumFmt::hex}' not in source:
        return 'a table\'s #format (or the default hex) is not in the source'
    if 'static_assert(static_cast<uint64_t>(O_LARGEFILE)' in source:
        return 'a kernel row was checked against the header'
    if 'xlat/whence.tbl' not in depfile:
        return 'depfile does not list the xlat tables'
    return None


def check_case(gen, base, case_dir, tmp):
    name = os.path.basename(case_dir)
    work = os.path.join(tmp, name)
    shutil.copytree(base, work)
    expect = None
    for root, _, files in os.walk(case_dir):
        for f in files:
            src = os.path.join(root, f)
            rel = os.path.relpath(src, case_dir)
            if rel == 'expect':
                expect = open(src).read().strip()
                continue
            dst = os.path.join(work, rel)
            os.makedirs(os.path.dirname(dst), exist_ok=True)
            shutil.copyfile(src, dst)
    if not expect:
        return 'no expect file'
    res = run(gen, work)
    if res.returncode != 1:
        return f'exit status {res.returncode}, expected 1\n{res.stderr}'
    lines = res.stderr.splitlines()
    if not lines:
        return 'nothing on stderr'
    bad = [l for l in lines if not LINE_RE.match(l)]
    if bad:
        return f'lines not of the form FILE:LINE: reason: {bad}'
    if not any(l.startswith(expect) for l in lines):
        return f'expected a line starting {expect!r}, got:\n{res.stderr}'
    if os.path.exists(os.path.join(work, 'out', 'syscalls_gen.h')):
        return 'wrote output despite the error'
    return None


def main():
    gen = os.path.abspath(sys.argv[1])
    fixtures = os.path.abspath(sys.argv[2])
    base = os.path.join(fixtures, 'base')
    cases_dir = os.path.join(fixtures, 'cases')
    cases = sorted(os.path.join(cases_dir, c) for c in os.listdir(cases_dir))
    passed = failed = 0
    print(f'1..{len(cases) + 1}')
    with tempfile.TemporaryDirectory() as tmp:
        checks = [('base', lambda: check_base(gen, base, tmp))]
        checks += [(os.path.basename(c), lambda c=c: check_case(gen, base, c, tmp)) for c in cases]
        for i, (name, check) in enumerate(checks, 1):
            problem = check()
            if problem is None:
                passed += 1
                print(f'ok {i} - {name}')
            else:
                failed += 1
                print(f'not ok {i} - {name}')
                for line in problem.splitlines():
                    print(f'# {line}')
    print(f'{passed} passed, {failed} failed')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
