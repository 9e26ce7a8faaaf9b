package cmd

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/less-trainers/casestudy/review"
	"github.com/urfave/cli/v2"
)

// testStreams are streams on buffers: no terminal, no colour, no pager.
func testStreams(t *testing.T) (io *streams, stdout, stderr *bytes.Buffer) {
	t.Helper()
	t.Setenv("NO_COLOR", "1")
	stdout, stderr = &bytes.Buffer{}, &bytes.Buffer{}
	return newStreams(strings.NewReader(""), stdout, stderr, outputOptions{color: "auto"}), stdout, stderr
}

// parse runs a command's constructor on a command line as Main reads it
// (flags anywhere, usage errors as Main sees them) and returns the options
// its run function would get; the run function itself never runs.
func parse[O any](t *testing.T, newCmd func(*factory, func(*O) error) *cli.Command, args ...string) (*O, error) {
	t.Helper()
	io, _, _ := testStreams(t)
	var got *O
	cmd := newCmd(&factory{IO: io}, func(o *O) error {
		got = o
		return nil
	})
	app := appWith(io, []*cli.Command{cmd})
	err := app.Run(interspersed(app, append([]string{"casestudy", cmd.Name}, args...)))
	if err == nil && got == nil {
		t.Fatalf("%s %q: the run function was not called", cmd.Name, args)
	}
	return got, err
}

// isUsage says whether err is one Main reports with exit 2.
func isUsage(err error) bool { return err != nil && exitCode(err) == exitUsage }

// newCaseStudy makes a case study in a temporary directory, Ana's, with
// mentor and reviewer known by email (the local forge's way).
func newCaseStudy(t *testing.T) *review.CaseStudy {
	t.Helper()
	home := t.TempDir()
	gitconfig := "[user]\n\tname = Ana Silva\n\temail = ana@example.com\n[init]\n\tdefaultBranch = main\n"
	if err := os.WriteFile(filepath.Join(home, ".gitconfig"), []byte(gitconfig), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, ".config"))
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	cfg := &review.Config{
		Title:     "Scaling Product Ownership at Acme",
		Mentee:    review.Person{Name: "Ana Silva", Email: "ana@example.com"},
		Mentor:    review.Person{Name: "Bob Mentor", Email: "bob@example.com"},
		Reviewers: []review.Person{{Name: "Craig Larman", Email: "craig@example.com"}},
		Documents: []string{"case-study.md"},
	}
	cs, err := review.Create(filepath.Join(t.TempDir(), "acme"), cfg, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	return cs
}

// write replaces a file of the case study.
func write(t *testing.T, cs *review.CaseStudy, path, text string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(cs.Root, path), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}
