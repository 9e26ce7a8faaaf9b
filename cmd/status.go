package cmd

import (
	"context"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/less-trainers/casestudy/prose"
	"github.com/less-trainers/casestudy/review"
	"github.com/urfave/cli/v2"
)

type statusOptions struct {
	IO        *streams
	CaseStudy func() (*review.CaseStudy, error)
	Forge     func(context.Context, *review.CaseStudy) (review.Forge, error)

	JSON jsonOptions
}

func newCmdStatus(f *factory, runF func(*statusOptions) error) *cli.Command {
	opts := &statusOptions{IO: f.IO, CaseStudy: f.CaseStudy, Forge: f.Forge}
	return &cli.Command{
		Name:  "status",
		Usage: "show the case study: people, stage, drafts, words, unsaved changes",
		Description: `Examples:
  casestudy status
  casestudy status --json`,
		Flags: jsonFlags(statusJSON{}),
		Action: func(c *cli.Context) error {
			if err := maxArgs(c, 0); err != nil {
				return err
			}
			opts.JSON = readJSONFlags(c)
			if runF != nil {
				return runF(opts)
			}
			return online(opts.IO, runStatus, opts)
		},
	}
}

func runStatus(ctx context.Context, opts *statusOptions) error {
	io := opts.IO
	cs, err := opts.CaseStudy()
	if err != nil {
		return err
	}
	// What the forge says comes first (it may bring new drafts);
	// when it cannot be reached, the local facts still show.
	var rs *review.ReviewStatus
	var syncErr error
	people := statusPeople{stage: func(p review.Progress) string { return string(p.Stage) }, name: func(n string) string { return n }}
	f, err := opts.Forge(ctx, cs)
	if err == nil {
		syncErr = refresh(ctx, cs, f)
		var got review.ReviewStatus
		if got, err = cs.ReviewStatus(ctx, f); err == nil {
			rs = &got
		}
		people.stage = func(p review.Progress) string { return cs.Describe(f, p) }
		people.name = func(n string) string { return cs.PersonName(f, n) }
	}
	// GitHub out of reach is what status works without; a token GitHub
	// needs or refused is the user's to fix, so after the local facts it
	// is the command's error (exit 4), said once.
	var unknown error
	switch {
	case err != nil && exitCode(err) == exitAuth:
		unknown = fmt.Errorf("the review's stage is unknown: %w", err)
	case err != nil:
		fmt.Fprintf(io.Err, "casestudy: warning: the review's stage is unknown: %s\n", oneLine(prose.Clean(err.Error())))
	case syncErr != nil:
		fmt.Fprintf(io.Err, "casestudy: warning: could not sync (%s); this is what this copy knows\n", oneLine(prose.Clean(syncErr.Error())))
	}
	st, err := cs.Status()
	if err != nil {
		return err
	}
	if rs != nil {
		st.Stage, st.Review = rs.Progress.Stage, rs
	} else {
		st.Stage = "unknown"
	}
	if opts.JSON.Wanted {
		err = opts.JSON.write(io, statusJSON{st, mentoringStatus(cs.Root, cs.Config, time.Now())})
	} else {
		err = printStatus(io, cs.Root, st, people, time.Now())
	}
	if err != nil {
		return err
	}
	return unknown
}

// statusPeople names the stage and the people of the review as
// casestudy.yaml does.
type statusPeople struct {
	stage func(review.Progress) string
	name  func(string) string
}

// printStatus shows the case study in root.
func printStatus(io *streams, root string, st review.Status, people statusPeople, now time.Time) error {
	cfg := st.Config
	fmt.Fprintln(io.Out, cfg.Title)
	tw := tabwriter.NewWriter(io.Out, 0, 4, 2, ' ', 0)
	row := func(k, v string) {
		if v != "" {
			fmt.Fprintf(tw, "  %s\t%s\n", k+":", v)
		}
	}
	row("Company", cfg.Company)
	row("Theme", cfg.Theme)
	row("Mentee", cfg.Mentee.String())
	row("Mentor", cfg.Mentor.String())
	var rs []string
	for i, r := range cfg.Reviewers {
		s := r.String()
		if i == len(cfg.Reviewers)-1 {
			s += " (final)"
		}
		rs = append(rs, s)
	}
	row("Reviewers", strings.Join(rs, ", "))
	row("Stage", stageLine(st, people))
	if rs := st.Review; rs != nil && rs.Request != nil {
		var verdicts []string
		for _, v := range rs.Progress.Latest {
			verdict := prose.Clean(people.name(v.Author)) + " " + string(v.Verdict)
			if rs.LastRound != nil && v.Round > 0 && v.Round < rs.LastRound.Number {
				verdict += fmt.Sprintf(" (round %d)", v.Round)
			}
			verdicts = append(verdicts, verdict)
		}
		if len(verdicts) > 0 {
			row("Verdicts", strings.Join(verdicts, ", "))
		}
		if len(rs.AskedNow) > 0 {
			row("Asked", prose.Clean(strings.Join(rs.AskedNow, ", "))+" to review, just now: the review waits for them, and they could not be asked before")
		}
		if len(rs.Waiting) > 0 {
			row("Invited", prose.Clean(strings.Join(rs.Waiting, ", "))+" has not accepted the invitation to the repository yet, so cannot be asked to review; casestudy status asks once they have")
		}
		row("Review", fmt.Sprintf("%s, %s, %s", review.Plural(rs.Rounds, "round", "rounds"),
			review.Plural(rs.OpenThreads, "open thread", "open threads"), rs.Where))
		if rs.Request.Abandoned {
			row("Abandoned", "the review was withdrawn (git appraise abandon); it cannot be approved or published")
		}
	}
	if st.LastDraft == nil {
		row("Drafts", `none yet (save one with: casestudy save -m "first draft")`)
	} else {
		row("Drafts", fmt.Sprintf("%d, the last saved %s (%s)", st.Drafts,
			st.LastDraft.When.Local().Format("2006-01-02 15:04"), ago(now.Sub(st.LastDraft.When))))
	}
	row("Words", fmt.Sprintf("%d in the working tree", st.Words))
	if len(st.Missing) > 0 {
		row("Missing", strings.Join(st.Missing, ", ")+" (named in "+review.ConfigFile+" but not on disk)")
	}
	if len(st.Unsaved) == 0 {
		row("Unsaved", "nothing")
	} else {
		var files []string
		for _, ch := range st.Unsaved {
			files = append(files, fmt.Sprintf("%s (%s)", ch.Path, ch.Kind))
		}
		row("Unsaved", fmt.Sprintf("%s: %s", review.Plural(len(st.Unsaved), "file", "files"), strings.Join(files, ", ")))
	}
	printMentoring(tw, root, st)
	if st.Branch != review.DraftBranch {
		row("Branch", fmt.Sprintf("%s (drafts are saved on %s: git switch %s)", st.Branch, review.DraftBranch, review.DraftBranch))
	}
	return tw.Flush()
}

// ago says how long ago in the largest unit that fits.
func ago(d time.Duration) string {
	switch {
	case d < time.Minute:
		return "just now"
	case d < time.Hour:
		return review.Plural(int(d/time.Minute), "minute", "minutes") + " ago"
	case d < 48*time.Hour:
		return review.Plural(int(d/time.Hour), "hour", "hours") + " ago"
	default:
		return review.Plural(int(d/(24*time.Hour)), "day", "days") + " ago"
	}
}

func stageLine(st review.Status, people statusPeople) string {
	s := string(st.Stage)
	if st.Review == nil {
		return s
	}
	s = prose.Clean(people.stage(st.Review.Progress))
	if st.Review.Request == nil {
		s += " (nothing submitted for review yet)"
	}
	return s
}

// printMentoring adds the mentoring rows (journal, time zones) to status.
func printMentoring(tw *tabwriter.Writer, root string, st review.Status) {
	for _, r := range mentoringRows(root, st.Config, time.Now()) {
		fmt.Fprintf(tw, "  %s\t%s\n", r[0]+":", r[1])
	}
}

// statusJSON is what status --json prints.
type statusJSON struct {
	review.Status
	Mentoring mentoringJSON `json:"mentoring"`
}
