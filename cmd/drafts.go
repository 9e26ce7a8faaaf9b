package cmd

import (
	"encoding/json"
	"fmt"
	"text/tabwriter"

	"github.com/urfave/cli/v2"
)

func draftsCommand(io *streams) *cli.Command {
	return &cli.Command{
		Name:  "drafts",
		Usage: "list the saved drafts with their word counts",
		Description: `Lists every draft: number, date, words, words added and removed since the
previous draft, and its message.

Examples:
  casestudy drafts
  casestudy drafts --json`,
		Flags: []cli.Flag{jsonFlag()},
		Action: func(c *cli.Context) error {
			if err := maxArgs(c, 0); err != nil {
				return err
			}
			cs, err := openCaseStudy()
			if err != nil {
				return err
			}
			drafts, err := cs.Drafts()
			if err != nil {
				return err
			}
			if c.Bool("json") {
				return writeJSON(io, drafts)
			}
			if len(drafts) == 0 {
				fmt.Fprintln(io.Out, `No drafts yet. Save one with: casestudy save -m "first draft"`)
				return nil
			}
			tw := tabwriter.NewWriter(io.Out, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "DRAFT\tDATE\tWORDS\tCHANGE\tROUND\tMESSAGE")
			for _, d := range drafts {
				round := "-"
				if d.Round > 0 {
					round = fmt.Sprint(d.Round)
				}
				fmt.Fprintf(tw, "%d\t%s\t%d\t+%d/-%d\t%s\t%s\n", d.Number, d.When.Local().Format("2006-01-02 15:04"),
					d.Words, d.Added, d.Removed, round, d.Message)
			}
			return tw.Flush()
		},
	}
}

func jsonFlag() cli.Flag {
	return &cli.BoolFlag{Name: "json", Usage: "print JSON for scripts"}
}

func writeJSON(io *streams, v any) error {
	enc := json.NewEncoder(io.Out)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false) // text for scripts, not for a web page
	return enc.Encode(v)
}
