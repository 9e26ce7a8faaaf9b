package cmd

import (
	"fmt"
	"strings"
	"time"

	"github.com/less-trainers/casestudy/mentoring"
	"github.com/less-trainers/casestudy/prose"
	"github.com/less-trainers/casestudy/review"
	"github.com/urfave/cli/v2"
)

const defaultMinutes = 120

func journalAddFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "date", Usage: "the day of the conversation, `YYYY-MM-DD` (default: today)"},
		&cli.IntFlag{Name: "minutes", Value: defaultMinutes, Usage: "how long the conversation took, in minutes, 1 to 1440"},
		&cli.StringFlag{Name: "met", Usage: "where you met: `in-person` or call"},
		&cli.StringSliceFlag{Name: "topic", Usage: "a `TOPIC` of the conversation; repeat the flag or separate topics with commas (the list to talk over is added)"},
		&cli.StringFlag{Name: "mentee-learned", Aliases: []string{"m"}, Usage: "what the mentee learned (a line starting \"Next steps:\" starts the next steps)"},
		&cli.StringFlag{Name: "mentor-learned", Usage: "what the mentor learned: mentoring is learning both ways"},
		&cli.StringFlag{Name: "next", Usage: "the next steps you agreed on"},
	}
}

func journalCommand(io *streams) *cli.Command {
	return &cli.Command{
		Name:  "journal",
		Usage: "record and list mentoring conversations (mentoring/journal.md)",
		Description: `The journal has one entry per mentoring conversation: the date, how long it
took, where you met (in person or a call), the topics, what the mentee and
what the mentor learned, and the next steps. It is Markdown, easy to read and
to edit by hand; entries are kept in date order. Its list "To talk over" holds
topics for the next conversation (casestudy reflect puts a page of a LeSS book
there); journal add makes them topics of the conversation it records.
casestudy status says how long ago you last talked. The journal is saved with
the next draft (casestudy save).

Examples:
  casestudy journal add --met call --topic "system modelling" -m "Teams wait for the PO." --mentor-learned "A new loop for my course."
  casestudy journal add --date 2026-01-15 --minutes 90 --met in-person --topic "the theme" -m "Focus on the product definition." --next "Draft the background."
  casestudy journal list
  casestudy journal list --json`,
		Subcommands: []*cli.Command{
			{
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
				Flags: journalAddFlags(),
				Action: func(c *cli.Context) error {
					if c.NArg() > 0 {
						return usagef("journal add: too many arguments (%s); quote a topic or a message with spaces", strings.Join(c.Args().Slice(), " "))
					}
					return journalAdd(io, c, time.Now())
				},
			},
			{
				Name:  "list",
				Usage: "list the conversations in the journal, and what is left to talk over",
				Description: `Examples:
  casestudy journal list
  casestudy journal list --json`,
				Flags: jsonFlags([]mentoring.Entry{}),
				Action: func(c *cli.Context) error {
					if c.NArg() > 0 {
						return usagef("journal list: too many arguments (%s)", strings.Join(c.Args().Slice(), " "))
					}
					return journalList(c, io, time.Now())
				},
			},
		},
		Action: func(c *cli.Context) error {
			if c.NArg() > 0 {
				return usagef("journal: unknown subcommand %q%s", c.Args().First(), orDidYouMean(c.Args().First(), []string{"add", "list"}))
			}
			return usagef("journal: say what to do: casestudy journal add, or casestudy journal list")
		},
	}
}

func journalAdd(io *streams, c *cli.Context, now time.Time) error {
	date := now.Format(mentoring.DateLayout)
	if c.IsSet("date") {
		date = strings.TrimSpace(c.String("date"))
		d, err := mentoring.ParseDate(date)
		if err != nil {
			return usagef("--date: %v", err)
		}
		today, _ := time.Parse(mentoring.DateLayout, now.Format(mentoring.DateLayout))
		if d.After(today) {
			return usagef("--date %s is in the future; the journal records conversations that took place", date)
		}
	}
	minutes := c.Int("minutes")
	if minutes < 1 || minutes > mentoring.MaxMinutes {
		return usagef("--minutes %d: a conversation lasts from 1 to %d minutes", minutes, mentoring.MaxMinutes)
	}
	met, err := metFlag(c.String("met"))
	if err != nil {
		return err
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
		return usageError{err.Error()}
	}
	cs, err := openCaseStudy()
	if err != nil {
		return err
	}
	unlock, err := cs.Repo.Lock()
	if err != nil {
		return err
	}
	defer unlock()
	added, taken, err := mentoring.AddEntry(cs.Root, e)
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

func journalList(c *cli.Context, io *streams, now time.Time) error {
	cs, err := openCaseStudy()
	if err != nil {
		return err
	}
	j, err := mentoring.ReadJournal(cs.Root)
	if err != nil {
		return err
	}
	entries := mentoring.Sorted(j.Entries)
	if wantJSON(c) {
		if entries == nil {
			entries = []mentoring.Entry{}
		}
		return writeJSON(c, io, entries)
	}
	io.startPager()
	s := mentoring.Summarize(j)
	if s.Sessions == 0 && len(s.ToTalkOver) == 0 {
		fmt.Fprintf(io.Out, "No conversations in %s yet; after the first one: casestudy journal add\n", mentoring.JournalFile)
		return nil
	}
	first := true
	for _, e := range entries {
		if e.IsPrompt() {
			continue
		}
		if !first {
			fmt.Fprintln(io.Out)
		}
		first = false
		head := e.Date + "  " + review.Plural(e.Minutes, "minute", "minutes")
		if e.Met != "" {
			head += ", " + prose.Clean(e.Met)
		}
		fmt.Fprintln(io.Out, head)
		if len(e.Topics) > 0 {
			printNote(io, "Topics:", strings.Join(e.Topics, "; "))
		}
		printNote(io, "Insights:", e.Insights)
		printNote(io, "Mentee learned:", e.MenteeLearned)
		printNote(io, "Mentor learned:", e.MentorLearned)
		printNote(io, "Next steps:", e.NextSteps)
	}
	if !first {
		fmt.Fprintln(io.Out)
	}
	if s.Last != nil {
		fmt.Fprintf(io.Out, "The last conversation was %s.\n", daysAgo(mentoring.DaysSince(s.Last.Date, now)))
	} else {
		fmt.Fprintln(io.Out, "No conversations recorded yet.")
	}
	if len(s.ToTalkOver) > 0 {
		fmt.Fprintln(io.Out, "To talk over next time:")
		for _, t := range s.ToTalkOver {
			fmt.Fprintf(io.Out, "  - %s\n", prose.Clean(t))
		}
	}
	return nil
}

func printNote(io *streams, label, text string) {
	if text == "" {
		return
	}
	for i, l := range strings.Split(prose.Clean(text), "\n") {
		if i == 0 {
			fmt.Fprintf(io.Out, "  %-15s %s\n", label, l)
		} else {
			fmt.Fprintf(io.Out, "  %-15s %s\n", "", l)
		}
	}
}
