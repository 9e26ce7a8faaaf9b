package local

import (
	"crypto/sha1"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// The git-appraise storage format: one JSON object per line in git notes,
// so that notes written in two clones merge by line union.
const (
	RequestsRef = "refs/notes/devtools/reviews"
	CommentsRef = "refs/notes/devtools/discuss"
)

// request is a git-appraise review request; fields in git-appraise's order.
type request struct {
	Timestamp   string   `json:"timestamp,omitempty"`
	ReviewRef   string   `json:"reviewRef,omitempty"`
	TargetRef   string   `json:"targetRef"`
	Requester   string   `json:"requester,omitempty"`
	Reviewers   []string `json:"reviewers,omitempty"`
	Description string   `json:"description,omitempty"`
	Version     int      `json:"v,omitempty"`
	BaseCommit  string   `json:"baseCommit,omitempty"`
	Alias       string   `json:"alias,omitempty"`
}

// comment is a git-appraise comment. Its identity is the SHA-1 of its JSON
// as git-appraise serialises it, so replies name their parent the same way
// in both tools: keep the field order and encoding as they are.
type comment struct {
	Timestamp   string    `json:"timestamp,omitempty"`
	Author      string    `json:"author,omitempty"`
	Original    string    `json:"original,omitempty"`
	Parent      string    `json:"parent,omitempty"`
	Location    *location `json:"location,omitempty"`
	Description string    `json:"description,omitempty"`
	Resolved    *bool     `json:"resolved,omitempty"`
	Version     int       `json:"v,omitempty"`
	// raw is the line as read from the note. git-appraise names a comment
	// by the hash of what it wrote, fields we do not know (its signature)
	// included, so the hash is of the line as stored.
	raw string
}

type location struct {
	Commit string     `json:"commit,omitempty"`
	Path   string     `json:"path,omitempty"`
	Range  *lineRange `json:"range,omitempty"`
}

type lineRange struct {
	StartLine   uint32 `json:"startLine"`
	StartColumn uint32 `json:"startColumn,omitempty"`
	EndLine     uint32 `json:"endLine,omitempty"`
	EndColumn   uint32 `json:"endColumn,omitempty"`
}

func timestamp(t time.Time) string { return fmt.Sprintf("%010d", t.Unix()) }

func parseTimestamp(s string) time.Time {
	n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	if err != nil {
		return time.Time{}
	}
	return time.Unix(n, 0)
}

func (c comment) line() (string, error) {
	b, err := json.Marshal(c)
	return string(b), err
}

func (c comment) hash() string {
	if c.raw != "" {
		return fmt.Sprintf("%x", sha1.Sum([]byte(c.raw)))
	}
	b, _ := json.Marshal(c)
	return fmt.Sprintf("%x", sha1.Sum(b))
}

// before orders comments and requests as git-appraise does: by timestamp,
// compared as git-appraise compares them (zero-padded to ten digits), the
// order in the notes breaking ties.
func before(a, b string) bool { return padded(a) < padded(b) }

func padded(ts string) string {
	ts = strings.TrimSpace(ts)
	if len(ts) < 10 {
		if n, err := strconv.ParseInt(ts, 10, 64); err == nil {
			return fmt.Sprintf("%010d", n)
		}
	}
	return ts
}

func (r request) line() (string, error) {
	b, err := json.Marshal(r)
	return string(b), err
}

// parseRequests reads the JSON objects of a note, skipping lines that are
// not valid for the type, as git-appraise does: notes are a shared space.
// bad counts the lines skipped for being malformed (a later format version
// is not malformed, only not ours to read).
func parseRequests(note string) (out []request, bad int) {
	for _, l := range strings.Split(note, "\n") {
		if strings.TrimSpace(l) == "" {
			continue
		}
		var r request
		if json.Unmarshal([]byte(l), &r) != nil {
			bad++
			continue
		}
		if r.Version != 0 {
			continue
		}
		out = append(out, r)
	}
	return out, bad
}

// parseComments reads a note's comments like parseRequests, and also skips
// comments whose line range cannot be: an end before its start, or an end
// without a start.
func parseComments(note string) (out []comment, bad int) {
	for _, l := range strings.Split(note, "\n") {
		if strings.TrimSpace(l) == "" {
			continue
		}
		var c comment
		if json.Unmarshal([]byte(l), &c) != nil || c.Version == 0 && (c.Author == "" || !c.consistent()) {
			bad++
			continue
		}
		if c.Version != 0 {
			continue
		}
		c.raw = l
		out = append(out, c)
	}
	return out, bad
}

func (c comment) consistent() bool {
	if c.Location == nil || c.Location.Range == nil {
		return true
	}
	r := c.Location.Range
	if r.StartLine == 0 {
		// Line 0 is the whole file in git-appraise.
		return r.EndLine == 0
	}
	return r.EndLine == 0 || r.EndLine >= r.StartLine
}
