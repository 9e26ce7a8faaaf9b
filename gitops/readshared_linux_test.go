package gitops

import (
	"os"
	"strings"
	"testing"
	"time"
)

func TestReadingACachedDraftAgainMapsItOnce(t *testing.T) {
	r := newRepo(t)
	big := strings.Repeat("One sentence per line, as a case study is written.\n", 4000) // 200 KB
	write(t, r, "case-study.md", big)
	sha, err := r.CommitAll("draft", ana, time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	read := func() {
		t.Helper()
		if text, ok, err := r.ReadFile(sha, "case-study.md"); err != nil || !ok || text != big {
			t.Fatalf("ReadFile = %d bytes, %v, %v", len(text), ok, err)
		}
	}
	read() // fills the cache
	read() // maps the cached copy
	before := mappings(t)
	for range 500 {
		read()
	}
	if after := mappings(t); after > before+2 {
		t.Errorf("500 reads of one cached draft added %d memory mappings", after-before)
	}
}

func mappings(t *testing.T) int {
	t.Helper()
	data, err := os.ReadFile("/proc/self/maps")
	if err != nil {
		t.Skip("no /proc/self/maps:", err)
	}
	return strings.Count(string(data), "\n")
}
