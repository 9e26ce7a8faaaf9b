package prose

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/sergi/go-diff/diffmatchpatch"
)

// Op says what happened to the text of a Segment between two versions.
type Op int8

const (
	Equal Op = iota
	Delete
	Insert
)

func (op Op) String() string {
	switch op {
	case Equal:
		return "Equal"
	case Delete:
		return "Delete"
	case Insert:
		return "Insert"
	}
	return "Op(" + strconv.Itoa(int(op)) + ")"
}

// Segment is a run of text that is in both versions (Equal), only in the
// old one (Delete) or only in the new one (Insert).
type Segment struct {
	Op   Op
	Text string
}

// diffBudget bounds the time one WordDiff call spends looking for the
// smallest difference. Past it, what is left is reported as replaced
// wholesale: still a correct difference, only a coarser one. Drafts that
// share most of their lines never come near it; it is there for two
// unrelated documents, where the search is quadratic.
const diffBudget = 300 * time.Millisecond

// WordDiff returns the word-level difference. Invariant (test it, also by
// fuzzing): concatenating Text of Equal+Delete segments gives old, of
// Equal+Insert gives new. Adjacent segments of the same Op are merged, and
// within a change the deletion comes before the insertion.
//
// It works as git's --word-diff does: lines are compared first, then the
// words of each run of changed lines. Words are runs of non-space
// characters; the blanks between them and each line break are tokens of
// their own, so the result never splits a word and keeps line breaks
// apart from the words around them. Words replaced one by one with only a
// blank between them are reported as one change ("[-a b-]{+x y+}" rather
// than "[-a-]{+x+} [-b-]{+y+}").
func WordDiff(old, new string) []Segment {
	b := builder{old: old, new: new}
	if old == new {
		b.equal(len(old))
	} else {
		b.lines(time.Now().Add(diffBudget))
	}
	return keepLineBreaks(b.finish())
}

// Stat counts words (same definition as CountWords) inserted and deleted.
// A comment counts only when it is whole within one segment, so diff text
// already stripped of comments to leave guidance out reliably.
func Stat(segs []Segment) (added, removed int) {
	for _, s := range segs {
		switch s.Op {
		case Insert:
			added += CountWords(s.Text)
		case Delete:
			removed += CountWords(s.Text)
		}
	}
	return added, removed
}

// diffs runs diff-match-patch on two sequences of interned runes, with
// whatever is left of the budget. A timeout of zero would mean no limit,
// so an exhausted budget skips the search altogether.
func diffs(a, b []rune, deadline time.Time) []diffmatchpatch.Diff {
	left := time.Until(deadline)
	if left <= 0 {
		var ds []diffmatchpatch.Diff
		if len(a) > 0 {
			ds = append(ds, diffmatchpatch.Diff{Type: diffmatchpatch.DiffDelete, Text: string(a)})
		}
		if len(b) > 0 {
			ds = append(ds, diffmatchpatch.Diff{Type: diffmatchpatch.DiffInsert, Text: string(b)})
		}
		return ds
	}
	dmp := diffmatchpatch.New()
	dmp.DiffTimeout = left
	return dmp.DiffMainRunes(a, b, false)
}

// lineEnds returns the offset just past each line of s, the last line
// being the one that does not end in a line break, if any.
func lineEnds(s string) []int {
	ends := make([]int, 0, strings.Count(s, "\n")+1)
	for i := 0; i < len(s); {
		j := strings.IndexByte(s[i:], '\n')
		if j < 0 {
			ends = append(ends, len(s))
			break
		}
		i += j + 1
		ends = append(ends, i)
	}
	return ends
}

// startOf returns the offset where piece i (counted from 0) starts, given
// the offsets where pieces end.
func startOf(ends []int, i int) int {
	if i == 0 {
		return 0
	}
	return ends[i-1]
}

// tokenEnds splits s into words, runs of blanks, and single line breaks,
// and returns the offset just past each.
func tokenEnds(s string) []int {
	ends := make([]int, 0, len(s)/3+1)
	const (
		word = iota
		blank
		newline
	)
	class := func(r rune) int {
		switch {
		case r == '\n':
			return newline
		case isSpace(r):
			return blank
		}
		return word
	}
	prev := -1
	for i := 0; i < len(s); {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		c := class(r)
		if prev >= 0 && (c != prev || c == newline) {
			ends = append(ends, i)
		}
		prev = c
		i += size
	}
	if len(s) > 0 {
		ends = append(ends, len(s))
	}
	return ends
}

// interner names each distinct string (a line, a word) with a rune, so that
// diff-match-patch, which compares runes, compares them whole.
type interner struct {
	ids map[string]rune
}

// Runes are usable as names except the surrogate range, which does not
// survive the round trip through a Go string that diff-match-patch makes.
const (
	surrogateMin = 0xD800
	surrogateMax = 0xDFFF
	maxNames     = utf8.MaxRune + 1 - (surrogateMax - surrogateMin + 1)
)

// runes names the pieces of s that end at the given offsets; it reports
// false when there are more distinct pieces than names.
func (in *interner) runes(s string, ends []int) ([]rune, bool) {
	if in.ids == nil {
		in.ids = make(map[string]rune, len(ends))
	}
	rs := make([]rune, len(ends))
	start := 0
	for i, end := range ends {
		piece := s[start:end]
		start = end
		r, ok := in.ids[piece]
		if !ok {
			n := len(in.ids)
			if n >= maxNames {
				return nil, false
			}
			r = rune(n)
			if r >= surrogateMin {
				r += surrogateMax - surrogateMin + 1
			}
			in.ids[piece] = r
		}
		rs[i] = r
	}
	return rs, true
}

// builder assembles segments as slices of old and new, merging adjacent
// ones of the same kind and putting each deletion before its insertion.
type builder struct {
	old, new       string
	oldPos, newPos int // bytes of old and new accounted for
	// The open run: equal text since eqStart (an offset in old), or a change
	// since (chOld, chNew).
	inChange     bool
	eqStart      int
	chOld, chNew int
	segs         []Segment
}

func (b *builder) equal(n int) {
	if n == 0 {
		return
	}
	if b.inChange {
		b.closeChange()
		b.inChange = false
		b.eqStart = b.oldPos
	}
	b.oldPos += n
	b.newPos += n
}

func (b *builder) change(deleted, inserted int) {
	if deleted == 0 && inserted == 0 {
		return
	}
	if !b.inChange {
		b.closeEqual()
		b.inChange = true
		b.chOld, b.chNew = b.oldPos, b.newPos
	}
	b.oldPos += deleted
	b.newPos += inserted
}

func (b *builder) closeEqual() {
	if b.oldPos > b.eqStart {
		b.segs = append(b.segs, Segment{Equal, b.old[b.eqStart:b.oldPos]})
	}
}

func (b *builder) closeChange() {
	del := b.old[b.chOld:b.oldPos]
	ins := b.new[b.chNew:b.newPos]
	// A blank between two replacements joins them into one.
	if n := len(b.segs); n >= 3 && del != "" && ins != "" &&
		b.segs[n-3].Op == Delete && b.segs[n-2].Op == Insert && b.segs[n-1].Op == Equal &&
		isInlineBlank(b.segs[n-1].Text) {
		blank := b.segs[n-1].Text
		del = b.segs[n-3].Text + blank + del
		ins = b.segs[n-2].Text + blank + ins
		b.segs = b.segs[:n-3]
	}
	if del != "" {
		b.segs = append(b.segs, Segment{Delete, del})
	}
	if ins != "" {
		b.segs = append(b.segs, Segment{Insert, ins})
	}
}

// keepLineBreaks moves the line break that ends a change, when the deleted
// text holds one and the inserted text does not, so that a rewritten
// sentence followed by a deleted one reads "[-old-]{+new+}" then
// "[-deleted-]" on the next line, rather than "[-old" then "deleted-]{+new+}":
// the diff is as small, and the sentence stays on its own line.
func keepLineBreaks(segs []Segment) []Segment {
	var out []Segment
	add := func(op Op, text string) {
		switch {
		case text == "":
		case len(out) > 0 && out[len(out)-1].Op == op:
			out[len(out)-1].Text += text
		default:
			out = append(out, Segment{op, text})
		}
	}
	for i := 0; i < len(segs); i++ {
		if i+2 < len(segs) && segs[i].Op == Delete && segs[i+1].Op == Insert && segs[i+2].Op == Equal &&
			!strings.Contains(segs[i+1].Text, "\n") {
			del, ins, eq := segs[i].Text, segs[i+1].Text, segs[i+2].Text
			nl := "\n"
			if strings.HasPrefix(eq, "\r\n") {
				nl = "\r\n"
			}
			if k := strings.Index(del, nl); k >= 0 && strings.HasPrefix(eq, nl) {
				add(Delete, del[:k])
				add(Insert, ins)
				add(Equal, nl)
				add(Delete, del[k+len(nl):]+nl)
				add(Equal, eq[len(nl):])
				i += 2
				continue
			}
		}
		add(segs[i].Op, segs[i].Text)
	}
	return out
}

// isInlineBlank reports whether s is blanks within one line.
func isInlineBlank(s string) bool {
	for _, r := range s {
		if r == '\n' || !isSpace(r) {
			return false
		}
	}
	return s != ""
}

func (b *builder) finish() []Segment {
	if b.inChange {
		b.closeChange()
	} else {
		b.closeEqual()
	}
	return b.segs
}

// lines adds the difference between old and new: each run of changed
// lines, up to the next unchanged one, is compared word by word.
func (b *builder) lines(deadline time.Time) {
	oldLines, newLines := lineEnds(b.old), lineEnds(b.new)
	var in interner
	a, okA := in.runes(b.old, oldLines)
	c, okB := in.runes(b.new, newLines)
	if !okA || !okB {
		// Over a million distinct lines: too many to compare in time anyway.
		b.change(len(b.old), len(b.new))
		return
	}
	oi, ni := 0, 0 // lines of old and new consumed
	changed := false
	flush := func() {
		if changed {
			b.words(b.old[b.oldPos:startOf(oldLines, oi)], b.new[b.newPos:startOf(newLines, ni)], deadline)
			changed = false
		}
	}
	for _, d := range diffs(a, c, deadline) {
		n := utf8.RuneCountInString(d.Text)
		switch d.Type {
		case diffmatchpatch.DiffEqual:
			flush()
			b.equal(startOf(oldLines, oi+n) - startOf(oldLines, oi))
			oi += n
			ni += n
		case diffmatchpatch.DiffDelete:
			oi += n
			changed = true
		case diffmatchpatch.DiffInsert:
			ni += n
			changed = true
		}
	}
	flush()
}

// words adds the word-level difference between old and new, the texts that
// follow what the builder has accounted for so far.
func (b *builder) words(old, new string, deadline time.Time) {
	if old == "" || new == "" {
		b.change(len(old), len(new))
		return
	}
	oldTokens, newTokens := tokenEnds(old), tokenEnds(new)
	var in interner
	a, okA := in.runes(old, oldTokens)
	c, okB := in.runes(new, newTokens)
	if !okA || !okB {
		b.change(len(old), len(new))
		return
	}
	oi, ni := 0, 0 // tokens of old and new consumed
	for _, d := range diffs(a, c, deadline) {
		n := utf8.RuneCountInString(d.Text)
		switch d.Type {
		case diffmatchpatch.DiffEqual:
			b.equal(startOf(oldTokens, oi+n) - startOf(oldTokens, oi))
			oi += n
			ni += n
		case diffmatchpatch.DiffDelete:
			b.change(startOf(oldTokens, oi+n)-startOf(oldTokens, oi), 0)
			oi += n
		case diffmatchpatch.DiffInsert:
			b.change(0, startOf(newTokens, ni+n)-startOf(newTokens, ni))
			ni += n
		}
	}
}
