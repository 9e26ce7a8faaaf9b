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

// MaxNoteSize is the largest note casestudy reads. Notes are a shared
// space that anyone with push access writes into; a review's notes are a few
// kilobytes, and reading a note of tens of megabytes (one JSON line each
// parsed many times) costs seconds and gigabytes for nothing anyone wrote
// by hand.
const MaxNoteSize = 1 << 20

// ErrNoteTooLarge means a note is over MaxNoteSize and was not read.
var ErrNoteTooLarge = errors.New("note is over 1 MiB")

// Notes reads every note under ref, keyed by the annotated commit. A ref
// that does not exist yet has no notes. Notes over MaxNoteSize are not
// read: their commits are listed in oversized.
func (r *Repo) Notes(ref string) (notes map[SHA]string, oversized []SHA, err error) {
	entries, _, err := r.noteEntries(ref)
	if err != nil {
		return map[SHA]string{}, nil, err
	}
	out := map[SHA]string{}
	for sha, blob := range entries {
		text, err := r.noteText(blob)
		if errors.Is(err, ErrNoteTooLarge) {
			oversized = append(oversized, sha)
			continue
		}
		if err != nil {
			return out, oversized, err
		}
		out[sha] = text
	}
	sort.Slice(oversized, func(i, j int) bool { return oversized[i] < oversized[j] })
	return out, oversized, nil
}

// Note reads the note on one commit; "" when there is none, ErrNoteTooLarge
// when it is over MaxNoteSize.
func (r *Repo) Note(ref string, sha SHA) (string, error) {
	entries, _, err := r.noteEntries(ref)
	if err != nil {
		return "", err
	}
	blob, ok := entries[sha]
	if !ok {
		return "", nil
	}
	return r.noteText(blob)
}

// noteEntries maps each annotated commit to its note's blob, without
// reading any note, and returns the ref as it was read.
func (r *Repo) noteEntries(ref string) (map[SHA]plumbing.Hash, *plumbing.Reference, error) {
	head, err := r.git.Reference(plumbing.ReferenceName(ref), true)
	if errors.Is(err, plumbing.ErrReferenceNotFound) {
		return map[SHA]plumbing.Hash{}, nil, nil
	}
	if err != nil {
		return nil, nil, err
	}
	c, err := r.git.CommitObject(head.Hash())
	if err != nil {
		return nil, nil, err
	}
	tree, err := c.Tree()
	if err != nil {
		return nil, nil, err
	}
	out := map[SHA]plumbing.Hash{}
	w := object.NewTreeWalker(tree, true, nil)
	defer w.Close()
	for {
		name, entry, err := w.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, err
		}
		if !entry.Mode.IsFile() {
			continue
		}
		// git's fan-out splits a name as "ab/cdef…"; anything that is not
		// a full hash is not a note, and git ignores it too.
		name = strings.ReplaceAll(name, "/", "")
		if len(name) == 40 {
			out[SHA(name)] = entry.Hash
		}
	}
	return out, head, nil
}

// noteText reads a note's blob, refusing one over MaxNoteSize before
// reading it.
func (r *Repo) noteText(blob plumbing.Hash) (string, error) {
	size, err := r.git.Storer.EncodedObjectSize(blob)
	if err != nil {
		return "", err
	}
	if size > MaxNoteSize {
		return "", ErrNoteTooLarge
	}
	return r.blobText(blob, MaxNoteSize+1)
}

// AppendNote adds lines to the note on sha under ref, as git notes append
// does. The ref moves only if nobody else moved it meanwhile. The other
// notes are carried over as they are, unread.
func (r *Repo) AppendNote(ref string, sha SHA, lines []string, who Identity, when time.Time) error {
	entries, old, err := r.noteEntries(ref)
	if err != nil {
		return err
	}
	text := ""
	if blob, ok := entries[sha]; ok {
		text, err = r.noteText(blob)
		if errors.Is(err, ErrNoteTooLarge) {
			return fmt.Errorf("the note on %s in %s is over 1 MiB, larger than any review writes, so casestudy neither reads nor extends it; look at it with git notes --ref %s show %s, and remove it with git notes --ref %s remove %s: %w",
				sha.Short(), ref, strings.TrimPrefix(ref, "refs/notes/"), sha, strings.TrimPrefix(ref, "refs/notes/"), sha, err)
		}
		if err != nil {
			return err
		}
	}
	if text != "" && !strings.HasSuffix(text, "\n") {
		text += "\n"
	}
	for _, l := range lines {
		text += l + "\n"
	}
	blob, err := r.storeBlob(text)
	if err != nil {
		return err
	}
	entries[sha] = blob
	var parents []plumbing.Hash
	if old != nil {
		parents = []plumbing.Hash{old.Hash()}
	}
	return r.writeNotes(ref, old, entries, parents, "Notes added by 'casestudy'", who, when)
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
	ours, _, err := r.noteEntries(ref)
	if err != nil {
		return err
	}
	theirs, _, err := r.noteEntries(other)
	if err != nil {
		return err
	}
	merged := map[SHA]plumbing.Hash{}
	for sha, blob := range ours {
		merged[sha] = blob
	}
	for sha, theirBlob := range theirs {
		ourBlob, ok := ours[sha]
		if !ok || ourBlob == theirBlob {
			merged[sha] = theirBlob
			continue
		}
		// Both sides changed this note: the union of their lines. A note
		// casestudy will not read (over MaxNoteSize) is still merged, so a
		// sync never drops what someone else wrote.
		a, err := r.blobText(ourBlob, 0)
		if err != nil {
			return err
		}
		b, err := r.blobText(theirBlob, 0)
		if err != nil {
			return err
		}
		if merged[sha], err = r.storeBlob(unionLines(a, b)); err != nil {
			return err
		}
	}
	parents := []plumbing.Hash{ourRef.Hash(), theirRef.Hash()}
	return r.writeNotes(ref, ourRef, merged, parents, "Notes merged by 'casestudy' (cat_sort_uniq)", who, when)
}

// blobText reads a blob, at most limit bytes of it (0 for all).
func (r *Repo) blobText(h plumbing.Hash, limit int64) (string, error) {
	b, err := r.git.BlobObject(h)
	if err != nil {
		return "", err
	}
	rd, err := b.Reader()
	if err != nil {
		return "", err
	}
	defer rd.Close()
	var src io.Reader = rd
	if limit > 0 {
		src = io.LimitReader(rd, limit)
	}
	data, err := io.ReadAll(src)
	return string(data), err
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

// writeNotes stores the whole notes tree (commit → blob) as a new commit on ref. old is the
// ref as it was read; if it moved since, the write fails instead of
// dropping someone's note.
func (r *Repo) writeNotes(ref string, old *plumbing.Reference, notes map[SHA]plumbing.Hash, parents []plumbing.Hash, msg string, who Identity, when time.Time) error {
	var entries []object.TreeEntry
	for sha, blob := range notes {
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
