package gitops

import (
	"errors"
	"fmt"
	"github.com/less-trainers/casestudy/internal/worktree"
	"io"
	"os"
	"sort"
	"strings"
	"time"

	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// SHA names a commit.
type SHA string

// Short is the abbreviation people see, as git log --oneline shows it.
func (s SHA) Short() string {
	if len(s) > 7 {
		return string(s[:7])
	}
	return string(s)
}

func (s SHA) hash() plumbing.Hash { return plumbing.NewHash(string(s)) }

// ErrDetached means HEAD is not on a branch.
var ErrDetached = errors.New("HEAD is not on a branch")

// CurrentBranch is the short name of the branch HEAD is on.
func (r *Repo) CurrentBranch() (string, error) {
	ref, err := r.git.Storer.Reference(plumbing.HEAD)
	if err != nil {
		return "", err
	}
	if ref.Type() != plumbing.SymbolicReference {
		return "", ErrDetached
	}
	return ref.Target().Short(), nil
}

// StartBranch points HEAD at a new branch that starts at the current commit,
// leaving the work tree and index as they are (git switch -c).
func (r *Repo) StartBranch(name string) error {
	head, err := r.git.Head()
	if err != nil {
		return err
	}
	branch := plumbing.NewBranchReferenceName(name)
	if err := r.git.Storer.SetReference(plumbing.NewHashReference(branch, head.Hash())); err != nil {
		return err
	}
	return r.git.Storer.SetReference(plumbing.NewSymbolicReference(plumbing.HEAD, branch))
}

// BranchHead is the commit a branch points to.
func (r *Repo) BranchHead(name string) (SHA, error) {
	ref, err := r.git.Reference(plumbing.NewBranchReferenceName(name), true)
	if err != nil {
		return "", fmt.Errorf("branch %s: %w", name, err)
	}
	return SHA(ref.Hash().String()), nil
}

// CommitPaths commits exactly the given paths (relative, slash-separated).
func (r *Repo) CommitPaths(paths []string, msg string, who Identity, when time.Time) (SHA, error) {
	w, err := r.git.Worktree()
	if err != nil {
		return "", err
	}
	for _, p := range paths {
		if _, err := w.Add(p); err != nil {
			return "", fmt.Errorf("adding %s: %w", p, err)
		}
	}
	return r.commit(w, msg, who, when, false)
}

// CommitAll records every change of the work tree (new, modified and
// deleted files, .gitignore respected) as one commit, like git add -A && git
// commit. With nothing to record it returns an empty SHA and no error.
func (r *Repo) CommitAll(msg string, who Identity, when time.Time) (SHA, error) {
	w, err := r.git.Worktree()
	if err != nil {
		return "", err
	}
	if err := w.AddWithOptions(&git.AddOptions{All: true}); err != nil {
		return "", err
	}
	status, err := w.Status()
	if err != nil {
		return "", err
	}
	if status.IsClean() {
		return "", nil
	}
	return r.commit(w, msg, who, when, true)
}

// commit records the index; with all, every change to a tracked file too.
func (r *Repo) commit(w *git.Worktree, msg string, who Identity, when time.Time, all bool) (SHA, error) {
	sig := &object.Signature{Name: who.Name, Email: who.Email, When: when}
	h, err := w.Commit(msg, &git.CommitOptions{All: all, Author: sig, Committer: sig})
	if err != nil {
		return "", err
	}
	return SHA(h.String()), nil
}

// Change is one path that differs between the last commit and the work tree.
type Change struct {
	Path string `json:"path"`
	Kind string `json:"kind"` // "new", "modified" or "deleted"
}

// Changes lists what a CommitAll would record, sorted by path.
func (r *Repo) Changes() ([]Change, error) {
	w, err := r.git.Worktree()
	if err != nil {
		return nil, err
	}
	status, err := w.Status()
	if err != nil {
		return nil, err
	}
	var out []Change
	for path, s := range status {
		kind := ""
		switch {
		case s.Worktree == git.Deleted || s.Staging == git.Deleted:
			kind = "deleted"
		case s.Worktree == git.Untracked || s.Staging == git.Added:
			kind = "new"
		case s.Worktree != git.Unmodified || s.Staging != git.Unmodified:
			kind = "modified"
		default:
			continue
		}
		out = append(out, Change{Path: path, Kind: kind})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out, nil
}

// Commit is what casestudy needs to know of a commit.
type Commit struct {
	SHA     SHA
	When    time.Time
	Message string
	Parents []SHA
}

// CommitInfo reads one commit.
func (r *Repo) CommitInfo(sha SHA) (Commit, error) {
	c, err := r.git.CommitObject(sha.hash())
	if err != nil {
		return Commit{}, err
	}
	out := Commit{SHA: sha, When: c.Committer.When, Message: c.Message}
	for _, p := range c.ParentHashes {
		out.Parents = append(out.Parents, SHA(p.String()))
	}
	return out, nil
}

// ReadFile returns a file's content at a revision: a commit, or an
// annotated tag of one. ok is false when the revision does not have the
// file.
func (r *Repo) ReadFile(rev SHA, path string) (content string, ok bool, err error) {
	c, err := r.commitOf(rev.hash())
	if err != nil {
		return "", false, err
	}
	tree, err := c.Tree()
	if err != nil {
		return "", false, err
	}
	entry, err := tree.FindEntry(path)
	if errors.Is(err, object.ErrEntryNotFound) || errors.Is(err, object.ErrDirectoryNotFound) {
		return "", false, nil
	}
	if err != nil {
		return "", false, err
	}
	if !entry.Mode.IsFile() {
		return "", false, nil
	}
	blob, err := r.git.BlobObject(entry.Hash)
	if err != nil {
		return "", false, err
	}
	rd, err := blob.Reader()
	if err != nil {
		return "", false, err
	}
	defer rd.Close()
	var b strings.Builder
	b.Grow(int(blob.Size))
	if _, err := io.Copy(&b, rd); err != nil {
		return "", false, err
	}
	return b.String(), true, nil
}

// notCommitError is a tag or revision that leads to a blob or a tree.
type notCommitError struct{ hash, kind string }

func (e notCommitError) Error() string {
	return fmt.Sprintf("it points at a %s (%s), not a commit", e.kind, e.hash[:7])
}

// commitOf reads the commit h names, or that an annotated tag h names
// (through tags of tags, as git peels them).
func (r *Repo) commitOf(h plumbing.Hash) (*object.Commit, error) {
	for range 10 {
		obj, err := r.git.Object(plumbing.AnyObject, h)
		if err != nil {
			return nil, err
		}
		switch o := obj.(type) {
		case *object.Commit:
			return o, nil
		case *object.Tag:
			h = o.Target
		default:
			return nil, notCommitError{h.String(), obj.Type().String()}
		}
	}
	return nil, fmt.Errorf("%s: tags of tags nested too deep", h)
}

// ReadWorkFile returns a file's content in the work tree; ok is false when
// the file does not exist. A path through a symbolic link, out of the work
// tree or to something other than a regular file is an error
// (worktree.ErrUnsafePath): what is read may be counted and published.
func (r *Repo) ReadWorkFile(path string) (content string, ok bool, err error) {
	abs, err := worktree.File(r.root, path)
	if err != nil {
		return "", false, err
	}
	b, err := os.ReadFile(abs)
	if errors.Is(err, os.ErrNotExist) {
		return "", false, nil
	}
	if err != nil {
		return "", false, err
	}
	return string(b), true, nil
}

// HasCommit reports whether the commit is in this repository.
func (r *Repo) HasCommit(c SHA) bool {
	_, err := r.git.CommitObject(c.hash())
	return err == nil
}

// IsAncestor reports whether commit a is in the history of commit b.
func (r *Repo) IsAncestor(a, b SHA) (bool, error) {
	if a == b {
		return true, nil
	}
	ca, err := r.git.CommitObject(a.hash())
	if err != nil {
		return false, err
	}
	cb, err := r.git.CommitObject(b.hash())
	if err != nil {
		return false, err
	}
	return ca.IsAncestor(cb)
}

// FirstCommitAfterRoot follows the first parents of tip back to the root
// commit and returns the commit just after it: the first commit of the
// drafting branch, where review notes are attached.
func (r *Repo) FirstCommitAfterRoot(tip SHA) (SHA, error) {
	c, err := r.git.CommitObject(tip.hash())
	if err != nil {
		return "", err
	}
	if len(c.ParentHashes) == 0 {
		return "", fmt.Errorf("%s is the root commit: nothing is drafted yet", tip.Short())
	}
	for {
		parent, err := r.git.CommitObject(c.ParentHashes[0])
		if err != nil {
			return "", err
		}
		if len(parent.ParentHashes) == 0 {
			return SHA(c.Hash.String()), nil
		}
		c = parent
	}
}

// MergeInto records a merge of branch from into branch into whose tree is
// from's tree plus what only into has (the round archives): the publication
// branch never changes the document on its own. The branch moves
// only if nobody moved it meanwhile.
func (r *Repo) MergeInto(into, from, msg string, who Identity, when time.Time) (SHA, error) {
	intoRef, err := r.git.Reference(plumbing.NewBranchReferenceName(into), true)
	if err != nil {
		return "", err
	}
	fromRef, err := r.git.Reference(plumbing.NewBranchReferenceName(from), true)
	if err != nil {
		return "", err
	}
	fromCommit, err := r.git.CommitObject(fromRef.Hash())
	if err != nil {
		return "", err
	}
	intoCommit, err := r.git.CommitObject(intoRef.Hash())
	if err != nil {
		return "", err
	}
	// The publication branch's own files (the round archives) stay.
	tree, err := r.unionTree(fromCommit.TreeHash, intoCommit.TreeHash)
	if err != nil {
		return "", err
	}
	return r.writeCommit(intoRef, tree, []plumbing.Hash{intoRef.Hash(), fromRef.Hash()}, msg, who, when)
}
