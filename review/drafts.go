package review

import (
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/less-trainers/casestudy/gitops"
	"github.com/less-trainers/casestudy/prose"
)

// DraftTagPrefix starts the name of every draft tag: draft-1, draft-2, …
const DraftTagPrefix = "draft-"

// The trailers save writes. The tag carries the counts so listing 300
// drafts reads 300 small objects instead of diffing 300 documents; the
// commit carries the number so a save interrupted between commit and tag
// can finish on the next run.
const (
	trailerWords   = "Words"
	trailerAdded   = "Words-Added"
	trailerRemoved = "Words-Removed"
	trailerDraft   = "Casestudy-Draft"
)

// Draft is one saved version of the case study.
type Draft struct {
	Number  int        `json:"number"`
	Tag     string     `json:"tag"`
	Commit  gitops.SHA `json:"commit"`
	When    time.Time  `json:"date"`
	Words   int        `json:"words"`
	Added   int        `json:"added"`
	Removed int        `json:"removed"`
	Message string     `json:"message"`
	// Round is the review round that first included this draft; 0 when
	// none has yet.
	Round int `json:"round,omitempty"`
}

// Drafts lists the saved drafts, oldest first.
func (cs *CaseStudy) Drafts() ([]Draft, error) {
	tags, err := cs.numberedTags(DraftTagPrefix)
	if err != nil {
		return nil, err
	}
	out := make([]Draft, 0, len(tags))
	for _, t := range tags {
		d := parseDraftTag(t.Message)
		d.Number, d.Tag, d.Commit, d.When = t.n, t.Name, t.Commit, t.When
		out = append(out, d)
	}
	rounds, err := cs.Rounds()
	if err != nil {
		return nil, err
	}
	// A round includes its draft and every draft before it not yet sent.
	next := 0
	for _, r := range rounds {
		for ; next < len(out) && out[next].Number <= r.Draft; next++ {
			out[next].Round = r.Number
		}
	}
	return out, nil
}

// LastDraft returns the newest draft and how many there are (ok is false
// when there is none), reading the newest draft's tag only: status and
// save take as long with a thousand drafts as with one. A tag that leads
// to no commit is skipped with a warning, as Drafts skips it, when it is
// the newest; an older one is counted.
func (cs *CaseStudy) LastDraft() (last Draft, count int, ok bool, err error) {
	names, err := cs.Repo.TagNames(DraftTagPrefix)
	if err != nil {
		return Draft{}, 0, false, err
	}
	type numbered struct {
		name string
		n    int
	}
	var drafts []numbered
	for _, name := range names {
		if n, ok := tagNumber(name, DraftTagPrefix); ok {
			drafts = append(drafts, numbered{name, n})
		}
	}
	sort.Slice(drafts, func(i, j int) bool { return drafts[i].n > drafts[j].n })
	count = len(drafts)
	for _, d := range drafts {
		t, ok, bad, err := cs.Repo.ReadTag(d.name)
		if err != nil {
			return Draft{}, 0, false, err
		}
		if bad != nil {
			cs.Warnf("skipped the tag %s: %s; delete it with: git tag -d %s", prose.Clean(bad.Name), bad.Why, prose.Clean(bad.Name))
			count--
			continue
		}
		if !ok {
			count-- // deleted meanwhile
			continue
		}
		last = parseDraftTag(prose.Clean(t.Message))
		last.Number, last.Tag, last.Commit, last.When = d.n, t.Name, t.Commit, t.When
		rounds, err := cs.Rounds()
		if err != nil {
			return Draft{}, 0, false, err
		}
		for _, r := range rounds {
			if r.Draft >= last.Number {
				last.Round = r.Number
				break
			}
		}
		return last, count, true, nil
	}
	return Draft{}, 0, false, nil
}

// draftTagMessage is the annotated tag's message: a subject git tag -n
// shows, then trailers for the counts.
func draftTagMessage(d Draft) string {
	subject := fmt.Sprintf("Draft %d: %d words", d.Number, d.Words)
	if d.Message != "" {
		subject = fmt.Sprintf("Draft %d: %s (%d words)", d.Number, d.Message, d.Words)
	}
	return fmt.Sprintf("%s\n\n%s: %d\n%s: %d\n%s: %d\n", subject,
		trailerWords, d.Words, trailerAdded, d.Added, trailerRemoved, d.Removed)
}

func parseDraftTag(msg string) Draft {
	var d Draft
	lines := strings.Split(strings.TrimRight(msg, "\n"), "\n")
	if len(lines) > 0 {
		subject := lines[0]
		if i := strings.Index(subject, ": "); i >= 0 && strings.HasPrefix(subject, "Draft ") {
			subject = subject[i+2:]
		}
		if strings.HasSuffix(subject, " words)") {
			if i := strings.LastIndex(subject, " ("); i >= 0 {
				d.Message = subject[:i]
			}
		} else if !strings.HasSuffix(subject, " words") {
			d.Message = subject
		}
	}
	for _, l := range lines[1:] {
		key, val, ok := strings.Cut(l, ": ")
		if !ok {
			continue
		}
		n, err := strconv.Atoi(strings.TrimSpace(val))
		if err != nil {
			continue
		}
		switch key {
		case trailerWords:
			d.Words = n
		case trailerAdded:
			d.Added = n
		case trailerRemoved:
			d.Removed = n
		}
	}
	return d
}

// ErrNothingToSave means the work tree has no change since the last commit.
var ErrNothingToSave = errors.New("nothing changed since the last draft; nothing saved")

// NotADraft is what Save says when only files other than the case study's
// documents changed (the mentoring journal, the working agreement): they
// are committed, as the mentee asked, but drafts are drafts of the case
// study, so no draft number is taken and no words are counted.
type NotADraft struct {
	Paths  []string
	Commit gitops.SHA
}

func (e NotADraft) Error() string {
	return fmt.Sprintf("saved %s; only changes to the case study's documents make a draft", strings.Join(e.Paths, ", "))
}

// ErrNotOnDraftBranch means the writer is on another branch than the drafting one.
type ErrNotOnDraftBranch struct{ Branch string }

func (e ErrNotOnDraftBranch) Error() string {
	if e.Branch == "" {
		return fmt.Sprintf("the repository is not on a branch; drafts are saved on %q: run git switch %s", DraftBranch, DraftBranch)
	}
	return fmt.Sprintf("you are on branch %q; drafts are saved on %q: run git switch %s", e.Branch, DraftBranch, DraftBranch)
}

// Save records every change in the work tree as the next draft: one commit
// on the drafting branch, tagged draft-N, with the word counts in the tag.
func (cs *CaseStudy) Save(msg string, now time.Time) (Draft, error) {
	if err := cs.refuseIfPublished(); err != nil {
		return Draft{}, err
	}
	who, err := cs.Identity()
	if err != nil {
		return Draft{}, err
	}
	unlock, err := cs.Repo.Lock()
	if err != nil {
		return Draft{}, err
	}
	defer unlock()
	branch, err := cs.Repo.CurrentBranch()
	if err != nil && !errors.Is(err, gitops.ErrDetached) {
		return Draft{}, err
	}
	if branch != DraftBranch {
		return Draft{}, ErrNotOnDraftBranch{Branch: branch}
	}
	last, _, hasLast, err := cs.LastDraft()
	if err != nil {
		return Draft{}, err
	}
	if d, ok, err := cs.finishInterruptedSave(last, hasLast, who, now); ok || err != nil {
		return d, err
	}

	changes, err := cs.Repo.Changes()
	if err != nil {
		return Draft{}, err
	}
	var others []string
	drafting := false
	for _, ch := range changes {
		if cs.Config.isDocument(ch.Path) {
			drafting = true
		} else {
			others = append(others, ch.Path)
		}
	}
	if !drafting && len(others) > 0 {
		subject := "Update " + strings.Join(others, ", ")
		if m := strings.TrimSpace(msg); m != "" {
			subject = m
		}
		sha, err := cs.Repo.CommitAll(subject, who, now)
		if err != nil {
			return Draft{}, err
		}
		return Draft{}, NotADraft{Paths: others, Commit: sha}
	}

	d := Draft{Number: 1, Message: strings.TrimSpace(msg), When: now}
	before, err := cs.Repo.BranchHead(DraftBranch)
	if err != nil {
		return Draft{}, err
	}
	if hasLast {
		d.Number = last.Number + 1
		before = last.Commit
	}
	d.Tag = fmt.Sprintf("%s%d", DraftTagPrefix, d.Number)
	oldText, err := cs.documentsAt(Version{commit: before})
	if err != nil {
		return Draft{}, err
	}
	newText, err := cs.documentsAt(WorkTree)
	if err != nil {
		return Draft{}, err
	}
	d.Words = countWords(newText)
	d.Added, d.Removed = wordChanges(oldText, newText)

	subject := d.Message
	if subject == "" {
		subject = fmt.Sprintf("Draft %d", d.Number)
	}
	coauthors, forget := cs.takeCoauthors()
	commitMsg := fmt.Sprintf("%s\n\n%s: %d\n%s", subject, trailerDraft, d.Number, coauthors)
	sha, err := cs.Repo.CommitAll(commitMsg, who, now)
	if err != nil {
		return Draft{}, err
	}
	if sha == "" {
		return Draft{}, ErrNothingToSave
	}
	forget()
	d.Commit = sha
	if err := cs.Repo.CreateTag(d.Tag, sha, draftTagMessage(d), who, now); err != nil {
		return Draft{}, fmt.Errorf("the draft is committed but tagging it failed (run casestudy save again to finish): %w", err)
	}
	// Packing is housekeeping: when it fails, the objects stay loose, as
	// good as packed, and the next save tries again.
	_, _ = cs.Repo.AutoPack()
	return d, nil
}

// finishInterruptedSave tags a save's commit that lost its tag, e.g. to a
// crash between the two steps. It only acts when the work tree is clean, so
// it never takes a writer's new edits into an old draft.
func (cs *CaseStudy) finishInterruptedSave(last Draft, hasLast bool, who gitops.Identity, now time.Time) (Draft, bool, error) {
	head, err := cs.Repo.BranchHead(DraftBranch)
	if err != nil {
		return Draft{}, false, err
	}
	if hasLast && last.Commit == head {
		return Draft{}, false, nil
	}
	c, err := cs.Repo.CommitInfo(head)
	if err != nil {
		return Draft{}, false, err
	}
	n := trailerInt(c.Message, trailerDraft)
	if n == 0 || (hasLast && n <= last.Number) {
		return Draft{}, false, nil
	}
	changes, err := cs.Repo.Changes()
	if err != nil || len(changes) > 0 {
		return Draft{}, false, err
	}
	d := Draft{Number: n, Tag: fmt.Sprintf("%s%d", DraftTagPrefix, n), Commit: head, When: now}
	d.Message, _, _ = strings.Cut(prose.Clean(c.Message), "\n")
	if d.Message == fmt.Sprintf("Draft %d", n) {
		d.Message = ""
	}
	var before Version
	if hasLast {
		before = Version{commit: last.Commit}
	} else if len(c.Parents) > 0 {
		before = Version{commit: c.Parents[0]}
	}
	oldText, newText, err := cs.documentsOfBoth(before, Version{commit: head})
	if err != nil {
		return Draft{}, false, err
	}
	d.Words = countWords(newText)
	d.Added, d.Removed = wordChanges(oldText, newText)
	if err := cs.Repo.CreateTag(d.Tag, head, draftTagMessage(d), who, now); err != nil {
		return Draft{}, false, err
	}
	return d, true, nil
}

func trailerInt(msg, key string) int {
	for _, l := range strings.Split(msg, "\n") {
		if v, ok := strings.CutPrefix(l, key+": "); ok {
			n, _ := strconv.Atoi(strings.TrimSpace(v))
			return n
		}
	}
	return 0
}

func countWords(docs []document) int {
	n := 0
	for _, d := range docs {
		n += prose.CountWords(d.text)
	}
	return n
}

// wordChanges counts the words added and removed between two versions of
// the documents, guidance comments left out: deleting the template's
// guidance is not removing the writer's words.
func wordChanges(old, new []document) (added, removed int) {
	for _, fd := range diffDocuments(old, new, true) {
		a, r := prose.Stat(fd.Segments)
		added += a
		removed += r
	}
	return added, removed
}
