package prose

import (
	"strings"
	"testing"
)

func TestWriteTextPlain(t *testing.T) {
	tests := []struct {
		name     string
		old, new string
		context  int
		want     string
	}{
		{
			name:    "no change writes nothing",
			old:     "Same.\n",
			new:     "Same.\n",
			context: 3,
			want:    "",
		},
		{
			name:    "word changed",
			old:     "# Title\n\nThe team met daily.\nThey talked.\n",
			new:     "# Title\n\nThe team met weekly.\nThey talked.\n",
			context: 1,
			want: "--- case-study.md (draft 1)\n+++ case-study.md (draft 2)\n" +
				"@@ line 2 @@\n" +
				"\n" +
				"The team met [-daily.-]{+weekly.+}\n" +
				"They talked.\n",
		},
		{
			name:    "far apart changes make two hunks",
			old:     "a\nb\nc\nd\ne\nf\ng\nh\n",
			new:     "A\nb\nc\nd\ne\nf\ng\nH\n",
			context: 1,
			want: "--- case-study.md (draft 1)\n+++ case-study.md (draft 2)\n" +
				"@@ line 1 @@\n" +
				"[-a-]{+A+}\n" +
				"b\n" +
				"@@ line 7 @@\n" +
				"g\n" +
				"[-h-]{+H+}\n",
		},
		{
			name:    "near changes share a hunk",
			old:     "a\nb\nc\nd\ne\n",
			new:     "A\nb\nc\nD\ne\n",
			context: 1,
			want: "--- case-study.md (draft 1)\n+++ case-study.md (draft 2)\n" +
				"@@ line 1 @@\n" +
				"[-a-]{+A+}\n" +
				"b\n" +
				"c\n" +
				"[-d-]{+D+}\n" +
				"e\n",
		},
		{
			name:    "whole lines deleted and inserted",
			old:     "Keep.\nGone one.\nGone two.\nKeep too.\n",
			new:     "Keep.\nKeep too.\nNew line.\n",
			context: 0,
			want: "--- case-study.md (draft 1)\n+++ case-study.md (draft 2)\n" +
				"@@ line 2 @@\n" +
				"[-Gone one.-]\n" +
				"[-Gone two.-]\n" +
				"@@ line 3 @@\n" +
				"{+New line.+}\n",
		},
		{
			name:    "control characters are not written",
			old:     "Plain.\r\n",
			new:     "Bell\a and \x1b[2J.\r\n",
			context: 3,
			want: "--- case-study.md (draft 1)\n+++ case-study.md (draft 2)\n" +
				"@@ line 1 @@\n" +
				"[-Plain.-]{+Bell\uFFFD and \uFFFD[2J.+}\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b strings.Builder
			err := WriteText(&b, "case-study.md", "draft 1", "draft 2", WordDiff(tt.old, tt.new), TextOptions{Context: tt.context})
			if err != nil {
				t.Fatal(err)
			}
			if got := b.String(); got != tt.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

func TestWriteTextColor(t *testing.T) {
	var b strings.Builder
	segs := WordDiff("The team met daily.\nGone.\n", "The team met weekly.\n")
	if err := WriteText(&b, "case-study.md", "draft 1", "working tree", segs, TextOptions{Color: true, Context: 3}); err != nil {
		t.Fatal(err)
	}
	got := b.String()
	for _, want := range []string{
		"\x1b[1m--- case-study.md (draft 1)\x1b[m\n",
		"\x1b[1m+++ case-study.md (working tree)\x1b[m\n",
		"\x1b[36m@@ line 1 @@\x1b[m\n",
		"The team met \x1b[31;9mdaily.\x1b[m\x1b[32mweekly.\x1b[m\n",
		"\x1b[31;9mGone.\x1b[m\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("colour output lacks %q:\n%q", want, got)
		}
	}
	for _, marker := range []string{"[-", "-]", "{+", "+}"} {
		if strings.Contains(got, marker) {
			t.Errorf("colour output has marker %q:\n%q", marker, got)
		}
	}
}

func TestWriteTextKeepsBlanksOutsideMarkers(t *testing.T) {
	var b strings.Builder
	segs := WordDiff("We began in March.\nEight teams met.\n", "We began slowly in March.\nTeams met.\n")
	if err := WriteText(&b, "cs.md", "draft 1", "draft 2", segs, TextOptions{Context: 3}); err != nil {
		t.Fatal(err)
	}
	want := "--- cs.md (draft 1)\n+++ cs.md (draft 2)\n@@ line 1 @@\nWe began {+slowly+} in March.\n[-Eight teams-]{+Teams+} met.\n"
	if b.String() != want {
		t.Errorf("got:\n%s\nwant:\n%s", b.String(), want)
	}
}

func TestWriteTextLineNumbers(t *testing.T) {
	var b strings.Builder
	segs := WordDiff("one\ntwo\nthree\n", "one\nthree\nfour\n")
	if err := WriteText(&b, "f.md", "a", "b", segs, TextOptions{Context: 3, LineNumbers: true}); err != nil {
		t.Fatal(err)
	}
	want := "--- f.md (a)\n+++ f.md (b)\n@@ line 1 @@\n    1  one\n       [-two-]\n    2  three\n    3  {+four+}\n"
	if b.String() != want {
		t.Errorf("got:\n%s\nwant:\n%s", b.String(), want)
	}
}

func TestSanitize(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"", ""},
		{"tab\there is fine", "tab\there is fine"},
		{"bell\a", "bell\ufffd"},
		{"0123456\x1b[31m", "0123456\ufffd[31m"},
		{"01234567\x7f", "01234567\ufffd"},
		{"C1 \xc2\x85 next line", "C1 \ufffd next line"},
		{"£ pound \xc2\xa3", "£ pound £"},
		{"ends with \xc2", "ends with \ufffd"},
		{"crlf\r", "crlf"},
		{"truncated \xe2\x82 rune", "truncated \ufffd\ufffd rune"},
		{"lone \x9b CSI", "lone \ufffd CSI"},
		{"a real \ufffd is fine", "a real \ufffd is fine"},
		{"é and ü are fine, so is — and “quotes”", "é and ü are fine, so is — and “quotes”"},
	} {
		if got := sanitize(c.in); got != c.want {
			t.Errorf("sanitize(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestWriteTextShowsBytesThatAreNotUTF8AsReplacementCharacters(t *testing.T) {
	var b strings.Builder
	if err := WriteText(&b, "p", "x", "y", WordDiff("w\xc2 x\n", "w\xc2\n"), TextOptions{Context: 3}); err != nil {
		t.Fatal(err)
	}
	if want := "--- p (x)\n+++ p (y)\n@@ line 1 @@\nw\ufffd [-x-]\n"; b.String() != want {
		t.Errorf("got %q\nwant %q", b.String(), want)
	}
}

// A paragraph only re-wrapped, as casestudy fmt does it, keeps every word:
// no word is counted as changed, and the diff shows no change.
func TestRewrappedParagraphIsNoWordChange(t *testing.T) {
	old := "# Title\n\nAcme had eight teams and one Product Owner. This is how they found out that was a bottleneck,\n" +
		"and what they did about it. It took them two years.\n\nThe next paragraph stays.\n"
	for _, new := range []string{
		// one sentence per line: a line more
		"# Title\n\nAcme had eight teams and one Product Owner.\nThis is how they found out that was a bottleneck, and what they did about it.\n" +
			"It took them two years.\n\nThe next paragraph stays.\n",
		// the same number of lines, broken elsewhere
		"# Title\n\nAcme had eight teams and one Product Owner. This is how they found out\n" +
			"that was a bottleneck, and what they did about it. It took them two years.\n\nThe next paragraph stays.\n",
		// all on one line
		"# Title\n\nAcme had eight teams and one Product Owner. This is how they found out that was a bottleneck, and what they did about it. It took them two years.\n\nThe next paragraph stays.\n",
	} {
		segs := WordDiff(old, new)
		checkSegments(t, old, new, segs)
		if added, removed := Stat(segs); added != 0 || removed != 0 {
			t.Errorf("re-wrap counted +%d/-%d words: %q", added, removed, segs)
		}
		var b strings.Builder
		if err := WriteText(&b, "case-study.md", "draft 1", "draft 2", segs, TextOptions{Context: 3}); err != nil {
			t.Fatal(err)
		}
		if b.Len() > 0 {
			t.Errorf("a re-wrap shows as a change:\n%s", b.String())
		}
	}
}
