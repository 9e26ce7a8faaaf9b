package gitops

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/storer"
	"github.com/less-trainers/casestudy/prose"
)

// looseObjects counts the objects git finds unpacked, as git count-objects does.
func looseObjects(t *testing.T, r *Repo) int {
	t.Helper()
	n := 0
	for _, line := range strings.Split(gitCLI(t, r, "count-objects", "-v"), "\n") {
		if v, ok := strings.CutPrefix(line, "count: "); ok {
			fmt.Sscan(v, &n)
		}
	}
	return n
}

func TestAutoPackPacksLooseObjectsPastTheLimit(t *testing.T) {
	r := newRepo(t)
	// Drafts of a realistic document: a repeated one would pack no better
	// than git's compression of each object alone.
	docs := []string{prose.SampleDraft(1, 6000)}
	if len(docs[0]) <= largeObject {
		t.Fatalf("a draft of %d bytes is read whole; the test wants drafts that a text reader streams", len(docs[0]))
	}
	when := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	var shas []SHA
	save := func(i int) {
		t.Helper()
		for len(docs) <= i {
			docs = append(docs, prose.EditDraft(docs[len(docs)-1], uint64(len(docs)), 3))
		}
		write(t, r, "case-study.md", docs[i])
		sha, err := r.CommitAll(fmt.Sprintf("draft %d", i), ana, when)
		if err != nil {
			t.Fatal(err)
		}
		if err := r.CreateTag(fmt.Sprintf("draft-%d", i), sha, "Draft\n", ana, when); err != nil {
			t.Fatal(err)
		}
		shas = append(shas, sha)
	}
	for i := range 10 {
		save(i)
	}
	if packed, err := r.AutoPack(); packed || err != nil {
		t.Fatalf("AutoPack with %d loose objects = %v, %v; want nothing done", looseObjects(t, r), packed, err)
	}
	for i := 10; r.looseEstimate() <= looseLimit; i++ { // a blob, a tree, a commit and a tag each
		if i > looseLimit {
			t.Fatalf("%d loose objects, estimated at %d", looseObjects(t, r), r.looseEstimate())
		}
		save(i)
	}
	sizeBefore := dirSize(t, r.GitDir())
	if packed, err := r.AutoPack(); !packed || err != nil {
		t.Fatalf("AutoPack = %v, %v; want packed", packed, err)
	}
	if n := looseObjects(t, r); n != 0 {
		t.Errorf("%d loose objects left", n)
	}
	if tags, _ := os.ReadDir(filepath.Join(r.GitDir(), "refs", "tags")); len(tags) != 0 {
		t.Errorf("%d tags left as files of their own, want them in packed-refs", len(tags))
	}
	if sizeAfter := dirSize(t, r.GitDir()); sizeAfter*5 > sizeBefore {
		t.Errorf(".git is %d bytes packed, %d loose: want a fifth or less", sizeAfter, sizeBefore)
	}
	gitCLI(t, r, "fsck", "--strict", "--no-dangling")
	// Everything reads back, through go-git in a new process and through git.
	r2, err := Open(r.Root())
	if err != nil {
		t.Fatal(err)
	}
	for i, sha := range shas {
		target, ok, err := r2.TagTarget(fmt.Sprintf("draft-%d", i))
		if err != nil || !ok {
			t.Fatalf("draft-%d: %v, %v", i, ok, err)
		}
		text, ok, err := r2.ReadFile(target, "case-study.md")
		if want := docs[i]; err != nil || !ok || text != want {
			t.Fatalf("draft-%d reads %d bytes, %v, %v; want %d bytes", i, len(text), ok, err, len(want))
		}
		// And streamed from the packs, as diff reads drafts.
		texts, err := r2.TextReader()
		if err != nil {
			t.Fatal(err)
		}
		text, ok, err = texts.ReadFile(target, "case-study.md")
		if want := docs[i]; err != nil || !ok || text != want {
			t.Fatalf("draft-%d streams %d bytes, %v, %v; want %d bytes", i, len(text), ok, err, len(want))
		}
		if got := gitCLI(t, r, "rev-parse", fmt.Sprintf("draft-%d^{commit}", i)); strings.TrimSpace(got) != string(sha) {
			t.Errorf("git: draft-%d is %s, want %s", i, got, sha)
		}
	}
	// Saving goes on as before.
	save(len(shas))
	if _, err := r.CommitAll("after", ana, when); err != nil {
		t.Fatal(err)
	}
	gitCLI(t, r, "fsck", "--strict", "--no-dangling")
}

func dirSize(t *testing.T, dir string) int64 {
	t.Helper()
	var n int64
	err := filepath.WalkDir(dir, func(_ string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if info, err := d.Info(); err == nil && !d.IsDir() {
			n += info.Size()
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// Past packLimit packs, AutoPack packs everything into one, as git gc does.
func TestRepackingEverythingIntoOnePack(t *testing.T) {
	r := newRepo(t)
	doc := prose.SampleDraft(2, 3000)
	when := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	for i := range 3 {
		doc = prose.EditDraft(doc, uint64(i), 3)
		write(t, r, "case-study.md", doc)
		if _, err := r.CommitAll("draft", ana, when); err != nil {
			t.Fatal(err)
		}
		hashes := looseHashes(t, r)
		if err := r.packObjects(hashes); err != nil {
			t.Fatal(err)
		}
	}
	if packs, _ := filepath.Glob(filepath.Join(r.GitDir(), "objects", "pack", "*.pack")); len(packs) != 3 {
		t.Fatalf("%d packs, want 3", len(packs))
	}
	if err := r.git.RepackObjects(&git.RepackConfig{}); err != nil {
		t.Fatal(err)
	}
	if packs, _ := filepath.Glob(filepath.Join(r.GitDir(), "objects", "pack", "*.pack")); len(packs) != 1 {
		t.Errorf("%d packs after repacking, want 1", len(packs))
	}
	gitCLI(t, r, "fsck", "--strict", "--no-dangling")
	if got := gitCLI(t, r, "show", "HEAD:case-study.md"); got != doc {
		t.Errorf("the last draft reads %d bytes after repacking, want %d", len(got), len(doc))
	}
}

func looseHashes(t *testing.T, r *Repo) []plumbing.Hash {
	t.Helper()
	var hs []plumbing.Hash
	err := r.git.Storer.(storer.LooseObjectStorer).ForEachObjectHash(func(h plumbing.Hash) error {
		hs = append(hs, h)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return hs
}
