package cmd

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/less-trainers/casestudy/prose"
	"github.com/less-trainers/casestudy/review"
	"github.com/urfave/cli/v2"
)

type exportOptions struct {
	IO        *streams
	CaseStudy func() (*review.CaseStudy, error)

	HTML string // the page's file; "" for export/case-study.html in the case study
}

func newCmdExport(f *factory, runF func(*exportOptions) error) *cli.Command {
	opts := &exportOptions{IO: f.IO, CaseStudy: f.CaseStudy}
	return &cli.Command{
		Name:  "export",
		Usage: "write the case study as one self-contained HTML page",
		Description: `The page has the title, the author, the theme and the organisation on top,
then the documents casestudy.yaml names, rendered from Markdown (GitHub's
tables, task lists and footnotes included) without the guidance comments, in
a typography made for reading and printing. It needs nothing else to open:
send it, print it, put it on a website.

It exports the text as it is in the working tree, saved or not. The default
file, export/case-study.html in the case study, is ignored by git; publish
writes it too.

Examples:
  casestudy export
  casestudy export --html ~/Desktop/acme-case-study.html`,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "html", Usage: "write the page to `FILE` (default: export/case-study.html in the case study)"},
		},
		Action: func(c *cli.Context) error {
			if err := maxArgs(c, 0); err != nil {
				return err
			}
			opts.HTML = c.String("html")
			if ext := strings.ToLower(filepath.Ext(opts.HTML)); opts.HTML != "" && ext != ".html" && ext != ".htm" {
				return usagef("--html %s: the export is written only to a file ending in .html", opts.HTML)
			}
			if runF != nil {
				return runF(opts)
			}
			return runExport(context.Background(), opts)
		},
	}
}

func runExport(_ context.Context, opts *exportOptions) error {
	io := opts.IO
	path := opts.HTML
	if path != "" {
		if fi, err := os.Stat(path); err == nil && fi.IsDir() {
			return usagef("--html %s is a directory; name the file, e.g. %s", path, filepath.Join(path, "case-study.html"))
		}
		// A typo in the directory should not quietly make a new one.
		if fi, err := os.Stat(filepath.Dir(path)); err != nil || !fi.IsDir() {
			return fmt.Errorf("--html %s: there is no directory %s", path, filepath.Dir(path))
		}
	}
	cs, err := opts.CaseStudy()
	if err != nil {
		return err
	}
	shown := path
	if path == "" {
		path = filepath.Join(cs.Root, review.ExportDir, "case-study.html")
		shown = relPath(path)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return err
	}
	if left, err := cs.LeftoverPlaceholders(); err == nil && len(left) > 0 {
		fmt.Fprintf(io.Err, "casestudy: note: %s still the template's placeholder text (%s)\n",
			review.Plural(len(left), "line is", "lines are"), strings.Join(left[:min(3, len(left))], ", "))
	}
	if _, err := cs.Export(abs); err != nil {
		return err
	}
	words := 0
	for _, d := range cs.Config.Documents {
		if text, ok, err := cs.Repo.ReadWorkFile(d); err == nil && ok {
			words += prose.CountWords(text)
		}
	}
	fmt.Fprintf(io.Out, "Wrote %s: %q, %s.\n", shown, cs.Config.Title, review.Plural(words, "word", "words"))
	return nil
}
