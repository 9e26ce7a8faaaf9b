package githubtest

import "testing"

// Two hunks of a one-file diff: lines 1-5 (line 2 changed) and 25-30
// (line 28 changed), with three lines of context.
const twoHunks = `diff --git a/notes.md b/notes.md
index 1111111..2222222 100644
--- a/notes.md
+++ b/notes.md
@@ -1,5 +1,5 @@
 note 1
-note 2
+note two
 note 3
 note 4
 note 5
@@ -25,6 +25,7 @@ note 24
 note 25
 note 26
 note 27
-note 28
+note twenty-eight
+note 28b
 note 29
 note 30
`

func TestParseAndLocate(t *testing.T) {
	h := parseHunks(twoHunks)
	if len(h) != 2 || h[0].newStart != 1 || h[0].newLines != 5 || h[1].oldStart != 25 || h[1].newLines != 7 || h[1].pos != 7 {
		t.Fatalf("hunks = %+v", h)
	}
	for _, tc := range []struct {
		side     string
		line     int
		ok       bool
		hunk, at int
	}{
		{sideRight, 1, true, 0, 0},
		{sideRight, 2, true, 0, 2}, // the '+' line, after the '-' line
		{sideLeft, 2, true, 0, 1},
		{sideRight, 5, true, 0, 5},
		{sideRight, 6, false, 0, 0},
		{sideRight, 24, false, 0, 0},
		{sideRight, 29, true, 1, 5}, // "note 28b"
		{sideRight, 31, true, 1, 7},
		{sideRight, 32, false, 0, 0},
		{sideLeft, 28, true, 1, 3},
		{sideLeft, 31, false, 0, 0},
	} {
		hi, li, ok := locate(h, tc.side, tc.line)
		if ok != tc.ok || (ok && (hi != tc.hunk || li != tc.at)) {
			t.Errorf("locate(%s, %d) = %d,%d,%v; want %d,%d,%v", tc.side, tc.line, hi, li, ok, tc.hunk, tc.at, tc.ok)
		}
	}
	// Positions count from the first header and include later headers.
	if p := position(h, 1, 0); p != 8 {
		t.Errorf("position of the second hunk's first line = %d, want 8", p)
	}
	if side, line, ok := atPosition(h, 8); !ok || side != sideRight || line != 25 {
		t.Errorf("atPosition(8) = %s %d %v", side, line, ok)
	}
	if side, line, ok := atPosition(h, 2); !ok || side != sideLeft || line != 2 {
		t.Errorf("atPosition(2) = %s %d %v", side, line, ok)
	}
	if _, _, ok := atPosition(h, 7); ok {
		t.Error("atPosition on a hunk header succeeded")
	}
	if got := diffHunk(h, 0, 2); got != "@@ -1,5 +1,5 @@\n note 1\n-note 2\n+note two" {
		t.Errorf("diffHunk = %q", got)
	}
	if parseHunks("diff --git a/a b/a\n@@ -1 +1 @@\n-a\n+b\ndiff --git a/b b/b\n@@ -1 +1 @@\n-a\n+b\n") != nil {
		t.Error("a two-file diff gave hunks")
	}
}

func TestFollowLine(t *testing.T) {
	// Zero-context diff: insert 1 line at the top, change old line 3,
	// delete old lines 7-8, insert 2 lines after old line 10.
	h := parseHunks("@@ -0,0 +1 @@\n+top\n@@ -3 +4 @@\n-c\n+C\n@@ -7,2 +7,0 @@\n-g\n-h\n@@ -10,0 +11,2 @@\n+x\n+y\n")
	for _, tc := range []struct{ old, new int }{
		{1, 2}, {2, 3}, {3, 0}, {4, 5}, {6, 7}, {7, 0}, {8, 0}, {9, 8}, {10, 9}, {11, 12},
	} {
		got, ok := followLine(h, tc.old)
		if want := tc.new != 0; ok != want || (ok && got != tc.new) {
			t.Errorf("followLine(%d) = %d,%v; want %d", tc.old, got, ok, tc.new)
		}
	}
}
