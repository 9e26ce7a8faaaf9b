package cmd

import (
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/less-trainers/casestudy/mentoring"
	"github.com/urfave/cli/v2"
)

func reflectCommand(io *streams) *cli.Command {
	return &cli.Command{
		Name:  "reflect",
		Usage: "pick a random page of a LeSS book to reflect on, and start a journal entry for it",
		Description: `Picks a page of one of the three LeSS books by Craig Larman and Bas Vodde,
every page equally likely (so a longer book comes up more often):

  Scaling Lean & Agile Development (first edition, Addison-Wesley, 2008), 368 pages
  Practices for Scaling Lean & Agile Development (first edition, Addison-Wesley, 2010), 624 pages
  Large-Scale Scrum: More with LeSS (first edition, Addison-Wesley, 2016), about 368 pages

Read the page and share with your mentor an experience it reminds you of.
A session dated today is added to mentoring/journal.md with the page as its
topic; write the insights there after you have talked it over.

Your edition may have other page counts; give them in casestudy.yaml:
  books:
    scaling: 368
    practices: 624
    more-with-less: 368

Examples:
  casestudy reflect
  casestudy reflect --seed 7   # the same page every time, for scripts and tests`,
		Flags: []cli.Flag{
			&cli.Int64Flag{Name: "seed", Usage: "pick with this `NUMBER` as the random seed, the same page each time"},
		},
		Action: func(c *cli.Context) error {
			if err := maxArgs(c, 0); err != nil {
				return err
			}
			cs, err := openCaseStudy()
			if err != nil {
				return err
			}
			books, err := mentoring.Books(cs.Config.Books)
			if err != nil {
				return err
			}
			r := rand.New(rand.NewPCG(rand.Uint64(), rand.Uint64()))
			if c.IsSet("seed") {
				r = rand.New(rand.NewPCG(uint64(c.Int64("seed")), 0))
			}
			book, page := mentoring.Pick(books, r)
			e := mentoring.Entry{
				Date:    time.Now().Format(mentoring.DateLayout),
				Minutes: defaultMinutes,
				Topics:  []string{mentoring.ReflectionTopic(book, page)},
			}
			if _, err := addToJournal(cs, e); err != nil {
				return err
			}
			fmt.Fprintf(io.Out, "Read page %d of %s (%s) and share an experience it reminds you of.\n", page, book.Title, book.Edition)
			fmt.Fprintf(io.Out, "Added it to %s as a reflection to talk over; once you write your insights there, it counts as a session.\n", mentoring.JournalFile)
			return nil
		},
	}
}
