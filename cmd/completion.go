package cmd

import (
	"context"
	"fmt"

	"github.com/urfave/cli/v2"
)

// The scripts ask casestudy itself for candidates (casestudy __complete
// WORDS… CURRENT), so they never go stale as commands change, and know
// the case study: draft numbers, document files and their lines, threads.
// Each candidate is a line, "WORD" or "WORD<tab>description".
//
// bash splits words at ':' and '=' (COMP_WORDBREAKS), so the function reads
// the line itself and hands bash only what follows the last of them.
const bashCompletion = `_casestudy() {
  local line="${COMP_LINE:0:COMP_POINT}" cur="" words
  read -ra words <<< "$line"
  if [[ "$line" != *" " ]]; then
    cur="${words[${#words[@]}-1]}"
    unset 'words[${#words[@]}-1]'
  fi
  local IFS=$'\n' cands
  cands=($("${words[0]}" __complete "${words[@]:1}" "$cur" 2>/dev/null | cut -f1))
  COMPREPLY=()
  # What bash already took as words of its own: up to the last ':' or '='
  # that COMP_WORDBREAKS breaks at.
  local pre="" p c
  if [[ "$COMP_WORDBREAKS" == *:* && "$cur" == *:* ]]; then pre="${cur%"${cur##*:}"}"; fi
  if [[ "$COMP_WORDBREAKS" == *=* && "$cur" == *=* ]]; then
    p="${cur%"${cur##*=}"}"
    (( ${#p} > ${#pre} )) && pre="$p"
  fi
  for c in "${cands[@]}"; do
    [[ "$c" == "$cur"* ]] || continue
    c="${c#"$pre"}"
    COMPREPLY+=("$c")
  done
  if [[ ${#COMPREPLY[@]} -eq 1 && "${cands[0]}" == *: ]]; then
    compopt -o nospace 2>/dev/null
  fi
}
complete -o default -F _casestudy casestudy
`

const zshCompletion = `#compdef casestudy
_casestudy() {
  local -a lines cands
  local l
  lines=("${(@f)$(${words[1]} __complete ${words[2,CURRENT-1]} "${words[CURRENT]}" 2>/dev/null)}")
  for l in $lines; do
    [[ -z "$l" ]] && continue
    local name="${l%%$'\t'*}" desc=""
    [[ "$l" == *$'\t'* ]] && desc="${l#*$'\t'}"
    cands+=("${name//:/\\:}${desc:+:$desc}")
  done
  if (( ${#cands} )); then
    _describe -t casestudy 'casestudy' cands -S '' -q
  else
    _files
  fi
}
compdef _casestudy casestudy
`

const fishCompletion = `function __casestudy_complete
    set -l words (commandline -opc)
    set -l cur (commandline -ct)
    set -l cands ($words[1] __complete $words[2..-1] "$cur" 2>/dev/null)
    if test (count $cands) -gt 0
        printf '%s\n' $cands
    else
        __fish_complete_path "$cur"
    end
end
complete -c casestudy -f -a '(__casestudy_complete)'
`

type completionOptions struct {
	IO *streams

	Shell string // bash, zsh or fish
}

func newCmdCompletion(f *factory, runF func(*completionOptions) error) *cli.Command {
	opts := &completionOptions{IO: f.IO}
	return &cli.Command{
		Name:      "completion",
		Usage:     "print a shell completion script (bash, zsh or fish)",
		ArgsUsage: "bash|zsh|fish",
		Description: `Completes commands, flags, draft numbers, document files and their line
numbers (for comment FILE:LINE) and review threads (for reply, resolve and unresolve).

Examples:
  source <(casestudy completion bash)
  casestudy completion zsh > "${fpath[1]}/_casestudy"
  casestudy completion fish > ~/.config/fish/completions/casestudy.fish`,
		Action: func(c *cli.Context) error {
			if err := maxArgs(c, 1); err != nil {
				return err
			}
			switch opts.Shell = c.Args().First(); opts.Shell {
			case "bash", "zsh", "fish":
			default:
				return usagef("completion: name a shell: bash, zsh or fish")
			}
			if runF != nil {
				return runF(opts)
			}
			return runCompletion(context.Background(), opts)
		},
	}
}

func runCompletion(_ context.Context, opts *completionOptions) error {
	script := map[string]string{"bash": bashCompletion, "zsh": zshCompletion, "fish": fishCompletion}[opts.Shell]
	fmt.Fprint(opts.IO.Out, script)
	return nil
}
