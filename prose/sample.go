package prose

import (
	"math/rand/v2"
	"strings"
)

// SampleDraft returns a made-up case study of about the given number of
// words, the same for the same seed: English-looking sentences, one per
// line, in paragraphs separated by blank lines, under a title and section
// headings. Benchmarks and the bench/ scripts use it to measure the diff on
// documents of realistic shape and size.
func SampleDraft(seed uint64, words int) string {
	rng := rand.New(rand.NewPCG(seed, 0x1e55))
	var b strings.Builder
	b.Grow(words * 7)
	n := heading(&b, rng, "# ")
	for paragraphs := 0; n < words; paragraphs++ {
		if paragraphs > 0 && rng.IntN(7) == 0 {
			n += heading(&b, rng, "## ")
		}
		for range 2 + rng.IntN(6) {
			n += sentence(&b, rng)
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// EditDraft returns draft with the given number of single-word edits
// (a word replaced, removed or added), scattered over its sentences, the
// same for the same seed.
func EditDraft(draft string, seed uint64, edits int) string {
	rng := rand.New(rand.NewPCG(seed, 0xed17))
	lines := strings.Split(draft, "\n")
	var sentences []int
	for i, l := range lines {
		if strings.Count(l, " ") >= 3 && !strings.HasPrefix(l, "#") {
			sentences = append(sentences, i)
		}
	}
	if len(sentences) == 0 {
		return draft
	}
	for range edits {
		i := sentences[rng.IntN(len(sentences))]
		words := strings.Fields(lines[i])
		// The last word keeps its full stop.
		at := rng.IntN(len(words) - 1)
		switch op := rng.IntN(4); {
		case op == 0 && len(words) > 3:
			words = append(words[:at], words[at+1:]...)
		case op == 1:
			words = append(words[:at+1], append([]string{pick(rng)}, words[at+1:]...)...)
		default:
			words[at] = pick(rng)
			if at == 0 {
				words[at] = capitalize(words[at])
			}
		}
		lines[i] = strings.Join(words, " ")
	}
	return strings.Join(lines, "\n")
}

func heading(b *strings.Builder, rng *rand.Rand, marker string) int {
	b.WriteString(marker)
	n := 2 + rng.IntN(4)
	for i := range n {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(capitalize(nouns[rng.IntN(len(nouns))]))
	}
	b.WriteString("\n\n")
	return n
}

func sentence(b *strings.Builder, rng *rand.Rand) int {
	n := 6 + rng.IntN(19)
	for i := range n {
		w := pick(rng)
		if i == 0 {
			w = capitalize(w)
		} else {
			b.WriteByte(' ')
		}
		b.WriteString(w)
		if i < n-1 && rng.IntN(14) == 0 {
			b.WriteByte(',')
		}
	}
	b.WriteString(".\n")
	return n
}

// pick draws a word the way English mixes them: mostly small words, then
// nouns, verbs and adjectives.
func pick(rng *rand.Rand) string {
	switch r := rng.IntN(100); {
	case r < 42:
		return function[rng.IntN(len(function))]
	case r < 72:
		return nouns[rng.IntN(len(nouns))]
	case r < 88:
		return verbs[rng.IntN(len(verbs))]
	default:
		return adjectives[rng.IntN(len(adjectives))]
	}
}

func capitalize(w string) string { return strings.ToUpper(w[:1]) + w[1:] }

var (
	function = strings.Fields(`the the the a a of of to to and and in in that we we it for
		with as was on our they but not this their at by from had were when which more
		each after before because so all one two three every our its what how why`)
	nouns = strings.Fields(`team teams product owner backlog sprint review retrospective
		feature component manager managers customer customers area requirement
		organization department group developer developers coach coaches adoption
		experiment change structure quality release integration test tests
		meeting refinement planning goal value work problem cause system model
		delay loop variable role roles site sites company market budget project
		learning insight decision process specialist architect architecture
		definition done increment week month year people culture trust transparency`)
	verbs = strings.Fields(`learned changed decided moved reduced increased started
		stopped tried asked removed created merged split measured observed
		discussed delivered integrated improved helped blocked noticed
		questioned reflected adapted inspected introduced reorganized simplified`)
	adjectives = strings.Fields(`large small cross-functional feature component
		single whole new old slow fast visible hidden shared local global
		first second late early difficult simple clear real many few`)
)
