package github

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// assertNoFileHolds walks dir and fails if any file contains secret.
func assertNoFileHolds(t *testing.T, dir, secret string) {
	t.Helper()
	filepath.Walk(dir, func(path string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return nil
		}
		data, err := os.ReadFile(path)
		if err == nil && strings.Contains(string(data), secret) {
			t.Errorf("%s holds the token", path)
		}
		return nil
	})
}
