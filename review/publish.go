package review

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/less-trainers/casestudy/gitops"
	"github.com/less-trainers/casestudy/internal/atomicfile"
	"github.com/less-trainers/casestudy/internal/worktree"
	"github.com/less-trainers/casestudy/prose"
	"github.com/less-trainers/casestudy/templates"
)

// FinalTag marks the published case study.
const FinalTag = "final"

// ExportDir is where publish writes the HTML of the case study.
const ExportDir = "export"

// Published says what Publish did.
type Published struct {
	Merge  gitops.SHA
	Export string
	// Already is set when it was published before: nothing was done.
	Already bool
}

// Publish merges the approved case study into the publication branch with a
// merge commit, tags it final and writes the HTML export. Only the final
// reviewer's approval allows it.
func (cs *CaseStudy) Publish(ctx context.Context, f Forge, now time.Time) (Published, error) {
	// One writer at a time, across the whole read-modify-write.
	unlock, err := cs.Repo.Lock()
	if err != nil {
		return Published{}, err
	}
	defer unlock()
	var res Published
	changes, err := cs.Repo.Changes()
	if err != nil {
		return res, err
	}
	if len(changes) > 0 {
		return res, fmt.Errorf("this copy has unsaved changes (%s); publish from a clean copy of what was approved", changes[0].Path)
	}
	rv, err := cs.loadOpenReview(ctx, f)
	if errors.Is(err, ErrPublished) {
		res.Already = true
		if t, ok, _, err := cs.Repo.ReadTag(FinalTag); err == nil && ok {
			res.Merge = t.Commit // the merge, not the tag object
		}
		return res, nil
	}
	if err != nil {
		return res, err
	}
	req, p := rv.Request, rv.Progress
	if p.Stage != StageApproved {
		final := cs.Config.FinalReviewer()
		waiting := ""
		if p.Next != "" {
			waiting = ", waiting for " + p.Next
		}
		if me, err := f.Me(ctx); err == nil && sameName(me, f.Name(final)) {
			return res, fmt.Errorf("you have not approved it yet (stage: %s%s); approve it first with casestudy approve", p.Stage, waiting)
		}
		return res, fmt.Errorf("only the final reviewer's approval publishes, and %s has not approved yet (stage: %s%s)", final, p.Stage, waiting)
	}
	who, err := cs.Identity()
	if err != nil {
		return res, err
	}
	// The learning record goes into the publication with the text: every
	// round's conversation is archived in reviews/ first.
	if err = cs.archiveAllRounds(ctx, f, rv, now); err != nil {
		return res, err
	}
	// Merge what this copy has, which is what was approved plus the
	// archives just pushed, whatever the forge shows for a moment.
	if head, err := cs.Repo.BranchHead(DraftBranch); err == nil && head != req.Head {
		if ahead, err := cs.Repo.IsAncestor(req.Head, head); err != nil || !ahead {
			return res, fmt.Errorf("this copy's drafting branch is not what is under review (%.7s); run casestudy review to bring it up to date, then publish", req.Head)
		}
		pinned := *req
		pinned.Head = head
		req = &pinned
	}
	msg := fmt.Sprintf("Publish %s\n\nApproved by %s.\n", quote(cs.Config.Title), strings.Join(approvers(p), ", "))
	res.Merge, err = f.Merge(ctx, req, msg)
	if err != nil {
		return res, err
	}
	if !cs.Repo.HasCommit(res.Merge) {
		// Merged on the forge's server: main is brought home, so the merge
		// can be tagged here.
		if _, err := cs.Sync(ctx, f); err != nil {
			return res, fmt.Errorf("merged on %s, but fetching main failed: %w", f.Where(), err)
		}
	}
	if err := cs.Repo.CreateTag(FinalTag, res.Merge, "Published: "+cs.Config.Title+"\n", who, now); err != nil {
		return res, fmt.Errorf("published, but tagging it %s failed: %w", FinalTag, err)
	}
	res.Export, err = cs.Export(filepath.Join(cs.Root, ExportDir, "case-study.html"))
	return res, err
}

func approvers(p Progress) []string {
	var out []string
	for _, v := range p.Latest {
		if v.Verdict == Approved {
			out = append(out, v.Author)
		}
	}
	return out
}

// Export writes the case study as one HTML page to path.
func (cs *CaseStudy) Export(path string) (string, error) {
	unlock, err := cs.Repo.Lock()
	if err != nil {
		return "", err
	}
	defer unlock()
	docs, err := cs.documentsAt(WorkTree)
	if err != nil {
		return "", err
	}
	var md strings.Builder
	for _, d := range docs {
		md.WriteString(d.text)
		md.WriteString("\n\n")
	}
	var authors []string
	authors = append(authors, cs.Config.Mentee.Name)
	var page strings.Builder
	meta := prose.ExportMeta{Title: cs.Config.Title, Authors: authors, Theme: cs.Config.Theme, Company: cs.Config.Company}
	if err := prose.WriteExport(&page, meta, md.String()); err != nil {
		return "", err
	}
	// Inside the case study, the page is written only as a regular file
	// reached without a symbolic link (a committed export -> ../elsewhere
	// must not send it out of the clone); elsewhere, where the user asked.
	if rel, inside := worktree.Inside(cs.Root, path); inside {
		if _, err := worktree.MkdirAll(cs.Root, rel); err != nil {
			return "", err
		}
	} else if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return "", err
	}
	return path, atomicfile.Write(path, []byte(page.String()))
}

// archiveAllRounds writes reviews/round-N.md for every round that lacks an
// up-to-date archive, from the review already read, and shares them, so
// the merge takes them along.
func (cs *CaseStudy) archiveAllRounds(ctx context.Context, f Forge, rv *Review, now time.Time) error {
	archived := false
	draftBefore, err := cs.Repo.BranchHead(DraftBranch)
	if err != nil {
		return err
	}
	for _, r := range rv.Rounds {
		fb, err := cs.feedbackOf(rv, r.Number)
		if err != nil {
			return err
		}
		path, err := cs.Archive(fb, now)
		if err != nil {
			return err
		}
		archived = archived || path != ""
	}
	if !archived {
		return nil
	}
	// The archives are on main, or, in an older repository, on the drafting
	// branch: they go to the forge before the merge, by one push when the
	// branches only moved forward since the command's fetch (Send).
	if draftNow, err := cs.Repo.BranchHead(DraftBranch); err != nil {
		return err
	} else if draftNow != draftBefore {
		if err := cs.Share(ctx, f, DraftBranch); err != nil {
			return fmt.Errorf("archiving the reviews before publishing: %w", err)
		}
	}
	if err := cs.Send(ctx, f); err != nil {
		return fmt.Errorf("archiving the reviews before publishing: %w", err)
	}
	return nil
}

// LeftoverPlaceholders finds lines of the documents that are still the
// template's placeholders, such as "(The details.)", as FILE:LINE.
func (cs *CaseStudy) LeftoverPlaceholders() ([]string, error) {
	files, err := templates.Scaffold(templateData(cs.Config, time.Now()))
	if err != nil {
		return nil, err
	}
	placeholder := map[string]bool{}
	for _, f := range files {
		if cs.Config.isDocument(f.Path) {
			for _, l := range strings.Split(string(f.Content), "\n") {
				if t := strings.TrimSpace(l); strings.HasPrefix(t, "(") && strings.HasSuffix(t, ")") {
					placeholder[t] = true
				}
			}
		}
	}
	docs, err := cs.documentsAt(WorkTree)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, d := range docs {
		for i, l := range strings.Split(d.text, "\n") {
			if placeholder[strings.TrimSpace(l)] {
				out = append(out, fmt.Sprintf("%s:%d", d.path, i+1))
			}
		}
	}
	return out, nil
}
