package gitops

import (
	"bufio"
	"errors"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestHoldLock is not a test: run by TestLock* in a child process, it takes
// the lock of the repository in GITOPS_HOLD_LOCK and holds it until killed.
func TestHoldLock(t *testing.T) {
	dir := os.Getenv("GITOPS_HOLD_LOCK")
	if dir == "" {
		t.Skip("helper process")
	}
	r, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.Lock(); err != nil {
		t.Fatal(err)
	}
	os.Stdout.WriteString("held\n")
	time.Sleep(time.Minute)
}

// holdLock starts a process that holds r's lock.
func holdLock(t *testing.T, r *Repo) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHoldLock$")
	cmd.Env = append(os.Environ(), "GITOPS_HOLD_LOCK="+r.Root())
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	line, _ := bufio.NewReader(out).ReadString('\n')
	if line != "held\n" {
		t.Fatalf("the helper did not take the lock: %q", line)
	}
	return cmd
}

// Another process's lock is waited for a bounded time, then named; when
// that process is killed (kill -9), the kernel releases the lock and the
// next command takes it at once.
func TestLockWaitsThenNamesTheHolderAndDiesWithIt(t *testing.T) {
	r := newRepo(t)
	holder := holdLock(t, r)
	t.Setenv("CASESTUDY_LOCK_WAIT", "300ms")
	start := time.Now()
	_, err := r.Lock()
	if !errors.Is(err, ErrLocked) || !strings.Contains(err.Error(), "process "+strconv.Itoa(holder.Process.Pid)) {
		t.Fatalf("Lock while another process holds it: %v", err)
	}
	if waited := time.Since(start); waited < 300*time.Millisecond || waited > 3*time.Second {
		t.Errorf("waited %v for a 300ms bound", waited)
	}
	holder.Process.Kill()
	holder.Wait()
	t.Setenv("CASESTUDY_LOCK_WAIT", "2s")
	start = time.Now()
	unlock, err := r.Lock()
	if err != nil {
		t.Fatalf("Lock after the holder was killed: %v", err)
	}
	if waited := time.Since(start); waited > time.Second {
		t.Errorf("took %v to take a lock whose holder is dead", waited)
	}
	unlock()
}

// The same process may take the lock again (an operation and its steps);
// it is free for others only when every unlock has run.
func TestLockIsReentrantInOneProcess(t *testing.T) {
	r := newRepo(t)
	outer, err := r.Lock()
	if err != nil {
		t.Fatal(err)
	}
	inner, err := r.Lock()
	if err != nil {
		t.Fatalf("nested Lock: %v", err)
	}
	inner()
	inner() // a second call of one unlock changes nothing
	if h := held.m[r.GitDir()+"/casestudy.lock"]; h == nil || h.n != 1 {
		t.Fatalf("after the inner unlock: %+v", h)
	}
	outer()
	if len(held.m) != 0 {
		t.Fatalf("still held after both unlocks: %v", held.m)
	}
}
