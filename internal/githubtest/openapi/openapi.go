// Package openapi holds the part of GitHub's REST description that the tool
// and the emulator use: the operations in operations.txt and the components
// they refer to, cut from api.github.com.json of the npm package
// @octokit/openapi (the version pinned in update.sh, which regenerates it).
// Tests validate the emulator's traffic against it, so GitHub's published
// description, not the emulator, is the reference.
package openapi

import (
	"context"
	_ "embed"
	"fmt"
	"strconv"

	"github.com/getkin/kin-openapi/openapi3"
)

//go:embed api.github.com.json
var description []byte

// Load parses and checks the description. Each call returns a new document.
func Load() (*openapi3.T, error) {
	doc, err := openapi3.NewLoader().LoadFromData(description)
	if err != nil {
		return nil, err
	}
	if err := doc.Validate(context.Background()); err != nil {
		return nil, err
	}
	if err := applyErrata(doc); err != nil {
		return nil, err
	}
	return doc, nil
}

// erratum is a place where GitHub's description contradicts what GitHub
// does, reported to GitHub at issue.
type erratum struct {
	schema, property, issue string
}

// errata are corrected here, in the loaded document, rather than in the
// generated file, so update.sh stays a plain copy and each correction
// names its evidence; each fails loudly once GitHub fixes its description.
// A line comment that no longer sits on the diff (outdated) has null
// position on GitHub, and null line likewise.
var errata = []erratum{
	{"pull-request-review-comment", "position", "https://github.com/github/rest-api-description/issues/1901"},
	{"pull-request-review-comment", "line", "https://github.com/github/rest-api-description/issues/1901"},
}

// missingStatus is a status GitHub answers that its description does not
// list for an operation; the answer is the shared response named.
type missingStatus struct {
	operation string
	status    int
	response  string // in components/responses
	evidence  string
}

// missingStatuses: a non-admin collaborator listing a repository's
// invitations gets 403 "Must have admin rights to Repository." on
// api.github.com (a captured answer is quoted in the evidence).
var missingStatuses = []missingStatus{
	{"repos/list-invitations", 403, "forbidden", "https://github.com/infrahouse/infrahouse-toolkit/pull/85"},
}

func applyErrata(doc *openapi3.T) error {
	for _, m := range missingStatuses {
		op := findOperation(doc, m.operation)
		resp := doc.Components.Responses[m.response]
		if op == nil || resp == nil {
			return fmt.Errorf("erratum %s: no operation %s or response %s", m.evidence, m.operation, m.response)
		}
		if op.Responses.Status(m.status) != nil {
			return fmt.Errorf("erratum %s: %s documents %d now: drop the erratum", m.evidence, m.operation, m.status)
		}
		op.Responses.Set(strconv.Itoa(m.status), &openapi3.ResponseRef{Ref: "#/components/responses/" + m.response, Value: resp.Value})
	}
	for _, e := range errata {
		s := doc.Components.Schemas[e.schema]
		if s == nil || s.Value == nil || s.Value.Properties[e.property] == nil {
			return fmt.Errorf("erratum %s: no property %s.%s (fixed upstream? drop it)", e.issue, e.schema, e.property)
		}
		p := s.Value.Properties[e.property].Value
		if p.Nullable {
			return fmt.Errorf("erratum %s: %s.%s is already nullable: drop the erratum", e.issue, e.schema, e.property)
		}
		p.Nullable = true
	}
	return nil
}

func findOperation(doc *openapi3.T, id string) *openapi3.Operation {
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			if op.OperationID == id {
				return op
			}
		}
	}
	return nil
}
