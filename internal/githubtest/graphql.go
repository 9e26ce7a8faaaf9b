package githubtest

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"net/http"
	"sync"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
	gqlvalidator "github.com/vektah/gqlparser/v2/validator"
)

// GitHub keeps a review thread's resolved state only in its GraphQL API.
// The emulator serves the few fields and mutations the tool uses, from a
// trimmed copy of GitHub's public schema (graphql/schema.graphql, made by
// graphql/update.sh): every query is parsed and validated against it, and
// every answer is checked against the types it declares, so the schema,
// not the emulator, is the reference.

//go:embed graphql/schema.graphql
var graphQLSchemaText string

var graphQLSchema = sync.OnceValues(func() (*ast.Schema, error) {
	s, err := gqlparser.LoadSchema(&ast.Source{Name: "schema.graphql", Input: graphQLSchemaText})
	if err != nil {
		return nil, err
	}
	return s, nil
})

const graphQLPath = "/api/graphql"

// gqlObject is an object in an answer: its fields, computed on demand.
type gqlObject map[string]func(args map[string]any) any

type gqlError struct {
	Type    string `json:"type,omitempty"`
	Message string `json:"message"`
}

// serveGraphQL answers POST /api/graphql as GitHub does: 200 with data
// and errors, the errors in GitHub's shape.
func (s *Server) serveGraphQL(c *call) {
	if c.r.Method != http.MethodPost {
		c.fail(http.StatusNotFound, "Not Found")
		return
	}
	var req struct {
		Query         string         `json:"query"`
		Variables     map[string]any `json:"variables"`
		OperationName string         `json:"operationName"`
	}
	if err := json.NewDecoder(c.r.Body).Decode(&req); err != nil {
		c.fail(http.StatusBadRequest, "Problems parsing JSON")
		return
	}
	schema, err := graphQLSchema()
	if err != nil {
		c.fail(http.StatusInternalServerError, err.Error())
		return
	}
	doc, errs := gqlparser.LoadQuery(schema, req.Query)
	if len(errs) > 0 {
		s.graphQLViolation(fmt.Sprintf("the query breaks GitHub's GraphQL schema: %v", errs))
		c.json(http.StatusOK, map[string]any{"errors": []gqlError{{Message: errs.Error()}}})
		return
	}
	op := doc.Operations.ForName(req.OperationName)
	if op == nil {
		c.json(http.StatusOK, map[string]any{"errors": []gqlError{{Message: "No operation named " + req.OperationName}}})
		return
	}
	vars, verr := gqlvalidator.VariableValues(schema, op, req.Variables)
	if verr != nil {
		s.graphQLViolation("variables break GitHub's GraphQL schema: " + verr.Error())
		c.json(http.StatusOK, map[string]any{"errors": []gqlError{{Message: verr.Error()}}})
		return
	}
	x := &gqlExec{s: s, c: c, vars: vars}
	root := x.query()
	if op.Operation == ast.Mutation {
		root = x.mutation()
	}
	data := x.project(root, op.SelectionSet, "data")
	out := map[string]any{"data": data}
	if len(x.errors) > 0 {
		out["errors"] = x.errors
	}
	c.json(http.StatusOK, out)
}

func (s *Server) graphQLViolation(msg string) {
	if v := s.currentValidator(); v != nil {
		v.mu.Lock()
		v.found = append(v.found, Violation{Operation: "graphql", Method: http.MethodPost, Path: graphQLPath, Message: msg})
		v.mu.Unlock()
	}
}

type gqlExec struct {
	s      *Server
	c      *call
	vars   map[string]any
	errors []gqlError
}

// project computes the fields the selection asks for, and checks each
// value against the type the schema gives its field.
func (x *gqlExec) project(v any, sel ast.SelectionSet, path string) any {
	obj, ok := v.(gqlObject)
	if !ok {
		return v
	}
	out := map[string]any{}
	for _, s := range sel {
		f, ok := s.(*ast.Field)
		if !ok {
			continue
		}
		key := f.Alias
		if key == "" {
			key = f.Name
		}
		if f.Name == "__typename" {
			out[key] = f.ObjectDefinition.Name
			continue
		}
		fn := obj[f.Name]
		if fn == nil {
			x.s.graphQLViolation(fmt.Sprintf("the emulator does not serve %s.%s", f.ObjectDefinition.Name, f.Name))
			out[key] = nil
			continue
		}
		val := fn(f.ArgumentMap(x.vars))
		out[key] = x.value(val, f.Definition.Type, f.SelectionSet, path+"."+key)
	}
	return out
}

func (x *gqlExec) value(val any, t *ast.Type, sel ast.SelectionSet, path string) any {
	if val == nil {
		if t.NonNull {
			x.s.graphQLViolation(path + ": null for the non-null " + t.String())
		}
		return nil
	}
	if t.Elem != nil {
		list, ok := val.([]any)
		if !ok {
			x.s.graphQLViolation(path + ": not a list for " + t.String())
			return nil
		}
		out := make([]any, len(list))
		for i, e := range list {
			out[i] = x.value(e, t.Elem, sel, fmt.Sprintf("%s[%d]", path, i))
		}
		return out
	}
	schema, _ := graphQLSchema()
	def := schema.Types[t.NamedType]
	if def == nil {
		x.s.graphQLViolation(path + ": no type " + t.NamedType)
		return nil
	}
	okKind := true
	switch def.Kind {
	case ast.Object, ast.Interface, ast.Union:
		_, okKind = val.(gqlObject)
		if okKind {
			return x.project(val, sel, path)
		}
	case ast.Enum:
		name, _ := val.(string)
		okKind = def.EnumValues.ForName(name) != nil
	case ast.Scalar:
		switch def.Name {
		case "Boolean":
			_, okKind = val.(bool)
		case "Int":
			_, okKind = val.(int)
			if !okKind {
				_, okKind = val.(int64)
			}
		case "Float":
			_, okKind = val.(float64)
		default: // String, ID and GitHub's string-encoded scalars
			_, okKind = val.(string)
		}
	}
	if !okKind {
		x.s.graphQLViolation(fmt.Sprintf("%s: %v (%T) is not a %s", path, val, val, t.NamedType))
	}
	return val
}

func (x *gqlExec) fail(kind, msg string) any {
	x.errors = append(x.errors, gqlError{Type: kind, Message: msg})
	return nil
}

func (x *gqlExec) query() gqlObject {
	return gqlObject{
		"repository": func(a map[string]any) any {
			owner, _ := a["owner"].(string)
			name, _ := a["name"].(string)
			rp := x.s.repos[repoKey(owner, name)]
			if rp == nil || x.s.access(x.c.user, rp) < permRead {
				return x.fail("NOT_FOUND", fmt.Sprintf("Could not resolve to a Repository with the name '%s/%s'.", owner, name))
			}
			return x.repository(rp)
		},
	}
}

func (x *gqlExec) repository(rp *repo) gqlObject {
	return gqlObject{
		"pullRequest": func(a map[string]any) any {
			n := toInt(a["number"])
			if n < 1 || n > len(rp.pulls) {
				return x.fail("NOT_FOUND", fmt.Sprintf("Could not resolve to a PullRequest with the number of %d.", n))
			}
			if err := x.s.refreshAll(rp); err != nil {
				return x.fail("INTERNAL", err.Error())
			}
			p := rp.pulls[n-1]
			return gqlObject{"reviewThreads": func(a map[string]any) any {
				var roots []any
				d := x.s.newDiffCache(rp)
				for _, rc := range p.comments {
					if rc.inReplyTo == 0 && !x.s.pendingFor(p, rc.reviewID, x.c.user) {
						roots = append(roots, x.thread(rp, p, rc, d))
					}
				}
				return x.connection(roots, a)
			}}
		},
	}
}

// connection pages a list as GitHub's connections do: first/after, with
// cursors that are the element's position.
func (x *gqlExec) connection(items []any, a map[string]any) gqlObject {
	start := 0
	if after, ok := a["after"].(string); ok && after != "" {
		fmt.Sscanf(after, "cursor:%d", &start)
	}
	start = min(start, len(items))
	end := len(items)
	if first, ok := a["first"]; ok && first != nil {
		end = min(end, start+toInt(first))
	}
	page := append([]any{}, items[start:end]...)
	return gqlObject{
		"nodes": func(map[string]any) any { return page },
		"pageInfo": func(map[string]any) any {
			return gqlObject{
				"hasNextPage": func(map[string]any) any { return end < len(items) },
				"endCursor": func(map[string]any) any {
					if end == start {
						return nil
					}
					return fmt.Sprintf("cursor:%d", end)
				},
			}
		},
	}
}

func (x *gqlExec) thread(rp *repo, p *pull, root *reviewComment, d *diffCache) gqlObject {
	return gqlObject{
		"id":         func(map[string]any) any { return nodeID("PRRT", root.id) },
		"isResolved": func(map[string]any) any { return root.resolved },
		"isOutdated": func(map[string]any) any {
			if root.subjectType == "file" {
				return false
			}
			_, _, _, current := x.s.currentLocation(p, root, d)
			return !current
		},
		"path": func(map[string]any) any { return root.path },
		"comments": func(a map[string]any) any {
			var list []any
			for _, rc := range p.comments {
				if (rc == root || rc.inReplyTo == root.id) && !x.s.pendingFor(p, rc.reviewID, x.c.user) {
					rc := rc
					list = append(list, gqlObject{
						"id":         func(map[string]any) any { return nodeID("PRRC", rc.id) },
						"databaseId": func(map[string]any) any { return int(rc.id) },
						"body":       func(map[string]any) any { return rc.body },
					})
				}
			}
			return x.connection(list, a)
		},
	}
}

func (x *gqlExec) mutation() gqlObject {
	set := func(resolved bool) func(a map[string]any) any {
		return func(a map[string]any) any {
			input, _ := a["input"].(map[string]any)
			id, _ := input["threadId"].(string)
			for _, rp := range x.s.repos {
				for _, p := range rp.pulls {
					for _, rc := range p.comments {
						if rc.inReplyTo != 0 || nodeID("PRRT", rc.id) != id || x.s.pendingFor(p, rc.reviewID, x.c.user) {
							continue
						}
						perm := x.s.access(x.c.user, rp)
						if perm < permRead {
							continue
						}
						// GitHub lets people who can push, and the pull
						// request's author, resolve its conversations.
						if perm < permWrite && p.user != x.c.user {
							return x.fail("FORBIDDEN", fmt.Sprintf("%s does not have the correct permissions to execute `ResolveReviewThread`", x.c.user.login))
						}
						rc.resolved = resolved
						d := x.s.newDiffCache(rp)
						return gqlObject{"thread": func(map[string]any) any { return x.thread(rp, p, rc, d) }}
					}
				}
			}
			return x.fail("NOT_FOUND", fmt.Sprintf("Could not resolve to a node with the global id of '%s'", id))
		}
	}
	return gqlObject{"resolveReviewThread": set(true), "unresolveReviewThread": set(false)}
}

func toInt(v any) int {
	switch n := v.(type) {
	case int:
		return n
	case int64:
		return int(n)
	case float64:
		return int(n)
	case json.Number:
		i, _ := n.Int64()
		return int(i)
	}
	return 0
}
