package github

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/less-trainers/casestudy/review"
)

// Threads' resolved state is only in GitHub's GraphQL API: the REST API
// has no resolved field and no way to resolve a conversation.

const threadsQuery = `query($owner: String!, $name: String!, $number: Int!, $after: String) {
  repository(owner: $owner, name: $name) {
    pullRequest(number: $number) {
      reviewThreads(first: 100, after: $after) {
        nodes { id isResolved isOutdated comments(first: 1) { nodes { databaseId } } }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
}`

type graphQLError struct {
	Message string `json:"message"`
}

// graphQL posts a query to the host's GraphQL endpoint and decodes data
// into out.
func (f *Forge) graphQL(ctx context.Context, query string, vars map[string]any, out any) error {
	r, err := f.api.NewRequest(http.MethodPost, f.Host.GraphQL(), map[string]any{"query": query, "variables": vars})
	if err != nil {
		return err
	}
	var res struct {
		Data   any            `json:"data"`
		Errors []graphQLError `json:"errors"`
	}
	res.Data = out
	if _, err := f.api.Do(ctx, r, &res); err != nil {
		return explain(err)
	}
	if len(res.Errors) > 0 {
		return fmt.Errorf("GitHub refused: %s", res.Errors[0].Message)
	}
	return nil
}

type threadState struct {
	id                   string
	resolved, isOutdated bool
}

// threads reads each review thread's state, by the database id of its
// first comment (the REST id).
func (f *Forge) threads(ctx context.Context, n int) (map[string]threadState, error) {
	out := map[string]threadState{}
	var after *string
	for {
		var data struct {
			Repository struct {
				PullRequest struct {
					ReviewThreads struct {
						Nodes []struct {
							ID         string `json:"id"`
							IsResolved bool   `json:"isResolved"`
							IsOutdated bool   `json:"isOutdated"`
							Comments   struct {
								Nodes []struct {
									DatabaseID int64 `json:"databaseId"`
								} `json:"nodes"`
							} `json:"comments"`
						} `json:"nodes"`
						PageInfo struct {
							HasNextPage bool   `json:"hasNextPage"`
							EndCursor   string `json:"endCursor"`
						} `json:"pageInfo"`
					} `json:"reviewThreads"`
				} `json:"pullRequest"`
			} `json:"repository"`
		}
		vars := map[string]any{"owner": f.owner, "name": f.name, "number": n, "after": after}
		if err := f.graphQL(ctx, threadsQuery, vars, &data); err != nil {
			return nil, err
		}
		rt := data.Repository.PullRequest.ReviewThreads
		for _, t := range rt.Nodes {
			if len(t.Comments.Nodes) > 0 {
				out[strconv.FormatInt(t.Comments.Nodes[0].DatabaseID, 10)] = threadState{id: t.ID, resolved: t.IsResolved, isOutdated: t.IsOutdated}
			}
		}
		if !rt.PageInfo.HasNextPage {
			return out, nil
		}
		c := rt.PageInfo.EndCursor
		after = &c
	}
}

// Resolve resolves or unresolves the thread, as "Resolve conversation" in
// GitHub's page does.
func (f *Forge) Resolve(ctx context.Context, req *review.Request, thread review.Comment, resolved bool) error {
	id := thread.ThreadID
	if id == "" {
		states, err := f.threads(ctx, number(req))
		if err != nil {
			return err
		}
		id = states[thread.ID].id
	}
	if id == "" {
		return errors.New("GitHub shows no such thread; run casestudy feedback to see the threads as they are now")
	}
	mutation := "unresolveReviewThread"
	if resolved {
		mutation = "resolveReviewThread"
	}
	q := fmt.Sprintf(`mutation($id: ID!) { %s(input: {threadId: $id}) { thread { id isResolved } } }`, mutation)
	var data map[string]any
	return f.graphQL(ctx, q, map[string]any{"id": id}, &data)
}
