package cmd

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/less-trainers/casestudy/internal/atomicfile"
	"github.com/less-trainers/casestudy/prose"
	"github.com/less-trainers/casestudy/review"
	"github.com/urfave/cli/v2"
)

type diffOptions struct {
	IO        *streams
	CaseStudy func() (*review.CaseStudy, error)

	Versions []string // none, A, or A and B
	HTML     string
	Stat     bool
	JSON     jsonOptions
}

func newCmdDiff(f *factory, runF func(*diffOptions) error) *cli.Command {
	opts := &diffOptions{IO: f.IO, CaseStudy: f.CaseStudy}
	return &cli.Command{
		Name:      "diff",
		Usage:     "compare two drafts, or a draft and your unsaved text, word by word",
		ArgsUsage: "[A [B]]",
		Description: `A and B are draft numbers or tags (3 or draft-3). With no argument, the last
draft is compared with the working tree; with one, that draft with the working
tree. On a terminal changes are coloured; otherwise they are marked as git does:
[-removed-]{+added+}.

Examples:
  casestudy diff               # what you changed since the last save
  casestudy diff 2 3
  casestudy diff 1 4 --stat
  casestudy diff 2 3 --html redline.html   # a redline to read in a browser`,
		Flags: append([]cli.Flag{
			&cli.StringFlag{Name: "html", Usage: "write the redline as one HTML page to `FILE`"},
			&cli.BoolFlag{Name: "stat", Usage: "only count the words added and removed per file"},
		}, jsonFlags(diffJSON{})...),
		Action: func(c *cli.Context) error {
			if err := maxArgs(c, 2); err != nil {
				return err
			}
			opts.Versions = c.Args().Slice()
			opts.HTML = c.String("html")
			opts.Stat = c.Bool("stat")
			opts.JSON = readJSONFlags(c)
			if runF != nil {
				return runF(opts)
			}
			return runDiff(context.Background(), opts)
		},
	}
}

func runDiff(_ context.Context, opts *diffOptions) error {
	io := opts.IO
	cs, err := opts.CaseStudy()
	if err != nil {
		return err
	}
	a, b, err := diffVersions(cs, opts.Versions)
	if err != nil {
		return err
	}
	switch {
	case opts.JSON.Wanted:
		return writeDiffJSON(io, opts.JSON, cs, a, b, opts.Stat)
	case opts.HTML != "":
		return writeRedline(io, cs, a, b, opts.HTML)
	case opts.Stat:
		return writeStat(io, cs, a, b)
	}
	files, err := cs.Diff(a, b, false)
	if err != nil {
		return err
	}
	io.startPager()
	for _, f := range files {
		opts := prose.TextOptions{Color: io.color, Context: 3}
		if err := prose.WriteText(io.Out, f.Path, a.Label, b.Label, f.Segments, opts); err != nil {
			return err
		}
	}
	return nil
}

// diffVersions turns the arguments into the two versions to compare.
func diffVersions(cs *review.CaseStudy, args []string) (a, b review.Version, err error) {
	b = review.WorkTree
	switch len(args) {
	case 0:
		last, _, ok, err := cs.LastDraft()
		if err != nil {
			return a, b, err
		}
		if !ok {
			a, err = cs.LastCommit()
			return a, b, err
		}
		return last.Version(), b, nil
	case 2:
		if b, err = cs.DraftVersion(args[1]); err != nil {
			return a, b, err
		}
	}
	a, err = cs.DraftVersion(args[0])
	return a, b, err
}

func writeStat(io *streams, cs *review.CaseStudy, a, b review.Version) error {
	files, err := cs.Diff(a, b, true)
	if err != nil {
		return err
	}
	var added, removed int
	for _, f := range files {
		ad, rm := prose.Stat(f.Segments)
		added += ad
		removed += rm
		fmt.Fprintf(io.Out, "%s\t+%d/-%d words\n", f.Path, ad, rm)
	}
	fmt.Fprintf(io.Out, "%s → %s: +%d/-%d words\n", a.Label, b.Label, added, removed)
	return nil
}

// writeRedline writes the HTML page next to nothing it could harm: only to
// a .html file, replaced whole through a temporary file.
func writeRedline(io *streams, cs *review.CaseStudy, a, b review.Version, path string) error {
	ext := strings.ToLower(filepath.Ext(path))
	if ext != ".html" && ext != ".htm" {
		return usagef("--html %s: the redline is written only to a file ending in .html", path)
	}
	files, err := cs.Diff(a, b, true)
	if err != nil {
		return err
	}
	var page bytes.Buffer
	if err := prose.WriteRedline(&page, cs.Config.Title, a.Label, b.Label, files); err != nil {
		return err
	}
	if err := atomicfile.Write(path, page.Bytes()); err != nil {
		return err
	}
	var added, removed int
	for _, f := range files {
		ad, rm := prose.Stat(f.Segments)
		added += ad
		removed += rm
	}
	fmt.Fprintf(io.Out, "Wrote %s: %s → %s, +%d/-%d words\n", path, a.Label, b.Label, added, removed)
	return nil
}

// diffJSON is what diff --json prints: per file the words added and
// removed (guidance left out) and, without --stat, the segments of the full
// text.
type diffJSON struct {
	From    string         `json:"from"`
	To      string         `json:"to"`
	Added   int            `json:"words_added"`
	Removed int            `json:"words_removed"`
	Files   []diffFileJSON `json:"files"`
}

type diffFileJSON struct {
	Path     string            `json:"path"`
	Added    int               `json:"words_added"`
	Removed  int               `json:"words_removed"`
	Segments []diffSegmentJSON `json:"segments,omitempty"`
}

type diffSegmentJSON struct {
	Op   string `json:"op"`
	Text string `json:"text"`
}

func writeDiffJSON(io *streams, j jsonOptions, cs *review.CaseStudy, a, b review.Version, stat bool) error {
	words, err := cs.Diff(a, b, true)
	if err != nil {
		return err
	}
	var full []prose.FileDiff
	if !stat {
		if full, err = cs.Diff(a, b, false); err != nil {
			return err
		}
	}
	out := diffJSON{From: a.Label, To: b.Label, Files: []diffFileJSON{}}
	for i, wd := range words {
		f := diffFileJSON{Path: wd.Path}
		f.Added, f.Removed = prose.Stat(wd.Segments)
		out.Added += f.Added
		out.Removed += f.Removed
		if full != nil {
			f.Segments = []diffSegmentJSON{}
			for _, s := range full[i].Segments {
				f.Segments = append(f.Segments, diffSegmentJSON{Op: strings.ToLower(s.Op.String()), Text: s.Text})
			}
		}
		out.Files = append(out.Files, f)
	}
	return j.write(io, out)
}
