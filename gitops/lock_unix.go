//go:build unix

package gitops

import (
	"errors"
	"syscall"
)

// processRuns asks the kernel whether a process exists (signal 0 checks
// without sending anything).
func processRuns(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}
