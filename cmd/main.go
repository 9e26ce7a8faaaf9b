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

	"github.com/less-trainers/casestudy/review"
	"github.com/urfave/cli/v2"
)

// Exit codes, as git and gh use them.
const (
	exitOK      = 0
	exitFailure = 1
	exitUsage   = 2
)

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
	io := newStreams(stdin, stdout, stderr)
	warnings = stderr
	app := newApp(io)
	err := app.Run(interspersed(app, args))
	if err == nil {
		return exitOK
	}
	var ue usageError
	var ce cli.ExitCoder // urfave/cli's own, such as "No help topic for 'x'"
	code := exitFailure
	if errors.As(err, &ue) || errors.As(err, &ce) {
		code = exitUsage
	}
	msg := oneLine(err.Error())
	path := commandPath(app, args)
	if topic, ok := strings.CutPrefix(msg, "No help topic for '"); ok { // casestudy [journal] help nosuch
		msg, path = fmt.Sprintf("unknown command %q", strings.TrimSuffix(topic, "'")), strings.TrimSuffix(path, " help")
	}
	if code == exitUsage {
		fmt.Fprintf(stderr, "casestudy: %s (see: %s --help)\n", msg, path)
	} else {
		fmt.Fprintf(stderr, "casestudy: %s\n", msg)
	}
	return code
}

func newApp(io *streams) *cli.App {
	app := &cli.App{
		Name:  "casestudy",
		Usage: "write and review a LeSS Trainer case study, draft by draft, in git",
		Description: "A mentee writes the case study and saves numbered drafts; any two drafts compare word by word.\n" +
			"Start with: casestudy new --title \"…\" --mentor HANDLE --reviewer HANDLE DIR",
		Version:              version(),
		Reader:               io.In,
		Writer:               io.Out,
		ErrWriter:            io.Err,
		EnableBashCompletion: true,
		// Errors are reported once, by Main, with the right exit code;
		// urfave/cli would otherwise call os.Exit itself.
		ExitErrHandler: func(*cli.Context, error) {},
		OnUsageError: func(_ *cli.Context, err error, _ bool) error {
			return usageError{err.Error()}
		},
		Commands: []*cli.Command{
			newCommand(io),
			saveCommand(io),
			draftsCommand(io),
			diffCommand(io),
			statusCommand(io),
			submitCommand(io),
			feedbackCommand(io),
			applyCommand(io),
			syncCommand(io),
			remoteCommand(io),
			reviewCommand(io),
			commentCommand(io),
			replyCommand(io),
			voteCommand(io, "approve", review.Approved),
			voteCommand(io, "request-changes", review.ChangesRequested),
			publishCommand(io),
			queueCommand(io),
			completionCommand(io),
		},
	}
	app.Action = func(c *cli.Context) error {
		if c.NArg() > 0 {
			return usagef("unknown command %q", c.Args().First())
		}
		return cli.ShowAppHelp(c)
	}
	app.Commands = append(app.Commands, mentoringCommands(io)...)
	var setUsage func([]*cli.Command)
	setUsage = func(cs []*cli.Command) {
		for _, c := range cs {
			c.OnUsageError = app.OnUsageError
			setUsage(c.Subcommands)
		}
	}
	setUsage(app.Commands)
	return app
}

func version() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "dev"
}

// exactArgs checks the number of positional arguments.
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
