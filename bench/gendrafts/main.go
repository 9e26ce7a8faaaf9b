// Command gendrafts writes drafts of a made-up case study for benchmarks:
// two drafts, a.md and b.md, where b.md is a.md with scattered word edits,
// or with -different another case study altogether; or, with -edit FILE,
// the next draft of FILE, written over it. The same flags always give the
// same files.
//
//	go run ./bench/gendrafts -words 30000 -edits 300 -seed 1 -out DIR
//	go run ./bench/gendrafts -edit DIR/case-study.md -edits 3 -seed 7
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
	edit := flag.String("edit", "", "write the next draft of this file over it (-edits word edits)")
	flag.Parse()

	if *edit != "" {
		old, err := os.ReadFile(*edit)
		if err == nil {
			err = os.WriteFile(*edit, []byte(prose.EditDraft(string(old), *seed, *edits)), 0o644)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "gendrafts:", err)
			os.Exit(1)
		}
		return
	}
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
