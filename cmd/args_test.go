package cmd

import (
	"slices"
	"testing"
)

func TestInterspersedMovesFlagsBeforeArguments(t *testing.T) {
	app := newApp(newStreams(nil, nil, nil, outputOptions{}))
	tests := []struct{ in, want []string }{
		{[]string{"casestudy", "diff", "1", "2", "--stat"}, []string{"casestudy", "diff", "--stat", "1", "2"}},
		{[]string{"casestudy", "diff", "1", "--html", "r.html", "2"}, []string{"casestudy", "diff", "--html", "r.html", "1", "2"}},
		{[]string{"casestudy", "remote", "create", "ana/acme", "--public"}, []string{"casestudy", "remote", "create", "--public", "ana/acme"}},
		{[]string{"casestudy", "comment", "f.md:1", "--", "-dash text"}, []string{"casestudy", "comment", "f.md:1", "--", "-dash text"}},
		{[]string{"casestudy", "--version"}, []string{"casestudy", "--version"}},
		{[]string{"casestudy", "diff", "--json", "1"}, []string{"casestudy", "diff", "--json=", "1"}},
		{[]string{"casestudy", "diff", "1", "--json"}, []string{"casestudy", "diff", "--json=", "1"}},
		{[]string{"casestudy", "drafts", "--json", "number,words"}, []string{"casestudy", "drafts", "--json", "number,words"}},
	}
	for _, tt := range tests {
		if got := interspersed(app, tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("interspersed(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
