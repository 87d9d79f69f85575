#!/usr/bin/env python3
"""`meson install`: the binary, the manual and the three completions go to their standard
places (bash-completion's directory, zsh's site-functions, fish's vendor_completions.d), and the
Meson options bashcompletiondir, zshcompletiondir and fishcompletiondir move each one.

    install.py --meson meson --builddir build --srcdir . CASE...
    install.py --list
"""

import filecmp
import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import e2elib  # noqa: E402

# Where each installed file comes from in the source tree, and its standard place below the
# prefix (None: the built binary), with the option that moves it.
FILES = [
    ('bindir', 'cxtrace', None, None),
    ('mandir', 'man1/cxtrace.1', 'man/cxtrace.1', None),
    ('datadir', 'bash-completion/completions/cxtrace', 'completions/cxtrace.bash',
     'bashcompletiondir'),
    ('datadir', 'zsh/site-functions/_cxtrace', 'completions/_cxtrace', 'zshcompletiondir'),
    ('datadir', 'fish/vendor_completions.d/cxtrace.fish', 'completions/cxtrace.fish',
     'fishcompletiondir'),
]


def run(argv, **kw):
    p = subprocess.run(argv, capture_output=True, text=True, timeout=120, **kw)
    e2elib.check(p.returncode == 0, f'{" ".join(argv)}: exit {p.returncode}\n{p.stdout}\n{p.stderr}')
    return p.stdout


def build_options(meson, builddir):
    opts = json.loads(run([meson, 'introspect', '--buildoptions', builddir]))
    return {o['name']: o['value'] for o in opts}


def expected_places(opts):
    """Each file's installed path (absolute, before DESTDIR) and its source, as the build's
    options say."""
    places = []
    for dir_option, below, source, override in FILES:
        if override and opts.get(override):
            path = os.path.join(opts[override], os.path.basename(below))
        else:
            base = opts[dir_option]
            if not os.path.isabs(base):
                base = os.path.join(opts['prefix'], base)
            path = os.path.join(base, below)
        places.append((path, source))
    return places


def destdir(meson, builddir, srcdir):
    """`meson install --destdir` of the build the tests run from: every file where it belongs,
    the same as its source, and the installed binary runs."""
    opts = build_options(meson, builddir)
    tmp = tempfile.mkdtemp(prefix='cxtrace-install-')
    try:
        run([meson, 'install', '-C', builddir, '--no-rebuild', '--quiet', '--destdir', tmp])
        for path, source in expected_places(opts):
            where = tmp + path
            e2elib.check(os.path.isfile(where), f'not installed: {path} (under {tmp})')
            if source:
                e2elib.check(filecmp.cmp(where, os.path.join(srcdir, source), shallow=False),
                             f'{path} differs from {source}')
        binary = tmp + expected_places(opts)[0][0]
        e2elib.check(os.access(binary, os.X_OK), f'{binary} is not executable')
        e2elib.check('version' in run([binary, '--version']), f'{binary} --version')
        installed = sorted(os.path.relpath(os.path.join(d, f), tmp)
                           for d, _, fs in os.walk(tmp) for f in fs)
        e2elib.check(len(installed) == len(FILES),
                     f'installed {len(installed)} files, want {len(FILES)}: {installed}')
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def options(meson, builddir, srcdir):
    """A build configured with the three directory options installs each completion there
    (what `meson introspect --installed` says it will install; tests off, nothing compiled)."""
    tmp = tempfile.mkdtemp(prefix='cxtrace-install-options-')
    try:
        dirs = {'bashcompletiondir': '/etc/bash_completion.d',
                'zshcompletiondir': '/opt/zsh/functions',
                'fishcompletiondir': '/opt/fish/completions'}
        build = os.path.join(tmp, 'build')
        run([meson, 'setup', build, srcdir, '--prefix=/opt/cxtrace', '-Dtests=false'] +
            [f'-D{k}={v}' for k, v in dirs.items()])
        installed = json.loads(run([meson, 'introspect', '--installed', build]))
        by_source = {os.path.relpath(src, srcdir): dst for src, dst in installed.items()}
        want = dict((source, path)
                    for path, source in expected_places({**build_options(meson, build)})
                    if source)
        e2elib.check(want['completions/cxtrace.bash'] == '/etc/bash_completion.d/cxtrace',
                     f'the test computes {want}')
        for source, path in want.items():
            e2elib.check(by_source.get(source) == path,
                         f'{source} installs to {by_source.get(source)}, want {path}')
        binaries = [dst for src, dst in installed.items() if src.startswith(build)]
        e2elib.check(binaries == ['/opt/cxtrace/bin/cxtrace'], f'binaries: {binaries}')
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


CASES = {'destdir': destdir, 'options': options}


def main():
    def call(case, opts):
        try:
            case(opts.meson, os.path.abspath(opts.builddir), os.path.abspath(opts.srcdir))
        except e2elib.Failure as e:
            raise SystemExit(str(e))
    return e2elib.run_cases(__doc__, CASES,
                            [('--meson', 'meson'), ('--builddir', None), ('--srcdir', None)], call)


if __name__ == '__main__':
    sys.exit(main())
