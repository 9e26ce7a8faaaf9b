package github

import (
	"path/filepath"

	"github.com/less-trainers/casestudy/gitops"
)

// cacheDir is where a case study's copy keeps GitHub's answers.
func cacheDir(repo *gitops.Repo) string {
	return filepath.Join(repo.GitDir(), "casestudy", "http-cache")
}

// HoldAnswers makes a client with no cache directory (one made before
// the copy exists: a reviewer's first review reads while it clones) keep
// GitHub's answers in memory, until KeepAnswersIn.
func (c *Client) HoldAnswers() {
	c.transport.heldMu.Lock()
	defer c.transport.heldMu.Unlock()
	if c.transport.cacheDir == "" && c.transport.held == nil {
		c.transport.held = map[string][]byte{}
	}
}

// KeepAnswersIn writes the answers held in memory into the cache of the
// copy now made, as if its forge had asked: the next command gets 304s.
func (c *Client) KeepAnswersIn(repo *gitops.Repo) {
	c.transport.keepHeldIn(cacheDir(repo))
}
