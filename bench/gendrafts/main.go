// Command gendrafts writes two drafts of a made-up case study, a.md and b.md,
// for benchmarks: b.md is a.md with scattered word edits, or with -different
// another case study altogether. The same flags always give the same files.
//
//	go run ./bench/gendrafts -words 30000 -edits 300 -seed 1 -out DIR
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/less-trainers/casestudy/prose"
)

func main() {
	words := flag.Int("words", 30000, "words in each draft")
	edits := flag.Int("edits", 300, "word edits from a.md to b.md")
	seed := flag.Uint64("seed", 1, "seed of the made-up text")
	different := flag.Bool("different", false, "make b.md an unrelated draft instead of an edit of a.md")
	out := flag.String("out", ".", "directory to write a.md and b.md in")
	flag.Parse()

	a := prose.SampleDraft(*seed, *words)
	b := prose.EditDraft(a, *seed, *edits)
	if *different {
		b = prose.SampleDraft(*seed+1, *words)
	}
	for name, text := range map[string]string{"a.md": a, "b.md": b} {
		if err := os.WriteFile(filepath.Join(*out, name), []byte(text), 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "gendrafts:", err)
			os.Exit(1)
		}
	}
}
