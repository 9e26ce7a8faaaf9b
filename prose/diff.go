package prose

import (
	"slices"
	"strconv"
	"strings"
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

// WordDiff returns the word-level difference. Invariant (tested, also by
// fuzzing): concatenating Text of Equal+Delete segments gives old, of
// Equal+Insert gives new. Adjacent segments of the same Op are merged, and
// within a change the deletion comes before the insertion.
//
// It works as git's --word-diff does: lines are matched first, then the
// words of each run of changed lines. Words are runs of non-space
// characters; the blanks between them and each line break are tokens of
// their own, so a change never starts or ends inside a word. For reading,
// not for size:
//   - words replaced one by one with only a blank between them make one
//     change ("[-a b-]{+x y+}" rather than "[-a-]{+x+} [-b-]{+y+}");
//   - a run of changed lines that gained or lost lines, and of which no
//     line kept half its words, is replaced whole, rather than cut into
//     fragments at the few words and line breaks it happens to share;
//   - a sentence rewritten and the next one deleted read as such, not as
//     both deleted then the new sentence inserted.
//
// The search is bounded by the work done, never by the clock (see lcs): the
// same two texts always give the same difference, and two unrelated
// 30,000-word drafts take well under a second.
func WordDiff(old, new string) []Segment {
	b := builder{old: old, new: new}
	if old == new {
		b.equal(len(old))
	} else {
		b.lines()
	}
	return keepLineBreaks(b.finish())
}

// Stat counts words (same definition as CountWords) inserted and deleted.
// A comment is left out only when it is whole within one segment: to leave
// guidance out reliably, diff text already stripped of comments.
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

// lines adds the difference between old and new: lines are matched, and
// each run of changed lines between matched ones is compared word by word.
//
// Lines with words are matched first, then blank lines between them: a
// blank line matches any other, and left to chance such matches tie a
// rewritten paragraph to the wrong place.
func (b *builder) lines() {
	var m matcher
	oldLines, a, okA := m.in.lines(b.old)
	var newLines []int
	var c []rune
	okB := false
	if okA {
		newLines, c, okB = m.in.linesBeside(b.new, b.old, oldLines, a)
	}
	if !okA || !okB {
		// Over a million distinct lines: too many to compare in time anyway.
		b.change(len(b.old), len(b.new))
		return
	}
	blank := make([]bool, m.in.size())
	for n, line := range m.in.pieces {
		blank[n] = strings.TrimSpace(line) == ""
	}
	matched := func(i, j int) { // old line i is new line j
		b.words(b.old[b.oldPos:startOf(oldLines, i)], b.new[b.newPos:startOf(newLines, j)])
		b.equal(oldLines[i] - startOf(oldLines, i))
	}
	oi, ni := 0, 0 // lines of old and new accounted for
	blanks := func(ea, eb int) {
		switch {
		case slices.Equal(a[oi:ea], c[ni:eb]): // most often, one blank line
			for k := range ea - oi {
				matched(oi+k, ni+k)
			}
		case hasBlank(a[oi:ea], blank) && hasBlank(c[ni:eb], blank):
			for _, p := range m.matches(a[oi:ea], c[ni:eb], nil) {
				matched(oi+p.a, ni+p.b)
			}
		}
	}
	pairs := m.matches(a, c, blank)
	// About a deletion, an insertion and the unchanged text after it for
	// each run of changed lines; a guess, to spare growing the slice.
	b.segs = make([]Segment, 0, len(a)+len(c)-2*len(pairs)+4)
	for _, p := range pairs {
		blanks(p.a, p.b)
		matched(p.a, p.b)
		oi, ni = p.a+1, p.b+1
	}
	blanks(len(a), len(c))
	b.words(b.old[b.oldPos:], b.new[b.newPos:])
}

// words adds the word-level difference between old and new, the texts that
// follow what the builder has accounted for so far.
func (b *builder) words(old, new string) {
	if old == "" || new == "" {
		b.change(len(old), len(new))
		return
	}
	if strings.Count(old, "\n") != strings.Count(new, "\n") {
		b.passage(old, new)
		return
	}
	// Most often a line or two with a word changed: what they share at
	// either end need not be split into tokens.
	pre, suf := commonEnds(old, new)
	b.equal(pre)
	b.tokenDiff(old[pre:len(old)-suf], new[pre:len(new)-suf])
	b.equal(suf)
}

// passage adds the difference between old and new, which differ in their
// number of lines. Lines are paired by the words they share first, so a
// deleted line next to an edited one stays a deleted line, and the edit is
// shown within its own line; the token search over the whole passage is
// the fallback for passages too long to pair.
func (b *builder) passage(old, new string) {
	byTokens := b.sub(old, new)
	byTokens.tokenPassage(old, new)
	tokenSegs := byTokens.finish()
	if oldLines, newLines := splitAfterNewline(old), splitAfterNewline(new); len(oldLines)*len(newLines) <= maxPairing {
		if pairs := pairLines(oldLines, newLines); len(pairs) > 0 {
			byLines := b.sub(old, new)
			oi, ni := 0, 0 // lines accounted for
			for _, p := range pairs {
				byLines.change(byteLen(oldLines[oi:p.a]), byteLen(newLines[ni:p.b]))
				byLines.line(oldLines[p.a], newLines[p.b])
				oi, ni = p.a+1, p.b+1
			}
			byLines.change(byteLen(oldLines[oi:]), byteLen(newLines[ni:]))
			lineSegs := byLines.finish()
			// Pairing lines reads better for an edited line beside a deleted
			// one; the token search is better for text only re-broken into
			// lines. Take whichever changes fewer words.
			la, lr := Stat(lineSegs)
			ta, tr := Stat(tokenSegs)
			if la+lr <= ta+tr {
				tokenSegs = lineSegs
			}
		}
	}
	b.replay(tokenSegs)
}

// sub is a builder for a passage of this one, sharing its token names.
func (b *builder) sub(old, new string) *builder {
	return &builder{old: old, new: new, tokens: b.tokenMatcher()}
}

// replay adds segments made by a sub-builder.
func (b *builder) replay(segs []Segment) {
	for _, s := range segs {
		switch s.Op {
		case Equal:
			b.equal(len(s.Text))
		case Delete:
			b.change(len(s.Text), 0)
		case Insert:
			b.change(0, len(s.Text))
		}
	}
}

// tokenPassage matches the tokens of a whole passage.
func (b *builder) tokenPassage(old, new string) {
	oldTokens, newTokens, pairs, ok := b.matchTokens(old, new)
	if !ok || !keepsAnyLine(old, oldTokens, new, newTokens, pairs) {
		// Lines came or went and none kept half its words: the passage was
		// rewritten, and the few tokens it shares (a "the", a line break)
		// would only scatter it into fragments across unrelated lines.
		b.change(len(old), len(new))
		return
	}
	b.tokenPairs(old, oldTokens, new, newTokens, pairs)
}

// line adds the difference between two versions of one line.
func (b *builder) line(old, new string) {
	pre, suf := commonEnds(old, new)
	b.equal(pre)
	b.tokenDiff(old[pre:len(old)-suf], new[pre:len(new)-suf])
	b.equal(suf)
}

// maxTokenSearch bounds a token search (see matcher.limit): at most
// about 3,000 × 3,000 steps, a few milliseconds.
const maxTokenSearch = 3000

// maxPairing bounds the line pairs passage weighs (old lines × new lines).
const maxPairing = 40000

// splitAfterNewline cuts s into lines that keep their line breaks.
func splitAfterNewline(s string) []string {
	var out []string
	for s != "" {
		i := strings.IndexByte(s, '\n')
		if i < 0 {
			return append(out, s)
		}
		out = append(out, s[:i+1])
		s = s[i+1:]
	}
	return out
}

func byteLen(lines []string) int {
	n := 0
	for _, l := range lines {
		n += len(l)
	}
	return n
}

// pairLines pairs old and new lines that are versions of each other: they
// share at least half their words. Of all orderly pairings it takes the one
// sharing the most words (a longest common subsequence weighted by words in
// common).
func pairLines(oldLines, newLines []string) []pair {
	n, m := len(oldLines), len(newLines)
	oldWords := make([]map[string]int, n)
	for i, l := range oldLines {
		oldWords[i] = wordBag(l)
	}
	newWords := make([]map[string]int, m)
	for j, l := range newLines {
		newWords[j] = wordBag(l)
	}
	score := func(i, j int) int {
		shared, total := 0, 0
		for w, c := range oldWords[i] {
			shared += min(c, newWords[j][w])
			total += c
		}
		for _, c := range newWords[j] {
			total += c
		}
		if total == 0 || 4*shared < total { // fewer than half the words in common
			return 0
		}
		return shared
	}
	// best[i][j]: the most shared words pairing oldLines[i:] with newLines[j:].
	best := make([][]int, n+1)
	for i := range best {
		best[i] = make([]int, m+1)
	}
	sc := make([][]int, n)
	for i := n - 1; i >= 0; i-- {
		sc[i] = make([]int, m)
		for j := m - 1; j >= 0; j-- {
			sc[i][j] = score(i, j)
			v := max(best[i+1][j], best[i][j+1])
			if sc[i][j] > 0 {
				v = max(v, sc[i][j]+best[i+1][j+1])
			}
			best[i][j] = v
		}
	}
	var pairs []pair
	for i, j := 0, 0; i < n && j < m; {
		switch {
		case sc[i][j] > 0 && best[i][j] == sc[i][j]+best[i+1][j+1]:
			pairs = append(pairs, pair{i, j})
			i, j = i+1, j+1
		case best[i][j] == best[i+1][j]:
			i++
		default:
			j++
		}
	}
	return pairs
}

func wordBag(line string) map[string]int {
	bag := map[string]int{}
	for _, w := range strings.Fields(line) {
		if countWords(w) > 0 {
			bag[strings.ToLower(strings.Trim(w, ".,;:!?\"'()"))]++
		}
	}
	return bag
}

// tokenDiff adds the difference between old and new, token by token.
func (b *builder) tokenDiff(old, new string) {
	if old == "" || new == "" || oneToken(old) && oneToken(new) {
		// Nothing to match: most often one word replaced by another.
		b.change(len(old), len(new))
		return
	}
	oldTokens, newTokens, pairs, ok := b.matchTokens(old, new)
	if !ok {
		b.change(len(old), len(new))
		return
	}
	b.tokenPairs(old, oldTokens, new, newTokens, pairs)
}

// oneToken reports whether s, not empty, is a single token.
func oneToken(s string) bool {
	if s == "\n" {
		return true
	}
	class := -1
	for _, r := range s {
		c := tokenClass(r)
		if c == newline || class >= 0 && c != class {
			return false
		}
		class = c
	}
	return true
}

// matchTokens splits old and new into tokens and matches them; it reports
// false when there are too many distinct tokens to name.
func (b *builder) matchTokens(old, new string) (oldTokens, newTokens []int, pairs []pair, ok bool) {
	oldTokens, newTokens = tokenEnds(old), tokenEnds(new)
	m := b.tokenMatcher()
	a, okA := m.in.runes(old, oldTokens)
	c, okB := m.in.runes(new, newTokens)
	if !okA || !okB {
		return nil, nil, nil, false
	}
	return oldTokens, newTokens, m.matches(a, c, nil), true
}

// tokenMatcher is the matcher for tokens, made on first use.
func (b *builder) tokenMatcher() *matcher {
	if b.tokens == nil {
		b.tokens = &matcher{limit: maxTokenSearch}
	}
	return b.tokens
}

// tokenPairs adds old and new as changes around the matching tokens.
func (b *builder) tokenPairs(old string, oldTokens []int, new string, newTokens []int, pairs []pair) {
	oi, ni := 0, 0 // bytes of old and new added
	for _, p := range pairs {
		b.change(startOf(oldTokens, p.a)-oi, startOf(newTokens, p.b)-ni)
		b.equal(oldTokens[p.a] - startOf(oldTokens, p.a))
		oi, ni = oldTokens[p.a], newTokens[p.b]
	}
	b.change(len(old)-oi, len(new)-ni)
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
	// Where the last change closed started, to join the next one to it.
	replOld, replNew int
	segs             []Segment
	tokens           *matcher // shared by all the runs of changed lines
}

// equal adds n bytes found in both texts.
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

// change adds bytes of old deleted and of new inserted.
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
	delStart, insStart := b.chOld, b.chNew
	// A blank between two replacements joins them into one. All four are
	// slices of old or new, so the joined texts are slices too.
	if n := len(b.segs); n >= 3 && b.oldPos > b.chOld && b.newPos > b.chNew &&
		b.segs[n-3].Op == Delete && b.segs[n-2].Op == Insert && b.segs[n-1].Op == Equal &&
		isInlineBlank(b.segs[n-1].Text) {
		delStart, insStart = b.replOld, b.replNew
		b.segs = b.segs[:n-3]
	}
	if b.oldPos > delStart {
		b.segs = append(b.segs, Segment{Delete, b.old[delStart:b.oldPos]})
	}
	if b.newPos > insStart {
		b.segs = append(b.segs, Segment{Insert, b.new[insStart:b.newPos]})
	}
	b.replOld, b.replNew = delStart, insStart
}

// finish closes the open run and returns the segments.
func (b *builder) finish() []Segment {
	if b.inChange {
		b.closeChange()
	} else {
		b.closeEqual()
	}
	return b.segs
}

// keepLineBreaks moves the line break that ends a change, when the deleted
// text holds one and the inserted text does not, so that a rewritten
// sentence followed by a deleted one reads "[-old-]{+new+}" then
// "[-deleted-]" on the next line, rather than "[-old" then "deleted-]{+new+}":
// the diff is as small, and the sentence stays on its own line.
func keepLineBreaks(segs []Segment) []Segment {
	if len(segs) == 0 {
		return nil
	}
	if !slices.ContainsFunc(segs, func(s Segment) bool { return s.Op == Delete && strings.Contains(s.Text, "\n") }) {
		return mergeRuns(segs) // nothing to move, as for most edits
	}
	out := make([]Segment, 0, len(segs)+len(segs)/8)
	add := func(op Op, text string) {
		if text != "" {
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
		out = append(out, segs[i])
	}
	return mergeRuns(out)
}

// mergeRuns joins neighbouring segments of the same Op, each run at once.
func mergeRuns(segs []Segment) []Segment {
	out := segs[:0]
	for i := 0; i < len(segs); {
		j := i + 1
		for j < len(segs) && segs[j].Op == segs[i].Op {
			j++
		}
		run := segs[i]
		if j-i > 1 {
			var b strings.Builder
			for _, s := range segs[i:j] {
				b.WriteString(s.Text)
			}
			run.Text = b.String()
		}
		out = append(out, run)
		i = j
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

// hasBlank reports whether any of the lines is blank.
func hasBlank(lines []rune, blank []bool) bool {
	for _, r := range lines {
		if blank[nameIndex(r)] {
			return true
		}
	}
	return false
}

// keepsAnyLine reports whether some line of old or new kept at least half
// of its words, by the token pairs that match.
func keepsAnyLine(old string, oldTokens []int, new string, newTokens []int, pairs []pair) bool {
	oldKept := make([]bool, len(oldTokens))
	newKept := make([]bool, len(newTokens))
	for _, p := range pairs {
		oldKept[p.a], newKept[p.b] = true, true
	}
	return keepsLine(old, oldTokens, oldKept) || keepsLine(new, newTokens, newKept)
}

// keepsLine reports whether a line of s kept at least half its words.
func keepsLine(s string, tokens []int, kept []bool) bool {
	words, shared := 0, 0
	for i, end := range tokens {
		tok := s[startOf(tokens, i):end]
		if tok == "\n" {
			if words > 0 && 2*shared >= words {
				return true
			}
			words, shared = 0, 0
		} else if countWords(tok) > 0 {
			words++
			if kept[i] {
				shared++
			}
		}
	}
	return words > 0 && 2*shared >= words
}
