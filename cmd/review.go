package cmd

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/less-trainers/casestudy/gitops"
	"github.com/less-trainers/casestudy/prose"
	"github.com/less-trainers/casestudy/review"
	"github.com/less-trainers/casestudy/review/github"
	"github.com/urfave/cli/v2"
)

type reviewOptions struct {
	IO        *streams
	CaseStudy func() (*review.CaseStudy, error) // the one where the command runs, if any
	Forge     func(context.Context, *review.CaseStudy) (review.Forge, error)

	Location string // "" to bring the copy here up to date
	Dir      string // "" for the repository's name
	JSON     jsonOptions
}

func newCmdReview(f *factory, runF func(*reviewOptions) error) *cli.Command {
	opts := &reviewOptions{IO: f.IO, CaseStudy: f.CaseStudy, Forge: f.Forge}
	return &cli.Command{
		Name:      "review",
		Usage:     "get a case study to review and see what changed since you last looked (mentor, reviewer)",
		ArgsUsage: "[LOCATION [DIR]]",
		Description: `Clones the case study from LOCATION (any git remote: a bare repository path, an
ssh or https URL) into DIR, or brings DIR up to date when it already holds it,
checks out the version under review, and shows the word diff since the round you
last reviewed (the whole document the first time), then the open threads.
Inside a copy you already have, plain casestudy review brings it up to date.

With --json, what it says about the copy goes to stderr and stdout is the
review as JSON.

Examples:
  casestudy review /srv/shared/acme.git
  casestudy review ssh://git.example.com/acme.git acme-review
  casestudy review --json threads --jq '.threads[].comment.body'`,
		Flags: jsonFlags(reviewJSON{}),
		Action: func(c *cli.Context) error {
			if c.NArg() > 2 {
				return usagef("review: name where the case study is, e.g. casestudy review /srv/shared/acme.git")
			}
			opts.Location, opts.Dir = c.Args().Get(0), c.Args().Get(1)
			opts.JSON = readJSONFlags(c)
			if runF != nil {
				return runF(opts)
			}
			return online(opts.IO, runReview, opts)
		},
	}
}

func runReview(ctx context.Context, opts *reviewOptions) error {
	io := opts.IO
	arg, dir := opts.Location, opts.Dir
	stdout := io.Out
	if opts.JSON.Wanted {
		// stdout is for the JSON alone.
		io.Out = io.Err
		defer func() { io.Out = stdout }()
	}
	here, hereErr := opts.CaseStudy()
	if hereErr == nil && arg != "" {
		// A copy inside a case study would be committed by its
		// next save.
		abs, _ := filepath.Abs(dir)
		if dir == "" || (abs != here.Root && strings.HasPrefix(abs, here.Root+string(filepath.Separator))) {
			return fmt.Errorf("you are inside the case study %q (%s), and a copy to review goes beside it, not inside: cd %s and run it again",
				here.Config.Title, relPath(here.Root), filepath.Dir(here.Root))
		}
	}
	// Who the user is, asked now and answered while the copy is
	// brought up to date: the mentee's own copy is refused after
	// that (bringing her copy up to date is a sync, which changes
	// nothing of hers).
	var hereForge review.Forge
	if hereErr == nil && (arg == "" || dir != "") {
		if f, err := opts.Forge(ctx, here); err == nil {
			hereForge = f
			here.AskRole(ctx, f)
		}
	}
	if arg == "" {
		// In a copy already: where it came from, brought up to date here.
		if hereErr != nil {
			return usagef("review: name where the case study is, e.g. casestudy review /srv/shared/acme.git")
		}
		if arg = cameFrom(here); arg == "" {
			return fmt.Errorf("this copy has no origin to bring it up to date from; name where the case study is: casestudy review LOCATION")
		}
		dir = here.Root
		if hereForge != nil {
			// The review is read while the copy is brought up to date.
			_, err := here.Refresh(ctx, hereForge)
			if me, rerr := here.LearnRole(ctx, hereForge); rerr == nil && here.IsMentee(me, hereForge) {
				return ownCaseStudy(here, me)
			}
			if err != nil {
				return err
			}
			fmt.Fprintf(io.Out, "Brought %s up to date.\n", dir)
			return showReview(ctx, opts, here, hereForge, dir, stdout)
		}
	}
	src, err := reviewLocation(ctx, io, arg, dir)
	if err != nil {
		return err
	}
	location, auth, onGitHub := src.location, src.auth, src.onGitHub
	if dir == "" {
		dir = strings.TrimSuffix(filepath.Base(strings.TrimRight(location, "/")), ".git")
	}
	var cs *review.CaseStudy
	var cloned bool
	get := func() (err error) {
		cs, cloned, err = review.Get(location, auth, dir, travelling(onGitHub), progressTo(io), time.Now())
		return err
	}
	if src.early == nil {
		err = get()
	} else {
		// A first review on GitHub: the review is read while the clone
		// runs, and GitHub's answers go into the new copy's cache.
		var ahead *review.ReadAhead
		if ahead, err = review.ReadBeside(ctx, src.early, get); err == nil {
			cs.TakeReview(ahead)
			src.client.KeepAnswersIn(cs.Repo)
		}
	}
	if hereForge != nil {
		if me, rerr := here.LearnRole(ctx, hereForge); rerr == nil && here.IsMentee(me, hereForge) {
			return ownCaseStudy(here, me)
		}
	}
	if errors.Is(err, gitops.ErrRepoNotFound) && onGitHub != "" {
		// An invitation not accepted yet hides the repository,
		// whatever copy is here already: accept it, and try again.
		client, cerr := github.Connect(ctx, os.Getenv, "")
		if cerr != nil {
			return cerr
		}
		accepted, aerr := acceptInvitation(ctx, io, client, onGitHub)
		if aerr != nil || !accepted {
			return github.NotVisible(onGitHub)
		}
		cs, cloned, err = review.Get(location, auth, dir, travelling(onGitHub), progressTo(io), time.Now())
	}
	if err != nil {
		return err
	}
	if cloned {
		fmt.Fprintf(io.Out, "Cloned %q into %s.\n", cs.Config.Title, dir)
	} else {
		fmt.Fprintf(io.Out, "Brought %s up to date.\n", dir)
	}
	f, err := opts.Forge(ctx, cs)
	if err != nil {
		return err
	}
	return showReview(ctx, opts, cs, f, dir, stdout)
}

// showReview shows the reviewer the copy in dir: as JSON on stdout, or as
// text.
func showReview(ctx context.Context, opts *reviewOptions, cs *review.CaseStudy, f review.Forge, dir string, stdout io.Writer) error {
	if me, err := cs.LearnRole(ctx, f); err == nil && cs.IsMentee(me, f) {
		return ownCaseStudy(cs, me)
	}
	rv, err := cs.ReviewerView(ctx, f)
	if err != nil {
		return err
	}
	if opts.JSON.Wanted {
		opts.IO.Out = stdout
		return writeReviewJSON(opts.IO, opts.JSON, cs, f, rv)
	}
	return printReview(opts.IO, cs, f, rv, dir)
}

// printReview shows the reviewer what changed since they last reviewed
// (all of it the first time), the threads, and what to do next.
func printReview(io *streams, cs *review.CaseStudy, f review.Forge, rv review.ReviewerView, dir string) error {
	io.startPager()
	fmt.Fprintf(io.Out, "Stage: %s\n", prose.Clean(cs.Describe(f, rv.Progress)))
	changed := false
	for _, fd := range rv.Diff {
		for _, seg := range fd.Segments {
			changed = changed || seg.Op != prose.Equal
		}
	}
	switch {
	case rv.Since == nil:
		fmt.Fprintf(io.Out, "You have not reviewed it yet: here is the whole document, with the line numbers comments take.\n")
		for _, fd := range rv.Diff {
			printNumbered(io, fd, rv.ToLabel)
		}
	case !changed:
		fmt.Fprintf(io.Out, "Nothing changed since %s, which you last reviewed.\n", rv.Since.Label)
	default:
		fmt.Fprintf(io.Out, "Changes since %s, which you last reviewed:\n\n", rv.Since.Label)
		for _, fd := range rv.Diff {
			opts := prose.TextOptions{Color: io.color, Context: 3, LineNumbers: true}
			if err := prose.WriteText(io.Out, fd.Path, rv.FromLabel, rv.ToLabel, fd.Segments, opts); err != nil {
				return err
			}
		}
	}
	printThreads(io, rv, func(n string) string { return cs.PersonName(f, n) })
	next := "cd " + dir + ", then "
	if abs, _ := filepath.Abs(dir); abs == cs.Root {
		if wd, _ := os.Getwd(); wd == cs.Root {
			next = ""
		}
	}
	fmt.Fprintf(io.Out, "\nNext: %scasestudy comment FILE:LINE \"…\", casestudy approve or casestudy request-changes -m \"…\"\n", next)
	return nil
}

// printThreads shows the open threads with the replies the reviewer has
// not seen, replies on threads that are no longer open (outdated or
// resolved), and the reviewer's comments not sent yet.
func printThreads(io *streams, rv review.ReviewerView, name func(string) string) {
	c := prose.Clean
	open, answered := []review.Thread{}, []review.Thread{}
	for _, t := range rv.Threads {
		fresh := false
		for _, r := range t.Replies {
			fresh = fresh || rv.IsNew(r)
		}
		switch {
		case !t.Outdated && !t.Resolved:
			open = append(open, t)
		case fresh:
			answered = append(answered, t)
		}
	}
	show := func(t review.Thread) {
		fmt.Fprintf(io.Out, "  %s  %s: %s\n", c(t.Place()), c(name(t.Comment.Author)), c(firstLine(t.Comment.Body)))
		for _, r := range t.Replies {
			if rv.IsNew(r) && strings.TrimSpace(r.Body) != "" {
				fmt.Fprintf(io.Out, "      %s: %s\n", c(name(r.Author)), c(firstLine(r.Body)))
			}
		}
	}
	if len(open) > 0 {
		fmt.Fprintf(io.Out, "\n%s:\n", review.Plural(len(open), "open thread", "open threads"))
		for _, t := range open {
			show(t)
		}
	}
	if len(answered) > 0 {
		fmt.Fprintf(io.Out, "\nNew replies on threads no longer open:\n")
		for _, t := range answered {
			show(t)
		}
	}
	if len(rv.Pending) > 0 {
		fmt.Fprintf(io.Out, "\nYour %s (sent with your verdict, or with casestudy send):\n", review.Plural(len(rv.Pending), "unsent comment", "unsent comments"))
		for _, p := range rv.Pending {
			fmt.Fprintf(io.Out, "  p%d  %s: %s\n", p.Number, c(p.Place()), c(firstLine(p.Body)))
		}
	}
}

// printNumbered shows a document a reviewer reads for the first time, each
// line with its number.
func printNumbered(io *streams, fd prose.FileDiff, label string) {
	var text strings.Builder
	for _, seg := range fd.Segments {
		if seg.Op != prose.Delete {
			text.WriteString(seg.Text)
		}
	}
	fmt.Fprintf(io.Out, "\n== %s (%s) ==\n", fd.Path, label)
	for i, line := range strings.Split(strings.TrimSuffix(text.String(), "\n"), "\n") {
		fmt.Fprintf(io.Out, "%5d  %s\n", i+1, prose.Clean(line))
	}
}

// reviewLocation reads where a case study is: a path or git URL as it is,
// or OWNER/NAME or a repository or pull-request URL on the GitHub host
// (GH_HOST), which needs the token.
//
// On GitHub it first accepts the user's pending invitation to the
// repository, without which a private repository does not exist for them.
//
// dir is where the copy goes ("" for the repository's name): when it holds
// the case study already, there is no invitation left to accept.
func reviewLocation(ctx context.Context, io *streams, arg, dir string) (reviewSource, error) {
	if _, err := os.Stat(arg); err == nil {
		return reviewSource{location: arg}, nil
	}
	host, err := github.ResolveHost(os.Getenv)
	if err != nil {
		return reviewSource{}, err
	}
	onHost := strings.HasPrefix(arg, host.Web.String()+"/")
	plainGit := strings.Contains(arg, "://") || strings.Contains(arg, ":") || strings.HasSuffix(arg, ".git")
	if !onHost && plainGit {
		return reviewSource{location: arg}, nil
	}
	if strings.HasPrefix(arg, "/") || strings.HasPrefix(arg, ".") || strings.HasPrefix(arg, "~") {
		return reviewSource{}, fmt.Errorf("%s: no such directory", arg)
	}
	repo, err := github.ParseRepo(host, arg)
	if err != nil {
		return reviewSource{}, usageError{fmt.Sprintf("review: %q is neither a path nor a git URL, nor OWNER/NAME on %s", arg, host.Name)}
	}
	client, err := github.Connect(ctx, os.Getenv, "")
	if err != nil {
		return reviewSource{}, err
	}
	src := reviewSource{location: host.GitURL(repo), auth: client.GitAuth(), onGitHub: repo, client: client}
	if dir == "" {
		_, dir, _ = strings.Cut(repo, "/")
	}
	if _, err := os.Stat(filepath.Join(dir, review.ConfigFile)); err != nil {
		// A first review: who the user is goes out with the invitations,
		// and the review is read while the clone runs (runReview). Each is
		// a round trip the reviewer would otherwise wait for after it.
		client.HoldAnswers()
		go client.Me(ctx)
		if _, err := acceptInvitation(ctx, io, client, repo); err != nil {
			return reviewSource{}, err
		}
		src.early = forgeBeforeCopy(io, client, repo)
	}
	return src, nil
}

// reviewSource is where a copy to review comes from.
type reviewSource struct {
	location string
	auth     gitops.Auth
	onGitHub string // OWNER/NAME when it is on GitHub
	client   *github.Client
	// early, on a first review from GitHub, is the forge to read the
	// review from while the copy is cloned.
	early review.Forge
}

// acceptInvitation accepts the user's pending invitation to repo on the
// GitHub host, if there is one, and says so.
func acceptInvitation(ctx context.Context, io *streams, client *github.Client, repo string) (bool, error) {
	accepted, err := client.AcceptInvitation(ctx, repo)
	if accepted {
		fmt.Fprintf(io.Out, "Accepted your invitation to %s.\n", repo)
	}
	return accepted, err
}

func ownCaseStudy(cs *review.CaseStudy, me string) error {
	return fmt.Errorf("%q is your own case study (you are %s, its mentee), and review is for its reviewers: read what they said with casestudy feedback, and compare your drafts with casestudy diff",
		cs.Config.Title, me)
}

// reviewJSON is what review --json prints: the stage, what the reviewer
// last reviewed, the comparison with the version under review, and the
// threads.
type reviewJSON struct {
	Stage    string          `json:"stage"`
	Progress review.Progress `json:"progress"`
	Since    string          `json:"since"` // "" the first time
	From     string          `json:"from"`
	To       string          `json:"to"`
	Files    []diffFileJSON  `json:"files"`
	Threads  []review.Thread `json:"threads"`
}

func writeReviewJSON(io *streams, j jsonOptions, cs *review.CaseStudy, f review.Forge, rv review.ReviewerView) error {
	out := reviewJSON{Stage: cs.Describe(f, rv.Progress), Progress: rv.Progress, From: rv.FromLabel, To: rv.ToLabel,
		Files: []diffFileJSON{}, Threads: rv.Threads}
	if rv.Since != nil {
		out.Since = rv.Since.Label
	}
	if out.Threads == nil {
		out.Threads = []review.Thread{}
	}
	for _, fd := range rv.Diff {
		file := diffFileJSON{Path: fd.Path, Segments: []diffSegmentJSON{}}
		file.Added, file.Removed = prose.Stat(fd.Segments)
		for _, s := range fd.Segments {
			file.Segments = append(file.Segments, diffSegmentJSON{Op: strings.ToLower(s.Op.String()), Text: s.Text})
		}
		out.Files = append(out.Files, file)
	}
	return j.write(io, out)
}
