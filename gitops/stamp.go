package gitops

import (
	"crypto/sha256"
	"encoding/hex"
	"sort"

	"github.com/go-git/go-git/v5/plumbing"
)

// RefsStamp is a short fingerprint of every ref and of HEAD: it changes
// whenever a commit, tag, branch or review note is written or fetched, by
// this process or any other, and costs a read of the refs only. casestudy
// serve's page asks for it every few seconds to know when to redraw.
func (r *Repo) RefsStamp() (string, error) {
	refs, err := r.git.Storer.IterReferences()
	if err != nil {
		return "", err
	}
	var lines []string
	err = refs.ForEach(func(ref *plumbing.Reference) error {
		lines = append(lines, ref.String())
		return nil
	})
	if err != nil {
		return "", err
	}
	if head, err := r.git.Storer.Reference("HEAD"); err == nil {
		lines = append(lines, "HEAD "+head.String())
	}
	sort.Strings(lines)
	h := sha256.New()
	for _, l := range lines {
		h.Write([]byte(l + "\n"))
	}
	return hex.EncodeToString(h.Sum(nil)[:12]), nil
}
