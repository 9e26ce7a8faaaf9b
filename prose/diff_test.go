package prose

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// checkSegments fails t unless segs rebuild old and new, and are merged:
// no empty text, no two neighbours with the same Op, no insertion before a
// deletion within one change.
func checkSegments(t testing.TB, old, new string, segs []Segment) {
	t.Helper()
	var o, n strings.Builder
	for i, s := range segs {
		if s.Text == "" {
			t.Fatalf("segment %d is empty: %q", i, segs)
		}
		if i > 0 && segs[i-1].Op == s.Op {
			t.Fatalf("segments %d and %d are both %v: %q", i-1, i, s.Op, segs)
		}
		if i > 0 && segs[i-1].Op == Insert && s.Op == Delete {
			t.Fatalf("segment %d deletes after an insertion: %q", i, segs)
		}
		if s.Op != Insert {
			o.WriteString(s.Text)
		}
		if s.Op != Delete {
			n.WriteString(s.Text)
		}
	}
	if o.String() != old {
		t.Fatalf("Equal+Delete gives %q, want old %q", o.String(), old)
	}
	if n.String() != new {
		t.Fatalf("Equal+Insert gives %q, want new %q", n.String(), new)
	}
}

func TestWordDiff(t *testing.T) {
	tests := []struct {
		name, old, new string
		want           []Segment
	}{
		{"both empty", "", "", nil},
		{"from nothing", "", "New text.\n", []Segment{{Insert, "New text.\n"}}},
		{"to nothing", "Old text.\n", "", []Segment{{Delete, "Old text.\n"}}},
		{"same", "Same.\n", "Same.\n", []Segment{{Equal, "Same.\n"}}},
		{"one word", "The team met daily.\n", "The team met weekly.\n",
			[]Segment{{Equal, "The team met "}, {Delete, "daily."}, {Insert, "weekly."}, {Equal, "\n"}}},
		{"word added", "We met.\n", "We all met.\n",
			[]Segment{{Equal, "We "}, {Insert, "all "}, {Equal, "met.\n"}}},
		{"neighbouring replacements join", "a b c\n", "x y c\n",
			[]Segment{{Delete, "a b"}, {Insert, "x y"}, {Equal, " c\n"}}},
		{"replacements on two lines stay apart", "a\nb\n", "x\ny\n",
			[]Segment{{Delete, "a"}, {Insert, "x"}, {Equal, "\n"}, {Delete, "b"}, {Insert, "y"}, {Equal, "\n"}}},
		{"words are never split", "teamwork\n", "teams\n",
			[]Segment{{Delete, "teamwork"}, {Insert, "teams"}, {Equal, "\n"}}},
		{"unicode", "Die Straße ist schön.\n", "Die Straße war schön.\n",
			[]Segment{{Equal, "Die Straße "}, {Delete, "ist"}, {Insert, "war"}, {Equal, " schön.\n"}}},
		{"outside the basic plane", "🙂 ok 日本\n", "🙂 fine 日本\n",
			[]Segment{{Equal, "🙂 "}, {Delete, "ok"}, {Insert, "fine"}, {Equal, " 日本\n"}}},
		{"final newline added", "a\nb", "a\nb\n", []Segment{{Equal, "a\nb"}, {Insert, "\n"}}},
		{"final newline removed", "a\nb\n", "a\nb", []Segment{{Equal, "a\nb"}, {Delete, "\n"}}},
		{"line deleted", "A.\nB.\nC.\n", "A.\nC.\n", []Segment{{Equal, "A.\n"}, {Delete, "B.\n"}, {Equal, "C.\n"}}},
		{"line inserted", "A.\nC.\n", "A.\nB.\nC.\n", []Segment{{Equal, "A.\n"}, {Insert, "B.\n"}, {Equal, "C.\n"}}},
		{"line moved", "A.\nB.\nC.\n", "B.\nC.\nA.\n",
			[]Segment{{Delete, "A.\n"}, {Equal, "B.\nC.\n"}, {Insert, "A.\n"}}},
		{"sentence rewritten and the next one deleted", "The team met daily.\nGone.\n", "The team met weekly.\n",
			[]Segment{{Equal, "The team met "}, {Delete, "daily."}, {Insert, "weekly."}, {Equal, "\n"}, {Delete, "Gone.\n"}}},
		{"rewritten passage is replaced whole", "One old sentence here.\nAnother old one.\n", "The text is new.\n",
			[]Segment{{Delete, "One old sentence here.\nAnother old one.\n"}, {Insert, "The text is new.\n"}}},
		{"lines joined", "One.\nTwo.\n", "One. Two.\n",
			[]Segment{{Equal, "One."}, {Delete, "\n"}, {Insert, " "}, {Equal, "Two.\n"}}},
		{"edited line beside a deleted one", "<!-- guidance that is not counted -->\nEight teams shared one Product Owner.\n", "Nine teams shared one Product Owner, at last.\n",
			[]Segment{{Delete, "<!-- guidance that is not counted -->\nEight"}, {Insert, "Nine"}, {Equal, " teams shared one Product "}, {Delete, "Owner."}, {Insert, "Owner, at last."}, {Equal, "\n"}}},
		{"crlf", "a b\r\nc\r\n", "a x\r\nc\r\n",
			[]Segment{{Equal, "a "}, {Delete, "b"}, {Insert, "x"}, {Equal, "\r\nc\r\n"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := WordDiff(tt.old, tt.new)
			checkSegments(t, tt.old, tt.new, got)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("WordDiff(%q, %q)\n got %q\nwant %q", tt.old, tt.new, got, tt.want)
			}
		})
	}
}

// TestWordDiffDrafts checks the invariant on realistic drafts, and that a
// change never starts or ends inside a word.
func TestWordDiffDrafts(t *testing.T) {
	old := SampleDraft(7, 5000)
	for _, new := range []string{EditDraft(old, 7, 100), SampleDraft(8, 5000), "", old + "More.\n"} {
		segs := WordDiff(old, new)
		checkSegments(t, old, new, segs)
		var o, n int // offsets in old and new
		for _, s := range segs {
			if s.Op != Equal {
				if splitsWord(old, o) || splitsWord(new, n) {
					t.Fatalf("change %q starts inside a word", s.Text)
				}
			}
			if s.Op != Insert {
				o += len(s.Text)
			}
			if s.Op != Delete {
				n += len(s.Text)
			}
			if s.Op != Equal && (splitsWord(old, o) || splitsWord(new, n)) {
				t.Fatalf("change %q ends inside a word", s.Text)
			}
		}
	}
}

func splitsWord(s string, i int) bool {
	if i == 0 || i == len(s) {
		return false
	}
	before, _ := utf8.DecodeLastRuneInString(s[:i])
	after, _ := utf8.DecodeRuneInString(s[i:])
	return !isSpace(before) && !isSpace(after)
}

// TestWordDiffUnrelated checks that unrelated long texts, with no blank
// line to anchor on or all on one line, neither take long nor lose text.
func TestWordDiffUnrelated(t *testing.T) {
	var a, b strings.Builder
	for i := range 30000 {
		fmt.Fprintf(&a, "old%d ", i)
		fmt.Fprintf(&b, "new%d ", i)
	}
	tests := []struct{ name, old, new string }{
		{"drafts without blank lines",
			strings.ReplaceAll(SampleDraft(1, 30000), "\n\n", "\n"),
			strings.ReplaceAll(SampleDraft(2, 30000), "\n\n", "\n")},
		{"one line, every word replaced", a.String(), b.String()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			segs := WordDiff(tt.old, tt.new)
			if d := time.Since(start); d > 2*time.Second {
				t.Errorf("WordDiff took %v, want well under a second", d)
			}
			checkSegments(t, tt.old, tt.new, segs)
		})
	}
}

func TestStat(t *testing.T) {
	segs := []Segment{
		{Equal, "# The "},
		{Delete, "old  words, here"},
		{Insert, "new - **text**"},
		{Equal, " stays.\n"},
		{Insert, "<!-- guidance is not counted -->\n| --- |\n"},
		{Delete, "Gone sentence.\n"},
	}
	added, removed := Stat(segs)
	if added != 2 || removed != 5 {
		t.Errorf("Stat = +%d −%d, want +2 −5", added, removed)
	}
}

func FuzzWordDiff(f *testing.F) {
	seeds := [][2]string{
		{"", ""},
		{"", "a"},
		{"a", ""},
		{"The team met daily.\n", "The team met weekly.\n"},
		{"a b c\n", "x y c\n"},
		{"A.\nB.\nC.\n", "B.\nC.\nA.\n"},
		{"a\nb", "a\nb\n"},
		{"one\r\ntwo\r\n", "one two\n"},
		{"Die Straße ist schön.", "Die Strasse war schön."},
		{"🙂 ok", "ok 🙂"},
		{"\xff\xfe broken", "broken \xff"},
		{"  lead and trail  ", "lead  and\ttrail"},
		{"# Title\n\n- a\n- b\n", "# Title!\n\n- b\n- a\n- c\n"},
		{"\n\n\n", "\n \n"},
	}
	for _, s := range seeds {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, old, new string) {
		checkSegments(t, old, new, WordDiff(old, new))
	})
}

func TestInternerNamesEachPieceOnce(t *testing.T) {
	var in interner
	const n = 70000 // past the surrogates, which no piece may be named by
	for round := range 2 {
		for i := range n {
			piece := strconv.Itoa(i * 7)
			r, ok := in.name(piece)
			if !ok || nameIndex(r) != i || r >= surrogateMin && r < surrogateMin+surrogates {
				t.Fatalf("round %d: name(%q) = %U, %v; want piece number %d", round, piece, r, ok, i)
			}
		}
		if in.size() != n {
			t.Fatalf("round %d: %d names for %d pieces", round, in.size(), n)
		}
	}
}
