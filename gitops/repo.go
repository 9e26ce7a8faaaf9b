// Package gitops speaks git in the words of the case-study workflow: a
// repository with a publication branch and a drafting branch, saving every
// change as one commit, numbered tags, and files read back from any commit.
// It wraps go-git so the rest of casestudy never handles plumbing types.
package gitops

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/config"
	"github.com/go-git/go-git/v5/plumbing"
)

// ErrNoIdentity means git does not know who is committing.
var ErrNoIdentity = errors.New("git does not know who you are")

// Repo is a git repository with a work tree.
type Repo struct {
	git  *git.Repository
	root string
}

// Identity is who writes commits and tags.
type Identity struct {
	Name  string
	Email string
}

func (id Identity) String() string { return fmt.Sprintf("%s <%s>", id.Name, id.Email) }

// Init creates a new repository in dir whose first branch is named branch.
func Init(dir, branch string) (*Repo, error) {
	if _, err := git.PlainInitWithOptions(dir, &git.PlainInitOptions{
		InitOptions: git.InitOptions{DefaultBranch: plumbing.NewBranchReferenceName(branch)},
	}); err != nil {
		return nil, err
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	return Open(abs)
}

// Open opens the repository whose work tree is root.
func Open(root string) (*Repo, error) {
	r, err := openGit(root, false)
	if err != nil {
		return nil, err
	}
	return &Repo{git: r, root: root}, nil
}

// TextReader is another handle on the same repository, for reading
// drafts' text, each once, on a goroutine of its own: go-git's storage is
// not safe for concurrent use, and this handle streams large objects
// instead of caching them (see openGit). It is for reading only.
func (r *Repo) TextReader() (*Repo, error) {
	g, err := openGit(r.root, true)
	if err != nil {
		return nil, err
	}
	return &Repo{git: g, root: r.root}, nil
}

// Root is the top directory of the work tree.
func (r *Repo) Root() string { return r.root }

// GitDir is where git keeps its data (.git).
func (r *Repo) GitDir() string { return filepath.Join(r.root, ".git") }

// Identity finds who is committing the way git does: the GIT_AUTHOR_* and
// GIT_COMMITTER_* variables first, then the repository's, the user's and
// the system's configuration.
func (r *Repo) Identity() (Identity, error) {
	cfg, err := r.git.ConfigScoped(config.SystemScope)
	if err != nil {
		return Identity{}, err
	}
	return identityFrom(cfg)
}

// GlobalIdentity is Identity for when there is no repository yet.
func GlobalIdentity() (Identity, error) {
	cfg, err := config.LoadConfig(config.GlobalScope)
	if err != nil {
		// An unreadable ~/.gitconfig is as good as none: the variables may still say.
		cfg = config.NewConfig()
	}
	return identityFrom(cfg)
}

func identityFrom(cfg *config.Config) (Identity, error) {
	id := Identity{Name: cfg.User.Name, Email: cfg.User.Email}
	if id.Name == "" {
		id.Name = cfg.Author.Name
	}
	if id.Email == "" {
		id.Email = cfg.Author.Email
	}
	for _, v := range []string{"GIT_AUTHOR_NAME", "GIT_COMMITTER_NAME"} {
		if s := strings.TrimSpace(os.Getenv(v)); s != "" {
			id.Name = s
			break
		}
	}
	for _, v := range []string{"GIT_AUTHOR_EMAIL", "GIT_COMMITTER_EMAIL"} {
		if s := strings.TrimSpace(os.Getenv(v)); s != "" {
			id.Email = s
			break
		}
	}
	if id.Name == "" || id.Email == "" {
		return id, ErrNoIdentity
	}
	return id, nil
}
