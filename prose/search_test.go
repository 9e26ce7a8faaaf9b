package prose

import (
	"math/rand/v2"
	"reflect"
	"runtime"
	"sync"
	"testing"
)

// lcsLength is the length of a longest common subsequence, by dynamic
// programming.
func lcsLength(a, b []rune) int {
	prev, cur := make([]int, len(b)+1), make([]int, len(b)+1)
	for i := range a {
		for j := range b {
			if a[i] == b[j] {
				cur[j+1] = prev[j] + 1
			} else {
				cur[j+1] = max(prev[j+1], cur[j])
			}
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// checkCommon fails t unless pairs match equal pieces of a and b, in order.
func checkCommon(t *testing.T, a, b []rune, pairs []pair) {
	t.Helper()
	for k, p := range pairs {
		if a[p.a] != b[p.b] || k > 0 && (p.a <= pairs[k-1].a || p.b <= pairs[k-1].b) {
			t.Fatalf("pair %d %v does not extend a common subsequence: %v", k, p, pairs)
		}
	}
}

func indices(n int) []int {
	at := make([]int, n)
	for i := range at {
		at[i] = i
	}
	return at
}

func randomRunes(rng *rand.Rand, n, alphabet int) []rune {
	s := make([]rune, n)
	for i := range s {
		s[i] = rune('a' + rng.IntN(alphabet))
	}
	return s
}

func TestSearchIsLongest(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		a := randomRunes(rng, rng.IntN(40), 1+rng.IntN(6))
		b := randomRunes(rng, rng.IntN(40), 1+rng.IntN(6))
		pairs := search(nil, a, indices(len(a)), b, indices(len(b)))
		checkCommon(t, a, b, pairs)
		if want := lcsLength(a, b); len(pairs) != want {
			t.Fatalf("search(%q, %q) matched %d pieces, want %d", string(a), string(b), len(pairs), want)
		}
	}
}

// Past its limit a matcher searches nothing, and what it matches (the
// ends the two share) is still a common subsequence.
func TestPastTheLimitIsStillACommonSubsequence(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for range 500 {
		a := randomRunes(rng, 1+rng.IntN(200), 1+rng.IntN(4))
		b := randomRunes(rng, 1+rng.IntN(200), 1+rng.IntN(4))
		m := matcher{limit: 1 + rng.IntN(10)}
		names := func(s []rune) []rune {
			out := make([]rune, len(s))
			for i, r := range s {
				out[i], _ = m.in.name(string(r))
			}
			return out
		}
		na, nb := names(a), names(b)
		pairs := m.matches(na, nb, nil)
		checkCommon(t, na, nb, pairs)
	}
}

// The search is bounded by work, never by the clock: two unrelated drafts,
// whose comparison is the longest there is, give the same difference
// every time, however busy the machine.
func TestWordDiffIsTheSameUnderLoad(t *testing.T) {
	old, new := SampleDraft(1, 30000), SampleDraft(2, 30000)
	want := WordDiff(old, new)
	checkSegments(t, old, new, want)

	stop := make(chan struct{})
	var busy sync.WaitGroup
	for range 2 * runtime.GOMAXPROCS(0) {
		busy.Go(func() {
			x := 0
			for {
				select {
				case <-stop:
					return
				default:
					for i := range 100000 {
						x += i
					}
				}
			}
		})
	}
	defer func() { close(stop); busy.Wait() }()
	for run := range 20 {
		if got := WordDiff(old, new); !reflect.DeepEqual(got, want) {
			added, removed := Stat(got)
			wantAdded, wantRemoved := Stat(want)
			t.Fatalf("run %d under load: +%d/-%d words in %d segments, first run +%d/-%d in %d",
				run+1, added, removed, len(got), wantAdded, wantRemoved, len(want))
		}
	}
}
