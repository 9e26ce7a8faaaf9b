package local

import (
	"crypto/sha1"
	"fmt"
	"testing"
)

// A comment's identity is the SHA-1 of its JSON as git-appraise writes it,
// so that replies written by either tool name the same parent.
func TestCommentHashIsGitAppraisesHash(t *testing.T) {
	resolved := true
	c := comment{Timestamp: "1700000000", Author: "bob@example.com",
		Location:    &location{Commit: "0123456789abcdef0123456789abcdef01234567", Path: "case-study.md", Range: &lineRange{StartLine: 3}},
		Description: "Which <teams>? & why", Resolved: &resolved}
	line, err := c.line()
	if err != nil {
		t.Fatal(err)
	}
	// git-appraise marshals with encoding/json too: HTML characters escaped,
	// fields in this order, omitted when empty.
	want := `{"timestamp":"1700000000","author":"bob@example.com","location":{"commit":"0123456789abcdef0123456789abcdef01234567","path":"case-study.md","range":{"startLine":3}},"description":"Which \u003cteams\u003e? \u0026 why","resolved":true}`
	if line != want {
		t.Fatalf("line:\n%s\nwant:\n%s", line, want)
	}
	if got, want := c.hash(), fmt.Sprintf("%x", sha1.Sum([]byte(want))); got != want {
		t.Errorf("hash = %s, want %s", got, want)
	}
}

func TestNotesSkipLinesThatAreNotOurs(t *testing.T) {
	note := `{"timestamp":"1700000000","author":"a@example.com","description":"one"}
not json at all
{"timestamp":"1700000001","description":"no author"}
{"timestamp":"1700000002","author":"b@example.com","description":"future","v":1}

{"timestamp":"1700000003","author":"c@example.com","description":"two"}
`
	cs, bad := parseComments(note)
	if len(cs) != 2 || cs[0].Description != "one" || cs[1].Description != "two" || bad != 2 {
		t.Errorf("parsed %+v, %d bad", cs, bad)
	}
	reqs, bad := parseRequests(`{"timestamp":"1700000000","reviewRef":"refs/heads/draft","targetRef":"refs/heads/main","requester":"ana@example.com"}` + "\n{broken\n")
	if len(reqs) != 1 || reqs[0].Requester != "ana@example.com" || bad != 1 {
		t.Errorf("requests %+v, %d bad", reqs, bad)
	}
}
