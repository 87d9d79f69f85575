# bash completion for cxtrace
_cxtrace() {
  local cur prev
  cur=${COMP_WORDS[COMP_CWORD]}
  prev=${COMP_WORDS[COMP_CWORD-1]}
  case $prev in
    -o|--output) COMPREPLY=($(compgen -f -- "$cur")); return ;;
    -p|--attach) COMPREPLY=($(compgen -W "$(ps -e -o pid= 2>/dev/null)" -- "$cur")); return ;;
    -a|--columns|-s|--string-limit) return ;;
    -P|--trace-path) COMPREPLY=($(compgen -f -- "$cur")); return ;;
    -e|--trace|--filter|--status|--signal) return ;;
    --inject|--fault|--inject-filter) return ;;
    -S|--summary-sort-by)
      COMPREPLY=($(compgen -W "time calls errors name nothing min-time max-time avg-time" -- "$cur")); return ;;
    -U|--summary-columns)
      # A comma-separated list: complete its last element.
      local head=${cur%,*} tail=${cur##*,}
      [[ $cur == *,* ]] && head="$head," || head=""
      COMPREPLY=($(compgen -P "$head" -W "time-percent total-time min-time max-time avg-time calls errors name" -- "$tail")); return ;;
    --summary-interval) return ;;
    -X|--const-print-style) COMPREPLY=($(compgen -W "abbrev raw verbose" -- "$cur")); return ;;
    --output-format) COMPREPLY=($(compgen -W "text json" -- "$cur")); return ;;
    --color|--colour) COMPREPLY=($(compgen -W "auto always never" -- "$cur")); return ;;
    --read|--write) return ;;
    -u|--user) COMPREPLY=($(compgen -u -- "$cur")); return ;;
    -E|--env) COMPREPLY=($(compgen -v -- "$cur")); return ;;
    -b|--detach-on) COMPREPLY=($(compgen -W "execve" -- "$cur")); return ;;
    -I|--interruptible)
      COMPREPLY=($(compgen -W "1 2 3 4 anywhere waiting never never_tstp" -- "$cur")); return ;;
    --argv0|--syscall-limit) return ;;
  esac
  case $cur in
    --follow=*) COMPREPLY=($(compgen -P "--follow=" -W "threads forks all" -- "${cur#--follow=}")); return ;;
    --daemonize=*)
      COMPREPLY=($(compgen -P "--daemonize=" -W "grandchild pgroup session" -- "${cur#--daemonize=}")); return ;;
  esac
  local summary_opts="-c --summary-only -C --summary -S --summary-sort-by -U --summary-columns -w --summary-wall-clock --summary-latency --summary-interval"
  # --inject-filter PATTERN ACTIONS: the second word is not an option either.
  [[ $COMP_CWORD -ge 2 && ${COMP_WORDS[COMP_CWORD-2]} == --inject-filter ]] && return
  local tamper_opts="--inject --fault --inject-filter"
  local control_opts="-E --env -u --user --argv0 -b --detach-on -D -DD -DDD --daemonize --daemonize= -I --interruptible --syscall-limit= --kill-on-exit --follow= --tree"
  if [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W "$control_opts -f --follow-forks --output-separately -p --attach -o --output -A --output-append-mode -a --columns -s --string-limit -v --no-abbrev -x -y -yy --decode-fds --decode-fds= --read= --write= -k --stack-trace -q --quiet --json --output-format --color --colour -d --debug -h --help -V --version -e --trace --status --signal -z --successful-only -Z --failed-only -P --trace-path --filename --socketcall --filter --seccomp-bpf --no-seccomp-bpf --syscalls -t --absolute-timestamps --timestamps -r --relative-timestamps -T --syscall-times -n --syscall-number -i --instruction-pointer -Y --decode-pids=comm --always-show-pid -X --const-print-style -N --arg-names --arg-types --arg-addresses $summary_opts $tamper_opts" -- "$cur"))
    return
  fi
  COMPREPLY=($(compgen -c -- "$cur"))
}
complete -F _cxtrace cxtrace
