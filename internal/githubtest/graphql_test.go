package githubtest_test

import (
	"encoding/json"
	"strings"
	"testing"
)

const threadsQuery = `query($n: Int!) { repository(owner: "ana", name: "acme") { pullRequest(number: $n) {
	reviewThreads(first: 10) { nodes { id isResolved isOutdated path comments(first: 5) { nodes { databaseId body } } }
	pageInfo { hasNextPage endCursor } } } } }`

type threadsAnswer struct {
	Data struct {
		Repository struct {
			PullRequest struct {
				ReviewThreads struct {
					Nodes []struct {
						ID         string `json:"id"`
						IsResolved bool   `json:"isResolved"`
						IsOutdated bool   `json:"isOutdated"`
						Path       string `json:"path"`
						Comments   struct {
							Nodes []struct {
								DatabaseID int64  `json:"databaseId"`
								Body       string `json:"body"`
							} `json:"nodes"`
						} `json:"comments"`
					} `json:"nodes"`
				} `json:"reviewThreads"`
			} `json:"pullRequest"`
		} `json:"repository"`
	} `json:"data"`
	Errors []struct {
		Message string `json:"message"`
	} `json:"errors"`
}

func (e *env) graphQL(user, query string, vars map[string]any, out any) {
	e.t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	resp, text := e.post(user, "/api/graphql", string(body))
	if resp.StatusCode != 200 {
		e.t.Fatalf("GraphQL: %s %s", resp.Status, text)
	}
	if err := json.Unmarshal([]byte(text), out); err != nil {
		e.t.Fatalf("%v: %s", err, text)
	}
}

// A thread's state lives in GraphQL, as on GitHub: read with
// reviewThreads, changed with resolveReviewThread and
// unresolveReviewThread; every query and answer is checked against
// GitHub's published schema (checkConformance fails the test otherwise).
func TestGraphQLReviewThreads(t *testing.T) {
	e := newEnv(t)
	e.caseStudy()
	pr := e.openPR()
	resp, text := e.post("ana", "/api/v3/repos/ana/acme/pulls/1/comments",
		`{"body":"Which teams?","commit_id":"`+pr.GetHead().GetSHA()+`","path":"case-study.md","line":3,"side":"RIGHT"}`)
	if resp.StatusCode != 201 {
		t.Fatal(text)
	}
	var root struct {
		ID int64 `json:"id"`
	}
	json.Unmarshal([]byte(text), &root)
	e.post("ana", "/api/v3/repos/ana/acme/pulls/1/comments/"+itoa64(root.ID)+"/replies", `{"body":"The Ants."}`)

	var got threadsAnswer
	e.graphQL("bob", threadsQuery, map[string]any{"n": 1}, &got)
	if len(got.Errors) == 0 || !strings.Contains(got.Errors[0].Message, "Could not resolve to a Repository") {
		t.Errorf("bob, not a collaborator, was answered %+v", got)
	}
	got = threadsAnswer{}
	e.graphQL("ana", threadsQuery, map[string]any{"n": 1}, &got)
	threads := got.Data.Repository.PullRequest.ReviewThreads.Nodes
	if len(threads) != 1 || threads[0].IsResolved || threads[0].IsOutdated || threads[0].Path != "case-study.md" ||
		len(threads[0].Comments.Nodes) != 2 || threads[0].Comments.Nodes[0].DatabaseID != root.ID {
		t.Fatalf("threads = %+v", threads)
	}
	for _, resolved := range []bool{true, false} {
		mutation := map[bool]string{true: "resolveReviewThread", false: "unresolveReviewThread"}[resolved]
		var m map[string]map[string]map[string]map[string]any
		e.graphQL("ana", `mutation($id: ID!) { `+mutation+`(input: {threadId: $id}) { thread { id isResolved } } }`,
			map[string]any{"id": threads[0].ID}, &m)
		if m["data"][mutation]["thread"]["isResolved"] != resolved {
			t.Errorf("%s answered %v", mutation, m)
		}
		got = threadsAnswer{}
		e.graphQL("ana", threadsQuery, map[string]any{"n": 1}, &got)
		if got.Data.Repository.PullRequest.ReviewThreads.Nodes[0].IsResolved != resolved {
			t.Errorf("after %s: %+v", mutation, got)
		}
	}
}
