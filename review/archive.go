package review

import (
	"fmt"
	"strings"
	"time"

	"github.com/less-trainers/casestudy/gitops"
	"github.com/less-trainers/casestudy/internal/atomicfile"
	"github.com/less-trainers/casestudy/internal/worktree"
	"github.com/less-trainers/casestudy/prose"
)

// ArchiveDir holds each round's conversation, so the learning record stays
// in the repository whatever happens to the forge.
const ArchiveDir = "reviews"

// Archive writes the round's feedback to reviews/round-N.md and commits it
// on the publication branch, beside the drafts rather than among them: the
// review's pull request (drafting branch into main) then never shows an
// archive among the case study's files, and publishing merges the text in
// next to them. A repository that archived on the drafting branch before
// (its drafting branch has the file) goes on updating it there. Archive
// returns the path, and "" when the archive was already up to date.
func (cs *CaseStudy) Archive(fb Feedback, now time.Time) (string, error) {
	if fb.Round == nil {
		return "", ErrNoRequest
	}
	rel := fmt.Sprintf("%s/round-%d.md", ArchiveDir, fb.Round.Number)
	text := RenderArchive(cs.Config.Title, fb)
	who, err := cs.Identity()
	if err != nil {
		return "", err
	}
	unlock, err := cs.Repo.Lock()
	if err != nil {
		return "", err
	}
	defer unlock()
	draft, err := cs.Repo.BranchHead(DraftBranch)
	if err != nil {
		return "", err
	}
	if committed, onDraft, err := cs.Repo.ReadFile(draft, rel); err != nil {
		return "", err
	} else if onDraft {
		return cs.archiveOnDraft(rel, text, committed, fb.Round.Number, who, now)
	}
	msg := fmt.Sprintf("Archive the feedback of review round %d", fb.Round.Number)
	if main, err := cs.Repo.BranchHead(PublishBranch); err == nil {
		if _, ok, _ := cs.Repo.ReadFile(main, rel); ok {
			msg = fmt.Sprintf("Update the archived feedback of review round %d", fb.Round.Number)
		}
	}
	// One commit, written whole: nothing in the work tree to half-write.
	sha, err := cs.Repo.CommitFileOnBranch(PublishBranch, rel, []byte(text), msg, who, now)
	if err != nil || sha == "" {
		return "", err
	}
	return rel, nil
}

// ArchiveBranch is the branch the archive at rel is kept on: the drafting
// branch in a repository that archived there before, main otherwise.
func (cs *CaseStudy) ArchiveBranch(rel string) string {
	if draft, err := cs.Repo.BranchHead(DraftBranch); err == nil {
		if _, ok, _ := cs.Repo.ReadFile(draft, rel); ok {
			return DraftBranch
		}
	}
	return PublishBranch
}

// archiveOnDraft is how repositories made before archives moved to the
// publication branch keep theirs: in the work tree, committed on the
// drafting branch.
func (cs *CaseStudy) archiveOnDraft(rel, text, committed string, round int, who gitops.Identity, now time.Time) (string, error) {
	// The file may be written and not yet committed (the last run was
	// killed in between): then this run commits it instead of saying all
	// is done.
	if committed == text {
		if now, ok, err := cs.Repo.ReadWorkFile(rel); err != nil || ok && now == text {
			return "", err
		}
	}
	abs, err := worktree.MkdirAll(cs.Root, rel)
	if err != nil {
		return "", err
	}
	if err := atomicfile.Write(abs, []byte(text)); err != nil {
		return "", err
	}
	msg := fmt.Sprintf("Update the archived feedback of review round %d", round)
	if _, err := cs.Repo.CommitPaths([]string{rel}, msg, who, now); err != nil {
		return "", err
	}
	return rel, nil
}

// RenderArchive writes a round's conversation as Markdown.
func RenderArchive(title string, fb Feedback) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# Review round %d: %s\n\n", fb.Round.Number, title)
	fmt.Fprintf(&b, "Draft %d, submitted %s.\n", fb.Round.Draft, fb.Round.When.UTC().Format("2006-01-02 15:04 MST"))
	if len(fb.Votes) > 0 {
		b.WriteString("\n## Verdicts\n\n")
		for _, v := range fb.Votes {
			fmt.Fprintf(&b, "- **%s**, %s: %s", prose.Clean(v.Author), v.When.UTC().Format("2006-01-02"), v.Verdict)
			if v.Body != "" {
				fmt.Fprintf(&b, ".\n%s", indent(prose.Clean(v.Body), "  "))
			}
			b.WriteString("\n")
		}
	}
	if len(fb.Remarks) > 0 {
		b.WriteString("\n## Conversation\n\n")
		for _, c := range fb.Remarks {
			fmt.Fprintf(&b, "- **%s**, %s:\n%s\n", prose.Clean(c.Author), c.When.UTC().Format("2006-01-02"), indent(prose.Clean(c.Body), "  "))
		}
	}
	if len(fb.Threads) > 0 {
		b.WriteString("\n## Line comments\n")
		for _, t := range fb.Threads {
			fmt.Fprintf(&b, "\n### %s\n\n", t.Place())
			for _, q := range t.Quote {
				fmt.Fprintf(&b, "> %s\n", prose.Clean(q))
			}
			if len(t.Quote) > 0 {
				b.WriteString("\n")
			}
			for _, c := range append([]Comment{t.Comment}, t.Replies...) {
				fmt.Fprintf(&b, "- **%s**, %s:\n%s\n", prose.Clean(c.Author), c.When.UTC().Format("2006-01-02"), indent(prose.Clean(c.Body), "  "))
			}
		}
	}
	return b.String()
}

// Place names where a thread is: case-study.md:42-44, and whether it moved
// or is outdated.
func (t Thread) Place() string {
	c := t.Comment
	if c.WholeFile() {
		if t.Outdated {
			return c.Path + " (whole file, outdated)"
		}
		return c.Path + " (whole file)"
	}
	place := fmt.Sprintf("%s:%d", c.Path, c.Line)
	if c.StartLine > 0 && c.StartLine != c.Line {
		place = fmt.Sprintf("%s:%d-%d", c.Path, c.StartLine, c.Line)
	}
	start := c.StartLine
	if start == 0 {
		start = c.Line
	}
	switch {
	case t.Outdated:
		place += " (outdated)"
	case t.StartNow != start:
		place += fmt.Sprintf(" (now line %d)", t.StartNow)
	}
	return place
}

func indent(s, prefix string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	for i, l := range lines {
		if l != "" {
			lines[i] = prefix + l
		}
	}
	return strings.Join(lines, "\n")
}
