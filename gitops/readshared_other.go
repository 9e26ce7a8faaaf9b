//go:build !linux

package gitops

import "os"

// readShared returns a file's bytes, never to be written to.
func readShared(path string) ([]byte, error) { return os.ReadFile(path) }
