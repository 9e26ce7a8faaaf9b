package review

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/less-trainers/casestudy/gitops"
	"github.com/less-trainers/casestudy/prose"
)

// RoundTagPrefix starts the tag of each review round: round-1, round-2, …
const RoundTagPrefix = "round-"

// Round is one submission for review: the draft a reviewer was asked to read.
type Round struct {
	Number int        `json:"number"`
	Tag    string     `json:"tag"`
	Draft  int        `json:"draft"`
	Commit gitops.SHA `json:"commit"`
	When   time.Time  `json:"date"`
}

// Rounds lists the review rounds, oldest first.
func (cs *CaseStudy) Rounds() ([]Round, error) {
	tags, err := cs.numberedTags(RoundTagPrefix)
	if err != nil {
		return nil, err
	}
	out := make([]Round, 0, len(tags))
	for _, t := range tags {
		out = append(out, Round{Number: t.n, Tag: t.Name, Commit: t.Commit, When: t.When, Draft: trailerInt(t.Message, "Draft")})
	}
	return out, nil
}

func roundTagMessage(r Round, asked []string) string {
	return fmt.Sprintf("Round %d: draft %d for %s\n\nDraft: %d\n", r.Number, r.Draft, strings.Join(asked, ", "), r.Draft)
}

// RoundVersion is a round as a version to compare.
func (r Round) Version() Version {
	return Version{Draft: r.Draft, Label: fmt.Sprintf("round %d, draft %d", r.Number, r.Draft), commit: r.Commit}
}

// numberedTag is a tag named PREFIX-N, such as draft-3 or round-2.
type numberedTag struct {
	gitops.Tag
	n int
}

// numberedTags lists the tags PREFIX-N by N. Other tags that happen to
// start with the prefix (someone's draft-final) are left out.
func (cs *CaseStudy) numberedTags(prefix string) ([]numberedTag, error) {
	tags, bad, err := cs.Repo.Tags(prefix)
	if err != nil {
		return nil, err
	}
	for _, b := range bad {
		cs.Warnf("skipped the tag %s: %s; delete it with: git tag -d %s", prose.Clean(b.Name), b.Why, prose.Clean(b.Name))
	}
	var out []numberedTag
	for _, t := range tags {
		if n, ok := tagNumber(t.Name, prefix); ok {
			// A tag's message comes from whoever pushed the tag: it enters
			// the workflow here, cleaned once.
			t.Message = prose.Clean(t.Message)
			out = append(out, numberedTag{Tag: t, n: n})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].n < out[j].n })
	return out, nil
}

// tagNumber returns N of a tag named PREFIX-N.
func tagNumber(name, prefix string) (int, bool) {
	n, err := strconv.Atoi(strings.TrimPrefix(name, prefix))
	return n, err == nil && n >= 1
}
