package review

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/less-trainers/casestudy/internal/atomicfile"
	"github.com/less-trainers/casestudy/internal/worktree"
)

// Applied is what became of one suggestion.
type Applied struct {
	Thread  Thread `json:"thread"`
	Applied bool   `json:"applied"`
	// Why a suggestion was skipped.
	Why string `json:"why,omitempty"`
}

// coauthorsFile lists who suggested applied changes, for the next save to
// credit them with Co-authored-by trailers as GitHub does.
const coauthorsFile = "casestudy-coauthors"

// Apply takes the suggestions of every round and applies each one whose
// lines are still as the reviewer saw them. It never touches a line the
// writer changed since: such suggestions are skipped, with the reason.
func (cs *CaseStudy) Apply(ctx context.Context, f Forge, dryRun bool) ([]Applied, error) {
	return cs.apply(ctx, f, dryRun, "")
}

// ApplyThread applies the suggestion of one thread, named by its full id,
// as casestudy serve's "apply suggestion" does: the same checks as Apply,
// and a skipped suggestion is an error that says why.
func (cs *CaseStudy) ApplyThread(ctx context.Context, f Forge, id string) (Applied, error) {
	out, err := cs.apply(ctx, f, false, id)
	if err != nil {
		return Applied{}, err
	}
	if len(out) == 0 {
		return Applied{}, fmt.Errorf("no suggestion %s in this review; casestudy feedback shows the suggestions", id)
	}
	a := out[0]
	if !a.Applied {
		return a, fmt.Errorf("the suggestion on %s was not applied: %s", a.Thread.Place(), a.Why)
	}
	return a, nil
}

// apply is Apply, for the thread with id only when it is not empty.
func (cs *CaseStudy) apply(ctx context.Context, f Forge, dryRun bool, only string) ([]Applied, error) {
	if !dryRun {
		if err := cs.refuseIfPublished(); err != nil {
			return nil, err
		}
	}
	// One writer at a time, across the whole read-modify-write.
	unlock, err := cs.Repo.Lock()
	if err != nil {
		return nil, err
	}
	defer unlock()
	rv, err := cs.LoadReview(ctx, f)
	if err != nil {
		return nil, err
	}
	if rv.Request == nil {
		return nil, ErrNoRequest
	}
	act := rv.Activity
	var out []Applied
	byFile := map[string][]int{}
	for _, t := range threadsOf(act.Comments) {
		if t.Suggestion == nil || t.Comment.Path == "" || only != "" && t.Comment.ID != only {
			continue
		}
		if err := cs.anchor(&t); err != nil {
			return nil, err
		}
		a := Applied{Thread: t}
		switch {
		case !insideRepository(t.Comment.Path):
			a.Why = "its path leads out of the case study; ignored"
		case !cs.Config.isDocument(t.Comment.Path):
			// Suggestions are for the case study's text; one on
			// casestudy.yaml, the workflow or anything else is for a
			// person to weigh, never applied by a command.
			a.Why = "it is not on one of the case study's documents; apply it by hand if it fits"
		case t.Comment.Outdated:
			a.Why = "outdated: the lines changed after the comment was made"
		case t.Outdated && cs.alreadyApplied(t):
			a.Why = "already applied"
		case t.Outdated:
			a.Why = "the lines changed since the comment; apply it by hand if it still fits"
		}
		if a.Why == "" {
			byFile[t.Comment.Path] = append(byFile[t.Comment.Path], len(out))
		}
		out = append(out, a)
	}
	chosenIn := map[string][]int{}
	for path, idx := range byFile {
		// GitHub refuses two suggestions on the same lines in one batch; so
		// do we: the earlier one wins, the later is skipped.
		sort.SliceStable(idx, func(i, j int) bool { return out[idx[i]].Thread.StartNow < out[idx[j]].Thread.StartNow })
		lastEnd := 0
		for _, i := range idx {
			if out[i].Thread.StartNow <= lastEnd {
				out[i].Why = "overlaps another suggestion on the same lines; apply it by hand after the first"
				continue
			}
			lastEnd = out[i].Thread.EndNow
			out[i].Applied = true
			chosenIn[path] = append(chosenIn[path], i)
		}
	}
	if dryRun {
		return out, nil
	}
	// The credit is recorded before the text changes: a run killed in
	// between is run again, finds the suggestions already applied, and the
	// suggesters are still credited at the next save.
	if err := cs.recordCoauthors(f, out); err != nil {
		return nil, err
	}
	for path, chosen := range chosenIn {
		if err := cs.applyToFile(path, out, chosen); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (cs *CaseStudy) alreadyApplied(t Thread) bool {
	now, ok, err := cs.Repo.ReadWorkFile(t.Comment.Path)
	if err != nil || !ok || *t.Suggestion == "" {
		return false
	}
	return findLines(splitLines(now), splitLines(*t.Suggestion), t.Comment.Line) > 0
}

// applyToFile replaces the suggested lines from the bottom up, so earlier
// line numbers stay right, and writes the file through a temporary one.
func (cs *CaseStudy) applyToFile(path string, out []Applied, chosen []int) error {
	text, _, err := cs.Repo.ReadWorkFile(path)
	if err != nil {
		return err
	}
	abs, err := worktree.File(cs.Root, path)
	if err != nil {
		return err
	}
	lines := splitLines(text)
	sort.Slice(chosen, func(a, b int) bool { return out[chosen[a]].Thread.StartNow < out[chosen[b]].Thread.StartNow })
	for k := len(chosen) - 1; k >= 0; k-- {
		t := out[chosen[k]].Thread
		repl := splitLines(*t.Suggestion)
		lines = append(lines[:t.StartNow-1], append(append([]string{}, repl...), lines[t.EndNow:]...)...)
	}
	result := strings.Join(lines, "\n")
	if len(lines) > 0 {
		result += "\n"
	}
	return atomicfile.Write(abs, []byte(result))
}

func (cs *CaseStudy) recordCoauthors(f Forge, out []Applied) error {
	seen := map[string]bool{}
	var lines []string
	for _, a := range out {
		if !a.Applied {
			continue
		}
		who := cs.coauthor(f, a.Thread.Comment.Author)
		if !seen[who] {
			seen[who] = true
			lines = append(lines, who)
		}
	}
	if len(lines) == 0 {
		return nil
	}
	path := filepath.Join(cs.Repo.GitDir(), coauthorsFile)
	old, err := os.ReadFile(path)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	if len(old) > 0 && !strings.HasSuffix(string(old), "\n") {
		old = append(old, '\n')
	}
	return atomicfile.Write(path, append(old, strings.Join(lines, "\n")+"\n"...))
}

// coauthor writes a forge name as a Co-authored-by identity, using what
// casestudy.yaml knows of the person.
func (cs *CaseStudy) coauthor(f Forge, name string) string {
	people := append([]Person{cs.Config.Mentor}, cs.Config.Reviewers...)
	for _, p := range people {
		if !sameName(f.Name(p), name) {
			continue
		}
		display := p.Name
		if display == "" {
			display = p.GitHub
		}
		email := p.Email
		if email == "" && p.GitHub != "" {
			email = p.GitHub + "@users.noreply.github.com"
		}
		if display != "" && email != "" {
			return fmt.Sprintf("%s <%s>", display, email)
		}
	}
	if strings.Contains(name, "@") {
		return fmt.Sprintf("%s <%s>", name, name)
	}
	return fmt.Sprintf("%s <%s@users.noreply.github.com>", name, name)
}

// takeCoauthors returns the trailers for the next save and forgets them.
func (cs *CaseStudy) takeCoauthors() (string, func()) {
	path := filepath.Join(cs.Repo.GitDir(), coauthorsFile)
	data, err := os.ReadFile(path)
	if err != nil {
		return "", func() {}
	}
	var b strings.Builder
	seen := map[string]bool{}
	for _, l := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		if l != "" && !seen[l] {
			seen[l] = true
			b.WriteString("Co-authored-by: " + l + "\n")
		}
	}
	return b.String(), func() { os.Remove(path) }
}
