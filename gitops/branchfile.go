package gitops

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// CommitFileOnBranch commits one file with content on branch without
// touching the work tree or the checked-out branch: the round archives go
// on the publication branch while the writer stays on the drafting one. The
// branch moves only if nobody moved it meanwhile. It returns "" when the
// file already has that content.
func (r *Repo) CommitFileOnBranch(branch, path string, content []byte, msg string, who Identity, when time.Time) (SHA, error) {
	ref, err := r.git.Reference(plumbing.NewBranchReferenceName(branch), true)
	if err != nil {
		return "", fmt.Errorf("branch %s: %w", branch, err)
	}
	parent, err := r.git.CommitObject(ref.Hash())
	if err != nil {
		return "", err
	}
	blob := r.git.Storer.NewEncodedObject()
	blob.SetType(plumbing.BlobObject)
	w, err := blob.Writer()
	if err != nil {
		return "", err
	}
	if _, err := w.Write(content); err != nil {
		return "", err
	}
	if err := w.Close(); err != nil {
		return "", err
	}
	blobHash, err := r.git.Storer.SetEncodedObject(blob)
	if err != nil {
		return "", err
	}
	tree, err := r.withFile(parent.TreeHash, strings.Split(path, "/"), blobHash)
	if err != nil {
		return "", err
	}
	if tree == parent.TreeHash {
		return "", nil
	}
	return r.writeCommit(ref, tree, []plumbing.Hash{ref.Hash()}, msg, who, when)
}

// withFile returns the tree at hash with the blob at the path's parts,
// writing the trees that change.
func (r *Repo) withFile(hash plumbing.Hash, parts []string, blob plumbing.Hash) (plumbing.Hash, error) {
	var entries []object.TreeEntry
	if !hash.IsZero() {
		t, err := r.git.TreeObject(hash)
		if err != nil {
			return plumbing.ZeroHash, err
		}
		entries = append(entries, t.Entries...)
	}
	name := parts[0]
	i := sort.Search(len(entries), func(i int) bool { return entries[i].Name >= name })
	found := i < len(entries) && entries[i].Name == name
	entry := object.TreeEntry{Name: name, Mode: filemode.Regular, Hash: blob}
	if len(parts) > 1 {
		sub := plumbing.ZeroHash
		if found && entries[i].Mode == filemode.Dir {
			sub = entries[i].Hash
		}
		h, err := r.withFile(sub, parts[1:], blob)
		if err != nil {
			return plumbing.ZeroHash, err
		}
		entry = object.TreeEntry{Name: name, Mode: filemode.Dir, Hash: h}
	}
	if found {
		entries[i] = entry
	} else {
		entries = append(entries[:i], append([]object.TreeEntry{entry}, entries[i:]...)...)
	}
	return r.writeTree(entries)
}

// writeTree stores a tree, its entries in git's order (a directory sorts as
// if its name ended in "/").
func (r *Repo) writeTree(entries []object.TreeEntry) (plumbing.Hash, error) {
	sort.Slice(entries, func(i, j int) bool { return treeKey(entries[i]) < treeKey(entries[j]) })
	t := &object.Tree{Entries: entries}
	obj := r.git.Storer.NewEncodedObject()
	if err := t.Encode(obj); err != nil {
		return plumbing.ZeroHash, err
	}
	return r.git.Storer.SetEncodedObject(obj)
}

func treeKey(e object.TreeEntry) string {
	if e.Mode == filemode.Dir {
		return e.Name + "/"
	}
	return e.Name
}

// unionTree is from's tree with what only into has added: the publication
// branch's own files (the round archives) survive a merge whose text is the
// drafting branch's. Where both have a path, from wins.
func (r *Repo) unionTree(from, into plumbing.Hash) (plumbing.Hash, error) {
	if from == into {
		return from, nil
	}
	ft, err := r.git.TreeObject(from)
	if err != nil {
		return plumbing.ZeroHash, err
	}
	it, err := r.git.TreeObject(into)
	if err != nil {
		return plumbing.ZeroHash, err
	}
	entries := append([]object.TreeEntry{}, ft.Entries...)
	changed := false
	for _, ie := range it.Entries {
		j := -1
		for k, fe := range entries {
			if fe.Name == ie.Name {
				j = k
			}
		}
		switch {
		case j < 0:
			entries = append(entries, ie)
			changed = true
		case entries[j].Mode == filemode.Dir && ie.Mode == filemode.Dir && entries[j].Hash != ie.Hash:
			h, err := r.unionTree(entries[j].Hash, ie.Hash)
			if err != nil {
				return plumbing.ZeroHash, err
			}
			if h != entries[j].Hash {
				entries[j].Hash, changed = h, true
			}
		}
	}
	if !changed {
		return from, nil
	}
	return r.writeTree(entries)
}

// writeCommit stores a commit and moves ref to it, if nobody moved ref
// meanwhile.
func (r *Repo) writeCommit(ref *plumbing.Reference, tree plumbing.Hash, parents []plumbing.Hash, msg string, who Identity, when time.Time) (SHA, error) {
	sig := object.Signature{Name: who.Name, Email: who.Email, When: when}
	c := &object.Commit{Author: sig, Committer: sig, Message: msg, TreeHash: tree, ParentHashes: parents}
	obj := r.git.Storer.NewEncodedObject()
	if err := c.Encode(obj); err != nil {
		return "", err
	}
	h, err := r.git.Storer.SetEncodedObject(obj)
	if err != nil {
		return "", err
	}
	if err := r.git.Storer.CheckAndSetReference(plumbing.NewHashReference(ref.Name(), h), ref); err != nil {
		return "", err
	}
	return SHA(h.String()), nil
}
