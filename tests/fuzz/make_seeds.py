#!/usr/bin/env python3
"""Writes the seed inputs of the fuzz corpora (tests/fuzz/corpus/NAME/seed-*).

    tests/fuzz/make_seeds.py [--out tests/fuzz/corpus]

Parser targets get real command lines and expressions: the examples of the manual and the
README, strace's own -e forms. The decode target gets one call per syscall of
syscalls/signatures.tbl, every argument pointing at plausible memory, and the structures the
kernel itself fills are real: this script makes those calls (stat, uname, sysinfo, getrusage,
getdents64, capget, sched_getaffinity, ...) through ctypes and packs the bytes it got back. Run
it again after adding syscalls; the fuzzers' own finds go in with `-merge=1` (README.md).
"""

import argparse
import ctypes
import hashlib
import os
import re
import signal
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

# ---------------------------------------------------------------------------------------------
# Text seeds.

CLI = [
    ['-f', 'ls'],
    ['-f', '-e', 'trace=%file', '-Z', 'PROG'],
    ['-e', 'trace=open,openat,close', '-e', 'signal=!SIGCHLD', 'true'],
    ['-e', 'trace=/^(open|read|close)', '-e', 'raw=all', 'true'],
    ['-e', 'status=failed,unfinished', '-e', 'quiet=attach,exit', 'true'],
    ['-e', 'verbose=!%desc,execve', '-e', 'read=0,3,4', '-e', 'write=1,2', 'true'],
    ['-e', 'decode-fds=path,socket', '-e', 'quiet=!thread-execve', 'true'],
    ['-e', 'inject=write:error=ENOSPC', '-e', 'inject=read:delay_enter=50ms:when=3+3', 'PROG'],
    ['-e', 'fault=openat:when=2..4', '--inject', 'close:retval=0:signal=SIGHUP', 'true'],
    ['--inject-filter', 'openat:pathname~"/etc/', 'error=EACCES', 'PROG'],
    ['--filter', '%network:errno=ECONNREFUSED', 'PROG'],
    ['--filter', '/^mmap|mprotect$/:prot&PROT_EXEC', 'PROG'],
    ['--filter', 'open:/tmp/.*,flags&O_WRONLY,ret>=0', 'PROG'],
    ['--filter', 'read:fd=0', '--filter', 'connect:addr~127\\.0\\.0\\.1', 'PROG'],
    ['-P', '/etc/passwd', '-P', 'data.txt', 'cat', 'data.txt'],
    ['-p', '1234', '--tree'],
    ['-p', '1,2 3', '-p', '4'],
    ['-c', '--summary-interval', '10', '-p', '1234'],
    ['-c', '--summary-latency', '-U', 'calls,errors,name', '-S', 'calls', 'ls', '/etc'],
    ['-f', '-c', '-w', '--summary-latency', '-S', 'max-time', 'make'],
    ['-C', '-S', 'name', '-U', 'time-percent,total-time,avg-time,calls,errors,name', 'ls'],
    ['-f', '-tt', '-T', 'PROG'],
    ['--absolute-timestamps=unix,ns', '-r', '--syscall-times=ns', 'PROG'],
    ['--absolute-timestamps=format:time,precision:ms', '--relative-timestamps=us', 'PROG'],
    ['-ttt', '-i', '-n', '-Y', 'PROG'],
    ['-X', 'verbose', '-N', '--arg-types', '--arg-addresses', 'PROG'],
    ['-X', 'raw', '-x', '-s', '64', '-a', '60', 'PROG'],
    ['-xx', '-v', '-yy', '--decode-pids=comm', 'PROG'],
    ['--decode-fds', 'ls'],
    ['--decode-fds=!dev', '--read', 'all', '--write', '!1', 'PROG'],
    ['--json', '-f', '-o', 'trace.jsonl', 'PROG'],
    ['--output-format=text', '--color=always', 'PROG'],
    ['--colour', 'never', '-o', '|grep open', 'PROG'],
    ['-ff', '-o', '/tmp/trace', 'make'],
    ['--output-separately', '-A', '-o', 'trace', 'PROG'],
    ['-D', 'PROG'],
    ['-DDD', '-I', 'never_tstp', 'PROG'],
    ['--daemonize=pgroup', '-I', '1', 'PROG'],
    ['-DD', '-u', 'nobody', '-E', 'TESTING=1', '-E', 'LD_PRELOAD', 'PROG'],
    ['--argv0', 'ls', 'busybox'],
    ['-b', 'execve', '-f', 'sh', 'script.sh'],
    ['--syscall-limit=100', '--kill-on-exit', 'PROG'],
    ['--follow=threads', 'PROG'],
    ['--follow', 'forks', '-f', 'PROG'],
    ['--syscalls'],
    ['--syscalls', '%network'],
    ['--syscalls', '/^open'],
    ['-k', '-e', 'trace=openat', 'PROG'],
    ['--seccomp-bpf', '-f', '-e', 'trace=!%memory', 'PROG'],
    ['--no-seccomp-bpf', '-z', 'PROG'],
    ['-q', '-qq', '-d', 'PROG'],
    ['--filename', '--socketcall', 'PROG'],
    ['--trace', 'open', '--status', 'successful', '--signal', 'SIGINT,SIGTERM', 'PROG'],
    ['-h'],
    ['-V'],
    ['--', '-weird-name'],
    ['--colr=always', 'PROG'],
    ['-s', '-1', 'PROG'],
]

SYSCALL_SETS = [
    'open,close', '!open', '%file', '%%stat', '%%statfs', '%network,%process', '/^(open|read)',
    '?nosuchcall', 'all', 'none', '!%memory', 'read,!write', '/[', 'openat2', '%fstat,%lstat',
    'exit_group', '%pure', '%desc,%ipc,%signal,%creds,%clock', '/.*', '!all', 'open,,close',
]

PATTERNS = [
    '%network:errno=ECONNREFUSED', '/^mmap|mprotect$/:prot&PROT_EXEC',
    'connect:addr~127\\.0\\.0\\.1', 'open:/tmp/.*,flags&O_WRONLY,ret>=0', 'open:/tmp/.*',
    'openat:flags&O_CREAT,ret>=0', 'read:fd=0', 'openat:pathname~"/etc/', 'read:arg0=3,ret>10',
    'write:count<=100,errno!=EAGAIN', 'execve:argv~sh', 'openat:flags&O_CREAT|O_EXCL',
    'openat:dirfd=AT_FDCWD', 'kill:sig=SIGKILL', 'read:ret<0', 'openat:arg1~^"/',
    '%file:errno=ENOENT', 'read:fd>=3,ret!=0', 'write:buf~hello',
]

SYMBOLS = ['O_CREAT', 'O_CREAT|O_EXCL', 'ENOENT', 'SIGKILL', 'AT_FDCWD', 'PROT_EXEC|PROT_READ',
           '0x10', '-1', 'O_WRONLY|O_TRUNC|O_CLOEXEC']

INJECT = [
    'write:error=ENOSPC', 'read:delay_enter=200ms', 'read:delay_exit=1.5s:when=3+3',
    'open,openat:retval=42:when=2..4', 'close:signal=SIGHUP', 'getpid:syscall=getppid:retval=1',
    'all:error=EPERM:when=5+', '%file:error=ENOENT:when=1..10+2', 'write:error=28',
    'read:delay_enter=250:delay_exit=10us', 'openat:signal=SIGUSR1:error=EACCES',
]
FAULTS = ['openat', 'write:error=EIO', 'read:when=2', 'all:when=1+']
ACTIONS = ['error=EACCES', 'error=EACCES:when=2+', 'retval=0', 'signal=SIGTERM',
           'delay_enter=1ms', 'syscall=getpid:error=ENOENT']
DELAYS = ['1.5s', '10ms', '250', '500ns', '100us', '.5s', '0']

QUALIFIERS = [
    # (option, value): see fuzz_qualifiers.cc for the option numbers.
    (0, 'open,close'), (0, '%file'), (1, 'failed,unfinished'), (1, '!successful'),
    (1, 'unavailable,detached'), (2, 'SIGINT,SIGTERM'), (2, '!SIGCHLD'), (2, 'none'),
    (2, '9,15'), (3, 'all'), (3, 'read,write'), (4, '!%desc,execve'), (4, 'none'),
    (5, '/etc/passwd'), (5, 'data.txt'), (6, 'read:fd=0'), (6, '%network:errno=ECONNREFUSED'),
    (7, 'calls'), (7, 'max-time'), (7, 'name'), (7, 'nothing'),
    (8, 'calls,errors,name'), (8, 'time-percent,total-time,avg-time,calls,errors,name'),
    (8, 'p50,p99,max-latency'),
]

MAPS = b"""\
00400000-00452000 r-xp 00000000 08:02 173521      /usr/bin/dbus-daemon
00651000-00652000 r--p 00051000 08:02 173521      /usr/bin/dbus-daemon
00e03000-00e24000 rw-p 00000000 00:00 0           [heap]
7f2c4b9d1000-7f2c4bb8b000 r-xp 00000000 fd:01 1316  /usr/lib/x86_64-linux-gnu/libc.so.6
7f2c4bb8b000-7f2c4bd8b000 ---p 001ba000 fd:01 1316  /usr/lib/x86_64-linux-gnu/libc.so.6
7f2c4bd8f000-7f2c4bd91000 rw-p 001be000 fd:01 1316  /usr/lib/x86_64-linux-gnu/libc.so.6
7f2c4bd96000-7f2c4bd97000 r-xp 00000000 00:05 42 /memfd:jit (deleted)
7ffe6ed73000-7ffe6ed94000 rw-p 00000000 00:00 0   [stack]
ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0 [vsyscall]
"""


def tiny_elfs():
    """Small shared objects built here (gcc), with and without their symbol table."""
    import subprocess
    import tempfile
    src = ('int alpha(int x) { return x + 1; }\nint beta(int x) { return x * 2; }\n'
           'static int gamma_(int x) { return x - 1; }\nint (*keep)(int) = gamma_;\n'
           'namespace_less_name_is_long_enough_to_matter() { return 0; }\n')
    out = {}
    with tempfile.TemporaryDirectory() as d:
        c = os.path.join(d, 'tiny.c')
        open(c, 'w').write(src)
        for name, extra in [('symtab', []), ('stripped', ['-s'])]:
            so = os.path.join(d, name + '.so')
            subprocess.run(['gcc', '-w', '-shared', '-fPIC', '-nostdlib', '-O1',
                            '-Wl,-z,noseparate-code', '-Wl,-z,max-page-size=16', '-o', so, c] +
                           extra, check=True)
            out[name] = open(so, 'rb').read()
    return out


def args_seed(words):
    return b'\0'.join(w.encode() for w in words)


# ---------------------------------------------------------------------------------------------
# The decode target: header (see fuzz_decode.cc), then memory at BASE.

BASE = 0x10000
libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long


def sys_nr(name):
    for line in open(os.path.join(ROOT, 'syscalls', 'x86_64.tbl')):
        f = line.split()
        if len(f) >= 3 and not line.startswith('#') and f[2] == name and f[1] in ('common', '64'):
            return int(f[0])
    raise KeyError(name)


def kernel_bytes(name, size, *args, out_index=None):
    """Calls syscall `name` with a zeroed buffer of `size` bytes as argument `out_index` (the
    last one by default) and returns what the kernel wrote there."""
    buf = ctypes.create_string_buffer(size)
    cargs = [ctypes.c_long(a) if isinstance(a, int) else a for a in args]
    at = len(cargs) if out_index is None else out_index
    cargs.insert(at, ctypes.cast(buf, ctypes.c_void_p))
    rc = libc.syscall(ctypes.c_long(sys_nr(name)), *cargs)
    if rc < 0:
        return None, rc
    return buf.raw, rc


def real_structs():
    """Type name -> bytes the kernel filled in on this machine."""
    s = {}
    root = ctypes.c_char_p(b'/')
    s['stat'] = kernel_bytes('stat', 144, root)[0]
    s['statfs'] = kernel_bytes('statfs', 120, root)[0]
    s['statx'] = kernel_bytes('statx', 256, -100, root, 0, 0xfff)[0]
    s['utsname'] = kernel_bytes('uname', 390)[0]
    s['sysinfo'] = kernel_bytes('sysinfo', 112)[0]
    s['rusage'] = kernel_bytes('getrusage', 144, 0)[0]
    s['rlimit'] = kernel_bytes('getrlimit', 16, 7)[0]
    s['tms'] = kernel_bytes('times', 32)[0]
    s['timespec'] = kernel_bytes('clock_gettime', 16, 1)[0]
    s['timeval'] = kernel_bytes('gettimeofday', 16, 0, out_index=0)[0]
    s['timex'] = kernel_bytes('adjtimex', 208)[0]
    s['sigset'] = kernel_bytes('rt_sigprocmask', 8, 0, 0, 8, out_index=2)[0]
    s['sigaction'] = kernel_bytes('rt_sigaction', 32, signal.SIGINT, 0, 8, out_index=2)[0]
    s['stack_t'] = kernel_bytes('sigaltstack', 24, 0)[0]
    s['sched_param'] = kernel_bytes('sched_getparam', 4, 0)[0]
    s['sched_attr'] = kernel_bytes('sched_getattr', 56, 0, 56, 0, out_index=1)[0]
    s['cpuset'] = kernel_bytes('sched_getaffinity', 128, 0, 128)[0]
    s['itimerval'] = kernel_bytes('getitimer', 32, 0)[0]
    hdr = struct.pack('<Ii', 0x20080522, 0)
    s['cap_header'] = hdr
    s['cap_data'] = kernel_bytes('capget', 24, ctypes.c_char_p(hdr))[0]
    fd = os.open('/', os.O_RDONLY | os.O_DIRECTORY)
    d64, n = kernel_bytes('getdents64', 512, fd, 512, out_index=1)
    s['dirents64'] = d64[:n] if d64 else b''
    os.lseek(fd, 0, 0)
    d, n = kernel_bytes('getdents', 512, fd, 512, out_index=1)
    s['dirents'] = d[:n] if d else b''
    os.close(fd)
    return {k: v for k, v in s.items() if v}


class Mem:
    """The memory image: arguments' data first, their strings and buffers after."""

    def __init__(self):
        self.b = bytearray()

    def put(self, data, align=8):
        while len(self.b) % align:
            self.b.append(0)
        at = BASE + len(self.b)
        self.b += data
        return at

    def cstr(self, s):
        return self.put(s + b'\0', 1)


SIG = re.compile(r'^(\w+)\s+(\S+)\s+(\S+)\s*(.*)$')


def parse_signatures():
    rows = []
    for line in open(os.path.join(ROOT, 'syscalls', 'signatures.tbl')):
        if line.startswith('#') or not line.strip():
            continue
        m = SIG.match(line.rstrip())
        name, ret, _classes, rest = m.groups()
        args = []
        for a in re.findall(r'(\w+):((?:out:|inout:)?[\w()\[\]]+)(?:="[^"]*"|=\S+)?', rest):
            if a[0] == 'decoder':
                continue
            t = a[1].split(':')[-1]
            base = re.match(r'\w+', t).group(0)
            length = re.search(r'\[(\w+)\]', t)
            table = re.search(r'\((\w+)\)', t)
            args.append((a[0], base, length.group(1) if length else None,
                         table.group(1) if table else None))
        rows.append((name, ret.split('=')[0], args, 'decoder=' in rest))
    return rows


def arg_value(mem, name, typ, structs):
    """A plausible register value for one argument, with what it points to put in `mem`."""
    u64 = lambda *v: struct.pack('<%dQ' % len(v), *v)
    small = {'fd': 3, 'dirfd': (1 << 64) - 100, 'int': 1, 'uint': 8, 'long': 1, 'ulong': 4096,
             'hex': 0x10, 'size': 32, 'off': 0, 'pid': 1234, 'uid': 1000, 'gid': 1000,
             'mode': 0o644, 'mode_type': 0o100644, 'umask': 0o22, 'dev': 0x103, 'signo': 10,
             'clockid': 1, 'ipc_key': 0x1234, 'flags': 0x41, 'enum': 1, 'open_flags': 0x80241,
             'mmap_flags': 0x22, 'sock_type': 0x80001, 'clone_flags': 0x1200011,
             'ipc_flags': 0o1600, 'statx_flags': 0x100, 'sockaddr_len': 16}
    if typ in small:
        return small[typ]
    if typ in ('path',):
        return mem.cstr(b'/etc/passwd')
    if typ == 'str':
        return mem.cstr(b'hello\tworld\n\x01\xff\xc3\xa9')
    if typ == 'bytes':
        return mem.put(b'data written\n\x00\x01\x02\x7f\x80\xfe\xffabcdefghijklmn', 1)
    if typ in ('argv', 'envp'):
        strs = [mem.cstr(w) for w in ([b'sh', b'-c', b'echo "hi"'] if typ == 'argv'
                                      else [b'HOME=/root', b'LANG=C.UTF-8'])]
        return mem.put(u64(*strs, 0))
    if typ == 'iovec':
        a, b = mem.put(b'hello', 1), mem.put(b' world', 1)
        return mem.put(u64(a, 5, b, 6))
    if typ in ('msghdr', 'mmsghdr'):
        sa = mem.put(struct.pack('<HH4s8x', 2, 80, bytes([127, 0, 0, 1])))
        a = mem.put(b'hello', 1)
        iov = mem.put(u64(a, 5))
        cmsg = mem.put(struct.pack('<Qii', 20, 1, 1) + struct.pack('<i', 3) + b'\0' * 4)
        hdr = struct.pack('<QI4xQQQQi4x', sa, 16, iov, 1, cmsg, 24, 0)
        if typ == 'mmsghdr':
            return mem.put(hdr + struct.pack('<I4x', 5) + hdr + struct.pack('<I4x', 0))
        return mem.put(hdr)
    if typ == 'sockaddr':
        return mem.put(struct.pack('<HH4s8x', 2, 0x5000, bytes([127, 0, 0, 1])))
    if typ in ('int_ptr', 'uint_ptr', 'uid_ptr', 'gid_ptr'):
        return mem.put(struct.pack('<i', 16))
    if typ in ('long_ptr', 'size_ptr', 'hex_ptr', 'off_ptr'):
        return mem.put(u64(4096))
    if typ == 'fd_pair':
        return mem.put(struct.pack('<ii', 3, 4))
    if typ in ('int_array', 'gid_array'):
        return mem.put(struct.pack('<4i', 0, 4, 24, 27))
    if typ == 'wait_status':
        return mem.put(struct.pack('<i', 0x100))
    if typ in structs:
        return mem.put(structs[typ])
    if typ == 'timespec_pair':
        return mem.put(structs.get('timespec', b'\0' * 16) + u64(0, (1 << 30) - 2))
    if typ == 'timeval_pair':
        return mem.put(structs.get('timeval', b'\0' * 16) * 2)
    if typ == 'timezone':
        return mem.put(struct.pack('<ii', -60, 0))
    if typ == 'itimerspec':
        return mem.put(u64(0, 500000000, 1, 0))
    if typ == 'utimbuf':
        return mem.put(u64(1700000000, 1700000001))
    if typ == 'ustat':
        return mem.put(struct.pack('<iI6s6s', 1000, 42, b'fname', b'fpack') + b'\0' * 4)
    if typ == 'fdset':
        return mem.put(u64(0b1011000))
    if typ == 'siginfo':
        return mem.put(struct.pack('<iii4xiI', 17, 0, 1, 1234, 1000) + b'\0' * 108)
    if typ == 'sigevent':
        return mem.put(struct.pack('<Qii', 42, 10, 0) + b'\0' * 48)
    if typ == 'clone_args':
        return mem.put(u64(0x1200011, 0, 0, 0, 17, 0, 0, 0, 0, 0, 0))
    if typ == 'pollfd':
        return mem.put(struct.pack('<ihhihh', 0, 1, 0, 1, 4, 4))
    if typ in ('epoll_event', 'epoll_events'):
        return mem.put(struct.pack('<IQ', 1, 3) + struct.pack('<IQ', 4 | 0x80000000, 5)[:12])
    if typ == 'io_events':
        return mem.put(u64(1, 2, 3, 4))
    if typ == 'iocbs':
        buf = mem.put(b'abc', 1)
        iocb = mem.put(u64(7, 0) + struct.pack('<HHI', 1, 0, 3) + u64(buf, 3, 0, 0) +
                       struct.pack('<II', 0, 0))
        return mem.put(u64(iocb))
    if typ == 'sembuf':
        return mem.put(struct.pack('<Hhh', 0, -1, 0x1000) + b'\0\0')
    if typ == 'msgbuf':
        return mem.put(u64(1) + b'message')
    if typ == 'mq_attr':
        return mem.put(u64(0x800, 10, 8192, 0))
    if typ == 'open_how':
        return mem.put(u64(0x80241, 0o644, 0x10))
    if typ == 'cap_header':
        return mem.put(struct.pack('<Ii', 0x20080522, 0))
    # ptr and the rest: something to read, long enough for most structures (a bpf_attr, a
    # termios), small numbers and a string pointer in it.
    text = mem.cstr(b'/tmp/x')
    return mem.put(u64(text, 1, 2, 3) + struct.pack('<48I', *range(4, 52)) + u64(text, 16))


def decode_seed(nr, args, rval, mode=0, opts=0, fds=0, line=1, strsize=32, extra=0, memory=b''):
    regs = [a & ((1 << 64) - 1) for a in args] + [0] * (6 - len(args))
    return (struct.pack('<6BH', mode, opts, fds, line, strsize, extra, nr) +
            struct.pack('<6Qq', *regs, rval) + struct.pack('<H', 0) + memory)


def xlat_values(build):
    """Table name -> [(name, value)], the values as the build's headers give them: compiled
    from the build's generated tables (syscalls_gen.cc)."""
    import subprocess
    import tempfile
    gen = os.path.join(build, 'syscalls', 'syscalls_gen.cc')
    if not os.path.exists(gen):
        sys.exit(f'make_seeds.py: {gen} is missing: build cxtrace first (--build DIR)')
    dump = ('#include <cstdio>\n#include "table/syscall_desc.h"\nint main() {\n'
            '  for (const cxtrace::table::Xlat* x : cxtrace::table::kXlatsByName) {\n'
            '    for (const auto& e : x->entries) {\n'
            '      std::printf("%.*s %.*s %llu\\n", (int)x->name.size(), x->name.data(),\n'
            '                  (int)e.name.size(), e.name.data(), (unsigned long long)e.value);\n'
            '    }\n  }\n}\n')
    out = {}
    with tempfile.TemporaryDirectory() as d:
        src = os.path.join(d, 'dump.cc')
        open(src, 'w').write(dump)
        exe = os.path.join(d, 'dump')
        subprocess.run(['g++', '-std=c++20', '-w', '-I', os.path.join(ROOT, 'src'), '-I',
                        os.path.join(build, 'syscalls'), gen, src, '-o', exe], check=True)
        for line in subprocess.run([exe], check=True, capture_output=True, text=True).stdout.split('\n'):
            if line:
                table, name, value = line.split()
                out.setdefault(table, []).append((name, int(value)))
    return out


def decode_seeds(build):
    structs = real_structs()
    xlats = xlat_values(build)
    out = {}
    for name, ret, args, special in parse_signatures():
        try:
            nr = sys_nr(name)
        except KeyError:
            continue
        mem = Mem()
        regs = []
        for an, typ, length, _table in args:
            regs.append(arg_value(mem, an, typ, structs))
        # A length naming another argument: make it the size of what that argument points to.
        for i, (an, typ, length, _table) in enumerate(args):
            if length and length != 'ret':
                for j, (bn, _t, _l, _x) in enumerate(args):
                    if bn == length and _t in ('size', 'uint', 'int', 'ulong', 'long'):
                        regs[j] = 16 if typ != 'bytes' else 32
        rv = {'fd': 3, 'ssize': 13, 'size': 13, 'pid': 1234}.get(ret, 0)
        memory = bytes(mem.b)
        out[f'{name}'] = decode_seed(nr, regs, rv, memory=memory)
        # The same call with the options that change decoding most, and failing.
        out[f'{name}-opts'] = decode_seed(nr, regs, -2, opts=0x01 | 0x04 | 0x80,
                                          fds=0x0f | 0x30, line=1 | 2 | 4 | 8 | 16 | 32,
                                          strsize=8, extra=3, memory=memory)
        if ret in ('ssize', 'fd', 'int'):
            out[f'{name}-yy'] = decode_seed(nr, regs, rv, opts=0x02 | 0x40, fds=0x0f | 0x10 | 0x20,
                                            line=1 | 128, memory=memory)
        if not special:
            continue
        # An irregular call decodes by its command (ioctl's request, fcntl's cmd, bpf's, prctl's
        # option): one seed per value of each enum argument, the other arguments pointing at
        # the memory and the sizes large enough for what they describe.
        base = list(regs)
        for i, (an, typ, length, table) in enumerate(args):
            if typ in ('hex', 'ptr'):
                base[i] = BASE
            elif typ in ('uint', 'int', 'size') and i > 0:
                base[i] = 64
        for i, (an, typ, length, table) in enumerate(args):
            if typ != 'enum' or table not in xlats:
                continue
            for sym, value in xlats[table][:120]:
                v = list(base)
                v[i] = value
                out[f'{name}-{sym}'] = decode_seed(nr, v, rv, opts=0x01, memory=memory)
    # Signals: siginfo as the kernel hands it over.
    sigs = {
        'sigchld': struct.pack('<iii4xiIi', 17, 0, 1, 1234, 1000, 0),
        'sigsegv': struct.pack('<iii4xQ', 11, 0, 1, 0xdeadbeef),
        'sigusr1-kill': struct.pack('<iii4xiI', 10, 0, 0, 1, 0),
        'sigrt-queue': struct.pack('<iii4xiIQ', 34, 0, -1, 1, 0, 42),
        'sigsys': struct.pack('<iii4xQiI', 31, 0, 1, 0x401000, 59, 0xc000003e),
        'sigalrm-timer': struct.pack('<iii4xiiQ', 14, 0, -2, 1, 0, 0),
        'sigpoll': struct.pack('<iii4xqi', 29, 0, 1, 1, 3),
    }
    for k, v in sigs.items():
        out['signal-' + k] = decode_seed(0, [], 0, mode=1, memory=v.ljust(128, b'\0'))
    return out


def write(outdir, target, seeds):
    d = os.path.join(outdir, target)
    os.makedirs(d, exist_ok=True)
    for name, data in seeds.items():
        safe = re.sub(r'[^A-Za-z0-9_.-]', '_', name)[:60]
        with open(os.path.join(d, f'seed-{safe}'), 'wb') as f:
            f.write(data)
    print(f'{target}: {len(seeds)} seeds')


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--out', default=os.path.join(HERE, 'corpus'))
    ap.add_argument('--build', default=os.path.join(ROOT, 'build'),
                    help='a configured build, for the generated flag and enum tables')
    a = ap.parse_args()
    h = lambda b: hashlib.sha1(b).hexdigest()[:12]
    write(a.out, 'cli', {f'{i:02}-' + '_'.join(w)[:40]: args_seed(w) for i, w in enumerate(CLI)})
    ss = {}
    for i, e in enumerate(SYSCALL_SETS):
        ss[f'list-{i:02}'] = b'\0' + e.encode()
        ss[f'token-{i:02}'] = b'\5' + e.encode()
    ss.update({f'family-{n}': b'\2' + n.encode() for n in ['open', 'stat', 'read', 'nosuch']})
    ss.update({f'closest-{n}': b'\3' + n.encode() for n in ['opne', 'exit_grop', 'x']})
    write(a.out, 'syscall_set', ss)
    pat = {f'pattern-{i:02}': b'\0' + p.encode() for i, p in enumerate(PATTERNS)}
    pat.update({f'symbol-{i:02}': b'\1' + s.encode() for i, s in enumerate(SYMBOLS)})
    write(a.out, 'pattern', pat)
    inj = {f'inject-{i:02}': b'\0' + s.encode() for i, s in enumerate(INJECT)}
    inj.update({f'fault-{i:02}': b'\1' + s.encode() for i, s in enumerate(FAULTS)})
    inj.update({f'actions-{i:02}': b'\2' + s.encode() for i, s in enumerate(ACTIONS)})
    inj.update({f'delay-{i:02}': b'\4' + s.encode() for i, s in enumerate(DELAYS)})
    write(a.out, 'inject', inj)
    q = {}
    for i in range(0, len(QUALIFIERS), 3):
        items = QUALIFIERS[i:i + 3]
        q[f'set-{i:02}'] = bytes([i % 4]) + b'\0'.join(bytes([o]) + v.encode() for o, v in items)
    write(a.out, 'qualifiers', q)
    st = {'maps': b'\0' + struct.pack('<Q', 0x7f2c4b9d1234) + MAPS}
    for name, data in tiny_elfs().items():
        for probe in (0x2b4, 0x2b9, 0x1000):
            st[f'elf-{name}-{probe:x}'] = b'\1' + struct.pack('<Q', probe) + data
    write(a.out, 'stack', st)
    write(a.out, 'decode', decode_seeds(a.build))


if __name__ == '__main__':
    main()
