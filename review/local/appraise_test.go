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

// git-appraise names a comment by the hash of the line it wrote, a field
// we do not know (its signature) included; a reply naming that hash is in
// the same thread whichever tool wrote it.
func TestCommentIDIsTheHashOfTheLineAsWritten(t *testing.T) {
	root := `{"timestamp":"1700000000","author":"bob@example.com","location":{"commit":"c0ffee","path":"case-study.md","range":{"startLine":3}},"description":"Which teams?","signature":"-----BEGIN PGP SIGNATURE-----\nabc"}`
	id := fmt.Sprintf("%x", sha1.Sum([]byte(root)))
	reply := `{"timestamp":"1700000100","author":"ana@example.com","parent":"` + id + `","description":"The Ants.","resolved":true}`
	act, bad := activityOf(root + "\n" + reply + "\n")
	if bad != 0 || len(act.Comments) != 2 {
		t.Fatalf("read %+v, %d bad", act, bad)
	}
	if act.Comments[0].ID != id || act.Comments[1].Parent != id {
		t.Errorf("root id %s, reply's parent %s; want both %s", act.Comments[0].ID, act.Comments[1].Parent, id)
	}
}

// A comment naming an original is an edit: the original shows its text.
func TestAnEditReplacesTheText(t *testing.T) {
	root := `{"timestamp":"1700000000","author":"bob@example.com","location":{"path":"case-study.md","range":{"startLine":3}},"description":"Wich teams?"}`
	id := fmt.Sprintf("%x", sha1.Sum([]byte(root)))
	edit := `{"timestamp":"1700000100","author":"bob@example.com","original":"` + id + `","location":{"path":"case-study.md","range":{"startLine":3}},"description":"Which teams?"}`
	act, _ := activityOf(root + "\n" + edit)
	if len(act.Comments) != 1 || act.Comments[0].Body != "Which teams?" || !act.Comments[0].Edited || act.Comments[0].ID != id {
		t.Errorf("read %+v", act.Comments)
	}
}

// Verdicts are in git-appraise's order, by timestamp then as written,
// whatever the clock said when they were read.
func TestVotesInGitAppraisesOrder(t *testing.T) {
	note := `{"timestamp":"1700000200","author":"bob@example.com","description":"Not yet.","resolved":false}
{"timestamp":"1700000100","author":"bob@example.com","description":"LGTM","resolved":true}
{"timestamp":"1700000200","author":"bob@example.com","description":"Now yes.","resolved":true}`
	act, _ := activityOf(note)
	var got []string
	for _, v := range act.Votes {
		got = append(got, v.Body)
	}
	if fmt.Sprint(got) != "[LGTM Not yet. Now yes.]" {
		t.Errorf("order %v", got)
	}
}
