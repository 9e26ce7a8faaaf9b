package githubtest

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"time"
)

// label is a repository's label. GitHub: "Create a label"
// (POST /repos/{owner}/{repo}/labels, 201; 422 already_exists) and "Add
// labels to an issue" (POST /repos/{owner}/{repo}/issues/{issue_number}/labels,
// 200 with the labels), which pull requests share with issues.
type label struct {
	id          int64
	name, color string
	description string
}

func (s *Server) labelJSON(rp *repo, l *label) map[string]any {
	var desc *string
	if l.description != "" {
		desc = &l.description
	}
	return map[string]any{
		"id":          l.id,
		"node_id":     nodeID("LA", l.id),
		"url":         s.apiURL("/repos/%s/labels/%s", rp.fullName(), l.name),
		"name":        l.name,
		"description": desc,
		"color":       l.color,
		"default":     false,
	}
}

func (rp *repo) findLabel(name string) *label {
	for _, l := range rp.labels {
		if strings.EqualFold(l.name, name) {
			return l
		}
	}
	return nil
}

func (s *Server) labelsJSON(rp *repo, names []string) []any {
	out := []any{}
	for _, n := range names {
		if l := rp.findLabel(n); l != nil {
			out = append(out, s.labelJSON(rp, l))
		}
	}
	return out
}

func (s *Server) createLabel(c *call) {
	rp := c.loadRepo(permWrite, "Must have push access to create labels.")
	if rp == nil {
		return
	}
	var req struct {
		Name        string `json:"name"`
		Color       string `json:"color"`
		Description string `json:"description"`
	}
	if !c.decode(&req) {
		return
	}
	if req.Name == "" {
		c.invalid("Validation Failed", fieldError{Resource: "Label", Code: "missing_field", Field: "name"})
		return
	}
	if rp.findLabel(req.Name) != nil {
		c.invalid("Validation Failed", fieldError{Resource: "Label", Code: "already_exists", Field: "name"})
		return
	}
	if req.Color == "" {
		req.Color = "ededed"
	}
	l := &label{id: s.newID(), name: req.Name, color: strings.TrimPrefix(req.Color, "#"), description: req.Description}
	rp.labels = append(rp.labels, l)
	c.json(http.StatusCreated, s.labelJSON(rp, l))
}

// addLabels adds labels to a pull request; a name the repository does not
// have yet is created, as GitHub does.
func (s *Server) addLabels(c *call) {
	rp, p := c.loadPull(permWrite, "Must have push access to add labels.")
	if p == nil {
		return
	}
	// GitHub's description allows {"labels": [names]} and a bare array of
	// names; go-github sends the array.
	var names []string
	body, err := io.ReadAll(c.r.Body)
	if err != nil || json.Unmarshal(body, &names) != nil {
		var req struct {
			Labels []string `json:"labels"`
		}
		if json.Unmarshal(body, &req) != nil {
			c.fail(http.StatusBadRequest, "Problems parsing JSON")
			return
		}
		names = req.Labels
	}
	for _, n := range names {
		if rp.findLabel(n) == nil {
			rp.labels = append(rp.labels, &label{id: s.newID(), name: n, color: "ededed"})
		}
		if !containsFold(p.labels, n) {
			p.labels = append(p.labels, rp.findLabel(n).name)
			p.updated = now()
		}
	}
	c.json(http.StatusOK, s.labelsJSON(rp, p.labels))
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

// With Server.SearchLag, a
// change reaches search only once it is that old: until then search answers
// from the copy indexed before, and a new pull request is not found at all.
// searchView returns the copy of p that search sees now, or nil. Callers
// hold s.mu.
func (s *Server) searchView(rp *repo, p *pull) *pull {
	if s.SearchLag <= 0 {
		return p
	}
	if s.index == nil {
		s.index = map[int64]*pull{}
	}
	// updated has GitHub's one-second resolution: count from the end of
	// that second, so a change is never indexed early.
	if time.Since(p.updated.Add(time.Second)) >= s.SearchLag {
		cp := *p
		s.index[p.id] = &cp
	}
	return s.index[p.id]
}
