package web

import (
	"crypto/sha256"
	"encoding/hex"
	"hash"
)

type hasher struct{ h hash.Hash }

func newHash() hasher { return hasher{sha256.New()} }

func (h hasher) add(parts ...string) {
	for _, p := range parts {
		h.h.Write([]byte(p))
		h.h.Write([]byte{0})
	}
}

func (h hasher) sum() string { return hex.EncodeToString(h.h.Sum(nil)[:12]) }
