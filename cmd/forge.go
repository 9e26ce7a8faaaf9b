package cmd

import (
	"context"
	"io"
	"os"
	"os/signal"
	"time"

	"github.com/less-trainers/casestudy/review"
	"github.com/less-trainers/casestudy/review/github"
	"github.com/less-trainers/casestudy/review/local"
)

// openForge opens the case study where the command runs and the forge its
// reviews live on.
func openForge(ctx context.Context, io *streams) (*review.CaseStudy, review.Forge, error) {
	cs, err := openCaseStudy()
	if err != nil {
		return nil, nil, err
	}
	f, err := forgeFor(ctx, io, cs)
	return cs, f, err
}

// forgeFor is the one place that knows the forges: GitHub when
// casestudy.yaml names a repository there, the local notes otherwise.
// Commands only ever see review.Forge.
func forgeFor(ctx context.Context, io *streams, cs *review.CaseStudy) (review.Forge, error) {
	if cs.Warnings == nil {
		cs.Warnings = io.Err
	}
	if cs.Config.GitHub != "" {
		f, err := github.New(ctx, cs, progressTo(io))
		if err != nil {
			return nil, err
		}
		f.TellWaits(io.Err)
		return review.Sanitized(f), nil
	}
	f := local.New(cs)
	f.Warnings = io.Err
	return review.Sanitized(f), nil
}

// commandContext bounds a command's network work; Ctrl-C ends it through
// the context, leaving the repository as the last finished step left it.
func commandContext() (context.Context, context.CancelFunc) {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	ctx, cancel := context.WithTimeout(ctx, 10*time.Minute)
	return ctx, func() { cancel(); stop() }
}

// progressTo is where long network work reports progress: stderr on a
// terminal, nowhere otherwise.
func progressTo(io *streams) io.Writer {
	if isTerminal(io.Err) {
		return io.Err
	}
	return nil
}
