package cmd

import (
	"context"
	"fmt"

	"github.com/less-trainers/casestudy/prose"
	"github.com/less-trainers/casestudy/review"
)

// factory gives commands what they share, each built when a command asks
// for it, as gh's cmdutil.Factory does: the streams, the case study where
// the command runs, its forge. A command's constructor copies what it
// needs into its options, so a test hands in its own instead.
type factory struct {
	IO *streams
}

// CaseStudy opens the case study the command runs in (found from the
// working directory up), its warnings going to stderr.
func (f *factory) CaseStudy() (*review.CaseStudy, error) {
	dir, err := workDir()
	if err != nil {
		return nil, err
	}
	cs, err := review.Open(dir)
	if cs != nil {
		cs.Warnings = f.IO.Err
	}
	return cs, err
}

// Forge is the forge a case study's reviews live on.
func (f *factory) Forge(ctx context.Context, cs *review.CaseStudy) (review.Forge, error) {
	return forgeFor(ctx, f.IO, cs)
}

// CheckWriter refuses someone other than the mentee what only she does.
func (f *factory) CheckWriter(cs *review.CaseStudy, did string) error {
	return checkWriter(f.IO, cs, did)
}

// How a review command starts (factory.Review).
const (
	// latest brings in what others wrote since, first.
	latest = true
	// asRead is for a reviewer's comment or verdict: it must be on the
	// version they read, so nothing newer is brought in first (it is
	// after, by share); one on a version they have not read is refused.
	asRead = false
)

// Review opens what every review command starts from: the case study, its
// forge, and, with latest, what others wrote since.
func (f *factory) Review(refreshFirst bool) func(context.Context) (*review.CaseStudy, review.Forge, error) {
	return func(ctx context.Context) (*review.CaseStudy, review.Forge, error) {
		cs, err := f.CaseStudy()
		if err != nil {
			return nil, nil, err
		}
		fg, err := f.Forge(ctx, cs)
		if err != nil {
			return nil, nil, err
		}
		// A reader's copy never sends the drafting branch, also when the
		// command shares what it wrote; who the user is comes while the
		// command goes on.
		cs.AskRole(ctx, fg)
		if refreshFirst {
			// When that fails, the command goes on with what this copy
			// has, and online says so when it is done.
			f.IO.syncErr = refresh(ctx, cs, fg)
		}
		return cs, fg, nil
	}
}

// online runs the work of a command that goes over the network, in the
// command's context: Ctrl-C ends it (exit 130), keeping what was finished.
// Commands that only read and write this copy run without it, so Ctrl-C
// ends them at once, as any program.
func online[O any](io *streams, run func(context.Context, O) error, opts O) error {
	ctx, cancel := commandContext()
	defer cancel()
	err := run(ctx, opts)
	if err == nil && io.syncErr != nil {
		// Said after the command, and only when it went on without the
		// sync: a command that fails says why once, in its error.
		fmt.Fprintf(io.Err, "casestudy: warning: could not sync (%s); worked with what this copy has and kept what you wrote here for casestudy sync\n", oneLine(prose.Clean(io.syncErr.Error())))
	}
	return err
}

// refresh brings in what others wrote before a command reads the review.
func refresh(ctx context.Context, cs *review.CaseStudy, f review.Forge) error {
	_, err := cs.Refresh(ctx, f)
	return err
}

// share sends what a command wrote to the others; when that fails, it is
// kept here for the next casestudy sync. A command that wrote nothing here
// costs no round trip.
func share(io *streams, ctx context.Context, cs *review.CaseStudy, f review.Forge) {
	if io.syncErr != nil {
		return // said once, after the command
	}
	if err := cs.Send(ctx, f); err != nil {
		fmt.Fprintf(io.Err, "casestudy: warning: recorded here, but could not share it (%s); run casestudy sync later\n", oneLine(prose.Clean(err.Error())))
	}
}
