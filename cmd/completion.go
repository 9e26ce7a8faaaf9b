package cmd

import (
	"fmt"

	"github.com/urfave/cli/v2"
)

// The scripts ask casestudy itself for candidates through urfave/cli's
// --generate-bash-completion, so they never go stale as commands change.
const bashCompletion = `_casestudy_complete() {
  local cur words
  cur="${COMP_WORDS[COMP_CWORD]}"
  words=$("${COMP_WORDS[0]}" "${COMP_WORDS[@]:1:$COMP_CWORD-1}" --generate-bash-completion 2>/dev/null)
  COMPREPLY=($(compgen -W "$words" -- "$cur"))
}
complete -o default -F _casestudy_complete casestudy
`

const zshCompletion = `#compdef casestudy
_casestudy() {
  local -a opts
  opts=("${(@f)$(${words[1]} ${words[@]:1:$CURRENT-2} --generate-bash-completion 2>/dev/null)}")
  _describe 'casestudy' opts
}
compdef _casestudy casestudy
`

func completionCommand(io *streams) *cli.Command {
	return &cli.Command{
		Name:      "completion",
		Usage:     "print a shell completion script (bash, zsh or fish)",
		ArgsUsage: "bash|zsh|fish",
		Description: `Examples:
  source <(casestudy completion bash)
  casestudy completion zsh > "${fpath[1]}/_casestudy"
  casestudy completion fish > ~/.config/fish/completions/casestudy.fish`,
		Action: func(c *cli.Context) error {
			if err := maxArgs(c, 1); err != nil {
				return err
			}
			switch c.Args().First() {
			case "bash":
				fmt.Fprint(io.Out, bashCompletion)
			case "zsh":
				fmt.Fprint(io.Out, zshCompletion)
			case "fish":
				s, err := c.App.ToFishCompletion()
				if err != nil {
					return err
				}
				fmt.Fprint(io.Out, s)
			default:
				return usagef("completion: name a shell: bash, zsh or fish")
			}
			return nil
		},
	}
}
