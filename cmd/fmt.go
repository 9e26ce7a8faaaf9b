package cmd

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/less-trainers/casestudy/internal/atomicfile"
	"github.com/less-trainers/casestudy/prose"
	"github.com/less-trainers/casestudy/review"
	"github.com/urfave/cli/v2"
)

type fmtOptions struct {
	IO        *streams
	CaseStudy func() (*review.CaseStudy, error)

	Paths []string // files and directories; none for the case study's documents
	Check bool
}

func newCmdFmt(f *factory, runF func(*fmtOptions) error) *cli.Command {
	opts := &fmtOptions{IO: f.IO, CaseStudy: f.CaseStudy}
	return &cli.Command{
		Name:      "fmt",
		Usage:     "put each sentence on a line of its own (semantic line breaks)",
		ArgsUsage: "[FILE|DIR...]",
		Description: `One sentence per line (https://sembr.org) makes review comments and word
diffs point at single sentences, and renders exactly as before. fmt only adds
line breaks after sentences that end inside a line; it never joins lines, so
breaks you chose stay. It leaves code blocks, tables, headings, front matter,
HTML and comments as they are, and does not break after abbreviations such as
e.g., i.e., Dr. or Fig., nor inside numbers, links or code.

With no argument it formats the documents casestudy.yaml names; otherwise the
Markdown files given, and the Markdown files in the directories given.
--check writes nothing: it names the files that need it and fails, for CI.

Examples:
  casestudy fmt
  casestudy fmt --check
  casestudy fmt blog/ notes.md`,
		Flags: []cli.Flag{
			&cli.BoolFlag{Name: "check", Usage: "change nothing; list the files that need it and exit 1 if any do"},
		},
		Action: func(c *cli.Context) error {
			opts.Paths = c.Args().Slice()
			opts.Check = c.Bool("check")
			if runF != nil {
				return runF(opts)
			}
			return runFmt(context.Background(), opts)
		},
	}
}

func runFmt(_ context.Context, opts *fmtOptions) error {
	io := opts.IO
	if len(opts.Paths) > 0 {
		files, err := markdownFiles(opts.Paths)
		if err != nil {
			return err
		}
		return formatFiles(io, files, opts.Check)
	}
	cs, err := opts.CaseStudy()
	if err != nil {
		return err
	}
	if !opts.Check {
		// The documents are rewritten: not while another command
		// (an apply, a save) reads or writes them.
		unlock, err := cs.Repo.Lock()
		if err != nil {
			return err
		}
		defer unlock()
	}
	return formatFiles(io, documentFiles(io, cs), opts.Check)
}

// documentFiles are the case study's documents, as they are shown:
// relative to where the command runs.
func documentFiles(io *streams, cs *review.CaseStudy) []string {
	var files []string
	for _, d := range cs.Config.Documents {
		p := filepath.Join(cs.Root, filepath.FromSlash(d))
		if _, err := os.Stat(p); errors.Is(err, os.ErrNotExist) {
			fmt.Fprintf(io.Err, "casestudy: note: %s names %s, which does not exist; skipped\n", review.ConfigFile, d)
			continue
		}
		files = append(files, relPath(p))
	}
	return files
}

// markdownFiles are the files to format given as arguments, as given,
// directories walked for Markdown files.
func markdownFiles(args []string) ([]string, error) {
	var files []string
	for _, a := range args {
		fi, err := os.Stat(a)
		if err != nil {
			return nil, fmt.Errorf("%s: no such file or directory", a)
		}
		if !fi.IsDir() {
			if !isMarkdown(a) {
				return nil, usagef("fmt: %s is not a Markdown file (.md or .markdown)", a)
			}
			files = append(files, a)
			continue
		}
		err = filepath.WalkDir(a, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && p != a && (strings.HasPrefix(d.Name(), ".") || d.Name() == "node_modules") {
				return filepath.SkipDir
			}
			if !d.IsDir() && d.Type().IsRegular() && isMarkdown(p) {
				files = append(files, p)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return files, nil
}

func isMarkdown(path string) bool {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".md", ".markdown", ".mdown", ".mkd":
		return true
	}
	return false
}

func formatFiles(io *streams, files []string, check bool) error {
	changed, lines := 0, 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		in := string(data)
		out := prose.SemanticBreaks(in)
		if out == in {
			continue
		}
		// A last guard for "never loses a word": only white space and the
		// ">" that continues a quotation may differ.
		if !sameWords(in, out) {
			return fmt.Errorf("fmt would change the words of %s, which it never should; nothing was written (please report this)", f)
		}
		changed++
		lines += strings.Count(out, "\n") - strings.Count(in, "\n")
		fmt.Fprintln(io.Out, f)
		if !check {
			if err := atomicfile.Write(f, []byte(out)); err != nil {
				return err
			}
		}
	}
	breaks := review.Plural(lines, "line break", "line breaks")
	switch {
	case check && changed > 0:
		what := review.Plural(changed, "file needs", "files need")
		if changed < len(files) {
			what = fmt.Sprintf("%d of %d files need", changed, len(files))
		}
		return fmt.Errorf("%s semantic line breaks (%s to add); run: casestudy fmt", what, breaks)
	case changed > 0:
		in := review.Plural(changed, "file", "files")
		if changed < len(files) {
			in = fmt.Sprintf("%d of %d files", changed, len(files))
		}
		fmt.Fprintf(io.Err, "Added %s in %s: one sentence per line now.\n", breaks, in)
	default:
		fmt.Fprintf(io.Err, "%s checked: one sentence per line already.\n", review.Plural(len(files), "file", "files"))
	}
	return nil
}

func sameWords(a, b string) bool {
	wa, wb := fmtWords(a), fmtWords(b)
	if len(wa) != len(wb) {
		return false
	}
	for i := range wa {
		if wa[i] != wb[i] {
			return false
		}
	}
	return true
}

func fmtWords(s string) []string {
	var out []string
	for _, w := range strings.Fields(s) {
		if strings.Trim(w, ">") != "" {
			out = append(out, w)
		}
	}
	return out
}
