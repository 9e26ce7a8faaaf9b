package prose

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"
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

func TestPrintableAgreesWithRuneByRune(t *testing.T) {
	for _, s := range []string{
		"", "plain text of some length, more than eight bytes", "tab\there is fine",
		"bell\a", "0123456\x1b[31m", "01234567\x7f", "C1 \xc2\x85 next line", "£ pound \xc2\xa3",
		"ends with \xc2", "\xc2\x9f", "é and ü are fine, so is — and “quotes”", "1234567\r\n",
		"stray \xc2 byte", "w\xc2 x", "truncated \xe2\x82 rune", "lone \x9b CSI", "a real \ufffd is fine",
	} {
		for cut := 0; cut <= len(s); cut++ { // every alignment
			if got, want := printable(s[cut:]), printableRunes(s[cut:]); got != want {
				t.Errorf("printable(%q) = %v, rune by rune %v", s[cut:], got, want)
			}
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := []byte("ab \t\n\r\x00\x1f\x20\x7e\x7f\x80\x9f\xa0\xbf\xc1\xc2\xc3\xe2\xef\xf0\xff")
	for range 50000 {
		b := make([]byte, rng.IntN(24))
		for i := range b {
			b[i] = alphabet[rng.IntN(len(alphabet))]
		}
		if got, want := printable(string(b)), printableRunes(string(b)); got != want {
			t.Fatalf("printable(%q) = %v, rune by rune %v", b, got, want)
		}
	}
}

// printableRunes is printable a rune at a time.
func printableRunes(s string) bool {
	for i, r := range s {
		if _, n := utf8.DecodeRuneInString(s[i:]); r == utf8.RuneError && n == 1 || isControl(r) {
			return false
		}
	}
	return true
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
