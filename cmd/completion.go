package cmd

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/less-trainers/casestudy/prose"
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

func completionCommand(io *streams) *cli.Command {
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
			switch c.Args().First() {
			case "bash":
				fmt.Fprint(io.Out, bashCompletion)
			case "zsh":
				fmt.Fprint(io.Out, zshCompletion)
			case "fish":
				fmt.Fprintf(io.Out, "%s", fishCompletion)
			default:
				return usagef("completion: name a shell: bash, zsh or fish")
			}
			return nil
		},
	}
}

// completeCommand is what the scripts call: the words typed so far after
// "casestudy", the last one being the word under the cursor.
func completeCommand(io *streams) *cli.Command {
	return &cli.Command{
		Name:            "__complete",
		Hidden:          true,
		SkipFlagParsing: true,
		HideHelp:        true,
		Action: func(c *cli.Context) error {
			args := c.Args().Slice()
			if len(args) == 0 {
				args = []string{""}
			}
			for _, cand := range completions(c.App, args[:len(args)-1], args[len(args)-1]) {
				fmt.Fprintln(io.Out, cand)
			}
			return nil
		},
	}
}

// completions finds the candidates for cur after the words before it.
func completions(app *cli.App, before []string, cur string) []string {
	var cmd *cli.Command
	commands := app.Commands
	var positional []string
	pendingFlag := ""
	for _, w := range before {
		switch {
		case pendingFlag != "":
			pendingFlag = ""
		case strings.HasPrefix(w, "-"):
			if f := findFlag(cmd, app, w); f != nil && takesValue(f) && !strings.Contains(w, "=") {
				pendingFlag = f.Names()[0]
			}
		case len(positional) == 0 && findCommand(commands, w) != nil:
			cmd = findCommand(commands, w)
			commands = cmd.Subcommands
		default:
			positional = append(positional, w)
		}
	}
	if pendingFlag != "" {
		return flagValues(cmd, pendingFlag)
	}
	if name, _, ok := strings.Cut(cur, "="); ok && strings.HasPrefix(cur, "--") {
		var out []string
		for _, v := range flagValues(cmd, strings.TrimPrefix(name, "--")) {
			out = append(out, name+"="+v)
		}
		return out
	}
	if strings.HasPrefix(cur, "-") {
		return flagNames(cmd, app)
	}
	if cmd != nil && cmd.Name == "help" {
		cmd, commands = nil, app.Commands
	}
	if cmd == nil || len(cmd.Subcommands) > 0 {
		var out []string
		for _, c := range commands {
			if !c.Hidden {
				out = append(out, c.Name+"\t"+c.Usage)
			}
		}
		return out
	}
	return argValues(cmd.Name, len(positional), cur)
}

func findCommand(commands []*cli.Command, name string) *cli.Command {
	for _, c := range commands {
		if c.HasName(name) && !c.Hidden {
			return c
		}
	}
	return nil
}

func findFlag(cmd *cli.Command, app *cli.App, word string) cli.Flag {
	name, _, _ := strings.Cut(strings.TrimLeft(word, "-"), "=")
	flags := app.Flags
	if cmd != nil {
		flags = append(append([]cli.Flag{}, cmd.Flags...), app.Flags...)
	}
	for _, f := range flags {
		for _, n := range f.Names() {
			if n == name {
				return f
			}
		}
	}
	return nil
}

func takesValue(f cli.Flag) bool {
	_, isBool := f.(*cli.BoolFlag)
	return !isBool
}

func flagNames(cmd *cli.Command, app *cli.App) []string {
	flags := app.Flags
	if cmd != nil {
		flags = append(append([]cli.Flag{}, cmd.Flags...), app.Flags...)
	}
	out := []string{}
	seen := map[string]bool{}
	for _, f := range flags {
		if seen[f.Names()[0]] {
			continue
		}
		seen[f.Names()[0]] = true
		usage := ""
		if u, ok := f.(cli.DocGenerationFlag); ok {
			usage = u.GetUsage()
		}
		usage, _, _ = strings.Cut(usage, ":")
		out = append(out, "--"+f.Names()[0]+"\t"+usage)
	}
	if !seen["help"] {
		out = append(out, "--help\tshow help")
	}
	return out
}

// flagValues are the values a flag takes, where casestudy knows them.
func flagValues(cmd *cli.Command, flag string) []string {
	switch flag {
	case "color", "colour":
		return []string{"auto", "always", "never"}
	case "to":
		return []string{"mentor", "reviewer"}
	case "round":
		return roundNumbers()
	case "json":
		if f := findFlag(cmd, &cli.App{}, "--json"); f != nil {
			usage := f.(cli.DocGenerationFlag).GetUsage()
			if _, list, ok := strings.Cut(usage, "): "); ok {
				return strings.Split(list, ", ")
			}
		}
	case "met":
		return []string{"in-person", "call"}
	}
	return nil
}

// argValues are the candidates for a command's n-th argument.
func argValues(command string, n int, cur string) []string {
	switch {
	case command == "diff" && n < 2:
		return draftNumbers()
	case command == "completion" && n == 0:
		return []string{"bash", "zsh", "fish"}
	case command == "comment" && n == 0:
		return documentPlaces(cur)
	case (command == "reply" || command == "resolve" || command == "unresolve") && n == 0:
		return append(threadIDs(), documentPlaces(cur)...)
	}
	return nil
}

func draftNumbers() []string {
	cs, err := openCaseStudy()
	if err != nil {
		return nil
	}
	drafts, err := cs.Drafts()
	if err != nil {
		return nil
	}
	var out []string
	for _, d := range drafts {
		desc := d.When.Local().Format("2006-01-02")
		if d.Message != "" {
			desc += " " + prose.Clean(d.Message)
		}
		out = append(out, strconv.Itoa(d.Number)+"\t"+desc)
	}
	return out
}

func roundNumbers() []string {
	cs, err := openCaseStudy()
	if err != nil {
		return nil
	}
	rounds, err := cs.Rounds()
	if err != nil {
		return nil
	}
	var out []string
	for _, r := range rounds {
		out = append(out, fmt.Sprintf("%d\tdraft %d", r.Number, r.Draft))
	}
	return out
}

// documentPlaces completes FILE:LINE: the documents first, then, once a
// file and its colon are typed, that file's line numbers with the line's
// beginning as description.
func documentPlaces(cur string) []string {
	cs, err := openCaseStudy()
	if err != nil {
		return nil
	}
	file, _, typedColon := strings.Cut(cur, ":")
	var out []string
	for _, d := range cs.Config.Documents {
		if !typedColon || d != file {
			if !typedColon {
				out = append(out, d+":")
			}
			continue
		}
		data, err := os.ReadFile(filepath.Join(cs.Root, filepath.FromSlash(d)))
		if err != nil {
			return nil
		}
		for i, line := range strings.Split(strings.TrimSuffix(string(data), "\n"), "\n") {
			line = strings.TrimSpace(prose.Clean(line))
			if r := []rune(line); len(r) > 50 {
				line = string(r[:50]) + "…"
			}
			out = append(out, fmt.Sprintf("%s:%d\t%s", d, i+1, line))
		}
	}
	return out
}

// threadIDs are the open threads' numbers, as feedback shows them: from
// this copy's notes, or from GitHub within a few seconds, never longer.
func threadIDs() []string {
	cs, err := openCaseStudy()
	if err != nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	f, err := forgeFor(ctx, newStreams(nil, nilWriter{}, nilWriter{}, outputOptions{}), cs)
	if err != nil {
		return nil
	}
	fb, err := cs.Feedback(ctx, f, 0)
	if err != nil {
		return nil
	}
	var out []string
	for _, t := range fb.Threads {
		out = append(out, prose.Clean(t.ShortID())+"\t"+prose.Clean(t.Place()+" "+firstLine(t.Comment.Body)))
	}
	return out
}

type nilWriter struct{}

func (nilWriter) Write(p []byte) (int, error) { return len(p), nil }
