//go:build !unix

package gitops

// processRuns cannot tell here, so a lock is taken to be held.
func processRuns(int) bool { return true }
