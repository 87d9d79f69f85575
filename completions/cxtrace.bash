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
    --output-format) COMPREPLY=($(compgen -W "text json" -- "$cur")); return ;;
    --color|--colour) COMPREPLY=($(compgen -W "auto always never" -- "$cur")); return ;;
  esac
  if [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W "-f --follow-forks --output-separately -p --attach -o --output -A --output-append-mode -a --columns -s --string-limit -v --no-abbrev -x -q --quiet --json --output-format --color --colour -d --debug -h --help -V --version -e --trace --status --signal -z --successful-only -Z --failed-only -P --trace-path --filename --socketcall --filter --seccomp-bpf --no-seccomp-bpf --syscalls" -- "$cur"))
    return
  fi
  COMPREPLY=($(compgen -c -- "$cur"))
}
complete -F _cxtrace cxtrace
