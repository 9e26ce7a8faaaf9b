package gitops

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/less-trainers/casestudy/internal/atomicfile"
)

// ErrLocked means another casestudy command is changing the repository and
// did not finish within the wait.
var ErrLocked = errors.New("the case study is busy")

// LockWait is how long a command waits for another one to finish;
// CASESTUDY_LOCK_WAIT (a Go duration such as "5s") changes it.
const LockWait = 30 * time.Second

// held counts the locks this process holds, per lock file: a command takes
// the lock around a whole operation (a sync, a submit) whose steps take it
// again, and a second flock by the same process on another descriptor
// would wait for itself.
var held = struct {
	sync.Mutex
	m map[string]*heldLock
}{m: map[string]*heldLock{}}

type heldLock struct {
	f *os.File
	n int
}

// Lock keeps two casestudy commands from changing one clone at once (two
// saves would take the same draft number; two comments would each write
// the notes without the other's). It is a kernel lock (flock) on
// .git/casestudy.lock, so it goes when the process goes, however it ends:
// no stale lock survives a kill -9. A command that finds it held waits up
// to LockWait, then says who holds it. The same process may take it again;
// it is released when every unlock has been called.
func (r *Repo) Lock() (unlock func(), err error) {
	path := filepath.Join(r.GitDir(), "casestudy.lock")
	held.Lock()
	defer held.Unlock()
	if h := held.m[path]; h != nil {
		h.n++
		return releaser(path), nil
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, err
	}
	wait := LockWait
	if d, err := time.ParseDuration(os.Getenv("CASESTUDY_LOCK_WAIT")); err == nil && d >= 0 {
		wait = d
	}
	deadline := time.Now().Add(wait)
	for pause := 5 * time.Millisecond; ; pause = min(2*pause, 200*time.Millisecond) {
		ok, err := tryLock(f)
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("locking %s: %w", path, err)
		}
		if ok {
			break
		}
		if time.Now().After(deadline) {
			holder := holderOf(path)
			f.Close()
			return nil, fmt.Errorf("%w: %s is changing it and did not finish within %s; run this again when it has (nothing was changed)", ErrLocked, holder, wait)
		}
		time.Sleep(pause)
	}
	// Who holds it, for the message another command gives while waiting.
	if err := f.Truncate(0); err == nil {
		fmt.Fprintf(f, "%d %s\n", os.Getpid(), strings.Join(append([]string{"casestudy"}, os.Args[1:]...), " "))
	}
	held.m[path] = &heldLock{f: f, n: 1}
	r.tidyAfterKill()
	return releaser(path), nil
}

// tempPattern matches the temporary files casestudy (atomicfile) and
// go-git through atomicFS write beside a file before renaming them over it.
const tempPattern = ".*.tmp-*"

// tidyAfterKill removes the temporary files a killed command left behind:
// whoever holds the lock is the only writer, so none is being written now.
// .git/info/exclude keeps them out of git status (and out of a save) in
// the meantime.
func (r *Repo) tidyAfterKill() {
	exclude := filepath.Join(r.GitDir(), "info", "exclude")
	if data, err := os.ReadFile(exclude); err == nil || errors.Is(err, os.ErrNotExist) {
		if !strings.Contains("\n"+string(data), "\n"+tempPattern+"\n") {
			if len(data) > 0 && !strings.HasSuffix(string(data), "\n") {
				data = append(data, '\n')
			}
			data = append(data, "# casestudy's temporary files, gone once written\n"+tempPattern+"\n"...)
			if os.MkdirAll(filepath.Dir(exclude), 0o755) == nil {
				atomicfile.Write(exclude, data)
			}
		}
	}
	filepath.WalkDir(r.root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() && p == filepath.Join(r.GitDir(), "objects") {
			return filepath.SkipDir // go-git names its own temporary objects, and git gc removes them
		}
		if ok, _ := filepath.Match(tempPattern, d.Name()); ok && d.Type().IsRegular() {
			os.Remove(p)
		}
		return nil
	})
}

func releaser(path string) func() {
	var once sync.Once
	return func() {
		once.Do(func() {
			held.Lock()
			defer held.Unlock()
			h := held.m[path]
			if h == nil {
				return
			}
			if h.n--; h.n > 0 {
				return
			}
			delete(held.m, path)
			h.f.Truncate(0)
			h.f.Close() // closing the last descriptor releases the flock
		})
	}
}

// holderOf reads what the holder wrote: its process id and command line.
func holderOf(path string) string {
	data, err := os.ReadFile(path)
	pid, cmd, ok := strings.Cut(strings.TrimSpace(string(data)), " ")
	n, perr := strconv.Atoi(pid)
	if err != nil || !ok || perr != nil {
		return "another casestudy command"
	}
	// %q: the command line is someone's arguments, shown without its
	// control characters.
	return fmt.Sprintf("another command (%q, process %d)", cmd, n)
}
