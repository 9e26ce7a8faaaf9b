package githubtest

import (
	"net/http"
	"sort"
	"strings"
	"time"
)

// issueJSON is a pull request seen as an issue, which is how the issues
// API and issue search show pull requests.
type issueJSON struct {
	URL               string         `json:"url"`
	RepositoryURL     string         `json:"repository_url"`
	CommentsURL       string         `json:"comments_url"`
	EventsURL         string         `json:"events_url"`
	LabelsURL         string         `json:"labels_url"`
	HTMLURL           string         `json:"html_url"`
	ID                int64          `json:"id"`
	NodeID            string         `json:"node_id"`
	Number            int            `json:"number"`
	Title             string         `json:"title"`
	User              userJSON       `json:"user"`
	Labels            []any          `json:"labels"`
	State             string         `json:"state"`
	Locked            bool           `json:"locked"`
	Assignee          any            `json:"assignee"`
	Assignees         []any          `json:"assignees"`
	Milestone         any            `json:"milestone"`
	Comments          int            `json:"comments"`
	CreatedAt         string         `json:"created_at"`
	UpdatedAt         string         `json:"updated_at"`
	ClosedAt          *string        `json:"closed_at"`
	AuthorAssociation string         `json:"author_association"`
	Draft             bool           `json:"draft"`
	PullRequest       map[string]any `json:"pull_request"`
	Body              *string        `json:"body"`
	StateReason       *string        `json:"state_reason"`
	Score             *float64       `json:"score,omitempty"`
}

func (s *Server) issueJSON(rp *repo, p *pull) issueJSON {
	full := rp.fullName()
	api := s.apiURL("/repos/%s/issues/%d", full, p.number)
	html := s.htmlURL("/%s/pull/%d", full, p.number)
	return issueJSON{
		URL:               api,
		RepositoryURL:     s.apiURL("/repos/%s", full),
		CommentsURL:       api + "/comments",
		EventsURL:         api + "/events",
		LabelsURL:         api + "/labels{/name}",
		HTMLURL:           html,
		ID:                p.id,
		NodeID:            nodeID("PR", p.id),
		Number:            p.number,
		Title:             p.title,
		User:              s.userJSON(p.user),
		Labels:            s.labelsJSON(rp, p.labels),
		State:             p.state,
		Assignees:         []any{},
		Comments:          len(p.issueComments),
		CreatedAt:         iso(p.created),
		UpdatedAt:         iso(p.updated),
		ClosedAt:          isoPtr(p.closed),
		AuthorAssociation: s.association(rp, p.user),
		Draft:             p.draft,
		PullRequest: map[string]any{
			"url":       s.apiURL("/repos/%s/pulls/%d", full, p.number),
			"html_url":  html,
			"diff_url":  html + ".diff",
			"patch_url": html + ".patch",
			"merged_at": isoPtr(p.mergedAt),
		},
		Body: strPtr(p.body),
	}
}

func (s *Server) getIssue(c *call) {
	rp, p := c.loadPull(permRead, "")
	if p == nil {
		return
	}
	c.json(http.StatusOK, s.issueJSON(rp, p))
}

// searchTerm is one word of a search query: a qualifier (key:value,
// possibly negated with a leading '-') or free text.
type searchTerm struct {
	key, value string
	negate     bool
}

// parseQuery splits q on spaces, keeping "quoted phrases" together.
func parseQuery(q string) []searchTerm {
	var words []string
	var cur strings.Builder
	quoted := false
	for _, r := range q {
		switch {
		case r == '"':
			quoted = !quoted
		case (r == ' ' || r == '+' || r == '\t') && !quoted:
			if cur.Len() > 0 {
				words = append(words, cur.String())
				cur.Reset()
			}
		default:
			cur.WriteRune(r)
		}
	}
	if cur.Len() > 0 {
		words = append(words, cur.String())
	}
	var terms []searchTerm
	for _, w := range words {
		t := searchTerm{value: w}
		if k, v, ok := strings.Cut(w, ":"); ok && k != "" && !strings.Contains(k, " ") {
			t.key, t.value = strings.ToLower(k), v
			if strings.HasPrefix(t.key, "-") {
				t.key, t.negate = t.key[1:], true
			}
		}
		terms = append(terms, t)
	}
	return terms
}

// matches applies one term to a pull request. Unknown qualifiers match as
// text, as on GitHub.
func (s *Server) matches(t searchTerm, rp *repo, p *pull, viewer *account) bool {
	login := func() string {
		if t.value == "@me" {
			return viewer.login
		}
		return t.value
	}
	is := func(a *account) bool { return a != nil && strings.EqualFold(a.login, login()) }
	v := strings.ToLower(t.value)
	switch t.key {
	case "is", "type", "state":
		switch v {
		case "pr", "pull-request":
			return true
		case "issue":
			return false // only pull requests exist here
		case "open", "closed":
			return p.state == v
		case "merged":
			return p.merged
		case "unmerged":
			return p.state == "closed" && !p.merged
		case "draft":
			return p.draft
		case "public":
			return !rp.private
		case "private":
			return rp.private
		}
		return false
	case "review-requested":
		for _, a := range p.requested {
			if is(a) {
				return true
			}
		}
		return false
	case "reviewed-by":
		for _, r := range p.reviews {
			if r.state != "PENDING" && is(r.user) {
				return true
			}
		}
		return false
	case "author":
		return is(p.user)
	case "user", "org", "owner":
		return is(rp.owner)
	case "repo":
		return strings.EqualFold(rp.fullName(), t.value)
	case "archived":
		return v == "false" // repositories are never archived here
	case "label":
		return containsFold(p.labels, t.value)
	case "head":
		return p.head == t.value
	case "base":
		return p.base == t.value
	case "in":
		return true // text is matched in title and body anyway
	case "involves":
		// As GitHub documents it: author, assignee, mentions and commenter
		// (a requested reviewer who has said nothing is not involved).
		if is(p.user) || mentions(p.body, login()) {
			return true
		}
		for _, r := range p.reviews {
			if r.state != "PENDING" && (is(r.user) || mentions(r.body, login())) {
				return true
			}
		}
		for _, c := range p.comments {
			if is(c.user) || mentions(c.body, login()) {
				return true
			}
		}
		for _, c := range p.issueComments {
			if is(c.user) || mentions(c.body, login()) {
				return true
			}
		}
		return false
	}
	text := t.value
	if t.key != "" {
		text = t.key + ":" + t.value
	}
	text = strings.ToLower(text)
	return strings.Contains(strings.ToLower(p.title), text) || strings.Contains(strings.ToLower(p.body), text)
}

// searchIssues serves GET /search/issues over the pull requests the caller
// can see.
func (s *Server) searchIssues(c *call) {
	q := c.r.URL.Query()
	query := q.Get("q")
	if strings.TrimSpace(query) == "" {
		c.invalid("Validation Failed", fieldError{Resource: "Search", Code: "missing", Field: "q"})
		return
	}
	terms := parseQuery(query)
	type hit struct {
		rp *repo
		p  *pull
	}
	var hits []hit
	for _, rp := range s.repos {
		if s.access(c.user, rp) < permRead {
			continue
		}
		if err := s.refreshAll(rp); err != nil {
			c.fail(http.StatusInternalServerError, err.Error())
			return
		}
		for _, live := range rp.pulls {
			p := s.searchView(rp, live)
			if p == nil {
				continue
			}
			ok := true
			for _, t := range terms {
				if s.matches(t, rp, p, c.user) == t.negate {
					ok = false
					break
				}
			}
			if ok {
				hits = append(hits, hit{rp, p})
			}
		}
	}
	// Without sort GitHub orders by "best match"; with only qualifiers that
	// is effectively most recently updated first.
	key := func(h hit) time.Time {
		if q.Get("sort") == "created" {
			return h.p.created
		}
		return h.p.updated
	}
	asc := q.Get("order") == "asc"
	sort.SliceStable(hits, func(i, j int) bool {
		a, b := hits[i], hits[j]
		if q.Get("sort") == "comments" && len(a.p.issueComments) != len(b.p.issueComments) {
			return (len(a.p.issueComments) < len(b.p.issueComments)) == asc
		}
		if ka, kb := key(a), key(b); !ka.Equal(kb) {
			return ka.Before(kb) == asc
		}
		return (a.p.id < b.p.id) == asc
	})
	score := 1.0
	items := []issueJSON{}
	for _, h := range paginate(c, hits) {
		it := s.issueJSON(h.rp, h.p)
		it.Score = &score
		items = append(items, it)
	}
	c.json(http.StatusOK, map[string]any{
		"total_count":        len(hits),
		"incomplete_results": false,
		"items":              items,
		"search_type":        "lexical",
	})
}

// mentions reports whether text mentions @login as a whole word.
func mentions(text, login string) bool {
	lower, at := strings.ToLower(text), "@"+strings.ToLower(login)
	for i := strings.Index(lower, at); i >= 0; {
		end := i + len(at)
		before := i == 0 || !isLoginByte(lower[i-1])
		after := end == len(lower) || !isLoginByte(lower[end])
		if before && after {
			return true
		}
		next := strings.Index(lower[end:], at)
		if next < 0 {
			return false
		}
		i = end + next
	}
	return false
}

func isLoginByte(c byte) bool {
	return c == '-' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
}
