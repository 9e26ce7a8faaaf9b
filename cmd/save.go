package cmd

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/less-trainers/casestudy/review"
	"github.com/urfave/cli/v2"
)

type saveOptions struct {
	IO          *streams
	CaseStudy   func() (*review.CaseStudy, error)
	CheckWriter func(cs *review.CaseStudy, did string) error

	Message string
}

func newCmdSave(f *factory, runF func(*saveOptions) error) *cli.Command {
	opts := &saveOptions{IO: f.IO, CaseStudy: f.CaseStudy, CheckWriter: f.CheckWriter}
	return &cli.Command{
		Name:  "save",
		Usage: "save every change as the next numbered draft",
		Description: `Commits every change in the case study (new, changed and deleted files) on the
drafting branch and tags it draft-N, with the word count in the tag.
Works from any directory inside the case study. With nothing changed it says so
and saves nothing.

Examples:
  casestudy save -m "first full draft"
  casestudy save`,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "message", Aliases: []string{"m"}, Usage: "what this draft changed"},
		},
		Action: func(c *cli.Context) error {
			if err := maxArgs(c, 0); err != nil {
				return err
			}
			opts.Message = c.String("message")
			if runF != nil {
				return runF(opts)
			}
			return runSave(context.Background(), opts)
		},
	}
}

func runSave(_ context.Context, opts *saveOptions) error {
	out := opts.IO.Out
	cs, err := opts.CaseStudy()
	if err != nil {
		return err
	}
	if err := opts.CheckWriter(cs, "save drafts"); err != nil {
		return err
	}
	d, err := cs.Save(opts.Message, time.Now())
	if errors.Is(err, review.ErrNothingToSave) {
		fmt.Fprintln(out, "Nothing changed since the last save; no draft created.")
		return nil
	}
	var other review.NotADraft
	if errors.As(err, &other) {
		fmt.Fprintf(out, "Saved %s (not a draft: drafts are of the case study's documents, so no draft number and no word count).\n", strings.Join(other.Paths, ", "))
		return nil
	}
	if err != nil {
		return err
	}
	since := "the previous draft"
	if d.Number == 1 {
		since = "the template"
	}
	fmt.Fprintf(out, "Saved draft %d (%s): %s, +%d/-%d since %s\n",
		d.Number, d.Tag, review.Plural(d.Words, "word", "words"), d.Added, d.Removed, since)
	return nil
}
