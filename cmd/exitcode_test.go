package cmd

import (
	"errors"
	"fmt"
	"os"
	"syscall"
	"testing"
	"time"

	"github.com/less-trainers/casestudy/review/github"
	"github.com/urfave/cli/v2"
)

// One table of exit codes, as gh's: the kind of error decides, however it
// was wrapped on the way.
func TestExitCodes(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want int
	}{
		{"failure", errors.New("no draft 9"), exitFailure},
		{"usage", usagef("diff: too many arguments"), exitUsage},
		{"wrapped usage", fmt.Errorf("new: %w", usagef("missing --title")), exitUsage},
		{"urfave's own", cli.Exit("No help topic for 'x'", 3), exitUsage},
		{"no token", github.ErrNoToken{}, exitAuth},
		{"refused token", fmt.Errorf("status: %w", github.ErrBadToken{Source: "GH_TOKEN"}), exitAuth},
	}
	for _, tt := range tests {
		if got := exitCode(tt.err); got != tt.want {
			t.Errorf("%s: exitCode(%v) = %d, want %d", tt.name, tt.err, got, tt.want)
		}
	}
	interrupted.Store(true)
	defer interrupted.Store(false)
	if got := exitCode(errors.New("stopped before GitHub answered")); got != exitInterrupted {
		t.Errorf("after Ctrl-C: exitCode = %d, want %d", got, exitInterrupted)
	}
}

// Ctrl-C during a command ends its context and makes the exit 130.
func TestInterruptEndsTheCommandWith130(t *testing.T) {
	defer interrupted.Store(false)
	ctx, cancel := commandContext()
	defer cancel()
	if err := syscall.Kill(os.Getpid(), syscall.SIGINT); err != nil {
		t.Skip("cannot signal this process:", err)
	}
	select {
	case <-ctx.Done():
	case <-time.After(5 * time.Second):
		t.Fatal("the command's context outlived Ctrl-C")
	}
	if got := exitCode(ctx.Err()); got != exitInterrupted {
		t.Errorf("exitCode = %d, want %d", got, exitInterrupted)
	}
}
