package prose

import (
	"io"
	"testing"
	"time"
)

// The drafts are made once: a case study of 30,000 words, one sentence per
// line, and the same with a few hundred scattered word edits, or another
// case study altogether.
var (
	benchOld       = SampleDraft(1, 30000)
	benchScattered = EditDraft(benchOld, 1, 300)
	benchDifferent = SampleDraft(2, 30000)
)

func benchmarkWordDiff(b *testing.B, old, new string) {
	b.SetBytes(int64(len(old) + len(new)))
	b.ReportAllocs()
	var segs []Segment
	start := time.Now()
	for b.Loop() {
		segs = WordDiff(old, new)
	}
	b.ReportMetric(float64(time.Since(start).Microseconds())/1000/float64(b.N), "ms/op")
	added, removed := Stat(segs)
	b.ReportMetric(float64(added), "words-added")
	b.ReportMetric(float64(removed), "words-removed")
}

func BenchmarkWordDiff30kScattered(b *testing.B) {
	benchmarkWordDiff(b, benchOld, benchScattered)
}

func BenchmarkWordDiff30kDifferent(b *testing.B) {
	benchmarkWordDiff(b, benchOld, benchDifferent)
}

func BenchmarkWriteText30kScattered(b *testing.B) {
	segs := WordDiff(benchOld, benchScattered)
	for b.Loop() {
		if err := WriteText(io.Discard, "case-study.md", "draft 1", "draft 2", segs, TextOptions{Context: 3}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkWriteRedline30kScattered(b *testing.B) {
	files := []FileDiff{{"case-study.md", WordDiff(benchOld, benchScattered)}}
	for b.Loop() {
		if err := WriteRedline(io.Discard, "Case study", "draft 1", "draft 2", files); err != nil {
			b.Fatal(err)
		}
	}
}
