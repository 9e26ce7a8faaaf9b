// Package cmd is the casestudy command line: flags become options, options
// become calls into review, results become text for a person or JSON.
package cmd

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"

	"github.com/less-trainers/casestudy/review/github"
	"github.com/urfave/cli/v2"
)

// Exit codes, as gh uses them; README.md has the same table.
const (
	exitOK          = 0
	exitFailure     = 1
	exitUsage       = 2
	exitAuth        = 4
	exitInterrupted = 130
)

const exitCodesHelp = `Exit codes:
  0    done (also when the action was already done, such as publishing twice)
  1    failed; the message says why and what to do next
  2    the command line cannot mean anything (unknown command or flag, wrong arguments)
  4    GitHub needs a token, or refused the one given
  130  interrupted (Ctrl-C)`

// usageError is a command line that cannot mean anything: exit 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

// Main runs casestudy with args (args[0] is the program name) and returns the
// exit code. main.go and the end-to-end tests both call it.
func Main(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	// A command lives for milliseconds and holds a few documents: collecting
	// garbage less often is measurably faster (bench/worddiff.sh) and costs
	// little memory. GOGC, when set, still wins.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	if len(args) > 1 && args[1] == "__complete" {
		// The words of a command line being typed, exactly as they are.
		app := newApp(newStreams(stdin, stdout, stderr, outputOptions{}))
		if err := app.Run(args); err != nil {
			return exitFailure
		}
		return exitOK
	}
	args, out, err := outputFlags(args)
	if err != nil {
		fmt.Fprintf(stderr, "casestudy: %s (see: casestudy --help)\n", err)
		return exitUsage
	}
	io := newStreams(stdin, stdout, stderr, out)
	app := newApp(io)
	line := interspersed(app, args)
	// A usage error quotes an unknown flag as typed, which urfave/cli's
	// error does not keep.
	app.Metadata = map[string]any{commandLineKey: line}
	err = app.Run(line)
	io.stopPager()
	if err == nil {
		return exitOK
	}
	code := exitCode(err)
	msg := oneLine(err.Error())
	path := commandPath(app, args)
	if topic, ok := strings.CutPrefix(msg, "No help topic for '"); ok { // casestudy [journal] help nosuch
		topic = strings.TrimSuffix(topic, "'")
		path = strings.TrimSuffix(path, " help")
		msg = fmt.Sprintf("unknown command %q", topic) + didYouMean(topic, commandNames(app, path))
	}
	switch code {
	case exitUsage:
		fmt.Fprintf(stderr, "casestudy: %s (see: %s --help)\n", msg, path)
	case exitInterrupted:
		fmt.Fprintln(stderr, "casestudy: interrupted; what was finished is kept, and running the command again finishes the rest")
	default:
		fmt.Fprintf(stderr, "casestudy: %s\n", msg)
	}
	return code
}

// exitCode sorts an error into the table of exitCodesHelp.
func exitCode(err error) int {
	var ue usageError
	var ce cli.ExitCoder // urfave/cli's own, such as "No help topic for 'x'"
	var noToken github.ErrNoToken
	var badToken github.ErrBadToken
	switch {
	case interrupted.Load():
		return exitInterrupted
	case errors.As(err, &ue) || errors.As(err, &ce):
		return exitUsage
	case errors.As(err, &noToken) || errors.As(err, &badToken):
		return exitAuth
	}
	return exitFailure
}

// outputFlags takes --color and --no-pager out of the command line, wherever
// they are (before or after the command, not after "--"), as git's and gh's
// global options work.
func outputFlags(args []string) ([]string, outputOptions, error) {
	o := outputOptions{color: "auto"}
	out := make([]string, 0, len(args))
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case i == 0:
			out = append(out, a)
			continue
		case a == "--":
			return append(out, args[i:]...), o, nil
		case a == "--no-pager":
			o.noPager = true
			continue
		case a == "--color" || a == "--colour":
			if i+1 >= len(args) {
				return nil, o, errors.New("--color needs a value: auto, always or never")
			}
			i++
			o.color = args[i]
		case strings.HasPrefix(a, "--color=") || strings.HasPrefix(a, "--colour="):
			_, o.color, _ = strings.Cut(a, "=")
		default:
			out = append(out, a)
			continue
		}
		if o.color != "auto" && o.color != "always" && o.color != "never" {
			return nil, o, fmt.Errorf("--color %q: say auto, always or never", o.color)
		}
	}
	return out, o, nil
}

func newApp(io *streams) *cli.App {
	return appWith(io, commands(&factory{IO: io}))
}

// commands are casestudy's commands, in the order its help lists them.
func commands(f *factory) []*cli.Command {
	return []*cli.Command{
		newCmdNew(f, nil),
		newCmdSave(f, nil),
		newCmdDrafts(f, nil),
		newCmdDiff(f, nil),
		newCmdStatus(f, nil),
		newCmdSubmit(f, nil),
		newCmdFeedback(f, nil),
		newCmdApply(f, nil),
		newCmdSync(f, nil),
		newCmdRemote(f),
		newCmdReview(f, nil),
		newCmdComment(f, nil),
		newCmdReply(f, nil),
		newCmdResolve(f, nil),
		newCmdUnresolve(f, nil),
		newCmdSend(f, nil),
		newCmdApprove(f, nil),
		newCmdRequestChanges(f, nil),
		newCmdPublish(f, nil),
		newCmdQueue(f, nil),
		newCmdServe(f, nil),
		newCmdCompletion(f, nil),
		newCmdComplete(f, nil),
		// The mentoring practice and the prose tools.
		newCmdJournal(f),
		newCmdReflect(f, nil),
		newCmdFmt(f, nil),
		newCmdExport(f, nil),
	}
}

// appWith is the application of casestudy with these commands.
func appWith(io *streams, commands []*cli.Command) *cli.App {
	app := &cli.App{
		Name:  "casestudy",
		Usage: "write and review a LeSS Trainer case study, draft by draft, in git",
		Description: "A mentee writes the case study and saves numbered drafts; any two drafts compare word by word.\n" +
			"Start with: casestudy new --title \"…\" --mentor HANDLE --reviewer HANDLE DIR\n\n" +
			"Long output (diff, review, feedback, drafts, journal list) goes through a pager on a terminal:\n" +
			"CASESTUDY_PAGER, then PAGER, then less -FRX; --no-pager or CASESTUDY_PAGER=cat turns it off.\n" +
			"Colour: --color=auto|always|never, NO_COLOR turns it off, CLICOLOR_FORCE turns it on.\n" +
			"Read commands take --json FIELDS and --jq EXPR, as gh does.\n\n" + exitCodesHelp,
		Version:              version(),
		Reader:               io.In,
		Writer:               io.Out,
		ErrWriter:            io.Err,
		EnableBashCompletion: true,
		// Shown in --help; Main takes them out of the command line before
		// urfave/cli reads it, so they work after a command too.
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "color", Value: "auto", Usage: "colour the output: `WHEN` is auto, always or never"},
			&cli.BoolFlag{Name: "no-pager", Usage: "never send output through a pager"},
		},
		// Errors are reported once, by Main, with the right exit code;
		// urfave/cli would otherwise call os.Exit itself.
		ExitErrHandler: func(*cli.Context, error) {},
		OnUsageError: func(c *cli.Context, err error, _ bool) error {
			return usageError{unknownFlag(c, err)}
		},
		Commands: commands,
	}
	app.Action = func(c *cli.Context) error {
		if c.NArg() > 0 {
			name := c.Args().First()
			return usagef("unknown command %q%s", name, didYouMean(name, commandNames(app, "casestudy")))
		}
		return cli.ShowAppHelp(c)
	}
	var setEachCommand func([]*cli.Command)
	setEachCommand = func(cs []*cli.Command) {
		for _, c := range cs {
			c.OnUsageError = app.OnUsageError
			// urfave/cli gives every command a help subcommand, so a
			// command's first argument "help" or "h" (a comment's text,
			// a directory) showed help instead; --help is how a command
			// asks for it, and groups keep theirs.
			c.HideHelpCommand = len(c.Subcommands) == 0
			setEachCommand(c.Subcommands)
		}
	}
	setEachCommand(app.Commands)
	return app
}

func version() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "dev"
}

// maxArgs refuses more than n positional arguments.
func maxArgs(c *cli.Context, n int) error {
	if c.NArg() > n {
		return usagef("%s: too many arguments (%s)", c.Command.Name, strings.Join(c.Args().Slice()[n:], " "))
	}
	return nil
}

// workDir is where the command runs; tests change it with os.Chdir through
// testscript, so it is read each time.
func workDir() (string, error) { return os.Getwd() }

// oneLine folds a message that spans lines (git's and servers' often do)
// into the one line casestudy promises.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// commandPath names the command a command line was for, such as
// "casestudy journal add", for a hint to its help.
func commandPath(app *cli.App, args []string) string {
	path := []string{"casestudy"}
	commands := app.Commands
	for _, a := range args[min(1, len(args)):] {
		if strings.HasPrefix(a, "-") {
			continue
		}
		var found *cli.Command
		for _, c := range commands {
			if c.HasName(a) {
				found = c
			}
		}
		if found == nil {
			break
		}
		path = append(path, found.Name)
		commands = found.Subcommands
	}
	return strings.Join(path, " ")
}
