package cmd

import (
	"github.com/urfave/cli/v2"
)

func newCmdJournal(f *factory) *cli.Command {
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
			newCmdJournalAdd(f, nil),
			newCmdJournalList(f, nil),
		},
		Action: func(c *cli.Context) error {
			if c.NArg() > 0 {
				return usagef("journal: unknown subcommand %q%s", c.Args().First(), orDidYouMean(c.Args().First(), []string{"add", "list"}))
			}
			return usagef("journal: say what to do: casestudy journal add, or casestudy journal list")
		},
	}
}
