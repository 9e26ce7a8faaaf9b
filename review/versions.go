package review

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/less-trainers/casestudy/gitops"
	"github.com/less-trainers/casestudy/prose"
)

// Version is one state of the documents: a draft, another commit, or the
// work tree with its unsaved changes.
type Version struct {
	Draft    int // 0 when the version is not a draft
	Label    string
	commit   gitops.SHA // a commit, or an annotated tag of one, to read the documents of
	worktree bool
}

// WorkTree is the documents as they are on disk now.
var WorkTree = Version{Label: "working tree", worktree: true}

// ErrUnknownDraft names a draft that does not exist and the ones that do.
type ErrUnknownDraft struct {
	Spec   string
	Drafts []Draft
}

func (e ErrUnknownDraft) Error() string {
	switch n := len(e.Drafts); {
	case n == 0:
		return fmt.Sprintf("no draft %q: there are no drafts yet; save one with: casestudy save -m \"first draft\"", e.Spec)
	case n == 1:
		return fmt.Sprintf("no draft %q: the only draft is 1", e.Spec)
	default:
		return fmt.Sprintf("no draft %q: the drafts are %s", e.Spec, draftRanges(e.Drafts))
	}
}

// draftRanges writes draft numbers compactly: 1–4, 6.
func draftRanges(ds []Draft) string {
	var parts []string
	for i := 0; i < len(ds); {
		j := i
		for j+1 < len(ds) && ds[j+1].Number == ds[j].Number+1 {
			j++
		}
		if j > i {
			parts = append(parts, fmt.Sprintf("%d\u2013%d", ds[i].Number, ds[j].Number))
		} else {
			parts = append(parts, strconv.Itoa(ds[i].Number))
		}
		i = j + 1
	}
	return strings.Join(parts, ", ")
}

// DraftVersion finds a draft by number ("3") or tag ("draft-3"). It reads
// that one tag only; the other drafts are listed only to name them when
// there is no such draft.
func (cs *CaseStudy) DraftVersion(spec string) (Version, error) {
	n, err := strconv.Atoi(strings.TrimPrefix(strings.TrimSpace(spec), DraftTagPrefix))
	isNumber := err == nil && n >= 1
	if isNumber {
		// The tag itself is a revision to read the documents of.
		target, ok, err := cs.Repo.TagTarget(DraftTagPrefix + strconv.Itoa(n))
		if err != nil {
			return Version{}, err
		}
		if ok {
			return Draft{Number: n, Commit: target}.Version(), nil
		}
	}
	drafts, err := cs.Drafts()
	if err != nil {
		return Version{}, err
	}
	for _, d := range drafts {
		if isNumber && d.Number == n { // a tag spelt otherwise, such as draft-03
			return d.Version(), nil
		}
	}
	return Version{}, ErrUnknownDraft{Spec: spec, Drafts: drafts}
}

// Version is the draft as a version to compare.
func (d Draft) Version() Version {
	return Version{Draft: d.Number, Label: fmt.Sprintf("draft %d", d.Number), commit: d.Commit}
}

// LastCommit is the drafting branch's newest commit, for comparing when
// there is no draft yet.
func (cs *CaseStudy) LastCommit() (Version, error) {
	sha, err := cs.Repo.BranchHead(DraftBranch)
	if err != nil {
		return Version{}, err
	}
	return Version{Label: "the template", commit: sha}, nil
}

type document struct {
	path, text string
}

// documentsAt reads the case-study documents of a version; a document the
// version lacks reads as empty, so it shows as wholly added or removed.
func (cs *CaseStudy) documentsAt(v Version) ([]document, error) {
	return cs.documentsIn(cs.Repo, v)
}

func (cs *CaseStudy) documentsIn(repo *gitops.Repo, v Version) ([]document, error) {
	docs := make([]document, 0, len(cs.Config.Documents))
	for _, p := range cs.Config.Documents {
		var text string
		var err error
		switch {
		case v.worktree:
			text, _, err = repo.ReadWorkFile(p)
		case v.commit != "":
			text, _, err = repo.ReadFile(v.commit, p)
		}
		if err != nil {
			return nil, fmt.Errorf("reading %s of %s: %w", p, v.Label, err)
		}
		docs = append(docs, document{path: p, text: text})
	}
	return docs, nil
}

// Diff compares the documents of two versions word by word. With
// withoutGuidance, HTML comments are left out of both sides first.
func (cs *CaseStudy) Diff(a, b Version, withoutGuidance bool) ([]prose.FileDiff, error) {
	old, new, err := cs.documentsOfBoth(a, b)
	if err != nil {
		return nil, err
	}
	return diffDocuments(old, new, withoutGuidance), nil
}

// documentsOfBoth reads two versions at once when both are in the
// repository: unpacking a draft is most of a diff's work, and the
// machine has more than one core to do it on. Each read goes through a
// handle of its own (gitops.TextReader), since go-git's storage is not
// safe for concurrent use.
func (cs *CaseStudy) documentsOfBoth(a, b Version) (old, new []document, err error) {
	if a.commit == "" || b.commit == "" || a.worktree || b.worktree {
		if old, err = cs.documentsAt(a); err != nil {
			return nil, nil, err
		}
		new, err = cs.documentsAt(b)
		return old, new, err
	}
	var errOld error
	done := make(chan struct{})
	go func() {
		defer close(done)
		old, errOld = cs.documentsOfText(a)
	}()
	new, err = cs.documentsOfText(b)
	<-done
	if errOld != nil {
		return nil, nil, errOld
	}
	return old, new, err
}

// documentsOfText reads a version's documents through a text reader.
func (cs *CaseStudy) documentsOfText(v Version) ([]document, error) {
	repo, err := cs.Repo.TextReader()
	if err != nil {
		return nil, err
	}
	return cs.documentsIn(repo, v)
}

// diffDocuments pairs documents by position: both lists come from the same
// Config.Documents.
func diffDocuments(old, new []document, withoutGuidance bool) []prose.FileDiff {
	out := make([]prose.FileDiff, 0, len(new))
	for i := range new {
		a, b := old[i].text, new[i].text
		if withoutGuidance {
			a, b = prose.StripComments(a), prose.StripComments(b)
		}
		out = append(out, prose.FileDiff{Path: new[i].path, Segments: prose.WordDiff(a, b)})
	}
	return out
}
