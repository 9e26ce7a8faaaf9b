package prose

import (
	"fmt"
	"io"
	"testing"
)

// The sizes of case study the benchmarks compare: a short one, the usual
// 30,000 words, and two far past any real one. One sentence per line; the
// edited pair has one word edit per hundred words.
var benchSizes = []int{5000, 30000, 100000, 300000}

func benchName(words int) string { return fmt.Sprintf("%dk", words/1000) }

// BenchmarkWordDiff compares a draft with the same draft edited in scattered
// places (what a writer does between two saves), and with an unrelated draft
// (the longest comparison there is).
//
//	go test -run XXX -bench WordDiff ./prose/
func BenchmarkWordDiff(b *testing.B) {
	for _, words := range benchSizes {
		old := SampleDraft(1, words)
		b.Run("scattered/"+benchName(words), func(b *testing.B) {
			benchmarkWordDiff(b, old, EditDraft(old, 1, words/100))
		})
		b.Run("different/"+benchName(words), func(b *testing.B) {
			benchmarkWordDiff(b, old, SampleDraft(2, words))
		})
	}
}

func benchmarkWordDiff(b *testing.B, old, new string) {
	b.SetBytes(int64(len(old) + len(new)))
	b.ReportAllocs()
	var segs []Segment
	for b.Loop() {
		segs = WordDiff(old, new)
	}
	added, removed := Stat(segs)
	b.ReportMetric(float64(added), "words-added")
	b.ReportMetric(float64(removed), "words-removed")
}

// BenchmarkWriteText writes the scattered edits as casestudy diff does.
func BenchmarkWriteText(b *testing.B) {
	for _, words := range benchSizes {
		old := SampleDraft(1, words)
		segs := WordDiff(old, EditDraft(old, 1, words/100))
		b.Run(benchName(words), func(b *testing.B) {
			for b.Loop() {
				if err := WriteText(io.Discard, "case-study.md", "draft 1", "draft 2", segs, TextOptions{Context: 3}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkWriteRedline30kScattered(b *testing.B) {
	old := SampleDraft(1, 30000)
	files := []FileDiff{{"case-study.md", WordDiff(old, EditDraft(old, 1, 300))}}
	for b.Loop() {
		if err := WriteRedline(io.Discard, "Case study", "draft 1", "draft 2", files); err != nil {
			b.Fatal(err)
		}
	}
}
