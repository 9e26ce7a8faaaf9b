package review

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/less-trainers/casestudy/prose"
)

// benchHistory is a case study whose drafts are saved as a writer saves
// them: a ~30,000-word document, each draft a few word edits from the last.
type benchHistory struct {
	cs   *CaseStudy
	text string
	n    int
}

func newBenchHistory(b *testing.B) *benchHistory {
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
	return &benchHistory{cs: cs, text: prose.SampleDraft(1, 30000)}
}

// save saves the next draft.
func (h *benchHistory) save(b *testing.B) {
	h.n++
	h.text = prose.EditDraft(h.text, uint64(h.n), 3)
	if err := os.WriteFile(filepath.Join(h.cs.Root, "case-study.md"), []byte(h.text), 0o644); err != nil {
		b.Fatal(err)
	}
	if _, err := h.cs.Save(fmt.Sprintf("draft %d", h.n), time.Now()); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkHistory times what a writer waits for as drafts pile up: drafts,
// status and save with 10, 100 and 1,000 drafts, each opening the case
// study as a command does. Making the 1,000 drafts takes a minute.
// save adds a draft each time it runs, so it is timed on a copy of the
// case study.
//
//	go test -run XXX -bench History ./review/
func BenchmarkHistory(b *testing.B) {
	h := newBenchHistory(b)
	for _, count := range []int{10, 100, 1000} {
		for h.n < count {
			h.save(b)
		}
		b.Run(fmt.Sprintf("drafts/%d", count), func(b *testing.B) {
			for b.Loop() {
				cs, err := Open(h.cs.Root)
				if err != nil {
					b.Fatal(err)
				}
				if ds, err := cs.Drafts(); err != nil || len(ds) != count {
					b.Fatalf("Drafts = %d, %v", len(ds), err)
				}
			}
		})
		b.Run(fmt.Sprintf("status/%d", count), func(b *testing.B) {
			for b.Loop() {
				cs, err := Open(h.cs.Root)
				if err != nil {
					b.Fatal(err)
				}
				if st, err := cs.Status(); err != nil || st.Drafts != count {
					b.Fatalf("Status = %d, %v", st.Drafts, err)
				}
			}
		})
		b.Run(fmt.Sprintf("save/%d", count), func(b *testing.B) {
			copied := &benchHistory{text: h.text, n: h.n}
			dir := filepath.Join(b.TempDir(), "cs")
			if err := os.CopyFS(dir, os.DirFS(h.cs.Root)); err != nil {
				b.Fatal(err)
			}
			cs, err := Open(dir)
			if err != nil {
				b.Fatal(err)
			}
			copied.cs = cs
			for b.Loop() {
				copied.save(b)
			}
		})
	}
}
