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
	"github.com/less-trainers/casestudy/review"
	"github.com/urfave/cli/v2"
)

type completeOptions struct {
	IO        *streams
	CaseStudy func() (*review.CaseStudy, error)
	Forge     func(context.Context, *review.CaseStudy) (review.Forge, error)

	App    *cli.App // whose commands and flags complete
	Before []string // the words typed after "casestudy"
	Cur    string   // the word under the cursor
}

// newCmdComplete is what the scripts call: the words typed so far after
// "casestudy", the last one being the word under the cursor.
func newCmdComplete(f *factory, runF func(*completeOptions) error) *cli.Command {
	// The forge is asked for threads quietly: a completion says nothing.
	quiet := &factory{IO: newStreams(nil, nilWriter{}, nilWriter{}, outputOptions{})}
	opts := &completeOptions{IO: f.IO, CaseStudy: f.CaseStudy, Forge: quiet.Forge}
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
			opts.App, opts.Before, opts.Cur = c.App, args[:len(args)-1], args[len(args)-1]
			if runF != nil {
				return runF(opts)
			}
			return runComplete(context.Background(), opts)
		},
	}
}

func runComplete(_ context.Context, opts *completeOptions) error {
	for _, cand := range completions(opts, opts.Before, opts.Cur) {
		fmt.Fprintln(opts.IO.Out, cand)
	}
	return nil
}

// completions finds the candidates for cur after the words before it.
func completions(opts *completeOptions, before []string, cur string) []string {
	app := opts.App
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
		return flagValues(opts, cmd, pendingFlag)
	}
	if name, _, ok := strings.Cut(cur, "="); ok && strings.HasPrefix(cur, "--") {
		var out []string
		for _, v := range flagValues(opts, cmd, strings.TrimPrefix(name, "--")) {
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
	return argValues(opts, cmd.Name, len(positional), cur)
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
func flagValues(opts *completeOptions, cmd *cli.Command, flag string) []string {
	switch flag {
	case "color", "colour":
		return []string{"auto", "always", "never"}
	case "to":
		return []string{"mentor", "reviewer"}
	case "round":
		return roundNumbers(opts)
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
func argValues(opts *completeOptions, command string, n int, cur string) []string {
	switch {
	case command == "diff" && n < 2:
		return draftNumbers(opts)
	case command == "completion" && n == 0:
		return []string{"bash", "zsh", "fish"}
	case command == "comment" && n == 0:
		return documentPlaces(opts, cur)
	case (command == "reply" || command == "resolve" || command == "unresolve") && n == 0:
		return append(threadIDs(opts), documentPlaces(opts, cur)...)
	}
	return nil
}

func draftNumbers(opts *completeOptions) []string {
	cs, err := opts.CaseStudy()
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

func roundNumbers(opts *completeOptions) []string {
	cs, err := opts.CaseStudy()
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
func documentPlaces(opts *completeOptions, cur string) []string {
	cs, err := opts.CaseStudy()
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
func threadIDs(opts *completeOptions) []string {
	cs, err := opts.CaseStudy()
	if err != nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	f, err := opts.Forge(ctx, cs)
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
