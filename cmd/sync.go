package cmd

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/less-trainers/casestudy/prose"
	"github.com/less-trainers/casestudy/review"
	"github.com/less-trainers/casestudy/review/local"
	"github.com/urfave/cli/v2"
)

type syncOptions struct {
	IO        *streams
	CaseStudy func() (*review.CaseStudy, error)
	Forge     func(context.Context, *review.CaseStudy) (review.Forge, error)

	Remote string // "" for the case study's own
}

func newCmdSync(f *factory, runF func(*syncOptions) error) *cli.Command {
	opts := &syncOptions{IO: f.IO, CaseStudy: f.CaseStudy, Forge: f.Forge}
	return &cli.Command{
		Name:      "sync",
		Usage:     "exchange drafts and review notes with a shared git remote",
		ArgsUsage: "[REMOTE]",
		Description: `For reviewing without GitHub: pushes and fetches the drafting branch, main, the
tags and the review notes with any git remote (a bare repository path, an ssh or
https URL). Comments written at the same time in two copies are both kept.
The first time, name the remote; it becomes origin, and later a plain
casestudy sync (and every review command) uses it.

Examples:
  git init --bare /srv/shared/acme.git && casestudy sync /srv/shared/acme.git
  casestudy sync`,
		Action: func(c *cli.Context) error {
			if err := maxArgs(c, 1); err != nil {
				return err
			}
			opts.Remote = c.Args().First()
			if runF != nil {
				return runF(opts)
			}
			return online(opts.IO, runSync, opts)
		},
	}
}

func runSync(ctx context.Context, opts *syncOptions) error {
	io := opts.IO
	cs, err := opts.CaseStudy()
	if err != nil {
		return err
	}
	var res review.SyncResult
	if remote := opts.Remote; remote != "" || !cs.Repo.HasRemote("origin") {
		// Any git remote: the local notes travel with the drafts.
		f := local.New(cs.Repo, cs.Config)
		cs.LearnRole(ctx, f)
		res, err = cs.SyncRemote(remote, f.InRepo(), progressTo(io), time.Now())
	} else {
		// The case study's own remote, with what its forge needs
		// (a GitHub token).
		f, ferr := opts.Forge(ctx, cs)
		if ferr != nil {
			return ferr
		}
		cs.LearnRole(ctx, f)
		res, err = cs.Sync(ctx, f)
	}
	if err != nil {
		return err
	}
	if res.Added {
		fmt.Fprintf(io.Out, "Added %s as origin.\n", prose.Clean(opts.Remote))
	}
	fmt.Fprintf(io.Out, "Synced with %s", prose.Clean(res.Remote))
	var parts []string
	if len(res.Pushed) > 0 {
		parts = append(parts, "sent "+strings.Join(res.Pushed, ", "))
	}
	if len(res.Updated) > 0 {
		parts = append(parts, "updated "+strings.Join(res.Updated, ", "))
	}
	if len(parts) > 0 {
		fmt.Fprintf(io.Out, ": %s", strings.Join(parts, "; "))
	}
	fmt.Fprintln(io.Out, "; review notes merged.")
	if len(res.Kept) > 0 {
		fmt.Fprintf(io.Out, "Not sent: this copy's %s has commits the remote lacks, and only %s, the mentee, shares drafts; comment or suggest instead (casestudy comment FILE:LINE \"…\" --suggest \"…\").\n",
			strings.Join(res.Kept, ", "), prose.Clean(cs.Config.Mentee.String()))
	}
	return nil
}
