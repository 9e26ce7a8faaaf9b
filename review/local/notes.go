package local

import (
	"strings"
	"time"

	"github.com/less-trainers/casestudy/gitops"
	"github.com/less-trainers/casestudy/review"
)

// Notes are the review as the local forge keeps it in the repository:
// git-appraise's notes refs, which every sync carries and merges as
// git-appraise does (git notes merge -s cat_sort_uniq), so comments
// written at the same time in two clones all survive.
type Notes struct{}

var _ review.InRepo = Notes{}

// Refs are the review requests and the comments.
func (Notes) Refs() []string { return []string{RequestsRef, CommentsRef} }

// FetchSpec fetches everything under git-appraise's refs/notes/devtools.
func (n Notes) FetchSpec(remote string) string {
	return "+refs/notes/devtools/*:" + n.Fetched("refs/notes/devtools/*", remote)
}

// Fetched keeps a remote's notes under refs/notes/remotes/REMOTE/: still
// under refs/notes/, where git's notes commands look for notes.
func (Notes) Fetched(ref, remote string) string {
	return strings.Replace(ref, "refs/notes/", "refs/notes/remotes/"+remote+"/", 1)
}

// Merge takes the union of both notes' lines, commit by commit: one JSON
// object a line, nothing either side wrote is lost.
func (Notes) Merge(repo *gitops.Repo, ours, theirs string, who gitops.Identity, now time.Time) error {
	return repo.MergeNotesUnion(ours, theirs, who, now)
}
