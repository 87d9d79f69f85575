#!/usr/bin/env python3
# Reads the syscall tables under syscalls/ and writes the C++ that cxtrace compiles in:
# syscalls_gen.h (enums, declarations) and syscalls_gen.cc (the table by number, the flag and
# enum tables). Every mistake in a table is reported as `FILE:LINE: reason` and the run exits
# with status 1, so a bad row never reaches the compiler. syscalls/README.md has the formats.
#
# usage: gen_tables.py --arch-table x86_64.tbl --signatures signatures.tbl --xlat-dir xlat
#                      --out-header syscalls_gen.h --out-source syscalls_gen.cc [--depfile F]

import argparse
import dataclasses
import os
import re
import shlex
import sys

# --- The vocabulary ----------------------------------------------------------------------

# Argument types: name -> (parameter, C type when the kernel only reads it, C type when it
# writes it). parameter is None, 'xlat' (flags(X), enum(X)), 'len' (bytes[LEN]) or
# 'xlat=NAME' (a composite type that always uses the table NAME). The README documents how
# each one renders; keep the two in step.
ARG_TYPES = {
    # plain numbers
    'int': (None, 'int', 'int'),
    'uint': (None, 'unsigned int', 'unsigned int'),
    'long': (None, 'long', 'long'),
    'ulong': (None, 'unsigned long', 'unsigned long'),
    'hex': (None, 'unsigned long', 'unsigned long'),
    'size': (None, 'size_t', 'size_t'),
    'off': (None, 'off_t', 'off_t'),
    'fd': (None, 'int', 'int'),
    'dirfd': (None, 'int', 'int'),
    'pid': (None, 'pid_t', 'pid_t'),
    'uid': (None, 'uid_t', 'uid_t'),
    'gid': (None, 'gid_t', 'gid_t'),
    'mode': (None, 'mode_t', 'mode_t'),
    'mode_type': (None, 'mode_t', 'mode_t'),
    'umask': (None, 'mode_t', 'mode_t'),
    'dev': (None, 'dev_t', 'dev_t'),
    'ptr': (None, 'void *', 'void *'),
    'signo': (None, 'int', 'int'),
    'clockid': ('xlat=clockids', 'clockid_t', 'clockid_t'),
    'ipc_key': (None, 'key_t', 'key_t'),
    # symbolic numbers
    'flags': ('xlat', 'int', 'int'),
    'enum': ('xlat', 'int', 'int'),
    'open_flags': ('xlat=open_mode_flags', 'int', 'int'),
    'mmap_flags': ('xlat=mmap_flags', 'int', 'int'),
    'sock_type': ('xlat=sock_type_flags', 'int', 'int'),
    'clone_flags': ('xlat=clone_flags', 'unsigned long', 'unsigned long'),
    'ipc_flags': ('xlat=ipc_flags', 'int', 'int'),
    'statx_flags': ('xlat=at_flags', 'int', 'int'),
    # pointers to one number
    'int_ptr': (None, 'const int *', 'int *'),
    'uint_ptr': (None, 'const unsigned int *', 'unsigned int *'),
    'long_ptr': (None, 'const long *', 'long *'),
    'size_ptr': (None, 'const size_t *', 'size_t *'),
    'hex_ptr': (None, 'const unsigned long *', 'unsigned long *'),
    'off_ptr': (None, 'loff_t *', 'loff_t *'),
    'uid_ptr': (None, 'const uid_t *', 'uid_t *'),
    'gid_ptr': (None, 'const gid_t *', 'gid_t *'),
    'sockaddr_len': (None, 'socklen_t *', 'socklen_t *'),
    'fd_pair': (None, 'int *', 'int *'),
    'wait_status': (None, 'int *', 'int *'),
    # arrays and strings
    'int_array': ('len', 'const int *', 'int *'),
    'gid_array': ('len', 'const gid_t *', 'gid_t *'),
    'path': (None, 'const char *', 'char *'),
    'str': (None, 'const char *', 'char *'),
    'bytes': ('len', 'const void *', 'void *'),
    'argv': (None, 'char *const *', 'char *const *'),
    'envp': (None, 'char *const *', 'char *const *'),
    'dirents': ('len', 'struct linux_dirent *', 'struct linux_dirent *'),
    'dirents64': ('len', 'struct linux_dirent64 *', 'struct linux_dirent64 *'),
    'iovec': ('len', 'const struct iovec *', 'struct iovec *'),
    'cpuset': ('len', 'const cpu_set_t *', 'cpu_set_t *'),
    'fdset': ('len', 'fd_set *', 'fd_set *'),
    # time
    'timespec': (None, 'const struct timespec *', 'struct timespec *'),
    'timespec_pair': (None, 'const struct timespec *', 'struct timespec *'),
    'timeval': (None, 'const struct timeval *', 'struct timeval *'),
    'timeval_pair': (None, 'const struct timeval *', 'struct timeval *'),
    'timezone': (None, 'const struct timezone *', 'struct timezone *'),
    'itimerval': (None, 'const struct itimerval *', 'struct itimerval *'),
    'itimerspec': (None, 'const struct itimerspec *', 'struct itimerspec *'),
    'timex': (None, 'struct timex *', 'struct timex *'),
    'utimbuf': (None, 'const struct utimbuf *', 'struct utimbuf *'),
    'tms': (None, 'struct tms *', 'struct tms *'),
    # files
    'stat': (None, 'struct stat *', 'struct stat *'),
    'statx': (None, 'struct statx *', 'struct statx *'),
    'statfs': (None, 'struct statfs *', 'struct statfs *'),
    'ustat': (None, 'struct ustat *', 'struct ustat *'),
    'open_how': ('len', 'struct open_how *', 'struct open_how *'),
    # signals
    'sigset': ('len', 'const sigset_t *', 'sigset_t *'),
    'sigaction': (None, 'const struct sigaction *', 'struct sigaction *'),
    'siginfo': (None, 'siginfo_t *', 'siginfo_t *'),
    'stack_t': (None, 'const stack_t *', 'stack_t *'),
    'sigevent': (None, 'struct sigevent *', 'struct sigevent *'),
    # processes
    'rusage': (None, 'struct rusage *', 'struct rusage *'),
    'rlimit': (None, 'const struct rlimit *', 'struct rlimit *'),
    'utsname': (None, 'struct utsname *', 'struct utsname *'),
    'sysinfo': (None, 'struct sysinfo *', 'struct sysinfo *'),
    'clone_args': ('len', 'struct clone_args *', 'struct clone_args *'),
    'sched_param': (None, 'const struct sched_param *', 'struct sched_param *'),
    'sched_attr': (None, 'struct sched_attr *', 'struct sched_attr *'),
    'cap_header': (None, 'cap_user_header_t', 'cap_user_header_t'),
    'cap_data': (None, 'const cap_user_data_t', 'cap_user_data_t'),
    # network
    'sockaddr': ('len', 'const struct sockaddr *', 'struct sockaddr *'),
    'msghdr': (None, 'const struct msghdr *', 'struct msghdr *'),
    'mmsghdr': ('len', 'struct mmsghdr *', 'struct mmsghdr *'),
    # polling
    'pollfd': ('len', 'struct pollfd *', 'struct pollfd *'),
    'epoll_event': (None, 'struct epoll_event *', 'struct epoll_event *'),
    'epoll_events': ('len', 'struct epoll_event *', 'struct epoll_event *'),
    # asynchronous I/O
    'io_events': ('len', 'struct io_event *', 'struct io_event *'),
    'iocbs': ('len', 'struct iocb **', 'struct iocb **'),
    # System V and POSIX IPC
    'sembuf': ('len', 'struct sembuf *', 'struct sembuf *'),
    'msgbuf': ('len', 'const void *', 'void *'),
    'mq_attr': (None, 'const struct mq_attr *', 'struct mq_attr *'),
}

# Composite types read a second table for the field in their low bits; the generator checks
# that it exists, and the decoder names it directly (table::xlat::open_access_modes).
FIELD_XLATS = {
    'open_flags': 'open_access_modes',
    'mmap_flags': 'mmap_types',
    'sock_type': 'socktypes',
    'statx_flags': 'at_statx_sync_types',
}

# Return types: name -> default C type.
RET_TYPES = {
    'int': 'int',
    'uint': 'unsigned int',
    'long': 'long',
    'ulong': 'unsigned long',
    'ssize': 'ssize_t',
    'size': 'size_t',
    'fd': 'int',
    'pid': 'pid_t',
    'uid': 'uid_t',
    'gid': 'gid_t',
    'hex': 'void *',
    'off': 'off_t',
    'umask': 'mode_t',
    'signo': 'int',
    'none': 'void',
}

# The %classes of `-e trace=`, in the bit order of table::Class (src/table/syscall_desc.h).
CLASSES = {
    'file': 'kFile',
    'desc': 'kDesc',
    'network': 'kNetwork',
    'process': 'kProcess',
    'signal': 'kSignal',
    'ipc': 'kIpc',
    'memory': 'kMemory',
    'creds': 'kCreds',
    'clock': 'kClock',
    'stat': 'kStat',
    'lstat': 'kLstat',
    'fstat': 'kFstat',
    'stat_like': 'kStatLike',
    'statfs': 'kStatfs',
    'fstatfs': 'kFstatfs',
    'statfs_like': 'kStatfsLike',
    'pure': 'kPure',
}

MAX_ARGS = 6

CXX_KEYWORDS = set('''
alignas alignof and and_eq asm auto bitand bitor bool break case catch char char8_t char16_t
char32_t class compl concept const consteval constexpr constinit const_cast continue co_await
co_return co_yield decltype default delete do double dynamic_cast else enum explicit export
extern false float for friend goto if inline int long mutable namespace new noexcept not
not_eq nullptr operator or or_eq private protected public register reinterpret_cast requires
return short signed sizeof static static_assert static_cast struct switch template this
thread_local throw true try typedef typeid typename union unsigned using virtual void
volatile wchar_t while xor xor_eq
'''.split())

# Identifiers the C library or the compiler define as macros: never usable as names here.
KNOWN_MACROS = set('''
errno assert offsetof unix linux i386 major minor makedev stdin stdout stderr NULL
sa_handler sa_sigaction st_atime st_mtime st_ctime si_pid si_uid si_status si_addr si_value
si_int si_ptr si_band si_fd sigev_notify_function sigev_notify_attributes
'''.split())

IDENT_RE = re.compile(r'[A-Za-z_][A-Za-z0-9_]*\Z')
INT_RE = re.compile(r'-?(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)[uUlL]*\Z')
SHIFT_RE = re.compile(r'\(?\s*1[uUlL]*\s*<<\s*([0-9]+)\s*\)?\Z')


class Errors:
    def __init__(self):
        self.messages = []

    def add(self, path, line, reason):
        self.messages.append(f'{path}:{line}: {reason}')

    def __bool__(self):
        return bool(self.messages)


def cxx_ident(name):
    # An enumerator name for a vocabulary word: keywords get a trailing underscore.
    return name + '_' if name in CXX_KEYWORDS else name


def c_string(s):
    return '"' + s.replace('\\', '\\\\').replace('"', '\\"') + '"'


def strip_comment(line):
    # A '#' at the start of a line or after whitespace, outside quotes, starts a comment.
    quote = False
    for i, ch in enumerate(line):
        if ch == '"':
            quote = not quote
        elif ch == '#' and not quote and (i == 0 or line[i - 1].isspace()):
            return line[:i]
    return line


def parse_int(text):
    # C-style integer literal (decimal, 0x hex, 0 octal, optional sign and U/L suffix) or 1<<N.
    m = SHIFT_RE.match(text)
    if m:
        return 1 << int(m.group(1))
    if not INT_RE.match(text):
        return None
    neg = text.startswith('-')
    body = text.lstrip('-').rstrip('uUlL')
    if body.lower().startswith('0x'):
        value = int(body, 16)
    elif len(body) > 1 and body.startswith('0'):
        value = int(body, 8)
    else:
        value = int(body, 10)
    return -value if neg else value


def u64_literal(value):
    if value < 0:
        return f'static_cast<uint64_t>(INT64_C({value}))'
    return f'UINT64_C({value:#x})'


# --- x86_64.tbl ------------------------------------------------------------------------------

@dataclasses.dataclass
class Number:
    nr: int
    name: str
    line: int


def read_arch_table(path, errors):
    syscalls = {}  # name -> Number
    by_nr = {}
    with open(path, encoding='utf-8') as f:
        for lineno, raw in enumerate(f, 1):
            line = raw.split('#', 1)[0].strip()
            if not line:
                continue
            fields = line.split()
            if len(fields) < 3:
                errors.add(path, lineno, 'expected "<number> <abi> <name> [<entry point>]"')
                continue
            nr_text, abi, name = fields[0], fields[1], fields[2]
            if not nr_text.isdigit():
                errors.add(path, lineno, f'bad syscall number {nr_text!r}')
                continue
            if abi not in ('common', '64', 'x32'):
                errors.add(path, lineno, f'unknown ABI {abi!r} (expected common, 64 or x32)')
                continue
            if abi == 'x32':
                continue
            if not IDENT_RE.match(name):
                errors.add(path, lineno, f'bad syscall name {name!r}')
                continue
            nr = int(nr_text)
            if nr in by_nr:
                errors.add(path, lineno, f'number {nr} already used by {by_nr[nr].name!r} '
                           f'on line {by_nr[nr].line}')
                continue
            if name in syscalls:
                errors.add(path, lineno, f'duplicate syscall {name!r} '
                           f'(first on line {syscalls[name].line})')
                continue
            num = Number(nr, name, lineno)
            syscalls[name] = num
            by_nr[nr] = num
    if not syscalls and not errors:
        errors.add(path, 1, 'no 64-bit syscalls in the table')
    return syscalls


# --- xlat/*.tbl ------------------------------------------------------------------------------

@dataclasses.dataclass
class XlatRow:
    name: str          # "O_CREAT", or "A|B" for a named combination
    value: int | None  # explicit value, only where the headers may lack the macro
    line: int
    kernel: bool = False  # the kernel's value, which the C library's macro differs from


@dataclasses.dataclass
class XlatTable:
    name: str
    path: str
    is_flags: bool
    includes: list
    rows: list
    fmt: str = 'hex'  # how -X raw/verbose print the values: NumFmt's enumerator


# `#format WORD`: how -X raw and -X verbose print the table's values (table::NumFmt).
XLAT_FORMATS = ('hex', 'hex32', 'dec', 'sdec', 'oct')

INCLUDE_RE = re.compile(r'#include\s+(<[A-Za-z0-9_./+-]+>|"[A-Za-z0-9_./+-]+")\s*\Z')


def read_xlat(path, errors):
    stem = os.path.splitext(os.path.basename(path))[0]
    if not IDENT_RE.match(stem) or stem in CXX_KEYWORDS or stem in KNOWN_MACROS:
        errors.add(path, 1, f'table name {stem!r} is not usable as a C++ identifier')
        return None
    kind = None
    fmt = None
    includes = []
    rows = []
    seen = {}
    with open(path, encoding='utf-8') as f:
        for lineno, raw in enumerate(f, 1):
            text = raw.strip()
            if text.startswith('#kind'):
                word = text[len('#kind'):].strip()
                if kind is not None:
                    errors.add(path, lineno, 'second #kind line')
                elif word not in ('flags', 'enum'):
                    errors.add(path, lineno, f'#kind must be flags or enum, not {word!r}')
                else:
                    kind = word
                continue
            if text.startswith('#format'):
                word = text[len('#format'):].strip()
                if fmt is not None:
                    errors.add(path, lineno, 'second #format line')
                elif word not in XLAT_FORMATS:
                    errors.add(path, lineno, f'#format must be one of {", ".join(XLAT_FORMATS)}, '
                               f'not {word!r}')
                else:
                    fmt = word
                continue
            if text.startswith('#include'):
                m = INCLUDE_RE.match(text)
                if not m:
                    errors.add(path, lineno, 'expected #include <header.h>')
                else:
                    includes.append(m.group(1))
                continue
            text = strip_comment(raw).strip()
            if not text:
                continue
            if kind is None:
                errors.add(path, lineno, 'row before the #kind line')
                kind = 'enum'  # report once
            fields = text.split()
            name = fields[0]
            parts = name.split('|')
            if not all(IDENT_RE.match(p) for p in parts):
                errors.add(path, lineno, f'bad constant name {name!r}')
                continue
            value = None
            kernel = False
            if len(fields) > 3 or (len(fields) == 3 and fields[2] != 'kernel'):
                errors.add(path, lineno, 'expected "NAME [VALUE [kernel]]"')
                continue
            if len(fields) > 1:
                value = parse_int(fields[1])
                if value is None:
                    errors.add(path, lineno, f'bad value {fields[1]!r} '
                               '(expected an integer literal or 1<<N)')
                    continue
                if not -(1 << 63) <= value < (1 << 64):
                    errors.add(path, lineno, f'value {fields[1]} does not fit 64 bits')
                    continue
                kernel = len(fields) == 3
            if name in seen:
                errors.add(path, lineno, f'duplicate row {name!r} (first on line {seen[name]})')
                continue
            seen[name] = lineno
            rows.append(XlatRow(name, value, lineno, kernel))
    if kind is None:
        errors.add(path, 1, 'missing "#kind flags" or "#kind enum" line')
        return None
    if not rows:
        errors.add(path, 1, 'table has no rows')
        return None
    return XlatTable(stem, path, kind == 'flags', includes, rows, fmt or 'hex')


def read_xlats(xlat_dir, errors):
    tables = {}
    paths = sorted(os.path.join(xlat_dir, n) for n in os.listdir(xlat_dir) if n.endswith('.tbl'))
    for path in paths:
        table = read_xlat(path, errors)
        if table is not None:
            tables[table.name] = table
    return tables, paths


# --- signatures.tbl --------------------------------------------------------------------------

@dataclasses.dataclass
class Arg:
    name: str
    ctype: str
    type: str
    dir: str
    len_ref: str | None   # another argument's name, 'ret', or None
    xlat: str | None


@dataclasses.dataclass
class Signature:
    name: str
    ret: str
    ret_ctype: str
    classes: list
    args: list
    special: str | None
    line: int


ARG_TYPE_RE = re.compile(r'([a-z_][a-z0-9_]*)'
                         r'(?:\(([A-Za-z_][A-Za-z0-9_]*)\)|\[([A-Za-z_][A-Za-z0-9_]*)\])?\Z')


def split_ctype(token):
    # "name:type=ctype" -> ("name:type", "ctype"); the C type may not contain '='.
    if '=' in token:
        head, ctype = token.split('=', 1)
        return head, ' '.join(ctype.split())
    return token, None


def parse_arg(token, path, lineno, xlats, errors):
    head, ctype = split_ctype(token)
    if ctype == '':
        errors.add(path, lineno, f'empty C type in {token!r}')
        return None
    parts = head.split(':')
    if len(parts) == 2:
        name, direction, type_text = parts[0], 'in', parts[1]
    elif len(parts) == 3 and parts[1] in ('out', 'inout'):
        name, direction, type_text = parts[0], parts[1], parts[2]
    else:
        errors.add(path, lineno, f'bad argument {token!r} (expected name:[out:|inout:]type)')
        return None
    if not IDENT_RE.match(name):
        errors.add(path, lineno, f'bad argument name {name!r}')
        return None
    if name == 'ret':
        errors.add(path, lineno, "an argument may not be called 'ret' (it names the result)")
        return None
    m = ARG_TYPE_RE.match(type_text)
    if not m:
        errors.add(path, lineno, f'bad type {type_text!r} in argument {name!r}')
        return None
    type_name, xlat_param, len_param = m.groups()
    if type_name not in ARG_TYPES:
        errors.add(path, lineno, f'unknown type {type_name!r} in argument {name!r}')
        return None
    param, in_ctype, out_ctype = ARG_TYPES[type_name]
    xlat = None
    len_ref = None
    if param == 'xlat':
        if xlat_param is None:
            errors.add(path, lineno, f'type {type_name!r} needs a table: {type_name}(NAME)')
            return None
        if xlat_param not in xlats:
            errors.add(path, lineno, f'unknown xlat table {xlat_param!r} '
                       f'(no syscalls/xlat/{xlat_param}.tbl)')
            return None
        want_flags = type_name == 'flags'
        if xlats[xlat_param].is_flags != want_flags:
            kind = 'flags' if xlats[xlat_param].is_flags else 'enum'
            errors.add(path, lineno, f'{type_name}({xlat_param}) names a #kind {kind} table')
            return None
        xlat = xlat_param
    elif param == 'len':
        if len_param is None:
            errors.add(path, lineno, f'type {type_name!r} needs a length: {type_name}[ARG] '
                       f'or {type_name}[ret]')
            return None
        len_ref = len_param
    else:
        if xlat_param is not None or len_param is not None:
            errors.add(path, lineno, f'type {type_name!r} takes no parameter')
            return None
        if param is not None and param.startswith('xlat='):
            xlat = param[len('xlat='):]
            for needed in filter(None, (xlat, FIELD_XLATS.get(type_name))):
                if needed not in xlats:
                    errors.add(path, lineno, f'type {type_name!r} needs the table '
                               f'syscalls/xlat/{needed}.tbl')
                    return None
    if ctype is None:
        ctype = in_ctype if direction == 'in' else out_ctype
    return Arg(name, ctype, type_name, direction, len_ref, xlat)


def read_signatures(path, syscalls, xlats, errors):
    sigs = {}
    previous = None
    with open(path, encoding='utf-8') as f:
        for lineno, raw in enumerate(f, 1):
            text = strip_comment(raw).strip()
            if not text:
                continue
            try:
                tokens = shlex.split(text)
            except ValueError as e:
                errors.add(path, lineno, f'cannot split row: {e}')
                continue
            if len(tokens) < 4:
                errors.add(path, lineno, 'expected "name ret classes args... [decoder=NAME]" '
                           '(write - for no classes or no args)')
                continue
            name, ret_token, class_token = tokens[0], tokens[1], tokens[2]
            rest = tokens[3:]
            special = None
            if rest and rest[-1].startswith('decoder='):
                special = rest.pop()[len('decoder='):]
                if not IDENT_RE.match(special) or special == 'none':
                    errors.add(path, lineno, f'bad decoder name {special!r}')
                    continue
            if name in sigs:
                errors.add(path, lineno,
                           f'duplicate row {name!r} (first on line {sigs[name].line})')
                continue
            if previous is not None and name < previous:
                errors.add(path, lineno, f'row {name!r} is out of order: it goes before '
                           f'{previous!r} (rows are alphabetical)')
                continue
            previous = name
            if name not in syscalls:
                errors.add(path, lineno, f'unknown syscall {name!r} (not a 64-bit row of the '
                           'number table)')
                continue
            ret, ret_ctype = split_ctype(ret_token)
            if ret not in RET_TYPES:
                errors.add(path, lineno, f'unknown return type {ret!r}')
                continue
            if ret_ctype is None:
                ret_ctype = RET_TYPES[ret]
            classes = []
            bad = False
            if class_token != '-':
                for cls in class_token.split(','):
                    if cls not in CLASSES:
                        errors.add(path, lineno, f'unknown class {cls!r}')
                        bad = True
                    elif cls in classes:
                        errors.add(path, lineno, f'class {cls!r} listed twice')
                        bad = True
                    else:
                        classes.append(cls)
            if bad:
                continue
            if rest == ['-']:
                rest = []
            elif not rest:
                errors.add(path, lineno, 'no arguments: write - for a syscall without any')
                continue
            if len(rest) > MAX_ARGS:
                errors.add(path, lineno, f'{len(rest)} arguments: a syscall has at most {MAX_ARGS}')
                continue
            args = []
            for token in rest:
                arg = parse_arg(token, path, lineno, xlats, errors)
                if arg is None:
                    bad = True
                    break
                if any(a.name == arg.name for a in args):
                    errors.add(path, lineno, f'argument {arg.name!r} listed twice')
                    bad = True
                    break
                args.append(arg)
            if bad:
                continue
            names = [a.name for a in args]
            for arg in args:
                if arg.len_ref is None:
                    continue
                if arg.len_ref == 'ret':
                    if arg.dir == 'in':
                        errors.add(path, lineno, f'argument {arg.name!r} takes its length from '
                                   'ret, which exists only at exit: mark it out: or inout:')
                        bad = True
                elif arg.len_ref == arg.name or arg.len_ref not in names:
                    errors.add(path, lineno, f'argument {arg.name!r}: length {arg.len_ref!r} '
                               'is not another argument of this syscall (or ret)')
                    bad = True
            if bad:
                continue
            sigs[name] = Signature(name, ret, ret_ctype, classes, args, special, lineno)
    return sigs


def check_complete(arch_path, syscalls, sigs_path, sigs, errors):
    for num in sorted(syscalls.values(), key=lambda n: n.nr):
        if num.name not in sigs:
            errors.add(arch_path, num.line, f'syscall {num.name!r} has no row in {sigs_path}')


# --- output ----------------------------------------------------------------------------------

def include_order(header):
    # The C library's headers first, then the kernel's: <linux/in6.h> and friends only
    # coexist with glibc's when they come second.
    inner = header[1:-1]
    group = 1 if inner.startswith(('linux/', 'asm/', 'asm-generic/')) else 0
    return (group, inner)


def emit_header(syscalls, sigs, xlats, specials):
    max_nr = max(n.nr for n in syscalls.values())
    out = []
    w = out.append
    w('// Generated by syscalls/gen_tables.py from syscalls/*.tbl: do not edit.')
    w('#pragma once')
    w('')
    w('#include <array>')
    w('#include <cstdint>')
    w('')
    w('namespace cxtrace::table {')
    w('')
    w('struct SyscallDesc;')
    w('struct Xlat;')
    w('')
    w('// How an argument is rendered: one decoder family per type (syscalls/README.md).')
    w('enum class ArgType : uint8_t {')
    for t in ARG_TYPES:
        w(f'  {cxx_ident(t)},')
    w('};')
    w('')
    w('// How a result is rendered.')
    w('enum class RetType : uint8_t {')
    for t in RET_TYPES:
        w(f'  {cxx_ident(t)},')
    w('};')
    w('')
    w('// The hand-written decoder of an irregular syscall (decoder=NAME in signatures.tbl).')
    w('enum class Special : uint8_t {')
    w('  none,')
    for s in specials:
        w(f'  {cxx_ident(s)},')
    w('};')
    w('')
    w(f'inline constexpr int kMaxSyscallNr = {max_nr};')
    w(f'inline constexpr int kSyscallCount = {len(sigs)};')
    w(f'inline constexpr int kXlatCount = {len(xlats)};')
    w('')
    w('// Every number from 0 to kMaxSyscallNr; holes have an empty name.')
    w('extern const std::array<SyscallDesc, kMaxSyscallNr + 1> kSyscallTable;')
    w('// Numbers of the named rows, sorted by name (for binary search).')
    w('extern const std::array<uint16_t, kSyscallCount> kSyscallsByName;')
    w('// Every flag and enum table, sorted by name.')
    w('extern const std::array<const Xlat*, kXlatCount> kXlatsByName;')
    w('')
    w('// One table per syscalls/xlat/NAME.tbl.')
    w('namespace xlat {')
    for name in sorted(xlats):
        w(f'extern const Xlat {name};')
    w('}  // namespace xlat')
    w('')
    w('}  // namespace cxtrace::table')
    return '\n'.join(out) + '\n'


def xlat_value_expr(row):
    if row.value is not None:
        return u64_literal(row.value)
    parts = row.name.split('|')
    if len(parts) == 1:
        return f'static_cast<uint64_t>({row.name})'
    return 'static_cast<uint64_t>(' + ' | '.join(parts) + ')'


def emit_source(syscalls, sigs, xlats):
    max_nr = max(n.nr for n in syscalls.values())
    out = []
    w = out.append
    w('// Generated by syscalls/gen_tables.py from syscalls/*.tbl: do not edit.')
    w('#include "syscalls_gen.h"')
    w('#include "table/syscall_desc.h"')
    w('')
    w('// Values come from the system headers, so the tables always match them.')
    headers = {'<sys/syscall.h>'}
    for table in xlats.values():
        headers.update(table.includes)
    for h in sorted(headers, key=include_order):
        w(f'#include {h}')
    w('')
    w('// A wrong number in x86_64.tbl fails the build here.')
    for num in sorted(syscalls.values(), key=lambda n: n.nr):
        w(f'#ifdef SYS_{num.name}')
        w(f'static_assert({num.nr} == SYS_{num.name}, "x86_64.tbl: {num.name} is not {num.nr}");')
        w('#endif')
    w('')
    w('// Rows with an explicit value must agree with the headers wherever those define it.')
    for name in sorted(xlats):
        for row in xlats[name].rows:
            if row.value is None or row.kernel or '|' in row.name:
                continue
            w(f'#ifdef {row.name}')
            w(f'static_assert(static_cast<uint64_t>({row.name}) == {u64_literal(row.value)}, '
              f'"xlat/{name}.tbl: {row.name}");')
            w('#endif')
    w('')
    w('namespace cxtrace::table {')
    w('')
    w('namespace {')
    for name in sorted(xlats):
        table = xlats[name]
        w(f'constexpr XlatEntry kEntries_{name}[] = {{')
        for row in table.rows:
            w(f'    {{{xlat_value_expr(row)}, {c_string(row.name)}}},')
        w('};')
    w('}  // namespace')
    w('')
    w('namespace xlat {')
    for name in sorted(xlats):
        flags = 'true' if xlats[name].is_flags else 'false'
        w(f'constinit const Xlat {name}{{{c_string(name)}, {flags}, kEntries_{name}, '
          f'NumFmt::{xlats[name].fmt}}};')
    w('}  // namespace xlat')
    w('')
    w('constinit const std::array<const Xlat*, kXlatCount> kXlatsByName = {')
    for name in sorted(xlats):
        w(f'    &xlat::{name},')
    w('};')
    w('')
    by_nr = {syscalls[s.name].nr: s for s in sigs.values()}
    w('constinit const std::array<SyscallDesc, kMaxSyscallNr + 1> kSyscallTable = {{')
    for nr in range(max_nr + 1):
        sig = by_nr.get(nr)
        if sig is None:
            w(f'    {{"", {nr}, "", RetType::int_, 0, 0, Special::none, {{}}}},')
            continue
        classes = ' | '.join(CLASSES[c] for c in sig.classes) or '0'
        special = cxx_ident(sig.special) if sig.special else 'none'
        args = []
        index = {a.name: i for i, a in enumerate(sig.args)}
        for a in sig.args:
            if a.len_ref is None:
                length = 'kLenNone'
            elif a.len_ref == 'ret':
                length = 'kLenRet'
            else:
                length = str(index[a.len_ref])
            xlat = f'&xlat::{a.xlat}' if a.xlat else 'nullptr'
            args.append(f'ArgDesc{{{c_string(a.name)}, {c_string(a.ctype)}, '
                        f'ArgType::{cxx_ident(a.type)}, Dir::{a.dir}, {length}, {xlat}}}')
        w(f'    // {sig.name}: signatures.tbl line {sig.line}')
        w(f'    {{{c_string(sig.name)}, {nr}, {c_string(sig.ret_ctype)}, '
          f'RetType::{cxx_ident(sig.ret)}, {classes}, {len(sig.args)}, Special::{special},')
        w('     {{' + ',\n       '.join(args) + '}}},')
    w('}};')
    w('')
    w('constinit const std::array<uint16_t, kSyscallCount> kSyscallsByName = {')
    for name in sorted(sigs):
        w(f'    {syscalls[name].nr},  // {name}')
    w('};')
    w('')
    w('}  // namespace cxtrace::table')
    return '\n'.join(out) + '\n'


def write_file(path, text):
    # Always rewritten: Meson's custom targets have no restat, so an output left older than
    # its inputs would make ninja run the generator on every build.
    with open(path, 'w', encoding='utf-8') as f:
        f.write(text)


def depfile_escape(path):
    return path.replace('\\', '\\\\').replace(' ', '\\ ').replace('#', '\\#').replace('$', '$$')


def main(argv):
    ap = argparse.ArgumentParser(description='Generate the syscall tables (syscalls/README.md).')
    ap.add_argument('--arch-table', required=True)
    ap.add_argument('--signatures', required=True)
    ap.add_argument('--xlat-dir', required=True)
    ap.add_argument('--out-header', required=True)
    ap.add_argument('--out-source', required=True)
    ap.add_argument('--depfile')
    opts = ap.parse_args(argv)

    errors = Errors()
    try:
        syscalls = read_arch_table(opts.arch_table, errors)
        xlats, xlat_paths = read_xlats(opts.xlat_dir, errors)
        sigs = read_signatures(opts.signatures, syscalls, xlats, errors)
        if not errors:
            check_complete(opts.arch_table, syscalls, opts.signatures, sigs, errors)
    except OSError as e:
        print(f'{e.filename or opts.signatures}:0: {e.strerror}', file=sys.stderr)
        return 1
    if errors:
        for message in errors.messages:
            print(message, file=sys.stderr)
        return 1

    specials = sorted({s.special for s in sigs.values() if s.special})
    write_file(opts.out_header, emit_header(syscalls, sigs, xlats, specials))
    write_file(opts.out_source, emit_source(syscalls, sigs, xlats))
    if opts.depfile:
        inputs = [opts.arch_table, opts.signatures, opts.xlat_dir] + xlat_paths
        with open(opts.depfile, 'w', encoding='utf-8') as f:
            f.write(depfile_escape(opts.out_header) + ': ' +
                    ' \\\n  '.join(depfile_escape(p) for p in inputs) + '\n')
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
