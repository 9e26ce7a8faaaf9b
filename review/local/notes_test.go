package local_test

import (
	"context"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/less-trainers/casestudy/gitops"
	"github.com/less-trainers/casestudy/review"
	"github.com/less-trainers/casestudy/review/local"
)

// What travels with a sync is what the forge says it keeps in the
// repository: the local forge's notes go both ways and merge by line
// union; a forge that keeps the review on a server leaves them at home.
func TestSyncCarriesWhatTheForgeKeepsInTheRepository(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", home)
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	t.Setenv("GIT_AUTHOR_NAME", "Ana Silva")
	t.Setenv("GIT_AUTHOR_EMAIL", "ana@example.com")
	ctx, now := context.Background(), time.Now()
	cfg := &review.Config{Title: "Acme", Mentee: review.Person{Name: "Ana Silva", Email: "ana@example.com"},
		Mentor:    review.Person{Name: "Bob Mentor", Email: "bob@example.com"},
		Reviewers: []review.Person{{Name: "Craig Larman", Email: "craig@example.com"}}, Documents: []string{"case-study.md"}}
	ana, err := review.Create(filepath.Join(t.TempDir(), "ana"), cfg, now)
	if err != nil {
		t.Fatal(err)
	}
	shared := filepath.Join(t.TempDir(), "shared.git")
	if out, err := exec.Command("git", "init", "--bare", "-q", shared).CombinedOutput(); err != nil {
		t.Fatalf("git init --bare: %v\n%s", err, out)
	}
	if _, err := ana.SyncRemote(shared, local.Notes{}, nil, now); err != nil {
		t.Fatal(err)
	}
	bob, _, err := review.Get(shared, gitops.Auth{}, filepath.Join(t.TempDir(), "bob"), local.Notes{}, nil, now)
	if err != nil {
		t.Fatal(err)
	}
	anchor, err := ana.Repo.BranchHead(review.DraftBranch)
	if err != nil {
		t.Fatal(err)
	}
	write := func(cs *review.CaseStudy, line string) {
		t.Helper()
		who, _ := cs.Identity()
		if err := cs.Repo.AppendNote(local.CommentsRef, anchor, []string{line}, who, now); err != nil {
			t.Fatal(err)
		}
	}
	sync := func(cs *review.CaseStudy, f review.Forge) {
		t.Helper()
		if _, err := cs.Sync(ctx, f); err != nil {
			t.Fatal(err)
		}
	}
	note := func(cs *review.CaseStudy) string {
		t.Helper()
		n, err := cs.Repo.Note(local.CommentsRef, anchor)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	anaForge, bobForge := local.New(ana.Repo, ana.Config), local.New(bob.Repo, bob.Config)

	// Written in both copies at once: after syncs both ways, both have both.
	write(ana, `{"description":"from ana"}`)
	write(bob, `{"description":"from bob"}`)
	sync(bob, bobForge)
	sync(ana, anaForge)
	sync(bob, bobForge)
	for name, cs := range map[string]*review.CaseStudy{"ana": ana, "bob": bob} {
		if n := note(cs); !strings.Contains(n, "from ana") || !strings.Contains(n, "from bob") {
			t.Errorf("%s's note after syncing: %q, want both lines", name, n)
		}
	}

	// A forge on a server carries the branches and tags only.
	write(bob, `{"description":"kept at home"}`)
	sync(bob, onServer{bobForge})
	sync(ana, anaForge)
	if n := note(ana); strings.Contains(n, "kept at home") {
		t.Errorf("a sync with a forge that keeps nothing in the repository carried the notes: %q", n)
	}
}

// onServer is a forge that keeps the whole review on a server.
type onServer struct{ review.Forge }

func (onServer) InRepo() review.InRepo { return nil }
