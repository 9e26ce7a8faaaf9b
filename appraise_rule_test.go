package main

import (
	"crypto/sha1"
	"encoding/json"
	"fmt"
	"os/exec"
	"sort"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

// A small re-statement of git-appraise's acceptance rule, so stories can
// ask what git appraise list would say of the notes casestudy wrote.
// Source: google/git-appraise, review/review.go (updateThreadsStatus,
// updateResolvedStatus, buildCommentThreads) and review/comment/comment.go
// (a comment is named by the SHA-1 of its JSON).
//
//   - Comments form trees by parent; one naming an original is an edit and
//     no node of its own.
//   - A thread's status: with no child status, the comment's own resolved
//     bit; a child false makes it false; children all true make it true
//     only when the comment itself is resolved true, else unset.
//   - A list of threads (sorted by timestamp) is the conjunction of the
//     statuses that are set; unset when none is.
//   - The review is accepted when that is true, rejected when false, and
//     pending when unset.

type appraiseComment struct {
	Timestamp string `json:"timestamp"`
	Parent    string `json:"parent"`
	Original  string `json:"original"`
	Resolved  *bool  `json:"resolved"`
}

type appraiseThread struct {
	c        appraiseComment
	children []*appraiseThread
}

func appraiseStatus(threads []*appraiseThread) *bool {
	sort.SliceStable(threads, func(i, j int) bool { return threads[i].c.Timestamp < threads[j].c.Timestamp })
	var result *bool
	all := true
	for _, t := range threads {
		if s := t.status(); s != nil {
			all = all && *s
			v := all
			result = &v
		}
	}
	return result
}

func (t *appraiseThread) status() *bool {
	children := appraiseStatus(t.children)
	switch {
	case children == nil:
		return t.c.Resolved
	case !*children:
		return children
	case t.c.Resolved == nil || !*t.c.Resolved:
		return nil
	}
	return children
}

// appraiseVerdict reads a review's comment note (one JSON object a line)
// and gives git-appraise's verdict and how many threads it finds
// unresolved (status false).
func appraiseVerdict(note string) (string, int, error) {
	byHash := map[string]*appraiseThread{}
	var order []string
	for _, l := range strings.Split(note, "\n") {
		if strings.TrimSpace(l) == "" {
			continue
		}
		var c appraiseComment
		if err := json.Unmarshal([]byte(l), &c); err != nil {
			continue
		}
		h := fmt.Sprintf("%x", sha1Sum(l))
		byHash[h] = &appraiseThread{c: c}
		order = append(order, h)
	}
	var roots []*appraiseThread
	for _, h := range order {
		t := byHash[h]
		switch {
		case t.c.Original != "":
		case t.c.Parent == "":
			roots = append(roots, t)
		default:
			if p := byHash[t.c.Parent]; p != nil {
				p.children = append(p.children, t)
			}
		}
	}
	unresolved := 0
	for _, r := range roots {
		if s := r.status(); s != nil && !*s {
			unresolved++
		}
	}
	switch s := appraiseStatus(roots); {
	case s == nil:
		return "pending", unresolved, nil
	case *s:
		return "accepted", unresolved, nil
	default:
		return "rejected", unresolved, nil
	}
}

// appraiseCmd is the story command "appraise-status": git-appraise's
// verdict on the review of the repository in the current directory.
func appraiseCmd(ts *testscript.TestScript, neg bool, args []string) {
	dir := ts.MkAbs(".")
	git := func(a ...string) string {
		out, err := exec.Command("git", append([]string{"-C", dir}, a...)...).Output()
		if err != nil {
			ts.Fatalf("git %s: %v", strings.Join(a, " "), err)
		}
		return strings.TrimSpace(string(out))
	}
	list := git("notes", "--ref", "devtools/reviews", "list")
	_, anchor, _ := strings.Cut(strings.Split(list, "\n")[0], " ")
	note := git("notes", "--ref", "devtools/discuss", "show", anchor)
	verdict, unresolved, err := appraiseVerdict(note)
	ts.Check(err)
	fmt.Fprintf(ts.Stdout(), "%s, %d unresolved thread(s)\n", verdict, unresolved)
}

func TestAppraiseRule(t *testing.T) {
	no, yes := `"resolved":false`, `"resolved":true`
	reject := `{"timestamp":"1700000001","author":"bob@example.com",` + no + `}`
	h := fmt.Sprintf("%x", sha1Sum(reject))
	for _, c := range []struct {
		name, note, want string
	}{
		{"a reject alone", reject, "rejected"},
		{"a later accept does not undo it", reject + "\n" + `{"timestamp":"1700000002","author":"bob@example.com",` + yes + `}`, "rejected"},
		{"an answered reject", reject + "\n" +
			`{"timestamp":"1700000002","author":"bob@example.com","parent":"` + h + `",` + yes + `}` + "\n" +
			`{"timestamp":"1700000002","author":"bob@example.com",` + yes + `}`, "accepted"},
		{"comments alone", `{"timestamp":"1700000001","author":"bob@example.com","description":"FYI"}`, "pending"},
	} {
		got, _, _ := appraiseVerdict(c.note)
		if got != c.want {
			t.Errorf("%s: %s, want %s", c.name, got, c.want)
		}
	}
}

func sha1Sum(s string) [20]byte { return sha1.Sum([]byte(s)) }
