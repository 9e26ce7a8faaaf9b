package cmd

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/less-trainers/casestudy/mentoring"
	"github.com/less-trainers/casestudy/prose"
	"github.com/less-trainers/casestudy/review"
	"github.com/urfave/cli/v2"
)

type reflectOptions struct {
	IO        *streams
	CaseStudy func() (*review.CaseStudy, error)

	Book string // a book's key; "" for any
	Seed *int64 // nil: a new page each time
}

func newCmdReflect(f *factory, runF func(*reflectOptions) error) *cli.Command {
	opts := &reflectOptions{IO: f.IO, CaseStudy: f.CaseStudy}
	return &cli.Command{
		Name:  "reflect",
		Usage: "pick a random page of a LeSS book to talk over in your next mentoring conversation",
		Description: `Picks a page of one of the three LeSS books by Craig Larman and Bas Vodde,
every page equally likely (so a longer book comes up more often), or of the
book --book names:

  scaling         Scaling Lean & Agile Development (first edition, Addison-Wesley, 2008), 368 pages
  practices       Practices for Scaling Lean & Agile Development (first edition, Addison-Wesley, 2010), 624 pages
  more-with-less  Large-Scale Scrum: More with LeSS (first edition, Addison-Wesley, 2016), about 368 pages

Read the page, and bring an experience it reminds you of to your next
conversation with your mentor. The page goes on the list "To talk over" in
mentoring/journal.md, where casestudy journal add makes it a topic of the
conversation it records. Reflecting is preparation, not a conversation: it
records none. Picking again replaces the page still waiting on the list.

Your edition may have other page counts; give them in casestudy.yaml:
  books:
    scaling: 368
    practices: 624
    more-with-less: 368

Examples:
  casestudy reflect
  casestudy reflect --book practices
  casestudy reflect --seed 7   # the same page every time, for scripts and tests`,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "book", Usage: "pick from this book only: `KEY` is scaling, practices or more-with-less"},
			&cli.Int64Flag{Name: "seed", Usage: "pick with this `NUMBER` as the random seed, the same page each time"},
		},
		Action: func(c *cli.Context) error {
			if err := maxArgs(c, 0); err != nil {
				return err
			}
			if c.IsSet("book") {
				opts.Book = strings.TrimSpace(c.String("book"))
				if !slices.Contains(mentoring.BookKeys(), opts.Book) {
					return usagef("--book %q: the books are %s", opts.Book, strings.Join(mentoring.BookKeys(), ", "))
				}
			}
			if c.IsSet("seed") {
				seed := c.Int64("seed")
				opts.Seed = &seed
			}
			if runF != nil {
				return runF(opts)
			}
			return runReflect(context.Background(), opts)
		},
	}
}

func runReflect(_ context.Context, opts *reflectOptions) error {
	io := opts.IO
	cs, err := opts.CaseStudy()
	if err != nil {
		return err
	}
	books, err := mentoring.Books(cs.Config.Books)
	if err != nil {
		return err
	}
	if opts.Book != "" {
		books = slices.DeleteFunc(books, func(b mentoring.Book) bool { return b.Key != opts.Book })
	}
	r := rand.New(rand.NewPCG(rand.Uint64(), rand.Uint64()))
	if opts.Seed != nil {
		r = rand.New(rand.NewPCG(uint64(*opts.Seed), 0))
	}
	book, page := mentoring.Pick(books, r)
	unlock, err := cs.Repo.Lock()
	if err != nil {
		return err
	}
	defer unlock()
	replaced, err := mentoring.ProposeTopic(cs.Root, mentoring.ReflectionTopic(book, page))
	if err != nil {
		return err
	}
	fmt.Fprintf(io.Out, "Read page %d of %s (%s), and bring an experience it reminds you of to your next conversation with your mentor.\n", page, book.Title, book.Edition)
	fmt.Fprintf(io.Out, "It is on the list to talk over in %s; casestudy journal add records the conversation, with the page as a topic.\n", mentoring.JournalFile)
	for _, r := range replaced {
		fmt.Fprintf(io.Out, "It replaces %s there.\n", prose.Clean(strings.TrimPrefix(r, mentoring.ReflectionPrefix)))
	}
	return nil
}
