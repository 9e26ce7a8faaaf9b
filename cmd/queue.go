package cmd

import (
	"context"
	"fmt"
	"os"
	"text/tabwriter"
	"time"

	"github.com/less-trainers/casestudy/prose"
	"github.com/less-trainers/casestudy/review/github"
	"github.com/urfave/cli/v2"
)

type queueOptions struct {
	IO *streams

	JSON jsonOptions
}

func newCmdQueue(f *factory, runF func(*queueOptions) error) *cli.Command {
	opts := &queueOptions{IO: f.IO}
	return &cli.Command{
		Name:  "queue",
		Usage: "list every case study on GitHub waiting on you: to review, or to revise",
		Description: `Searches GitHub once for open case-study pull requests that ask you for a
review, across all repositories: repository, title, stage, words, and how long it
has waited.

Examples:
  casestudy queue
  casestudy queue --json`,
		Flags: jsonFlags([]github.Waiting{}),
		Action: func(c *cli.Context) error {
			if err := maxArgs(c, 0); err != nil {
				return err
			}
			opts.JSON = readJSONFlags(c)
			if runF != nil {
				return runF(opts)
			}
			return online(opts.IO, runQueue, opts)
		},
	}
}

func runQueue(ctx context.Context, opts *queueOptions) error {
	io := opts.IO
	client, err := github.Connect(ctx, os.Getenv, "")
	if err != nil {
		return err
	}
	// The invitations are read while GitHub searches.
	var invited []string
	listed := make(chan struct{})
	go func() {
		defer close(listed)
		invited, _ = client.Invitations(ctx)
	}()
	items, err := client.Queue(ctx)
	if err != nil {
		return err
	}
	<-listed
	if opts.JSON.Wanted {
		return opts.JSON.write(io, items)
	}
	for _, repo := range invited {
		fmt.Fprintf(io.Out, "You are invited to %s: accept it and start reviewing with: casestudy review %s\n", prose.Clean(repo), prose.Clean(repo))
	}
	if len(items) == 0 && len(invited) > 0 {
		return nil
	}
	if len(items) == 0 {
		fmt.Fprintln(io.Out, "No case study is waiting on you.")
		fmt.Fprintln(io.Err, "GitHub's search can lag a minute behind; a request made just now may show a little later.")
		return nil
	}
	tw := tabwriter.NewWriter(io.Out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "REPOSITORY\tTITLE\tSTAGE\tWORDS\tASKED")
	now := time.Now()
	for _, it := range items {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\n", prose.Clean(it.Repo), prose.Clean(it.Title), it.Stage, it.Words, ago(now.Sub(it.Since)))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(io.Err, "GitHub's search can lag a minute behind; a request made just now may show a little later.")
	return nil
}
