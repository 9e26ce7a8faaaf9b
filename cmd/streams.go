package cmd

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"

	"golang.org/x/term"
)

// streams decides once whether input and output are terminals, whether to
// colour and whether to page, as gh's iostreams does.
type streams struct {
	In          io.Reader
	Out         io.Writer
	Err         io.Writer
	inTerminal  bool
	outTerminal bool
	color       bool
	lines       *bufio.Reader
	// syncErr is why the sync before a command failed, said once after
	// it, so a command that fails anyway gives one line.
	syncErr error

	// noPager is --no-pager; pager is the running pager, if any.
	noPager bool
	pager   *exec.Cmd
	toPager io.WriteCloser
	realOut io.Writer
}

// outputOptions are the global flags about output, read by Main before the
// command line reaches urfave/cli, so they work before or after a command.
type outputOptions struct {
	color   string // auto, always or never
	noPager bool
}

func newStreams(in io.Reader, out, errw io.Writer, o outputOptions) *streams {
	s := &streams{In: in, Out: out, Err: errw, noPager: o.noPager}
	s.inTerminal = isTerminal(in)
	s.outTerminal = isTerminal(out) || forcedTTY()
	s.color = colorWanted(o.color, s.outTerminal)
	return s
}

// forcedTTY is gh's GH_FORCE_TTY for casestudy: output shaped for a
// terminal (colour, pager) even when it is redirected.
func forcedTTY() bool { return os.Getenv("CASESTUDY_FORCE_TTY") != "" }

// colorWanted decides colour as gh does, with the command line first:
// --color=always|never, then NO_COLOR (no-color.org), then CLICOLOR_FORCE or
// FORCE_COLOR (bixense.com/clicolors), then whether output is a terminal.
func colorWanted(flag string, terminal bool) bool {
	switch flag {
	case "always":
		return true
	case "never":
		return false
	}
	if os.Getenv("NO_COLOR") != "" || os.Getenv("CLICOLOR") == "0" {
		return false
	}
	if v := os.Getenv("CLICOLOR_FORCE"); v != "" && v != "0" {
		return true
	}
	if v := os.Getenv("FORCE_COLOR"); v != "" && v != "0" && v != "false" {
		return true
	}
	return terminal && os.Getenv("TERM") != "dumb"
}

func isTerminal(v any) bool {
	f, ok := v.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// pagerCommand is the pager to use, as gh and git choose it:
// CASESTUDY_PAGER, then PAGER, then less. "" and "cat" mean none.
func pagerCommand() string {
	if v, ok := os.LookupEnv("CASESTUDY_PAGER"); ok {
		return v
	}
	if v, ok := os.LookupEnv("PAGER"); ok {
		return v
	}
	return "less"
}

// startPager sends the rest of the command's output through the pager when
// it goes to a terminal, for output that may be longer than a screen. When
// the pager cannot start, output goes to the terminal as it is.
func (s *streams) startPager() {
	if s.pager != nil || s.noPager || !s.outTerminal {
		return
	}
	command := strings.TrimSpace(pagerCommand())
	if command == "" || command == "cat" {
		return
	}
	cmd := exec.Command("sh", "-c", command)
	cmd.Env = os.Environ()
	// less: quit when it fits one screen (-F), keep colours (-R), leave the
	// text on the screen (-X), as gh and git set it; a LESS of one's own wins.
	if _, ok := os.LookupEnv("LESS"); !ok {
		cmd.Env = append(cmd.Env, "LESS=FRX")
	}
	if _, ok := os.LookupEnv("LV"); !ok {
		cmd.Env = append(cmd.Env, "LV=-c")
	}
	cmd.Stdout, cmd.Stderr = s.Out, s.Err
	w, err := cmd.StdinPipe()
	if err != nil {
		return
	}
	if err := cmd.Start(); err != nil {
		fmt.Fprintf(s.Err, "casestudy: warning: could not start the pager %q (%v); set CASESTUDY_PAGER or use --no-pager\n", command, err)
		return
	}
	s.pager, s.toPager, s.realOut = cmd, w, s.Out
	s.Out = w
}

// stopPager ends the pager's input and waits for the person to quit it.
func (s *streams) stopPager() {
	if s.pager == nil {
		return
	}
	s.toPager.Close()
	s.pager.Wait()
	s.Out, s.pager = s.realOut, nil
}

// prompt asks for one value on the terminal; def is offered as the answer
// for an empty line. At the end of input (Ctrl-D) it ends the prompt's line
// first, so what follows starts on a line of its own.
func (s *streams) prompt(question, def string) (string, error) {
	if s.lines == nil {
		s.lines = bufio.NewReader(s.In)
	}
	if def != "" {
		fmt.Fprintf(s.Err, "? %s [%s]: ", question, def)
	} else {
		fmt.Fprintf(s.Err, "? %s: ", question)
	}
	line, err := s.lines.ReadString('\n')
	if err != nil && line == "" {
		fmt.Fprintln(s.Err)
		return "", fmt.Errorf("no answer to %q", question)
	}
	line = strings.TrimSpace(line)
	if line == "" {
		return def, nil
	}
	return line, nil
}
