# fish completion for cxtrace.
#
# Syscall names and %classes come from the cxtrace being completed (`cxtrace --syscalls --names
# --classes`), so they always match the binary.

# The cxtrace on the command line, to ask for its names.
function __cxtrace_command
    set -l cmd (commandline -opc)[1]
    if command -q -- $cmd; or test -x "$cmd"
        echo $cmd
    else
        echo cxtrace
    end
end

# Completes the last item of the comma-separated list in $argv[1] (after an optional ! or ?)
# with the words in $argv[2..], each with the items before it in front.
function __cxtrace_list
    set -l head (string match -r '^.*,' -- $argv[1])
    set -l item (string replace -r '^.*,' '' -- $argv[1])
    set -l neg (string match -r '^[!?]' -- $item)
    for w in $argv[2..-1]
        printf '%s%s%s\n' "$head" "$neg" $w
    end
end

# Syscall names, %classes, all and none.
function __cxtrace_syscall_words
    set -l cmd (__cxtrace_command)
    $cmd --syscalls --names --classes 2>/dev/null
    printf '%s\n' all none
end

# Signal names as cxtrace spells them (SIGINT).
function __cxtrace_signal_words
    __fish_make_completion_signals
    for s in $__kill_signals
        set -l name (string split ' ' -- $s)[2]
        string match -qr '[-+]|^RTMAX$' -- $name; or echo SIG$name
    end
    printf '%s\n' all none
end

# The pids of running processes, with their command names.
function __cxtrace_pids
    set -l head (string match -r '^.*,' -- (commandline -ct))
    # One grep reads every command name: a process that ends meanwhile is no error.
    command grep -H '' /proc/*/comm 2>/dev/null |
        string replace -rf '^/proc/(\d+)/comm:(.*)$' "$head\$1"\t'$2'
end

# An -e inject=/--inject/--fault SPEC: a syscall list, then :ACTION items. $argv[1] is the
# text so far.
function __cxtrace_inject_spec
    set -l spec $argv[1]
    if not string match -q '*:*' -- $spec
        __cxtrace_list $spec (__cxtrace_syscall_words)
        return
    end
    set -l done (string replace -r ':[^:]*$' ':' -- $spec)
    set -l action (string replace -r '^.*:' '' -- $spec)
    switch $action
        case 'signal=*'
            printf "$done"'signal=%s\n' (__cxtrace_signal_words)
        case 'syscall=*'
            set -l cmd (__cxtrace_command)
            printf "$done"'syscall=%s\n' ($cmd --syscalls --names 2>/dev/null)
        case '*=*'
        case '*'
            printf "$done%s\n" error= retval= signal= syscall= delay_enter= delay_exit= when=
    end
end

# The value of an option whose argument is the current token ($argv[1]: the option).
function __cxtrace_value
    set -l val (commandline -ct)
    # --opt=VALUE: fish completes the part after '='.
    set val (string replace -r '^--[^=]*=' '' -- $val)
    # -eVALUE: the part after the letter.
    set val (string replace -r '^-[a-zA-Z]' '' -- $val)
    switch $argv[1]
        case -e
            if not string match -q '*=*' -- $val
                printf '%s\n' trace= status= signal= quiet= raw= verbose= read= write= \
                    decode-fds= inject= fault=
                __cxtrace_list $val (__cxtrace_syscall_words)
                return
            end
            set -l key (string replace -r '=.*' '' -- $val)
            set -l rest (string replace -r '^[^=]*=' '' -- $val)
            switch $key
                case trace t raw x verbose v
                    __cxtrace_list $rest (__cxtrace_syscall_words) | string replace -r '^' "$key="
                case status
                    __cxtrace_list $rest successful failed unfinished unavailable detached all none | string replace -r '^' "$key="
                case signal signals s
                    __cxtrace_list $rest (__cxtrace_signal_words) | string replace -r '^' "$key="
                case quiet silent silence q
                    __cxtrace_list $rest attach exit path-resolution personality thread-execve all none | string replace -r '^' "$key="
                case decode-fds decode_fds
                    __cxtrace_list $rest path socket dev pidfd all none | string replace -r '^' "$key="
                case inject fault
                    __cxtrace_inject_spec $rest | string replace -r '^' "$key="
            end
        case trace
            __cxtrace_list $val (__cxtrace_syscall_words)
        case filter
            string match -q '*:*' -- $val; or __cxtrace_list $val (__cxtrace_syscall_words)
        case inject
            __cxtrace_inject_spec $val
        case status
            __cxtrace_list $val successful failed unfinished unavailable detached all none
        case signal
            __cxtrace_list $val (__cxtrace_signal_words)
        case decode-fds
            __cxtrace_list $val path socket dev pidfd all none
        case timestamps
            __cxtrace_list $val time unix none s ms us ns format:time format:unix format:none \
                precision:s precision:ms precision:us precision:ns
        case columns
            __cxtrace_list $val time-percent total-time min-time max-time avg-time calls errors name
    end
end

# True when the word before the current one is --inject-filter's PATTERN (the current one is
# its ACTIONS).
function __cxtrace_inject_actions
    set -l words (commandline -opc)
    test (count $words) -ge 2; and test "$words[-2]" = --inject-filter
end

# The program to trace, and its own arguments as its own completion offers them.
complete -c cxtrace -x -a '(__fish_complete_subcommand -- -E --env -u --user --argv0 -p --attach -b --detach-on -I --interruptible --syscall-limit --busy-wait --follow -e --trace --status --signal -P --trace-path --filter --inject --fault --inject-filter -o --output -a --columns -s --string-limit --decode-fds --read --write --decode-pids -X --const-print-style --output-format --color --colour -S --summary-sort-by -U --summary-columns --summary-interval)'
complete -c cxtrace -n __cxtrace_inject_actions -x -a '(__cxtrace_inject_spec "x:"(commandline -ct) | string replace -r "^x:" "")'

# Startup
complete -c cxtrace -s E -l env -x -a '(set -n)=' -d 'put VAR=VAL in the program environment, or remove VAR'
complete -c cxtrace -s u -l user -x -a '(__fish_complete_users)' -d 'run the program as USER'
complete -c cxtrace -l argv0 -x -d "the program's argv[0]"
# Tracing
complete -c cxtrace -s f -l follow-forks -d 'follow forks, vforks and clones; -ff: one file per process'
complete -c cxtrace -l output-separately -d 'with -o FILE, one file per process'
complete -c cxtrace -s p -l attach -x -a '(__cxtrace_pids)' -d 'attach to process PID'
complete -c cxtrace -s b -l detach-on -x -a execve -d 'let a process go when it calls execve'
complete -c cxtrace -s D -d 'run cxtrace as a detached grandchild (-DD: process group, -DDD: session)'
complete -c cxtrace -l daemonize -l daemonized -l daemonised -f -a 'grandchild pgroup session' -d 'run cxtrace as a detached grandchild'
complete -c cxtrace -s I -l interruptible -x -a '1 2 3 4 anywhere waiting never never_tstp' -d 'when signals end cxtrace'
complete -c cxtrace -l syscall-limit -x -d 'let every process go after N shown syscalls'
complete -c cxtrace -l busy-wait -x -d 'poll for the next stop this long before sleeping'
complete -c cxtrace -l kill-on-exit -d 'kill every traced process when cxtrace exits'
complete -c cxtrace -l follow -x -a 'threads forks all' -d 'which new tasks to trace'
complete -c cxtrace -l tree -d 'with -p, also every process PID started, and new ones'
# Filtering
complete -c cxtrace -s e -x -a '(__cxtrace_value -e)' -d 'qualifying expression'
complete -c cxtrace -l trace -x -a '(__cxtrace_value trace)' -d 'trace only these syscalls'
complete -c cxtrace -l status -x -a '(__cxtrace_value status)' -d 'show only calls that ended so'
complete -c cxtrace -l signal -x -a '(__cxtrace_value signal)' -d 'show only these signals'
complete -c cxtrace -s z -l successful-only -d 'show only calls that succeeded'
complete -c cxtrace -s Z -l failed-only -d 'show only calls that failed'
complete -c cxtrace -s P -l trace-path -r -F -d 'show only calls that touch PATH'
complete -c cxtrace -l filename -d 'show only calls with a path argument'
complete -c cxtrace -l socketcall -d 'show only network calls'
complete -c cxtrace -l filter -x -a '(__cxtrace_value filter)' -d 'show calls matching PATTERN'
complete -c cxtrace -l seccomp-bpf -d 'stop only at selected syscalls'
complete -c cxtrace -l no-seccomp-bpf -d 'stop at every syscall'
# Tampering
complete -c cxtrace -l inject -x -a '(__cxtrace_value inject)' -d 'tamper with syscalls: SET:ACTION...'
complete -c cxtrace -l fault -x -a '(__cxtrace_value inject)' -d 'make syscalls fail: SET[:error=ERRNO]...'
complete -c cxtrace -l inject-filter -x -a '(__cxtrace_value filter)' -d 'tamper with the calls a --filter PATTERN matches'
# Output format
complete -c cxtrace -s o -l output -r -F -d 'write the trace to FILE'
complete -c cxtrace -s A -l output-append-mode -d 'append to the -o file'
complete -c cxtrace -s a -l columns -x -d 'align return values at COLUMN'
complete -c cxtrace -s s -l string-limit -x -d 'print at most STRSIZE bytes of each string'
complete -c cxtrace -s v -l no-abbrev -d 'print structures and environments in full'
complete -c cxtrace -s x -d 'print non-ASCII strings in hex (-xx: all strings)'
complete -c cxtrace -s y -d 'print descriptor paths (-yy: also sockets, devices, pidfds)'
complete -c cxtrace -l decode-fds -f -a '(__cxtrace_value decode-fds)' -d 'what to show about descriptors'
complete -c cxtrace -l read -x -d 'dump data read from these descriptors'
complete -c cxtrace -l write -x -d 'dump data written to these descriptors'
complete -c cxtrace -s k -l stack-trace -l stack-traces -d 'print the user-space stack after each syscall'
complete -c cxtrace -s q -l quiet -d 'suppress attach/detach messages (-qq: also exit lines)'
complete -c cxtrace -s t -d 'prefix each line with the time (-tt: microseconds, -ttt: epoch)'
complete -c cxtrace -l absolute-timestamps -l timestamps -f -a '(__cxtrace_value timestamps)' -d "the -t family's long form"
complete -c cxtrace -s r -d 'prefix each line with the time since the previous one'
complete -c cxtrace -l relative-timestamps -f -a 's ms us ns' -d '-r with a precision'
complete -c cxtrace -s T -d 'show the time spent in each syscall'
complete -c cxtrace -l syscall-times -f -a 's ms us ns' -d '-T with a precision'
complete -c cxtrace -s n -l syscall-number -d 'prefix each line with the syscall number'
complete -c cxtrace -s i -l instruction-pointer -d 'prefix each line with the instruction pointer'
complete -c cxtrace -s Y -d 'print command names beside pids'
complete -c cxtrace -l decode-pids -x -a comm -d 'print command names beside pids'
complete -c cxtrace -l always-show-pid -d 'pid prefix on every line'
complete -c cxtrace -s X -l const-print-style -x -a 'abbrev raw verbose' -d 'how named constants print'
complete -c cxtrace -s N -l arg-names -d 'name each argument'
complete -c cxtrace -l arg-types -d 'C types of the arguments and the result'
complete -c cxtrace -l arg-addresses -d 'where pointed-to arguments are'
complete -c cxtrace -l json -d 'write the trace as JSON Lines'
complete -c cxtrace -l output-format -x -a 'text json' -d 'output syntax'
complete -c cxtrace -l color -l colour -x -a 'auto always never' -d 'colour the text trace'
# Statistics
complete -c cxtrace -s c -l summary-only -d 'print a syscall summary instead of the trace'
complete -c cxtrace -s C -l summary -d 'print the trace and a syscall summary'
complete -c cxtrace -s S -l summary-sort-by -x -a 'time-percent total-time min-time max-time avg-time calls errors name nothing' -d 'sort the summary by'
complete -c cxtrace -s U -l summary-columns -x -a '(__cxtrace_value columns)' -d 'summary columns, comma-separated'
complete -c cxtrace -s w -l summary-wall-clock -d 'summarise wall-clock time'
complete -c cxtrace -l summary-latency -d 'add p50, p99 and maximum latency columns'
complete -c cxtrace -l summary-interval -x -d 'print the summary every SECONDS'
# Miscellaneous
complete -c cxtrace -l syscalls -f -a '(__cxtrace_value trace)' -d 'list the syscalls cxtrace knows'
complete -c cxtrace -l names -d 'with --syscalls: only the names'
complete -c cxtrace -l classes -d 'with --syscalls: the %classes'
complete -c cxtrace -s d -l debug -d 'print cxtrace debugging output'
complete -c cxtrace -s h -l help -d 'print the help and exit'
complete -c cxtrace -s V -l version -d 'print the version and exit'
