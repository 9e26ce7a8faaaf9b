package local

import (
	"strings"
	"testing"
)

// FuzzNotesReader feeds the notes reader what anyone with push access
// could write: it never panics, and every comment it lets through has a
// line range that can be quoted.
func FuzzNotesReader(f *testing.F) {
	for _, seed := range []string{
		`{"timestamp":"1700000000","author":"a@example.com","location":{"commit":"abc","path":"case-study.md","range":{"startLine":3}},"description":"one"}`,
		`{"timestamp":"1700000000","author":"a@example.com","location":{"commit":"abc","path":"case-study.md","range":{"startLine":10,"endLine":5}},"description":"backwards"}`,
		`{"timestamp":"1700000000","author":"a@example.com","location":{"path":"x","range":{"startLine":0,"endLine":7}}}`,
		`{"timestamp":"99999999999999999999","author":"a@example.com","resolved":true}`,
		`{"author":"a@example.com","location":{"range":{"startLine":4294967295,"endLine":4294967295}}}`,
		`{"author":"a@example.com","parent":"deadbeef","description":"\u001b]52;c;SGVsbG8=\u0007"}`,
		"{broken\n\n\xff\xfe",
		`{"timestamp":"1700000000","reviewRef":"refs/heads/draft","targetRef":"refs/heads/main","requester":"ana@example.com","reviewers":["b"]}`,
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, note string) {
		act, bad := activityOf(note)
		lines := 0
		for _, l := range strings.Split(note, "\n") {
			if strings.TrimSpace(l) != "" {
				lines++
			}
		}
		if bad < 0 || bad+len(act.Comments)+len(act.Votes) > lines {
			t.Fatalf("%d bad, %d comments, %d votes from %d lines", bad, len(act.Comments), len(act.Votes), lines)
		}
		for _, c := range act.Comments {
			if c.Line < 0 || c.StartLine < 0 || c.StartLine != 0 && c.StartLine > c.Line {
				t.Fatalf("comment with lines %d-%d let through", c.StartLine, c.Line)
			}
		}
		parseRequests(note)
	})
}
