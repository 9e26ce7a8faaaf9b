package cmd

import (
	"encoding/json"
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
		&cli.StringFlag{Name: "date", Usage: "the day of the session, `YYYY-MM-DD` (default: today)"},
		&cli.IntFlag{Name: "minutes", Value: defaultMinutes, Usage: "how long the session took, 1 to 1440"},
		&cli.StringSliceFlag{Name: "topic", Usage: "a `TOPIC` of the session; repeat the flag or separate topics with commas"},
		&cli.StringFlag{Name: "message", Aliases: []string{"m"}, Usage: "the insights: what you learnt (a line starting \"Next steps:\" starts the next steps)"},
		&cli.StringFlag{Name: "next", Usage: "the next steps you agreed on"},
	}
}

func journalCommand(io *streams) *cli.Command {
	return &cli.Command{
		Name:  "journal",
		Usage: "record and list mentoring sessions (mentoring/journal.md)",
		Description: `The journal has one entry per mentoring session: the date, how long it took,
the topics, the insights and the next steps. It is Markdown, easy to read and
to edit by hand; casestudy status counts the sessions and warns when the last
one is more than a month ago. Entries are kept in date order. The journal is
saved with the next draft (casestudy save).

Examples:
  casestudy journal add --topic "system modelling" --topic "Sprint Review" -m "Teams wait for the PO."
  casestudy journal add --date 2026-01-15 --minutes 90 --topic "the theme" -m "Focus on the product definition." --next "Draft the background."
  casestudy journal list
  casestudy journal list --json`,
		Subcommands: []*cli.Command{
			{
				Name:  "add",
				Usage: "add a session to the journal",
				Description: `Dated today and 120 minutes long unless --date and --minutes say otherwise.
-m holds the insights; --next the next steps (or a line of -m that starts
with "Next steps:").

Examples:
  casestudy journal add --topic "system modelling" -m "Teams wait for the PO." --next "Draw the loop."
  casestudy journal add --date 2026-01-15 --minutes 90 --topic "Sprint Review, overall retrospective"`,
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
				Usage: "list the sessions in the journal",
				Description: `Examples:
  casestudy journal list
  casestudy journal list --json`,
				Flags: []cli.Flag{jsonFlag()},
				Action: func(c *cli.Context) error {
					if c.NArg() > 0 {
						return usagef("journal list: too many arguments (%s)", strings.Join(c.Args().Slice(), " "))
					}
					return journalList(io, c.Bool("json"), time.Now())
				},
			},
		},
		Action: func(c *cli.Context) error {
			if c.NArg() > 0 {
				return usagef("journal: unknown subcommand %q; use add or list", c.Args().First())
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
			return usagef("--date %s is in the future; the journal records sessions that took place", date)
		}
	}
	minutes := c.Int("minutes")
	if minutes < 1 || minutes > mentoring.MaxMinutes {
		return usagef("--minutes %d: a session lasts from 1 to %d minutes", minutes, mentoring.MaxMinutes)
	}
	// urfave/cli splits --topic values at commas; joining them again and
	// reading them as the journal does keeps a quoted topic whole.
	topics := mentoring.SplitTopics(strings.Join(c.StringSlice("topic"), ", "))
	e := mentoring.Entry{
		Date:      date,
		Minutes:   minutes,
		Topics:    topics,
		Insights:  c.String("message"),
		NextSteps: c.String("next"),
	}
	if err := e.Check(); err != nil {
		return usageError{err.Error()}
	}
	cs, err := openCaseStudy()
	if err != nil {
		return err
	}
	added, err := addToJournal(cs, e)
	if err != nil {
		return err
	}
	entries, err := mentoring.ReadJournal(cs.Root)
	if err != nil {
		return err
	}
	s := mentoring.Summarize(entries)
	fmt.Fprintf(io.Out, "Added the session of %s (%s) to %s: %s, %s in all.\n", added.Date,
		review.Plural(added.Minutes, "minute", "minutes"), mentoring.JournalFile,
		review.Plural(s.Sessions, "session", "sessions"), mentoring.Hours(s.Minutes))
	return nil
}

// addToJournal writes an entry while holding the repository's lock, so two
// commands adding at once both keep their entry.
func addToJournal(cs *review.CaseStudy, e mentoring.Entry) (mentoring.Entry, error) {
	unlock, err := cs.Repo.Lock()
	if err != nil {
		return e, err
	}
	defer unlock()
	return mentoring.AddEntry(cs.Root, e)
}

func journalList(io *streams, asJSON bool, now time.Time) error {
	cs, err := openCaseStudy()
	if err != nil {
		return err
	}
	entries, err := mentoring.ReadJournal(cs.Root)
	if err != nil {
		return err
	}
	entries = mentoring.Sorted(entries)
	if asJSON {
		if entries == nil {
			entries = []mentoring.Entry{}
		}
		// Topics such as "Scaling Lean & Agile Development" read better
		// without HTML escapes (\u0026) in a terminal and in jq.
		enc := json.NewEncoder(io.Out)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(entries)
	}
	if len(entries) == 0 {
		fmt.Fprintf(io.Out, "No sessions in %s yet; after the first one: casestudy journal add\n", mentoring.JournalFile)
		return nil
	}
	for i, e := range entries {
		if i > 0 {
			fmt.Fprintln(io.Out)
		}
		fmt.Fprintf(io.Out, "%s  %s\n", e.Date, review.Plural(e.Minutes, "minute", "minutes"))
		if len(e.Topics) > 0 {
			fmt.Fprintf(io.Out, "  Topics:     %s\n", prose.Clean(strings.Join(e.Topics, "; ")))
		}
		printNote(io, "Insights:", e.Insights)
		printNote(io, "Next steps:", e.NextSteps)
	}
	s := mentoring.Summarize(entries)
	fmt.Fprintf(io.Out, "\n%s, %s", review.Plural(s.Sessions, "session", "sessions"), mentoring.Hours(s.Minutes))
	if s.Last != nil {
		fmt.Fprintf(io.Out, "; the last %s", daysAgo(mentoring.DaysSince(s.Last.Date, now)))
	}
	if s.Prompts > 0 {
		fmt.Fprintf(io.Out, "; %s to talk over", review.Plural(s.Prompts, "reflection", "reflections"))
	}
	fmt.Fprintln(io.Out, ".")
	return nil
}

func printNote(io *streams, label, text string) {
	if text == "" {
		return
	}
	for i, l := range strings.Split(prose.Clean(text), "\n") {
		if i == 0 {
			fmt.Fprintf(io.Out, "  %-11s %s\n", label, l)
		} else {
			fmt.Fprintf(io.Out, "  %-11s %s\n", "", l)
		}
	}
}
