package cmd

import (
	"context"
	"fmt"

	"github.com/less-trainers/casestudy/prose"
	"github.com/less-trainers/casestudy/review"
	"github.com/urfave/cli/v2"
)

// resolveOptions are resolve's and unresolve's.
type resolveOptions struct {
	IO   *streams
	Open func(context.Context) (*review.CaseStudy, review.Forge, error)

	Thread   string // its number or the place it is about
	Resolved bool   // the state to set: resolve or unresolve
}

// threadHelp is what resolve and unresolve say about naming a thread.
const threadHelp = `THREAD is the number casestudy feedback shows before each thread (#1a2b3c4;
its first few characters are enough), or the place the thread is about. The
state is the one GitHub's "Resolve conversation" and git-appraise's -lgtm set,
so everyone sees the same; casestudy status counts the threads still open.`

func newCmdResolve(f *factory, runF func(*resolveOptions) error) *cli.Command {
	return resolveCommand(f, runF, "resolve", "mark a thread resolved", "casestudy resolve case-study.md:42", true)
}

// resolveCommand is resolve or unresolve: the same command but for the
// state it sets.
func resolveCommand(f *factory, runF func(*resolveOptions) error, name, usage, example string, resolved bool) *cli.Command {
	opts := &resolveOptions{IO: f.IO, Open: f.Review(latest), Resolved: resolved}
	return &cli.Command{
		Name:        name,
		Usage:       usage,
		ArgsUsage:   "THREAD|FILE:LINE",
		Description: threadHelp + "\n\nExample:\n  " + example,
		Action: func(c *cli.Context) error {
			if c.NArg() != 1 {
				return usagef("%s: name the thread, e.g. %s", name, example)
			}
			opts.Thread = c.Args().Get(0)
			if runF != nil {
				return runF(opts)
			}
			return online(opts.IO, runResolve, opts)
		},
	}
}

func runResolve(ctx context.Context, opts *resolveOptions) error {
	io := opts.IO
	cs, f, err := opts.Open(ctx)
	if err != nil {
		return err
	}
	t, changed, err := cs.Resolve(ctx, f, opts.Thread, opts.Resolved)
	if err != nil {
		return err
	}
	state := "resolved"
	if !opts.Resolved {
		state = "open"
	}
	if !changed {
		fmt.Fprintf(io.Out, "The thread on %s is already %s.\n", prose.Clean(t.Place()), state)
		return nil
	}
	fmt.Fprintf(io.Out, "The thread on %s is %s now.\n", prose.Clean(t.Place()), state)
	share(io, ctx, cs, f)
	return nil
}
