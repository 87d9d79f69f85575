# bash completion for cxtrace.
#
# Syscall names and %classes come from the cxtrace being completed (`cxtrace --syscalls --names
# --classes`), so they always match the binary. Works on its own and beside bash-completion.

# Options that take their value in the next word (--inject-filter takes two).
_cxtrace_value_opts='-e --trace --status --signal -P --trace-path --filter --inject --fault
  --inject-filter -o --output -a --columns -s --string-limit --decode-fds --read --write
  --decode-pids -X --const-print-style --output-format --color --colour -S --summary-sort-by
  -U --summary-columns --summary-interval -p --attach -b --detach-on -I --interruptible
  --syscall-limit --busy-wait --follow -E --env -u --user --argv0 --syscalls'

# Every option, as `cxtrace --help` lists them.
_cxtrace_opts='-E --env -u --user --argv0
  -f --follow-forks --output-separately -p --attach -b --detach-on -D --daemonize --daemonized
  --daemonised -I --interruptible --syscall-limit --busy-wait --kill-on-exit --follow --tree
  -e --trace --status --signal -z --successful-only -Z --failed-only -P --trace-path --filename
  --socketcall --filter --seccomp-bpf --no-seccomp-bpf
  --inject --fault --inject-filter
  -o --output -A --output-append-mode -a --columns -s --string-limit -v --no-abbrev -x -y
  --decode-fds --read --write -k --stack-trace --stack-traces -q --quiet -t --absolute-timestamps
  --timestamps -r --relative-timestamps -T --syscall-times -n --syscall-number -i
  --instruction-pointer -Y --decode-pids --always-show-pid -X --const-print-style -N --arg-names
  --arg-types --arg-addresses --json --output-format --color --colour
  -c --summary-only -C --summary -S --summary-sort-by -U --summary-columns -w
  --summary-wall-clock --summary-latency --summary-interval
  --syscalls --names --classes -d --debug -h --help -V --version'

_cxtrace_sort_keys='time-percent total-time min-time max-time avg-time calls errors name nothing'
_cxtrace_columns='time-percent total-time min-time max-time avg-time calls errors name'

# Adds to COMPREPLY the words of $2 (a list) that complete the last comma-separated item of
# $1, each with the items before it in front; $3 (optional) is a prefix of every word ("!").
_cxtrace_list() {
  local head='' item=$1 neg=''
  if [[ $item == *,* ]]; then
    head=${item%,*},
    item=${item##*,}
  fi
  if [[ $item == [?!]* ]]; then
    neg=${item:0:1}
    item=${item:1}
  fi
  local w
  for w in $2; do
    [[ $w == "$item"* ]] && COMPREPLY+=("$head$neg$w")
  done
}

# The names a syscall list takes: every syscall and %class of this cxtrace, `all` and `none`.
_cxtrace_syscall_words() {
  "$_cxtrace_cmd" --syscalls --names --classes 2>/dev/null
  echo all none
}

# Signal names as cxtrace spells them (SIGINT), from bash's own list.
_cxtrace_signal_words() {
  local s
  for s in $(compgen -A signal); do
    [[ $s == *[-+]* || $s == SIGRTMAX ]] || echo "$s"
  done
  echo all none
}

# The pids of running processes, from /proc.
_cxtrace_pids() {
  local p
  for p in /proc/[0-9]*; do
    echo "${p#/proc/}"
  done
}

# Completes the value $2 of option $1 into COMPREPLY, as whole values.
_cxtrace_value() {
  local opt=$1 val=$2
  case $opt in
    -e)
      if [[ $val != *=* ]]; then
        local q
        for q in trace= status= signal= quiet= raw= verbose= read= write= decode-fds= inject= \
          fault=; do
          [[ $q == "$val"* ]] && COMPREPLY+=("$q")
        done
        _cxtrace_list "$val" "$(_cxtrace_syscall_words)"
        return
      fi
      local key=${val%%=*}
      local -a sub=()
      case $key in
        trace | t | raw | x | verbose | v) opt=--trace ;;
        status) opt=--status ;;
        signal | signals | s) opt=--signal ;;
        quiet | silent | silence | q) opt=--quiet ;;
        decode-fds | decode_fds) opt=--decode-fds ;;
        inject | fault) opt=--inject ;;
        *) return ;;
      esac
      local saved=("${COMPREPLY[@]}")
      COMPREPLY=()
      _cxtrace_value "$opt" "${val#*=}"
      local w
      for w in "${COMPREPLY[@]}"; do
        sub+=("$key=$w")
      done
      COMPREPLY=("${saved[@]}" "${sub[@]}")
      ;;
    --trace | --syscalls) _cxtrace_list "$val" "$(_cxtrace_syscall_words)" ;;
    --status) _cxtrace_list "$val" 'successful failed unfinished unavailable detached all none' ;;
    --signal) _cxtrace_list "$val" "$(_cxtrace_signal_words)" ;;
    --quiet) _cxtrace_list "$val" 'attach exit path-resolution personality thread-execve all none' ;;
    --decode-fds) _cxtrace_list "$val" 'path socket dev pidfd all none' ;;
    --filter | --inject-filter)
      # The NAME before the first ':'; the conditions after it are free text.
      [[ $val != *:* ]] && _cxtrace_list "$val" "$(_cxtrace_syscall_words)"
      ;;
    --inject | --fault)
      if [[ $val != *:* ]]; then
        _cxtrace_list "$val" "$(_cxtrace_syscall_words)"
        return
      fi
      local done=${val%:*}: action=${val##*:} w
      case $action in
        signal=*)
          for w in $(_cxtrace_signal_words); do
            [[ $w == "${action#signal=}"* ]] && COMPREPLY+=("${done}signal=$w")
          done
          ;;
        syscall=*)
          for w in $("$_cxtrace_cmd" --syscalls --names 2>/dev/null); do
            [[ $w == "${action#syscall=}"* ]] && COMPREPLY+=("${done}syscall=$w")
          done
          ;;
        *=*) ;;
        *)
          for w in error= retval= signal= syscall= delay_enter= delay_exit= when=; do
            [[ $w == "$action"* ]] && COMPREPLY+=("$done$w")
          done
          ;;
      esac
      ;;
    -o | --output | -P | --trace-path) mapfile -t COMPREPLY < <(compgen -f -- "$val") ;;
    -p | --attach) _cxtrace_list "$val" "$(_cxtrace_pids)" ;;
    -X | --const-print-style) _cxtrace_list "$val" 'abbrev raw verbose' ;;
    --output-format) _cxtrace_list "$val" 'text json' ;;
    --color | --colour) _cxtrace_list "$val" 'auto always never' ;;
    -S | --summary-sort-by) _cxtrace_list "$val" "$_cxtrace_sort_keys" ;;
    -U | --summary-columns) _cxtrace_list "$val" "$_cxtrace_columns" ;;
    -I | --interruptible) _cxtrace_list "$val" '1 2 3 4 anywhere waiting never never_tstp' ;;
    --follow) _cxtrace_list "$val" 'threads forks all' ;;
    --daemonize | --daemonized | --daemonised) _cxtrace_list "$val" 'grandchild pgroup session' ;;
    --absolute-timestamps | --timestamps)
      _cxtrace_list "$val" 'time unix none s ms us ns format:time format:unix format:none
        precision:s precision:ms precision:us precision:ns'
      ;;
    --relative-timestamps | --syscall-times) _cxtrace_list "$val" 's ms us ns' ;;
    --decode-pids) _cxtrace_list "$val" 'comm' ;;
    -b | --detach-on) _cxtrace_list "$val" 'execve' ;;
    -u | --user) mapfile -t COMPREPLY < <(compgen -u -- "$val") ;;
    -E | --env) mapfile -t COMPREPLY < <(compgen -v -- "$val") ;;
  esac
}

_cxtrace() {
  COMPREPLY=()
  # The words as typed, split at blanks only: bash's COMP_WORDS also splits at '=' and ':',
  # which are part of cxtrace's values.
  local line=${COMP_LINE:0:COMP_POINT}
  local -a words
  read -r -a words <<<"$line"
  [[ -z $line || $line == *[[:blank:]] ]] && words+=('')
  local n=${#words[@]}
  local raw=${words[n - 1]} prev=${words[n - 2]:-}
  local _cxtrace_cmd=${words[0]:-cxtrace}
  _cxtrace_cmd=${_cxtrace_cmd/#\~/$HOME}
  command -v "$_cxtrace_cmd" >/dev/null || _cxtrace_cmd=cxtrace
  # An opening quote is not part of the value.
  local cur=$raw quote=0
  if [[ $cur == [\'\"]* ]]; then
    cur=${cur:1}
    quote=1
  fi

  # Where the program to trace starts: the first word that is not an option or an option's
  # value. Its arguments are files.
  local i=1 skip=0 prog=0
  while ((i < n - 1)); do
    local w=${words[i]}
    if ((skip > 0)); then
      skip=$((skip - 1))
    elif [[ $w == -- ]]; then
      prog=$((i + 1))
      break
    elif [[ $w == --inject-filter ]]; then
      skip=2
    elif [[ $w == -* && " ${_cxtrace_value_opts//$'\n'/ } " == *" $w "* ]]; then
      skip=1
    elif [[ $w != -* ]]; then
      prog=$i
      break
    fi
    i=$((i + 1))
  done
  if ((prog > 0 && prog < n - 1)); then
    mapfile -t COMPREPLY < <(compgen -f -- "$cur")
    return
  fi
  if ((prog == n - 1)); then
    mapfile -t COMPREPLY < <(compgen -c -- "$cur")
    return
  fi

  if ((skip > 0)); then
    # The word after --inject-filter PATTERN is its ACTIONS.
    if [[ ${words[n - 3]:-} == --inject-filter ]]; then
      _cxtrace_value --inject "x:$cur"
      COMPREPLY=("${COMPREPLY[@]#x:}")
    else
      _cxtrace_value "$prev" "$cur"
    fi
  elif [[ $cur == --*=* ]]; then
    local opt=${cur%%=*}
    _cxtrace_value "$opt" "${cur#*=}"
    COMPREPLY=("${COMPREPLY[@]/#/$opt=}")
  elif [[ $cur == -[eopPasSUXIEub]?* ]]; then
    # A short option with its value attached: -etrace=open, -p123.
    _cxtrace_value "${cur:0:2}" "${cur:2}"
    COMPREPLY=("${COMPREPLY[@]/#/${cur:0:2}}")
  elif [[ $cur == -* ]]; then
    local o
    for o in $_cxtrace_opts; do
      [[ $o == "$cur"* ]] && COMPREPLY+=("$o")
    done
  else
    mapfile -t COMPREPLY < <(compgen -c -- "$cur")
    return
  fi

  # bash replaces only the text after the last word-break character ('=', ':' ...): give it
  # the candidates without what comes before.
  local breaks=${COMP_WORDBREAKS-$' \t\n"\'><=;|&(:'} k
  for ((k = ${#raw} - 1; k >= 0; k--)); do
    [[ $breaks == *"${raw:k:1}"* ]] && break
  done
  local keep=$((k + 1 - quote)) c
  if ((keep > 0)); then
    local -a trimmed=()
    for c in "${COMPREPLY[@]}"; do
      [[ ${c:0:keep} == "${cur:0:keep}" ]] && c=${c:keep}
      trimmed+=("$c")
    done
    COMPREPLY=("${trimmed[@]}")
  fi
  # A value that goes on (trace=, inject=SET:) gets no space after it.
  for c in "${COMPREPLY[@]}"; do
    if [[ $c == *= || $c == *: ]]; then
      compopt -o nospace 2>/dev/null
      break
    fi
  done
  return 0
}
complete -F _cxtrace cxtrace
