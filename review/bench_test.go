package review

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/less-trainers/casestudy/prose"
)

// benchCaseStudy makes a case study with n drafts of a ~30,000-word
// document, each a few edits from the last.
func benchCaseStudy(b *testing.B, n int) *CaseStudy {
	b.Helper()
	home := b.TempDir()
	b.Setenv("HOME", home)
	b.Setenv("XDG_CONFIG_HOME", home)
	b.Setenv("GIT_AUTHOR_NAME", "Ana Silva")
	b.Setenv("GIT_AUTHOR_EMAIL", "ana@example.com")
	cfg := &Config{Title: "Bench", Mentee: Person{Name: "Ana", Email: "ana@example.com"}, Mentor: Person{GitHub: "bob"},
		Reviewers: []Person{{GitHub: "craig"}}, Documents: []string{"case-study.md"}}
	cs, err := Create(filepath.Join(b.TempDir(), "cs"), cfg, time.Now())
	if err != nil {
		b.Fatal(err)
	}
	text := prose.SampleDraft(1, 30000)
	for i := 1; i <= n; i++ {
		text = prose.EditDraft(text, uint64(i), 3)
		if err := os.WriteFile(filepath.Join(cs.Root, "case-study.md"), []byte(text), 0o644); err != nil {
			b.Fatal(err)
		}
		if _, err := cs.Save(fmt.Sprintf("draft %d", i), time.Now()); err != nil {
			b.Fatal(err)
		}
	}
	return cs
}

// The spec's bar: status and drafts on a repository with 300 drafts well
// under 100 ms. Run with: go test -bench 300Drafts -run XXX ./review/
func Benchmark300Drafts(b *testing.B) {
	cs := benchCaseStudy(b, 300)
	b.Run("drafts", func(b *testing.B) {
		for b.Loop() {
			cs, err := Open(cs.Root)
			if err != nil {
				b.Fatal(err)
			}
			if ds, err := cs.Drafts(); err != nil || len(ds) != 300 {
				b.Fatalf("Drafts = %d, %v", len(ds), err)
			}
		}
	})
	b.Run("status", func(b *testing.B) {
		for b.Loop() {
			cs, err := Open(cs.Root)
			if err != nil {
				b.Fatal(err)
			}
			if st, err := cs.Status(); err != nil || st.Drafts != 300 {
				b.Fatalf("Status = %d, %v", st.Drafts, err)
			}
		}
	})
}
