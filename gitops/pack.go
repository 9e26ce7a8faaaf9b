package gitops

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/format/packfile"
	"github.com/go-git/go-git/v5/plumbing/storer"
)

// Every object git writes is a file of its own, compressed alone: each
// draft of a 30,000-word case study is another 80 KB, and 300 drafts are
// 28 MB that take seconds to push. Packed, with each draft stored as its
// difference from a similar one, the same 300 drafts take about 2 MB.
//
// git packs when there are more than gc.auto (6,700) loose objects, a
// number made for source trees of many small files. A draft adds about four
// objects (document, tree, commit, tag) of which the document is large, so
// 6,700 would leave some 1,600 whole drafts, over 100 MB, unpacked. Packing
// past 128 loose objects (some 30 drafts, at most 2.5 MB loose) keeps the
// repository a few MB, and a first push quick: go-git sends packed drafts
// as they are, but works out anew how each loose one differs from the
// others. Packing 30 drafts takes a few tenths of a second, once every 30
// saves.
const looseLimit = 128

// Packing only the loose objects adds a pack each time; past packLimit
// packs they are packed into one, as git gc does past gc.autoPackLimit
// (50). go-git reads the index of every pack each time a repository is
// opened, a few hundred microseconds each, so the limit is lower than
// git's: with 1,000 drafts, 30 packs made every command 5 ms slower. The
// whole repack reuses the differences already worked out, and comes once
// every 300 saves or so.
const packLimit = 10

// AutoPack packs the loose objects when there are more than looseLimit of
// them, as git gc --auto does: into a new pack (git repack -d), or, past
// packLimit packs, everything into one (git repack -a -d). The loose
// objects and the tags and branches written as files of their own are
// removed only once the pack that holds them is complete. It reports
// whether it packed. Repositories that git or go-git keep elsewhere than
// in a .git directory (none that casestudy makes) are left alone.
func (r *Repo) AutoPack() (bool, error) {
	loose, ok := r.git.Storer.(storer.LooseObjectStorer)
	if !ok || r.looseEstimate() <= looseLimit {
		return false, nil
	}
	var hashes []plumbing.Hash
	err := loose.ForEachObjectHash(func(h plumbing.Hash) error {
		hashes = append(hashes, h)
		return nil
	})
	if err != nil || len(hashes) == 0 {
		return false, err
	}
	if err := r.packObjects(hashes); err != nil {
		return false, fmt.Errorf("packing the repository: %w", err)
	}
	// go-git packs refs into .git/packed-refs only once it exists (through
	// the atomic writes of atomicFS, a file is made when it is closed);
	// empty, it lists no ref, as git reads it.
	packedRefs := filepath.Join(r.GitDir(), "packed-refs")
	if _, err := os.Stat(packedRefs); errors.Is(err, os.ErrNotExist) {
		if err := os.WriteFile(packedRefs, nil, 0o644); err != nil {
			return true, fmt.Errorf("packing the repository's tags: %w", err)
		}
	}
	if err := r.git.Storer.PackRefs(); err != nil {
		return true, fmt.Errorf("packing the repository's tags: %w", err)
	}
	return true, nil
}

// looseEstimate estimates the number of loose objects from a sample of
// the 256 directories that hold them, as git gc --auto does from one
// (objects/17): object names are hashes, spread evenly. Sixteen directories
// cost a few hundred microseconds where listing all 256 took milliseconds,
// on every save.
func (r *Repo) looseEstimate() int {
	n := 0
	for i := 0; i < 256; i += 16 {
		entries, _ := os.ReadDir(filepath.Join(r.GitDir(), "objects", fmt.Sprintf("%02x", i+7)))
		n += len(entries)
	}
	return n * 16
}

// packObjects writes the objects into a new pack, then deletes their loose
// copies; past packLimit packs it packs everything into one instead.
func (r *Repo) packObjects(hashes []plumbing.Hash) (err error) {
	if packed, ok := r.git.Storer.(storer.PackedObjectStorer); ok {
		packs, err := packed.ObjectPacks()
		if err != nil {
			return err
		}
		if len(packs) >= packLimit {
			return r.git.RepackObjects(&git.RepackConfig{})
		}
	}
	writer, ok := r.git.Storer.(storer.PackfileWriter)
	if !ok {
		return nil
	}
	cfg, err := r.git.Config()
	if err != nil {
		return err
	}
	w, err := writer.PackfileWriter()
	if err != nil {
		return err
	}
	_, err = packfile.NewEncoder(w, r.git.Storer, false).Encode(hashes, cfg.Pack.Window)
	if cerr := w.Close(); err == nil {
		err = cerr // the pack and its index are in place only once closed
	}
	if err != nil {
		return err
	}
	// The pack and its index were flushed as they were closed (atomicFS);
	// the directory that names them is flushed too before the loose
	// copies go, so not even a power cut loses a draft.
	syncDir(filepath.Join(r.GitDir(), "objects", "pack"))
	loose := r.git.Storer.(storer.LooseObjectStorer)
	for _, h := range hashes {
		if err := loose.DeleteLooseObject(h); err != nil {
			return err
		}
	}
	return nil
}
