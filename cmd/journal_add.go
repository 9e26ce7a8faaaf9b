package cmd

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/less-trainers/casestudy/mentoring"
	"github.com/less-trainers/casestudy/prose"
	"github.com/less-trainers/casestudy/review"
	"github.com/urfave/cli/v2"
)

const defaultMinutes = 120

type journalAddOptions struct {
	IO        *streams
	CaseStudy func() (*review.CaseStudy, error)

	Entry mentoring.Entry // checked
}

func newCmdJournalAdd(f *factory, runF func(*journalAddOptions) error) *cli.Command {
	opts := &journalAddOptions{IO: f.IO, CaseStudy: f.CaseStudy}
	return &cli.Command{
		Name:  "add",
		Usage: "record a conversation with your mentor (or mentee)",
		Description: `Dated today and 120 minutes long unless --date and --minutes say otherwise.
-m (--mentee-learned) holds what the mentee learned, --mentor-learned what the
mentor learned, --next the next steps (or a line of -m that starts with
"Next steps:"). What waits on the list to talk over becomes topics of this
conversation, and the list is emptied.

Examples:
  casestudy journal add --met in-person --topic "system modelling" -m "Teams wait for the PO." --next "Draw the loop."
  casestudy journal add --date 2026-01-15 --minutes 90 --met call --topic "Sprint Review, overall retrospective"`,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "date", Usage: "the day of the conversation, `YYYY-MM-DD` (default: today)"},
			&cli.IntFlag{Name: "minutes", Value: defaultMinutes, Usage: "how long the conversation took, in minutes, 1 to 1440"},
			&cli.StringFlag{Name: "met", Usage: "where you met: `in-person` or call"},
			&cli.StringSliceFlag{Name: "topic", Usage: "a `TOPIC` of the conversation; repeat the flag or separate topics with commas (the list to talk over is added)"},
			&cli.StringFlag{Name: "mentee-learned", Aliases: []string{"m"}, Usage: "what the mentee learned (a line starting \"Next steps:\" starts the next steps)"},
			&cli.StringFlag{Name: "mentor-learned", Usage: "what the mentor learned: mentoring is learning both ways"},
			&cli.StringFlag{Name: "next", Usage: "the next steps you agreed on"},
		},
		Action: func(c *cli.Context) error {
			if c.NArg() > 0 {
				return usagef("journal add: too many arguments (%s); quote a topic or a message with spaces", strings.Join(c.Args().Slice(), " "))
			}
			e, err := journalEntry(c, time.Now())
			if err != nil {
				return err
			}
			opts.Entry = e
			if runF != nil {
				return runF(opts)
			}
			return runJournalAdd(context.Background(), opts)
		},
	}
}

// journalEntry reads the conversation from the flags, and checks it.
func journalEntry(c *cli.Context, now time.Time) (mentoring.Entry, error) {
	date := now.Format(mentoring.DateLayout)
	if c.IsSet("date") {
		date = strings.TrimSpace(c.String("date"))
		d, err := mentoring.ParseDate(date)
		if err != nil {
			return mentoring.Entry{}, usagef("--date: %v", err)
		}
		today, _ := time.Parse(mentoring.DateLayout, now.Format(mentoring.DateLayout))
		if d.After(today) {
			return mentoring.Entry{}, usagef("--date %s is in the future; the journal records conversations that took place", date)
		}
	}
	minutes := c.Int("minutes")
	if minutes < 1 || minutes > mentoring.MaxMinutes {
		return mentoring.Entry{}, usagef("--minutes %d: a conversation lasts from 1 to %d minutes", minutes, mentoring.MaxMinutes)
	}
	met, err := metFlag(c.String("met"))
	if err != nil {
		return mentoring.Entry{}, err
	}
	// urfave/cli splits --topic values at commas; joining them again and
	// reading them as the journal does keeps a quoted topic whole.
	topics := mentoring.SplitTopics(strings.Join(c.StringSlice("topic"), ", "))
	e := mentoring.Entry{
		Date:          date,
		Minutes:       minutes,
		Met:           met,
		Topics:        topics,
		MenteeLearned: c.String("mentee-learned"),
		MentorLearned: c.String("mentor-learned"),
		NextSteps:     c.String("next"),
	}
	if err := e.Check(); err != nil {
		return mentoring.Entry{}, usageError{err.Error()}
	}
	return e, nil
}

func runJournalAdd(_ context.Context, opts *journalAddOptions) error {
	io := opts.IO
	cs, err := opts.CaseStudy()
	if err != nil {
		return err
	}
	unlock, err := cs.Repo.Lock()
	if err != nil {
		return err
	}
	defer unlock()
	added, taken, err := mentoring.AddEntry(cs.Root, opts.Entry)
	if err != nil {
		return err
	}
	how := review.Plural(added.Minutes, "minute", "minutes")
	if added.Met != "" {
		how += ", " + added.Met
	}
	fmt.Fprintf(io.Out, "Added the conversation of %s (%s) to %s.\n", added.Date, how, mentoring.JournalFile)
	if len(taken) > 0 {
		fmt.Fprintf(io.Out, "Its topics include what was on the list to talk over: %s.\n", prose.Clean(strings.Join(taken, "; ")))
	}
	if added.MenteeLearned == "" || added.MentorLearned == "" {
		fmt.Fprintf(io.Out, "Write in %s what each of you learned, whenever it is clear.\n", mentoring.JournalFile)
	}
	return nil
}

// metFlag reads --met: in person or on a call. People type "in person" as
// often as "in-person".
func metFlag(v string) (string, error) {
	switch strings.ToLower(strings.Join(strings.FieldsFunc(v, func(r rune) bool { return r == ' ' || r == '-' || r == '_' }), " ")) {
	case "":
		return "", nil
	case "in person", "person", "face to face":
		return "in person", nil
	case "call", "video", "video call", "phone", "online":
		return "call", nil
	}
	return "", usagef("--met %q: say in-person or call", v)
}
