package githubtest

import (
	"testing"

	"github.com/vektah/gqlparser/v2/ast"
)

// An answer that breaks the schema's types is a violation: a string where
// a Boolean! is due, a null for a non-null field, a value outside an enum.
func TestGraphQLAnswersAreCheckedAgainstTheSchema(t *testing.T) {
	s := validated(t)
	x := &gqlExec{s: s}
	x.value("yes", ast.NonNullNamedType("Boolean", nil), nil, "data.isResolved")
	wantViolation(t, s, "graphql", "data.isResolved", "Boolean")
	x.value(nil, ast.NonNullNamedType("ID", nil), nil, "data.id")
	wantViolation(t, s, "graphql", "data.id", "null")
	x.value(true, ast.NonNullNamedType("Boolean", nil), nil, "data.ok")
	if v := s.Violations(); len(v) != 0 {
		t.Errorf("a right answer was found wrong: %v", v)
	}
}
