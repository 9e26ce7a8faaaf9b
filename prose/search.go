package prose

import (
	"unicode/utf8"

	"github.com/sergi/go-diff/diffmatchpatch"
)

// search appends to pairs the pieces of a and b (at indices ia and ib) that
// diff-match-patch matches: a shortest edit script by Myers' algorithm.
//
// It runs with no deadline (DiffTimeout 0): a clock would make the same
// two drafts give different differences on a busy machine. What bounds
// the work instead is what it is given, see matcher.limit.
func search(pairs []pair, a []rune, ia []int, b []rune, ib []int) []pair {
	dmp := diffmatchpatch.New()
	dmp.DiffTimeout = 0
	x, y := 0, 0
	for _, d := range dmp.DiffMainRunes(a, b, false) {
		n := utf8.RuneCountInString(d.Text)
		switch d.Type {
		case diffmatchpatch.DiffEqual:
			for k := range n {
				pairs = append(pairs, pair{ia[x+k], ib[y+k]})
			}
			x += n
			y += n
		case diffmatchpatch.DiffDelete:
			x += n
		case diffmatchpatch.DiffInsert:
			y += n
		}
	}
	return pairs
}
