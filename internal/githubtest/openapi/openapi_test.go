package openapi_test

import (
	"bufio"
	"os"
	"strings"
	"testing"

	"github.com/less-trainers/casestudy/internal/githubtest/openapi"
)

// The embedded copy must hold exactly the listed operations, so an edit to
// operations.txt without running update.sh is noticed.
func TestDescriptionHoldsTheListedOperations(t *testing.T) {
	doc, err := openapi.Load()
	if err != nil {
		t.Fatal(err)
	}
	have := map[string]bool{}
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			have[op.OperationID] = true
		}
	}
	f, err := os.Open("operations.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	want := map[string]bool{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if id := strings.TrimSpace(sc.Text()); id != "" && !strings.HasPrefix(id, "#") {
			want[id] = true
			if !have[id] {
				t.Errorf("operations.txt lists %s, which api.github.com.json lacks: run update.sh", id)
			}
		}
	}
	for id := range have {
		if !want[id] {
			t.Errorf("api.github.com.json holds %s, which operations.txt does not list: run update.sh", id)
		}
	}
}

func TestErrataApply(t *testing.T) {
	doc, err := openapi.Load()
	if err != nil {
		t.Fatal(err)
	}
	if !doc.Components.Schemas["pull-request-review-comment"].Value.Properties["position"].Value.Nullable {
		t.Error("position of a review comment is not nullable")
	}
	item := doc.Paths.Find("/repos/{owner}/{repo}/invitations")
	if item == nil || item.Get.Responses.Status(403) == nil {
		t.Error("repos/list-invitations does not answer 403")
	}
}
