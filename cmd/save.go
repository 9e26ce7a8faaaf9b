package cmd

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/less-trainers/casestudy/review"
	"github.com/less-trainers/casestudy/review/local"
	"github.com/urfave/cli/v2"
)

func saveCommand(io *streams) *cli.Command {
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
			cs, err := openCaseStudy()
			if err != nil {
				return err
			}
			if err := checkWriter(io, cs, "save drafts"); err != nil {
				return err
			}
			d, err := cs.Save(c.String("message"), time.Now())
			if errors.Is(err, review.ErrNothingToSave) {
				fmt.Fprintln(io.Out, "Nothing changed since the last save; no draft created.")
				return nil
			}
			var other review.NotADraft
			if errors.As(err, &other) {
				fmt.Fprintf(io.Out, "Saved %s (not a draft: drafts are of the case study's documents, so no draft number and no word count).\n", strings.Join(other.Paths, ", "))
				return nil
			}
			if err != nil {
				return err
			}
			since := "the previous draft"
			if d.Number == 1 {
				since = "the template"
			}
			fmt.Fprintf(io.Out, "Saved draft %d (%s): %s, +%d/-%d since %s\n",
				d.Number, d.Tag, review.Plural(d.Words, "word", "words"), d.Added, d.Removed, since)
			return nil
		},
	}
}

func openCaseStudy() (*review.CaseStudy, error) {
	dir, err := workDir()
	if err != nil {
		return nil, err
	}
	cs, err := review.Open(dir)
	if cs != nil {
		cs.Warnings = warnings
	}
	return cs, err
}

// warnings is where the case study's warnings go: the stderr Main was
// given (one command runs per Main).
var warnings io.Writer = os.Stderr

// checkWriter refuses someone other than the mentee what only she does.
// On GitHub the token's login decides (a request answered from the cache,
// bounded to five seconds); when GitHub cannot say, git's user.email
// against casestudy.yaml's emails does, so writing never needs a network.
func checkWriter(io *streams, cs *review.CaseStudy, did string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	f, err := forgeFor(ctx, io, cs)
	if err != nil {
		f = local.New(cs.Repo, cs.Config) // GitHub cannot say: git's user.email does
	}
	err = cs.CheckWriter(ctx, f, did)
	var nw review.ErrNotWriter
	if err == nil || errors.As(err, &nw) {
		return err
	}
	return nil // who it is stays unknown: git's own checks still apply
}
