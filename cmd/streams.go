package cmd

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/term"
)

// streams decides once whether input and output are terminals and whether
// to colour, as gh's iostreams does.
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
}

func newStreams(in io.Reader, out, errw io.Writer) *streams {
	s := &streams{In: in, Out: out, Err: errw}
	s.inTerminal = isTerminal(in)
	s.outTerminal = isTerminal(out)
	// no-color.org: NO_COLOR set to anything but the empty string turns colour off.
	s.color = s.outTerminal && os.Getenv("NO_COLOR") == "" && os.Getenv("TERM") != "dumb"
	return s
}

func isTerminal(v any) bool {
	f, ok := v.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// prompt asks for one value on the terminal; def is offered as the answer
// for an empty line.
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
		return "", fmt.Errorf("no answer to %q", question)
	}
	line = strings.TrimSpace(line)
	if line == "" {
		return def, nil
	}
	return line, nil
}
