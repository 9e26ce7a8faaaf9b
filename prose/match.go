package prose

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// pair is a piece of old (a line, a token) at index a that matches the
// piece of new at index b.
type pair struct{ a, b int }

// matcher finds the pieces (lines, tokens) that two texts share.
type matcher struct {
	in    interner
	where []uint8 // scratch: on which sides each name was seen
	// Scratch for the shared pieces of either side and their indices,
	// reused from one call of matches to the next.
	keptA, keptB []rune
	atA, atB     []int
	// limit, when not 0, is the most pieces (of both sides, after what
	// they share at either end) worth a search: Myers' search costs the
	// number of pieces times the number of differences, and past a few
	// thousand tokens a passage with nothing in common but "the" and "a"
	// would cost seconds. Such a passage is left unmatched; passages with
	// real edits are matched line by line first, and are far smaller.
	limit int
}

// matches returns, in order, the pairs of pieces that a common subsequence
// of a and b matches up, leaving out the names marked in skip (if any): the
// longest one unless a and b differ in more than a few hundred places (see
// lcs).
//
// Pieces found on one side only are set aside first, as git's xdiff does:
// they cannot match, and without them the search, quadratic in the number
// of differences, has almost nothing left to do when a few hundred lines of
// two thousand changed.
func (m *matcher) matches(a, b []rune, skip []bool) []pair {
	if len(a) == 0 || len(b) == 0 {
		return nil
	}
	if n := m.in.size(); len(m.where) < n {
		m.where = make([]uint8, n+n/2)
	}
	for _, r := range a {
		m.where[nameIndex(r)] |= 1
	}
	for _, r := range b {
		m.where[nameIndex(r)] |= 2
	}
	m.keptA, m.atA = m.shared(a, skip, m.keptA[:0], m.atA[:0])
	m.keptB, m.atB = m.shared(b, skip, m.keptB[:0], m.atB[:0])
	ka, ia, kb, ib := m.keptA, m.atA, m.keptB, m.atB
	for _, r := range a {
		m.where[nameIndex(r)] = 0
	}
	for _, r := range b {
		m.where[nameIndex(r)] = 0
	}

	// What the two share at either end needs no search; most often that is
	// all of it.
	pre := 0
	for pre < len(ka) && pre < len(kb) && ka[pre] == kb[pre] {
		pre++
	}
	suf := 0
	for suf < len(ka)-pre && suf < len(kb)-pre && ka[len(ka)-1-suf] == kb[len(kb)-1-suf] {
		suf++
	}
	pairs := make([]pair, 0, min(len(ka), len(kb)))
	for k := range pre {
		pairs = append(pairs, pair{ia[k], ib[k]})
	}
	if n, k := len(ka)-pre-suf, len(kb)-pre-suf; n > 0 && k > 0 && (m.limit == 0 || n+k <= m.limit) {
		pairs = search(pairs, ka[pre:len(ka)-suf], ia[pre:], kb[pre:len(kb)-suf], ib[pre:])
	}
	for k := suf; k > 0; k-- {
		pairs = append(pairs, pair{ia[len(ia)-k], ib[len(ib)-k]})
	}
	return pairs
}

// shared appends to kept and at the pieces of s seen on both sides and
// not skipped, and their indices.
func (m *matcher) shared(s []rune, skip []bool, kept []rune, at []int) ([]rune, []int) {
	kept, at = slices.Grow(kept, len(s)), slices.Grow(at, len(s))
	for i, r := range s {
		n := nameIndex(r)
		if m.where[n] == 3 && (skip == nil || !skip[n]) {
			kept = append(kept, r)
			at = append(at, i)
		}
	}
	return kept, at
}

// Tokens are words (runs of non-space), runs of blanks, and line breaks.
const (
	word = iota
	blank
	newline
)

func tokenClass(r rune) int {
	switch {
	case r == '\n':
		return newline
	case isSpace(r):
		return blank
	}
	return word
}

// tokenEnds splits s into tokens, each line break one of its own, and
// returns the offset just past each. It runs to the end of each token in a
// loop of its own: deciding byte by byte whether the class changed costs a
// mispredicted branch every few bytes.
func tokenEnds(s string) []int {
	ends := make([]int, 0, len(s)/3+1)
	for i := 0; i < len(s); {
		class, size := classAt(s, i)
		i += size
		if class != newline {
			for i < len(s) {
				if c := s[i]; c < utf8.RuneSelf && c != '\n' { // the fast, common case
					if isASCIIBlank(c) != (class == blank) {
						break
					}
					i++
					continue
				}
				c, n := classAt(s, i)
				if c != class {
					break
				}
				i += n
			}
		}
		ends = append(ends, i)
	}
	return ends
}

func isASCIIBlank(c byte) bool {
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f'
}

// classAt returns the class of the character at s[i] and its size.
func classAt(s string, i int) (class, size int) {
	switch c := s[i]; {
	case c == '\n':
		return newline, 1
	case isASCIIBlank(c):
		return blank, 1
	case c < utf8.RuneSelf:
		return word, 1
	}
	r, size := utf8.DecodeRuneInString(s[i:])
	return tokenClass(r), size
}

// commonEnds returns the lengths of the longest prefix and suffix that a
// and b share, cut back to token boundaries in both.
func commonEnds(a, b string) (pre, suf int) {
	n := min(len(a), len(b))
	for pre < n && a[pre] == b[pre] {
		pre++
	}
	for !tokenBoundary(a, pre) || !tokenBoundary(b, pre) {
		pre--
	}
	a, b = a[pre:], b[pre:]
	n = min(len(a), len(b))
	for suf < n && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	for !tokenBoundary(a, len(a)-suf) || !tokenBoundary(b, len(b)-suf) {
		suf--
	}
	return pre, suf
}

// tokenBoundary reports whether a token of s ends at i. Within a rune, both
// halves decode as errors, of the same class: never a boundary.
func tokenBoundary(s string, i int) bool {
	if i == 0 || i == len(s) {
		return true
	}
	before, _ := utf8.DecodeLastRuneInString(s[:i])
	after, _ := utf8.DecodeRuneInString(s[i:])
	cb, ca := tokenClass(before), tokenClass(after)
	return cb != ca || cb == newline
}

// startOf returns the offset where piece i starts, given the offsets where
// pieces end.
func startOf(ends []int, i int) int {
	if i == 0 {
		return 0
	}
	return ends[i-1]
}

// interner names each distinct piece (a line, a token) with a rune, so that
// the search, which compares runes, compares pieces whole.
type interner struct {
	names  map[string]rune
	pieces []string // piece n is named by the rune of number n
}

// Any rune can name a piece but the surrogates, which do not survive the
// round trip through a Go string that diff-match-patch makes.
const (
	surrogateMin = 0xD800
	surrogates   = 0xE000 - surrogateMin
	maxNames     = utf8.MaxRune + 1 - surrogates
)

// runes names the pieces of s that end at the given offsets; it reports
// false when there are more distinct pieces than names.
func (in *interner) runes(s string, ends []int) ([]rune, bool) {
	in.reserve(len(ends))
	rs := make([]rune, len(ends))
	for i, end := range ends {
		r, ok := in.name(s[startOf(ends, i):end])
		if !ok {
			return nil, false
		}
		rs[i] = r
	}
	return rs, true
}

// lines splits s into lines and names them: it returns where each line
// ends and its name.
func (in *interner) lines(s string) ([]int, []rune, bool) {
	return in.linesBeside(s, "", nil, nil)
}

// linesBeside is lines for s, a new version of old, whose lines end at
// oldEnds and are named oldNames. Most lines of a new draft are the old
// draft's, in the same order, so each is first compared with the old line
// where the last one was found, which finds its end and its name at once;
// only the other lines are searched for their end and looked up.
func (in *interner) linesBeside(s, old string, oldEnds []int, oldNames []rune) ([]int, []rune, bool) {
	expected, unseen := len(oldEnds)+len(oldEnds)/8, len(oldEnds)/4
	if oldEnds == nil {
		expected = strings.Count(s, "\n") + 1
		unseen = expected
	}
	in.reserve(unseen)                 // room for the new names, most often enough
	lastAt := make([]int32, in.size()) // for each name, its last old line
	for i, r := range oldNames {
		lastAt[nameIndex(r)] = int32(i)
	}
	ends, rs := make([]int, 0, expected), make([]rune, 0, expected)
	shift := 0 // old line i+shift is where new line i is looked for first
	for pos := 0; pos < len(s); {
		i := len(ends)
		if k := i + shift; k < len(oldEnds) {
			line := old[startOf(oldEnds, k):oldEnds[k]]
			if strings.HasPrefix(s[pos:], line) && (strings.HasSuffix(line, "\n") || pos+len(line) == len(s)) {
				pos += len(line)
				ends = append(ends, pos)
				rs = append(rs, oldNames[k])
				continue
			}
		}
		end := len(s)
		if j := strings.IndexByte(s[pos:], '\n'); j >= 0 {
			end = pos + j + 1
		}
		r, ok := in.name(s[pos:end])
		if !ok {
			return nil, nil, false
		}
		pos = end
		ends = append(ends, pos)
		rs = append(rs, r)
		if n := nameIndex(r); n < len(lastAt) {
			shift = int(lastAt[n]) - i
		}
	}
	return ends, rs, true
}

// name returns the rune that names piece, giving it one if it has none.
func (in *interner) name(piece string) (rune, bool) {
	if r, ok := in.names[piece]; ok {
		return r, true
	}
	n := len(in.pieces)
	if n >= maxNames {
		return 0, false
	}
	if in.names == nil {
		in.names = make(map[string]rune)
	}
	r := runeOf(n)
	in.names[piece] = r
	in.pieces = append(in.pieces, piece)
	return r, true
}

// reserve makes room for more new pieces.
func (in *interner) reserve(more int) {
	if in.names == nil {
		in.names = make(map[string]rune, more)
	}
}

// size returns the number of names given.
func (in *interner) size() int { return len(in.pieces) }

// runeOf returns the rune that names piece number n.
func runeOf(n int) rune {
	r := rune(n)
	if r >= surrogateMin {
		r += surrogates
	}
	return r
}

// nameIndex returns the number of the piece that r names.
func nameIndex(r rune) int {
	if r >= surrogateMin {
		r -= surrogates
	}
	return int(r)
}
