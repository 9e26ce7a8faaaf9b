package cmd

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/less-trainers/casestudy/gitops"
	"github.com/less-trainers/casestudy/mentoring"
	"github.com/less-trainers/casestudy/review"
	"github.com/less-trainers/casestudy/review/github"
	"github.com/less-trainers/casestudy/templates"
	"github.com/urfave/cli/v2"
)

type newOptions struct {
	IO *streams

	Dir          string
	Title        string
	Company      string
	Theme        string
	Mentee       string
	MenteeGitHub string
	MenteeTZ     string
	Mentor       string
	MentorTZ     string
	Reviewers    []string
	ReviewerTZ   string
	GitHub       string
	Public       bool
}

func newCmdNew(f *factory, runF func(*newOptions) error) *cli.Command {
	opts := &newOptions{IO: f.IO}
	return &cli.Command{
		Name:      "new",
		Usage:     "start a case-study repository in a new directory",
		ArgsUsage: "DIR",
		Description: `Creates DIR with the case-study document, the mentoring agreement and journal,
a models/ folder with an example system model, blog/, the review pull-request
template and CODEOWNERS, and a README explaining the workflow to mentee, mentor
and final reviewer. DIR must not exist or must be empty.

On a terminal, casestudy asks for what the flags do not say.

` + findingAMentor + `

Examples:
  casestudy new --title "Scaling Product Ownership at Acme" \
      --mentee "Ana Silva <ana@example.com>" --mentee-github ana \
      --mentor bob --reviewer craig acme-case-study
  CASESTUDY_REVIEWER=craig casestudy new --title "…" --mentor bob my-case-study`,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "title", Usage: "the case study's working title"},
			&cli.StringFlag{Name: "company", Usage: "company or product, or a pseudonym"},
			&cli.StringFlag{Name: "theme", Usage: "the theme or focus of the case study"},
			&cli.StringFlag{Name: "mentee", Usage: `the writer, "Name <email>" (default: your git identity)`},
			&cli.StringFlag{Name: "mentee-github", Usage: "the writer's GitHub handle"},
			&cli.StringFlag{Name: "mentee-tz", Usage: "the writer's IANA time zone, e.g. Europe/Lisbon"},
			&cli.StringFlag{Name: "mentor", Usage: `the mentor's GitHub handle, or "Name <email>"`},
			&cli.StringFlag{Name: "mentor-tz", Usage: "the mentor's IANA time zone"},
			&cli.StringSliceFlag{Name: "reviewer", Usage: "a reviewer after the mentor; repeat for a chain, the last is the final reviewer (default: $" + review.ReviewerEnv + " or reviewer: in your casestudy config file)"},
			&cli.StringFlag{Name: "reviewer-tz", Usage: "the final reviewer's IANA time zone"},
			&cli.StringFlag{Name: "github", Usage: "also create the private GitHub repository `OWNER/NAME` for it (see casestudy remote create)"},
			&cli.BoolFlag{Name: "public", Usage: "with --github: make the repository public"},
		},
		Action: func(c *cli.Context) error {
			if err := maxArgs(c, 1); err != nil {
				return err
			}
			opts.Dir = c.Args().First()
			opts.Title = c.String("title")
			opts.Company = c.String("company")
			opts.Theme = c.String("theme")
			opts.Mentee = c.String("mentee")
			opts.MenteeGitHub = c.String("mentee-github")
			opts.MenteeTZ = c.String("mentee-tz")
			opts.Mentor = c.String("mentor")
			opts.MentorTZ = c.String("mentor-tz")
			opts.Reviewers = c.StringSlice("reviewer")
			opts.ReviewerTZ = c.String("reviewer-tz")
			opts.GitHub = c.String("github")
			opts.Public = c.Bool("public")
			if runF != nil {
				return runF(opts)
			}
			return runNew(context.Background(), opts)
		},
	}
}

func runNew(_ context.Context, o *newOptions) error {
	io := o.IO
	if len(o.Reviewers) == 0 {
		def, err := review.DefaultReviewer()
		if err != nil {
			return err
		}
		if def != "" {
			o.Reviewers = []string{def}
		}
	}
	if o.Mentee == "" {
		if id, err := gitops.GlobalIdentity(); err == nil {
			o.Mentee = id.String()
		}
	}
	if io.inTerminal {
		if err := askMissing(io, o); err != nil {
			return err
		}
	}
	if err := o.complete(); err != nil {
		return err
	}
	cfg, err := o.config()
	if err != nil {
		return err
	}
	// The questions above end at Ctrl-C as any program's do; the work from
	// here may go over the network, so Ctrl-C ends it through its context.
	ctx, cancel := commandContext()
	defer cancel()
	return createNew(ctx, o, cfg)
}

// createNew makes the case study o and cfg describe, and puts it on GitHub
// with --github.
func createNew(ctx context.Context, o *newOptions, cfg *review.Config) error {
	io := o.IO
	// With --github, the token and the name are checked before anything is
	// made, so a missing token leaves no half-made case study behind.
	var client *github.Client
	var repo string
	var err error
	if o.GitHub != "" {
		if client, repo, err = connectFor(ctx, o.GitHub); err != nil {
			return err
		}
		if err := github.CheckRepoName(repo); err != nil {
			return err
		}
	}
	cs, err := review.Create(o.Dir, cfg, time.Now())
	if err != nil {
		return err
	}
	fmt.Fprintf(io.Out, "Created the case study %q in %s\n", cfg.Title, o.Dir)
	between := ""
	for _, r := range cfg.Reviewers[:len(cfg.Reviewers)-1] {
		between += fmt.Sprintf("reviewer %s, ", r)
	}
	fmt.Fprintf(io.Out, "  mentee %s, mentor %s, %sfinal reviewer %s\n", cfg.Mentee, cfg.Mentor, between, cfg.FinalReviewer())
	fmt.Fprintf(io.Out, "  you write on branch %q; branch %q is what reviews compare against\n", review.DraftBranch, review.PublishBranch)
	if client != nil {
		if err := putOnGitHub(ctx, io, client, cs, repo, true, !o.Public); err != nil {
			return fmt.Errorf("the case study is made in %s, but putting it on GitHub failed (run casestudy remote create %s there to try again): %w", o.Dir, o.GitHub, err)
		}
	}
	if client == nil {
		var handleOnly []string
		for _, p := range append([]review.Person{cfg.Mentor}, cfg.Reviewers...) {
			if p.Email == "" {
				handleOnly = append(handleOnly, p.String())
			}
		}
		if len(handleOnly) > 0 {
			verb := "has"
			if len(handleOnly) > 1 {
				verb = "have"
			}
			fmt.Fprintf(io.Out, "  note: without GitHub, reviews know people by email, and %s %s none; add it in %s, or put the case study on GitHub with casestudy remote create OWNER/NAME\n",
				andList(handleOnly), verb, review.ConfigFile)
		}
	}
	if note := timeZoneGapNote(cfg, time.Now()); note != "" {
		fmt.Fprintln(io.Out, note)
	}
	fmt.Fprintf(io.Out, "\nNext:\n  cd %s\n  $EDITOR %s\n  casestudy save -m \"first draft\"\n", o.Dir, templates.DocumentPath)
	return nil
}

// bigGap is the time-zone difference beyond which new asks to weigh it: a
// mentor six hours away already shares only two working hours.
const bigGap = 6 * time.Hour

// timeZoneGapNote is new's note on mentee and mentor living far apart; ""
// when they do not, or a time zone is unknown.
func timeZoneGapNote(cfg *review.Config, now time.Time) string {
	a, errA := time.LoadLocation(cfg.Mentee.TimeZone)
	b, errB := time.LoadLocation(cfg.Mentor.TimeZone)
	if cfg.Mentee.TimeZone == "" || cfg.Mentor.TimeZone == "" || errA != nil || errB != nil {
		return ""
	}
	gap := mentoring.WorkingOverlap(a, b, now).Ahead
	if gap < 0 {
		gap = -gap
	}
	if gap <= bigGap {
		return ""
	}
	return fmt.Sprintf("  note: you (%s) and %s (%s) are %s apart. Mentors avoid large time-zone differences:\n"+
		"  a monthly two-hour conversation and visits to your adoption are easier close by. If you are still\n"+
		"  choosing a mentor, weigh it; if you have chosen, agree in mentoring/agreement.md when you talk.",
		a, personName(cfg.Mentor), b, mentoring.Span(gap))
}

// findingAMentor is said to a candidate who has no mentor yet.
const findingAMentor = `A mentor is an experienced LeSS Trainer who guides you through your LeSS adoption
and your case study, for as long as it takes; you learn from each other.
No mentor yet? Ask a LeSS Trainer you know, for example one whose course you
joined, or write to the LeSS Company (Bas Vodde), who helps candidates find one.
Weigh the time zones when you choose: you will talk at least monthly, for about
two hours, and meet in person when you can.`

func askMissing(io *streams, o *newOptions) error {
	// ask asks until the answer passes check (nil: anything goes, even
	// nothing), so a typo costs one line, not the whole questionnaire.
	ask := func(dst *string, q string, check func(string) error) error {
		if *dst != "" {
			return nil
		}
		for {
			v, err := io.prompt(q, "")
			if err != nil {
				return err
			}
			if check == nil {
				*dst = v
				return nil
			}
			if err := check(v); err != nil {
				fmt.Fprintf(io.Err, "  %s\n", err)
				continue
			}
			*dst = v
			return nil
		}
	}
	required := func(what string) func(string) error {
		return func(v string) error {
			if strings.TrimSpace(v) == "" {
				return fmt.Errorf("%s is needed", what)
			}
			return nil
		}
	}
	person := func(flag string) func(string) error {
		return func(v string) error {
			if strings.TrimSpace(v) == "" {
				return fmt.Errorf("a GitHub handle or \"Name <email>\" is needed")
			}
			_, err := parsePerson(flag, v)
			return err
		}
	}
	if err := ask(&o.Dir, "Directory to create", func(v string) error {
		if strings.TrimSpace(v) == "" {
			return fmt.Errorf("a directory name is needed")
		}
		return review.CheckNewDir(v)
	}); err != nil {
		return err
	}
	if err := ask(&o.Title, "Title of the case study", required("a title")); err != nil {
		return err
	}
	if err := ask(&o.Mentee, `You, the writer ("Name <email>")`, func(v string) error { _, err := parseMentee(v); return err }); err != nil {
		return err
	}
	if err := ask(&o.Company, "Company or product (or a pseudonym; Enter to skip)", nil); err != nil {
		return err
	}
	if err := ask(&o.Theme, "Theme or focus (Enter to skip)", nil); err != nil {
		return err
	}
	fmt.Fprintln(io.Err, `  Reviewers: "Name <email>" to review without GitHub, a GitHub handle to review on GitHub.`)
	if o.Mentor == "" {
		fmt.Fprintln(io.Err, indentText(findingAMentor, "  "))
		err := ask(&o.Mentor, "Your mentor (Enter if you have none yet)", func(v string) error {
			if strings.TrimSpace(v) == "" {
				return nil
			}
			return person("mentor")(v)
		})
		if err != nil {
			return err
		}
		if strings.TrimSpace(o.Mentor) == "" {
			return errors.New("new: a case study is written with a mentor; run casestudy new again once you have found one")
		}
	}
	if len(o.Reviewers) == 0 {
		var r string
		if err := ask(&r, "The final reviewer", person("reviewer")); err != nil {
			return err
		}
		o.Reviewers = []string{r}
	}
	return askGitHub(io, o)
}

// askGitHub offers to put the case study on GitHub when a token for the
// host (GH_HOST) is found, suggesting a private repository of the token's
// user named after the directory. Without a token it asks nothing: the
// local review needs no account.
func askGitHub(io *streams, o *newOptions) error {
	if o.GitHub != "" {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	host, err := github.ResolveHost(os.Getenv)
	if err != nil {
		return nil
	}
	if _, err := github.FindToken(ctx, host, os.Getenv); err != nil {
		return nil
	}
	client, err := github.Connect(ctx, os.Getenv, "")
	if err != nil {
		return nil
	}
	me, err := client.Me(ctx)
	if err != nil {
		return nil
	}
	def := me + "/" + filepath.Base(filepath.Clean(o.Dir))
	for {
		answer, err := io.prompt(fmt.Sprintf("You are @%s on %s: put the case study there as a private repository? (OWNER/NAME, or n to keep it on this machine)", me, host.Name), def)
		if err != nil {
			return err
		}
		switch strings.ToLower(answer) {
		case "n", "no":
			return nil
		case "y", "yes":
			answer = def
		}
		if _, err := github.ParseRepo(host, answer); err != nil {
			fmt.Fprintf(io.Err, "  %s\n", err)
			continue
		}
		o.GitHub = answer
		if o.MenteeGitHub == "" {
			o.MenteeGitHub = me
		}
		return nil
	}
}

// andList joins names as people write them: "a", "a and b", "a, b and c".
func andList(names []string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// complete refuses options that still lack what a case study needs.
func (o *newOptions) complete() error {
	var missing []string
	if o.Dir == "" {
		missing = append(missing, "DIR")
	}
	if strings.TrimSpace(o.Title) == "" {
		missing = append(missing, "--title")
	}
	if o.Mentee == "" {
		missing = append(missing, `--mentee "Name <email>" (or a git identity)`)
	}
	if o.Mentor == "" {
		missing = append(missing, "--mentor")
	}
	if len(o.Reviewers) == 0 {
		missing = append(missing, "--reviewer (or set "+review.ReviewerEnv+")")
	}
	if len(missing) > 0 {
		hint := ""
		if o.Mentor == "" {
			hint = "; no mentor yet? Ask a LeSS Trainer you know, or write to the LeSS Company (Bas Vodde)"
		}
		return usagef("new: missing %s%s", strings.Join(missing, ", "), hint)
	}
	return nil
}

func (o *newOptions) config() (*review.Config, error) {
	cfg := &review.Config{
		Title:     strings.TrimSpace(o.Title),
		Company:   strings.TrimSpace(o.Company),
		Theme:     strings.TrimSpace(o.Theme),
		Documents: []string{templates.DocumentPath},
	}
	var err error
	if cfg.Mentee, err = parseMentee(o.Mentee); err != nil {
		return nil, err
	}
	if o.MenteeGitHub != "" {
		h := strings.TrimPrefix(o.MenteeGitHub, "@")
		if !review.ValidHandle(h) {
			return nil, usagef("--mentee-github %q is not a GitHub user name", o.MenteeGitHub)
		}
		cfg.Mentee.GitHub = h
	}
	if cfg.Mentor, err = parsePerson("mentor", o.Mentor); err != nil {
		return nil, err
	}
	for _, spec := range o.Reviewers {
		for _, one := range strings.Split(spec, ",") {
			if strings.TrimSpace(one) == "" {
				continue
			}
			p, err := parsePerson("reviewer", one)
			if err != nil {
				return nil, err
			}
			cfg.Reviewers = append(cfg.Reviewers, p)
		}
	}
	if len(cfg.Reviewers) == 0 {
		return nil, usagef("--reviewer is empty; name the final reviewer's GitHub handle")
	}
	for _, tz := range []struct {
		flag, value string
		into        *string
	}{
		{"mentee-tz", o.MenteeTZ, &cfg.Mentee.TimeZone},
		{"mentor-tz", o.MentorTZ, &cfg.Mentor.TimeZone},
		{"reviewer-tz", o.ReviewerTZ, &cfg.Reviewers[len(cfg.Reviewers)-1].TimeZone},
	} {
		if err := checkTimeZone(tz.flag, tz.value); err != nil {
			return nil, err
		}
		*tz.into = tz.value
	}
	return cfg, nil
}
