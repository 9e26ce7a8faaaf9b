// Package review is the case-study workflow: the repository and its
// metadata, drafts, word counts and comparisons, and the stages of review.
// Commands in cmd call it; it keeps git behind gitops.
package review

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"time"

	"github.com/less-trainers/casestudy/gitops"
	"github.com/less-trainers/casestudy/internal/atomicfile"
	"github.com/less-trainers/casestudy/templates"
)

// The branch model. The publication branch holds everything but the
// document until the case study is published, so a review pull request from
// the drafting branch shows every line of the document as new, and every
// line can be commented on. Both branches share the first commit, which a
// pull request needs.
const (
	PublishBranch = "main"
	DraftBranch   = "draft"
)

// ErrNotCaseStudy means the command ran outside a case-study repository.
// Whoever runs it may write one or review one, so the advice names both.
var ErrNotCaseStudy = errors.New("not inside a case study (no " + ConfigFile + " here or in any parent directory); start one with casestudy new DIR, or get one to review with casestudy review LOCATION")

// CaseStudy is an open case-study repository.
type CaseStudy struct {
	Root   string
	Config *Config
	Repo   *gitops.Repo
	// reader is set when the person running the command is not the
	// mentee (LearnRole): their copy never pushes the drafting branch.
	reader bool
	// roleAnswer waits for the answer to AskRole.
	roleAnswer func() (string, error)
	// ahead is the review read beside a fetch or a clone (ReadBeside),
	// until the next LoadReview takes it.
	ahead *ReadAhead
	// Warnings, when set, hears about what was skipped on the way (a
	// malformed tag, a draft tag the remote has differently), each once.
	Warnings io.Writer
	// Progress, when set, hears how a sync's fetch and push go.
	Progress io.Writer
	warnMu   sync.Mutex
	warned   map[string]bool
}

// Warnf tells Warnings something was skipped or kept, once per message.
func (cs *CaseStudy) Warnf(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	cs.warnMu.Lock()
	defer cs.warnMu.Unlock()
	if cs.Warnings == nil || cs.warned[msg] {
		return
	}
	if cs.warned == nil {
		cs.warned = map[string]bool{}
	}
	cs.warned[msg] = true
	fmt.Fprintf(cs.Warnings, "casestudy: warning: %s\n", msg)
}

// Open finds the case study that dir is in, looking upwards as git does, and
// checks its casestudy.yaml.
func Open(dir string) (*CaseStudy, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	for d := abs; ; d = filepath.Dir(d) {
		_, cfgErr := os.Stat(filepath.Join(d, ConfigFile))
		_, gitErr := os.Stat(filepath.Join(d, ".git"))
		switch {
		case cfgErr == nil && gitErr == nil:
			return openAt(d)
		case gitErr == nil:
			// The top of some other repository: a case study does not nest.
			return nil, ErrNotCaseStudy
		}
		if filepath.Dir(d) == d {
			return nil, ErrNotCaseStudy
		}
	}
}

func openAt(root string) (*CaseStudy, error) {
	data, err := os.ReadFile(filepath.Join(root, ConfigFile))
	if err != nil {
		return nil, err
	}
	cfg, err := ParseConfig(ConfigFile, data)
	if err != nil {
		return nil, err
	}
	repo, err := gitops.Open(root)
	if err != nil {
		return nil, fmt.Errorf("opening the git repository in %s: %w", root, err)
	}
	return &CaseStudy{Root: root, Config: cfg, Repo: repo}, nil
}

// ErrNoIdentity explains how to tell git who you are.
var ErrNoIdentity = errors.New(`git does not know who you are; set it with: git config --global user.name "Your Name" && git config --global user.email you@example.com`)

// Identity is who commits in this case study.
func (cs *CaseStudy) Identity() (gitops.Identity, error) { return Identity(cs.Repo) }

// Identity is who commits in repo; ErrNoIdentity says how to tell git.
func Identity(repo *gitops.Repo) (gitops.Identity, error) {
	id, err := repo.Identity()
	if errors.Is(err, gitops.ErrNoIdentity) {
		return id, ErrNoIdentity
	}
	return id, err
}

// Create makes a new case-study repository in dir, which must not exist or
// be empty. It builds everything in a hidden sibling directory and renames
// it into place at the end, so a failure leaves nothing half made.
func Create(dir string, cfg *Config, now time.Time) (*CaseStudy, error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	who, err := gitops.GlobalIdentity()
	if errors.Is(err, gitops.ErrNoIdentity) {
		return nil, ErrNoIdentity
	}
	if err != nil {
		return nil, err
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	if err := checkEmptyDir(abs, dir); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(abs), 0o755); err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp(filepath.Dir(abs), "."+filepath.Base(abs)+".new-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp) // gone after the rename; cleans up after a failure

	if err := scaffold(tmp, cfg, who, now); err != nil {
		return nil, err
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return nil, err
	}
	// rename(2) replaces an empty directory and fails if dir gained files
	// meanwhile, so nothing the user put there is ever overwritten. (os.Rename
	// refuses any existing directory, empty or not.)
	if err := syscall.Rename(tmp, abs); err != nil {
		return nil, fmt.Errorf("%s is not empty any more; nothing was written to it (%v)", dir, err)
	}
	return openAt(abs)
}

// CheckNewDir says whether casestudy new may write into dir.
func CheckNewDir(dir string) error {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return err
	}
	return checkEmptyDir(abs, dir)
}

func checkEmptyDir(abs, shown string) error {
	fi, err := os.Stat(abs)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if !fi.IsDir() {
		return fmt.Errorf("%s is a file; choose a directory name that does not exist yet", shown)
	}
	entries, err := os.ReadDir(abs)
	if err != nil {
		return err
	}
	if len(entries) > 0 {
		return fmt.Errorf("%s is not empty; casestudy new only writes into a new or empty directory", shown)
	}
	return nil
}

func scaffold(root string, cfg *Config, who gitops.Identity, now time.Time) error {
	files, err := templates.Scaffold(templateData(cfg, now))
	if err != nil {
		return err
	}
	meta, err := cfg.Marshal()
	if err != nil {
		return err
	}
	files = append(files, templates.File{Path: ConfigFile, Content: meta})
	var first []string
	for _, f := range files {
		p := filepath.Join(root, filepath.FromSlash(f.Path))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, f.Content, 0o644); err != nil {
			return err
		}
		if !cfg.isDocument(f.Path) {
			first = append(first, f.Path)
		}
	}
	repo, err := gitops.Init(root, PublishBranch)
	if err != nil {
		return err
	}
	if _, err := repo.CommitPaths(first, "Start the case study "+quote(cfg.Title), who, now); err != nil {
		return err
	}
	if err := repo.StartBranch(DraftBranch); err != nil {
		return err
	}
	_, err = repo.CommitPaths(cfg.Documents, "Add the case-study document template", who, now)
	return err
}

func templateData(cfg *Config, now time.Time) templates.Data {
	d := templates.Data{
		Title:   cfg.Title,
		Company: cfg.Company,
		Theme:   cfg.Theme,
		Mentee:  templates.Person(cfg.Mentee),
		Mentor:  templates.Person(cfg.Mentor),
		Year:    now.Year(),
	}
	for _, r := range cfg.Reviewers {
		d.Reviewers = append(d.Reviewers, templates.Person(r))
	}
	return d
}

func (c *Config) isDocument(path string) bool {
	for _, d := range c.Documents {
		if d == path {
			return true
		}
	}
	return false
}

func quote(s string) string { return "\u201c" + s + "\u201d" }

// MoveToGitHub records the GitHub repository (OWNER/NAME) that f is on,
// as recordGitHub does, and pushes main, the drafting branch and the tags
// there.
func (cs *CaseStudy) MoveToGitHub(ctx context.Context, f Forge, repo string, now time.Time) error {
	rem, _ := f.Remote()
	if err := cs.recordGitHub(repo, rem.URL, now); err != nil {
		return err
	}
	return cs.Share(ctx, f, PublishBranch, DraftBranch)
}

// recordGitHub writes the GitHub repository into casestudy.yaml, commits
// that on the drafting branch, and points the origin remote at it (the URL
// holds no token).
func (cs *CaseStudy) recordGitHub(repo, gitURL string, now time.Time) error {
	unlock, err := cs.Repo.Lock()
	if err != nil {
		return err
	}
	defer unlock()
	if err := cs.Repo.SetRemote("origin", gitURL); err != nil {
		return err
	}
	if cs.Config.GitHub == repo {
		return nil
	}
	who, err := cs.Identity()
	if err != nil {
		return err
	}
	cs.Config.GitHub = repo
	data, err := cs.Config.Marshal()
	if err != nil {
		return err
	}
	if err := atomicfile.Write(filepath.Join(cs.Root, ConfigFile), data); err != nil {
		return err
	}
	_, err = cs.Repo.CommitPaths([]string{ConfigFile}, "Record the GitHub repository "+repo, who, now)
	return err
}
