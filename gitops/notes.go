package gitops

import (
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// Notes are git notes: a ref whose commits hold a tree mapping an object's
// hash (as a file name, possibly split "ab/cdef…" by git's fan-out) to the
// note's text. go-git has no notes API, so this writes the same objects
// git notes writes.

// Notes reads every note under ref, keyed by the annotated commit. A ref
// that does not exist yet has no notes.
func (r *Repo) Notes(ref string) (map[SHA]string, error) {
	tree, err := r.notesTree(ref)
	if err != nil || tree == nil {
		return map[SHA]string{}, err
	}
	out := map[SHA]string{}
	err = tree.Files().ForEach(func(f *object.File) error {
		name := strings.ReplaceAll(f.Name, "/", "")
		if len(name) != 40 {
			return nil // not a note: git ignores such entries too
		}
		text, err := f.Contents()
		if err != nil {
			return err
		}
		out[SHA(name)] = text
		return nil
	})
	return out, err
}

// Note reads the note on one commit; "" when there is none.
func (r *Repo) Note(ref string, sha SHA) (string, error) {
	notes, err := r.Notes(ref)
	return notes[sha], err
}

func (r *Repo) notesTree(ref string) (*object.Tree, error) {
	head, err := r.git.Reference(plumbing.ReferenceName(ref), true)
	if errors.Is(err, plumbing.ErrReferenceNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	c, err := r.git.CommitObject(head.Hash())
	if err != nil {
		return nil, err
	}
	return c.Tree()
}

// AppendNote adds lines to the note on sha under ref, as git notes append
// does. The ref moves only if nobody else moved it meanwhile.
func (r *Repo) AppendNote(ref string, sha SHA, lines []string, who Identity, when time.Time) error {
	notes, err := r.Notes(ref)
	if err != nil {
		return err
	}
	text := notes[sha]
	if text != "" && !strings.HasSuffix(text, "\n") {
		text += "\n"
	}
	for _, l := range lines {
		text += l + "\n"
	}
	notes[sha] = text
	old, _ := r.git.Reference(plumbing.ReferenceName(ref), true)
	var parents []plumbing.Hash
	if old != nil {
		parents = []plumbing.Hash{old.Hash()}
	}
	return r.writeNotes(ref, old, notes, parents, "Notes added by 'casestudy'", who, when)
}

// MergeNotesUnion merges the notes under other into ref the way git notes
// merge -s cat_sort_uniq does, which is what git-appraise uses: for each
// commit, the union of both notes' lines, sorted, without duplicates. Notes
// of one JSON object per line thus merge without losing any.
func (r *Repo) MergeNotesUnion(ref, other string, who Identity, when time.Time) error {
	theirRef, err := r.git.Reference(plumbing.ReferenceName(other), true)
	if errors.Is(err, plumbing.ErrReferenceNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	ourRef, err := r.git.Reference(plumbing.ReferenceName(ref), true)
	if errors.Is(err, plumbing.ErrReferenceNotFound) {
		return r.git.Storer.SetReference(plumbing.NewHashReference(plumbing.ReferenceName(ref), theirRef.Hash()))
	}
	if err != nil {
		return err
	}
	if ourRef.Hash() == theirRef.Hash() {
		return nil
	}
	ours, err := r.Notes(ref)
	if err != nil {
		return err
	}
	theirs, err := r.Notes(other)
	if err != nil {
		return err
	}
	merged := map[SHA]string{}
	for sha, text := range ours {
		merged[sha] = unionLines(text, theirs[sha])
	}
	for sha, text := range theirs {
		if _, ok := ours[sha]; !ok {
			merged[sha] = text
		}
	}
	parents := []plumbing.Hash{ourRef.Hash(), theirRef.Hash()}
	return r.writeNotes(ref, ourRef, merged, parents, "Notes merged by 'casestudy' (cat_sort_uniq)", who, when)
}

func unionLines(a, b string) string {
	seen := map[string]bool{}
	var lines []string
	for _, text := range []string{a, b} {
		for _, l := range strings.Split(text, "\n") {
			if l != "" && !seen[l] {
				seen[l] = true
				lines = append(lines, l)
			}
		}
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n") + "\n"
}

// writeNotes stores the whole notes tree as a new commit on ref. old is the
// ref as it was read; if it moved since, the write fails instead of
// dropping someone's note.
func (r *Repo) writeNotes(ref string, old *plumbing.Reference, notes map[SHA]string, parents []plumbing.Hash, msg string, who Identity, when time.Time) error {
	var entries []object.TreeEntry
	for sha, text := range notes {
		blob, err := r.storeBlob(text)
		if err != nil {
			return err
		}
		entries = append(entries, object.TreeEntry{Name: string(sha), Mode: filemode.Regular, Hash: blob})
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].Name < entries[j].Name })
	tree := &object.Tree{Entries: entries}
	treeObj := r.git.Storer.NewEncodedObject()
	if err := tree.Encode(treeObj); err != nil {
		return err
	}
	treeHash, err := r.git.Storer.SetEncodedObject(treeObj)
	if err != nil {
		return err
	}
	sig := object.Signature{Name: who.Name, Email: who.Email, When: when}
	commit := &object.Commit{Author: sig, Committer: sig, Message: msg + "\n", TreeHash: treeHash, ParentHashes: parents}
	commitObj := r.git.Storer.NewEncodedObject()
	if err := commit.Encode(commitObj); err != nil {
		return err
	}
	commitHash, err := r.git.Storer.SetEncodedObject(commitObj)
	if err != nil {
		return err
	}
	next := plumbing.NewHashReference(plumbing.ReferenceName(ref), commitHash)
	if err := r.git.Storer.CheckAndSetReference(next, old); err != nil {
		return fmt.Errorf("updating %s: %w (another command wrote notes at the same time; run it again)", ref, err)
	}
	return nil
}

func (r *Repo) storeBlob(text string) (plumbing.Hash, error) {
	obj := r.git.Storer.NewEncodedObject()
	obj.SetType(plumbing.BlobObject)
	w, err := obj.Writer()
	if err != nil {
		return plumbing.ZeroHash, err
	}
	if _, err := io.WriteString(w, text); err != nil {
		return plumbing.ZeroHash, err
	}
	if err := w.Close(); err != nil {
		return plumbing.ZeroHash, err
	}
	return r.git.Storer.SetEncodedObject(obj)
}
