package gitops

import (
	"os"
	"sync"
	"syscall"
)

// mapped holds, per path, the bytes readShared mapped: each cache file is
// mapped once per process, however often it is read, so a long-running
// process does not pile up mappings (the kernel allows some 65,000).
var mapped sync.Map // path → []byte

// mapAtLeast is the size below which a plain read is as cheap as a mapping.
const mapAtLeast = 64 << 10

// readShared returns a file's bytes, never to be written to. On Linux a
// large file's bytes are the kernel's own cached pages, mapped read-only:
// reading a 200 KB draft into fresh memory costs more in page faults than
// the rest of reading it. It is for cache files named by the hash of what
// they hold, so what a path holds never changes, and which are only ever
// replaced by rename or removed, never truncated or rewritten in place: the
// mapping stays valid for as long as the process runs (as git's mappings of
// its pack files do); it is never unmapped.
func readShared(path string) ([]byte, error) {
	if b, ok := mapped.Load(path); ok {
		return b.([]byte), nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	size := info.Size()
	if size < mapAtLeast || int64(int(size)) != size {
		return os.ReadFile(path)
	}
	b, err := syscall.Mmap(int(f.Fd()), 0, int(size), syscall.PROT_READ, syscall.MAP_PRIVATE|syscall.MAP_POPULATE)
	if err != nil {
		return os.ReadFile(path)
	}
	if prev, loaded := mapped.LoadOrStore(path, b); loaded {
		syscall.Munmap(b) // another goroutine mapped it first
		return prev.([]byte), nil
	}
	return b, nil
}
