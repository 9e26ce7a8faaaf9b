package gitops

import (
	"errors"
	"fmt"
	"io"
	"strings"

	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/config"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/transport"
)

// Remote is a git remote to fetch from and push to: a name configured in
// the repository, or a location (a path, an ssh or https URL) used as is.
type Remote struct {
	Name string // empty for a location used without a name
	URL  string
	// Auth is for https remotes that need a token; the zero value otherwise.
	Auth Auth
}

// FindRemote resolves a remote name or location. An empty nameOrURL means
// origin.
func (r *Repo) FindRemote(nameOrURL string) (Remote, error) {
	if nameOrURL == "" {
		nameOrURL = "origin"
	}
	if rem, err := r.git.Remote(nameOrURL); err == nil {
		urls := rem.Config().URLs
		if len(urls) == 0 {
			return Remote{}, fmt.Errorf("remote %s has no URL", nameOrURL)
		}
		return Remote{Name: nameOrURL, URL: urls[0]}, nil
	}
	if nameOrURL == "origin" {
		return Remote{}, errors.New("this case study has no remote yet; name one: casestudy sync PATH-OR-URL (a bare repository everyone can reach)")
	}
	return Remote{URL: nameOrURL}, nil
}

// AddRemote configures a named remote.
func (r *Repo) AddRemote(name, url string) error {
	_, err := r.git.CreateRemote(&config.RemoteConfig{Name: name, URLs: []string{url}})
	return err
}

func (r *Repo) remote(rem Remote) *git.Remote {
	if rem.Name != "" {
		if gr, err := r.git.Remote(rem.Name); err == nil {
			return gr
		}
	}
	return git.NewRemote(r.git.Storer, &config.RemoteConfig{Name: "anonymous", URLs: []string{rem.URL}})
}

// ErrNoSuchBranch means the remote lacks the branch asked for.
var ErrNoSuchBranch = errors.New("the remote has no such branch")

// ErrRepoNotFound means the remote says there is no such repository,
// which is also how a server hides one the user may not see.
var ErrRepoNotFound = errors.New("repository not found")

// ErrNotFastForward means the remote refused a push because it has
// something the push would lose: fetch, merge, and push again.
var ErrNotFastForward = errors.New("the remote has changes this copy lacks (non-fast-forward)")

// ErrEmptyRemote means the remote has no commits yet.
var ErrEmptyRemote = errors.New("the remote repository is empty")

// Fetch fetches refspecs from the remote. Already up to date is success.
func (r *Repo) Fetch(rem Remote, refspecs []string, progress io.Writer) error {
	specs := make([]config.RefSpec, len(refspecs))
	for i, s := range refspecs {
		specs[i] = config.RefSpec(s)
	}
	gr := r.remote(rem)
	err := gr.Fetch(&git.FetchOptions{RemoteName: gr.Config().Name, RefSpecs: specs, Auth: rem.Auth.method(), Progress: progress, Tags: git.NoTags})
	switch {
	case err == nil, errors.Is(err, git.NoErrAlreadyUpToDate):
		return nil
	case errors.Is(err, transport.ErrEmptyRemoteRepository):
		return ErrEmptyRemote
	case isNoMatchingRef(err):
		return nil
	case errors.Is(err, transport.ErrRepositoryNotFound):
		return fmt.Errorf("fetching from %s: %w", rem.URL, ErrRepoNotFound)
	}
	if silent := silentServer(rem.URL, err); silent != nil {
		return silent
	}
	return fmt.Errorf("fetching from %s: %w", rem.URL, err)
}

func isNoMatchingRef(err error) bool {
	var nm git.NoMatchingRefSpecError
	return errors.As(err, &nm)
}

// Push pushes refspecs to the remote. Already up to date is success.
func (r *Repo) Push(rem Remote, refspecs []string, progress io.Writer) error {
	specs := make([]config.RefSpec, len(refspecs))
	for i, s := range refspecs {
		specs[i] = config.RefSpec(s)
	}
	gr := r.remote(rem)
	err := gr.Push(&git.PushOptions{RemoteName: gr.Config().Name, RefSpecs: specs, Auth: rem.Auth.method(), Progress: progress})
	if err == nil || errors.Is(err, git.NoErrAlreadyUpToDate) {
		return nil
	}
	if errors.Is(err, git.ErrNonFastForwardUpdate) || strings.Contains(err.Error(), "non-fast-forward") {
		// go-git reports a refusal by the server as text only.
		return fmt.Errorf("pushing to %s: %w", rem.URL, ErrNotFastForward)
	}
	if silent := silentServer(rem.URL, err); silent != nil {
		return silent
	}
	return fmt.Errorf("pushing to %s: %w", rem.URL, err)
}

// Ref returns what a full ref name points to; "" when it does not exist.
func (r *Repo) Ref(name string) (SHA, error) {
	ref, err := r.git.Reference(plumbing.ReferenceName(name), true)
	if errors.Is(err, plumbing.ErrReferenceNotFound) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	return SHA(ref.Hash().String()), nil
}

// SetBranch points a local branch at a commit. When the branch is checked
// out, the work tree follows, which is only allowed when it has no
// changes: nothing unsaved is ever overwritten.
func (r *Repo) SetBranch(name string, sha SHA) error {
	current, _ := r.CurrentBranch()
	if current == name {
		changes, err := r.Changes()
		if err != nil {
			return err
		}
		if len(changes) > 0 {
			return fmt.Errorf("%s has unsaved changes (%s); save them first, then sync again", name, changes[0].Path)
		}
	}
	ref := plumbing.NewHashReference(plumbing.NewBranchReferenceName(name), sha.hash())
	if err := r.git.Storer.SetReference(ref); err != nil {
		return err
	}
	if current != name {
		return nil
	}
	w, err := r.git.Worktree()
	if err != nil {
		return err
	}
	return w.Reset(&git.ResetOptions{Commit: sha.hash(), Mode: git.HardReset})
}

// CheckoutFresh switches a freshly cloned, not yet checked out work tree
// to a branch, writing every file.
func (r *Repo) CheckoutFresh(branch string, sha SHA) error {
	ref := plumbing.NewHashReference(plumbing.NewBranchReferenceName(branch), sha.hash())
	if err := r.git.Storer.SetReference(ref); err != nil {
		return err
	}
	w, err := r.git.Worktree()
	if err != nil {
		return err
	}
	return w.Checkout(&git.CheckoutOptions{Branch: ref.Name(), Force: true})
}

// SetBranchRef points a branch that is not checked out at a commit.
func (r *Repo) SetBranchRef(name string, sha SHA) error {
	if current, _ := r.CurrentBranch(); current == name {
		return r.SetBranch(name, sha)
	}
	return r.git.Storer.SetReference(plumbing.NewHashReference(plumbing.NewBranchReferenceName(name), sha.hash()))
}

// Clone clones a location into dir with branch as HEAD, without checking
// anything out yet. Naming the branch matters: a bare repository made by
// git init --bare points HEAD at a branch that may not exist.
func Clone(url, dir, branch string, auth Auth, progress io.Writer) (*Repo, error) {
	g, err := git.PlainClone(dir, false, &git.CloneOptions{URL: url, Auth: auth.method(), Progress: progress, NoCheckout: true, Tags: git.AllTags,
		ReferenceName: plumbing.NewBranchReferenceName(branch)})
	if err != nil {
		if errors.Is(err, transport.ErrEmptyRemoteRepository) {
			return nil, ErrEmptyRemote
		}
		if errors.Is(err, plumbing.ErrReferenceNotFound) {
			return nil, ErrNoSuchBranch
		}
		if errors.Is(err, transport.ErrRepositoryNotFound) {
			return nil, fmt.Errorf("cloning %s: %w", url, ErrRepoNotFound)
		}
		if silent := silentServer(url, err); silent != nil {
			return nil, silent
		}
		return nil, fmt.Errorf("cloning %s: %w", url, err)
	}
	root, err := g.Worktree()
	if err != nil {
		return nil, err
	}
	// Reopened, so that the checkout that follows writes the index and the
	// files whole (atomicFS).
	return Open(root.Filesystem.Root())
}

// HasRemote reports whether a remote by that name is configured.
func (r *Repo) HasRemote(name string) bool {
	_, err := r.git.Remote(name)
	return err == nil
}

// RemoteLabel is how a remote is named to people.
func (rem Remote) Label() string {
	if rem.Name != "" {
		return rem.Name + " (" + strings.TrimSpace(rem.URL) + ")"
	}
	return rem.URL
}

// RemoveRemote forgets a named remote.
func (r *Repo) RemoveRemote(name string) error { return r.git.DeleteRemote(name) }

// SetRemote points a named remote at url, creating or replacing it.
func (r *Repo) SetRemote(name, url string) error {
	if rem, err := r.git.Remote(name); err == nil {
		if urls := rem.Config().URLs; len(urls) == 1 && urls[0] == url {
			return nil
		}
		if err := r.git.DeleteRemote(name); err != nil {
			return err
		}
	}
	return r.AddRemote(name, url)
}

// RefsUnder lists the refs whose full names start with prefix, by full
// name, as they point (annotated tags not peeled).
func (r *Repo) RefsUnder(prefix string) (map[string]SHA, error) {
	refs, err := r.git.References()
	if err != nil {
		return nil, err
	}
	out := map[string]SHA{}
	err = refs.ForEach(func(ref *plumbing.Reference) error {
		if ref.Type() == plumbing.HashReference && strings.HasPrefix(ref.Name().String(), prefix) {
			out[ref.Name().String()] = SHA(ref.Hash().String())
		}
		return nil
	})
	return out, err
}

// SetRef points a full ref name at sha.
func (r *Repo) SetRef(name string, sha SHA) error {
	return r.git.Storer.SetReference(plumbing.NewHashReference(plumbing.ReferenceName(name), sha.hash()))
}

// DeleteRef removes a ref; one that does not exist is already removed.
func (r *Repo) DeleteRef(name string) error {
	return r.git.Storer.RemoveReference(plumbing.ReferenceName(name))
}
