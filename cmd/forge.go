package cmd

import (
	"context"
	"errors"
	"io"
	"time"

	"github.com/less-trainers/casestudy/review"
	"github.com/less-trainers/casestudy/review/local"
)

// openForge opens the case study where the command runs and the forge its
// reviews live on. This is the one place that knows the forges; commands
// only see review.Forge.
func openForge() (*review.CaseStudy, review.Forge, error) {
	cs, err := openCaseStudy()
	if err != nil {
		return nil, nil, err
	}
	f, err := forgeFor(cs)
	return cs, f, err
}

func forgeFor(cs *review.CaseStudy) (review.Forge, error) {
	if cs.Config.GitHub != "" {
		return nil, errors.New("this case study is on GitHub (" + cs.Config.GitHub + " in casestudy.yaml), and this version of casestudy reviews only with the local forge; remove the github line to review locally")
	}
	return local.New(cs), nil
}

// commandContext bounds a command's network work; Ctrl-C ends it through
// the context, leaving the repository as the last finished step left it.
func commandContext() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), 10*time.Minute)
}

// progressTo is where long network work reports progress: stderr on a
// terminal, nowhere otherwise.
func progressTo(io *streams) io.Writer {
	if isTerminal(io.Err) {
		return io.Err
	}
	return nil
}
