package cmd

import (
	"context"
	"errors"
	"io"
	"os"
	"os/signal"
	"sync/atomic"
	"time"

	"github.com/less-trainers/casestudy/review"
	"github.com/less-trainers/casestudy/review/github"
	"github.com/less-trainers/casestudy/review/local"
)

// forgeFor is the one place that knows the forges: GitHub when
// casestudy.yaml names a repository there, the local notes otherwise.
// Commands only ever see review.Forge.
func forgeFor(ctx context.Context, io *streams, cs *review.CaseStudy) (review.Forge, error) {
	if cs.Warnings == nil {
		cs.Warnings = io.Err
	}
	cs.Progress = progressTo(io)
	if cs.Config.GitHub != "" {
		f, err := github.New(ctx, cs.Repo, cs.Config, progressTo(io))
		if err != nil {
			return nil, err
		}
		f.TellWaits(io.Err)
		return review.Sanitized(f), nil
	}
	f := local.New(cs.Repo, cs.Config)
	f.Warnings = io.Err
	return review.Sanitized(f), nil
}

// forgeBeforeCopy is the forge of a case study on GitHub as OWNER/NAME,
// for reading its review before a copy of it exists (a reviewer's first
// review reads while it clones).
func forgeBeforeCopy(io *streams, client *github.Client, repo string) review.Forge {
	f := github.ForRepo(client, repo, progressTo(io))
	f.TellWaits(io.Err)
	return review.Sanitized(f)
}

// travelling is what of the review travels with the repository at a
// location, chosen before the case study is there to name its forge:
// nothing from GitHub (onGitHub is OWNER/NAME there), the local notes from
// anywhere else.
func travelling(onGitHub string) review.InRepo {
	if onGitHub != "" {
		return nil
	}
	return local.Notes{}
}

// cameFrom is where a copy of the case study came from, as review takes a
// location: OWNER/NAME on GitHub, else origin's URL; "" when it has none.
func cameFrom(cs *review.CaseStudy) string {
	if cs.Config.GitHub != "" {
		return cs.Config.GitHub
	}
	rem, err := cs.Repo.FindRemote("origin")
	if err != nil {
		return ""
	}
	return rem.URL
}

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

// interrupted is set when Ctrl-C ended a command, which then exits 130.
var interrupted atomic.Bool

// commandContext bounds a command's network work; Ctrl-C ends it through
// the context, leaving the repository as the last finished step left it.
func commandContext() (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt)
	done := make(chan struct{})
	go func() {
		select {
		case <-sig:
			interrupted.Store(true)
			cancel()
		case <-done:
		}
	}()
	return ctx, func() { signal.Stop(sig); close(done); cancel() }
}

// progressTo is where long network work reports progress: stderr on a
// terminal, nowhere otherwise.
func progressTo(io *streams) io.Writer {
	if isTerminal(io.Err) {
		return io.Err
	}
	return nil
}
