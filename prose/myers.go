package prose

import "math"

// lcs appends to pairs the pieces of a and b (at indices ia and ib) that
// Myers' difference algorithm matches up: the bidirectional search for the
// middle of a shortest edit script, then the same for either half ("An O(ND)
// Difference Algorithm and Its Variations", 1986, section 4b), as
// diff-match-patch and git's xdiff do it.
//
// The search is bounded by work done, never by the clock, so the same two
// drafts give the same difference on any machine under any load. As in
// xdiff, once a search has gone maxCost edits from both ends without
// meeting, it splits the problem where one end reached furthest and goes on
// with both halves: the result is a correct difference, not always the
// smallest, and the work is at most about (len(a)+len(b)) × maxCost.
func (s *searcher) lcs(pairs []pair, a []rune, ia []int, b []rune, ib []int) []pair {
	s.maxCost = max(minCost, int(math.Sqrt(float64(len(a)+len(b)))))
	return s.compare(pairs, a, ia, b, ib)
}

// minCost is xdiff's XDL_MAX_COST_MIN: below this many edits from either
// end, a search always runs to the end and finds the smallest difference.
const minCost = 256

// searcher is the scratch of lcs, kept from one search to the next.
type searcher struct {
	maxCost int
	v1, v2  []int // scratch: the furthest x reached on each diagonal
}

// compare appends the pairs of a shortest (or, past maxCost, a short)
// edit script between a and b.
func (s *searcher) compare(pairs []pair, a []rune, ia []int, b []rune, ib []int) []pair {
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pairs = append(pairs, pair{ia[pre], ib[pre]})
		pre++
	}
	a, ia, b, ib = a[pre:], ia[pre:], b[pre:], ib[pre:]
	suf := 0
	for suf < len(a) && suf < len(b) && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	n, m := len(a)-suf, len(b)-suf
	// A split that would not make the problem smaller cannot come from
	// split; were it to, the pieces left are reported unmatched rather than
	// searched forever.
	if x, y, ok := s.split(a[:n], b[:m]); ok && x+y > 0 && x+y < n+m {
		pairs = s.compare(pairs, a[:x], ia[:x], b[:y], ib[:y])
		pairs = s.compare(pairs, a[x:n], ia[x:n], b[y:m], ib[y:m])
	}
	for k := range suf {
		pairs = append(pairs, pair{ia[n+k], ib[m+k]})
	}
	return pairs
}

// split returns a point (x, y) on a short path through the edit graph of a
// and b, which share neither their first nor their last piece: the middle
// of a shortest path when the searches from both ends meet within maxCost
// steps, else the furthest point either of them reached. ok is false when
// a and b have nothing in common (or are empty).
func (s *searcher) split(a, b []rune) (x, y int, ok bool) {
	n, m := len(a), len(b)
	if n == 0 || m == 0 {
		return 0, 0, false
	}
	// Searches that meet do so within (n+m+1)/2 steps, unless a and b
	// share nothing.
	maxD := min((n+m+1)/2, s.maxCost)
	off := maxD + 1
	size := 2*off + 1
	if cap(s.v1) < size {
		s.v1, s.v2 = make([]int, size), make([]int, size)
	}
	v1, v2 := s.v1[:size], s.v2[:size]
	for i := range v1 {
		v1[i], v2[i] = -1, -1
	}
	v1[off+1], v2[off+1] = 0, 0
	delta := n - m
	// With an odd delta the forward path meets the reverse one, else the
	// reverse path meets the forward one.
	front := delta%2 != 0
	// Diagonals that ran off the graph are not walked again.
	k1start, k1end, k2start, k2end := 0, 0, 0, 0
	for d := 0; d < maxD; d++ {
		for k1 := -d + k1start; k1 <= d-k1end; k1 += 2 {
			i := off + k1
			var x1 int
			if k1 == -d || k1 != d && v1[i-1] < v1[i+1] {
				x1 = v1[i+1]
			} else {
				x1 = v1[i-1] + 1
			}
			y1 := x1 - k1
			for x1 < n && y1 < m && a[x1] == b[y1] {
				x1++
				y1++
			}
			v1[i] = x1
			switch {
			case x1 > n:
				k1end += 2
			case y1 > m:
				k1start += 2
			case front:
				if j := off + delta - k1; j >= 0 && j < size && v2[j] != -1 && x1 >= n-v2[j] {
					return x1, y1, true
				}
			}
		}
		for k2 := -d + k2start; k2 <= d-k2end; k2 += 2 {
			i := off + k2
			var x2 int
			if k2 == -d || k2 != d && v2[i-1] < v2[i+1] {
				x2 = v2[i+1]
			} else {
				x2 = v2[i-1] + 1
			}
			y2 := x2 - k2
			for x2 < n && y2 < m && a[n-x2-1] == b[m-y2-1] {
				x2++
				y2++
			}
			v2[i] = x2
			switch {
			case x2 > n:
				k2end += 2
			case y2 > m:
				k2start += 2
			case !front:
				if j := off + delta - k2; j >= 0 && j < size && v1[j] != -1 && v1[j] >= n-x2 {
					x1 := v1[j]
					return x1, x1 - (j - off), true
				}
			}
		}
	}
	if maxD == (n+m+1)/2 {
		return 0, 0, false
	}
	x, y = furthest(v1, v2, off, n, m)
	return x, y, true
}

// furthest returns the point on the graph that the forward search (v1) or
// the reverse one (v2) reached furthest from where it started, preferring
// the forward one on a tie, as xdiff does.
func furthest(v1, v2 []int, off, n, m int) (int, int) {
	bestX, bestY, best := 0, 0, 0
	for i, x := range v1 {
		if y := x - (i - off); x >= 0 && x <= n && y >= 0 && y <= m && x+y > best && x+y < n+m {
			bestX, bestY, best = x, y, x+y
		}
	}
	for i, x := range v2 {
		if y := x - (i - off); x >= 0 && x <= n && y >= 0 && y <= m && x+y > best && x+y < n+m {
			bestX, bestY, best = n-x, m-y, x+y
		}
	}
	return bestX, bestY
}
