package cmd

import (
	"reflect"
	"testing"
)

func TestNewCmdDiff(t *testing.T) {
	tests := []struct {
		args []string
		want diffOptions
	}{
		{args: nil, want: diffOptions{Versions: []string{}}},
		{args: []string{"2", "3", "--html", "redline.html"}, want: diffOptions{Versions: []string{"2", "3"}, HTML: "redline.html"}},
		{args: []string{"1", "--stat", "4"}, want: diffOptions{Versions: []string{"1", "4"}, Stat: true}},
		{args: []string{"2", "--json"}, want: diffOptions{Versions: []string{"2"}, JSON: jsonOptions{Wanted: true}}},
		{args: []string{"--jq", ".words_added", "2", "3"}, want: diffOptions{Versions: []string{"2", "3"}, JSON: jsonOptions{JQ: ".words_added", Wanted: true}}},
	}
	for _, tt := range tests {
		got, err := parse(t, newCmdDiff, tt.args...)
		if err != nil {
			t.Fatalf("diff %q: %v", tt.args, err)
		}
		// Only what the command line says; the dependencies are the factory's.
		got.IO, got.CaseStudy = nil, nil
		tt.want.JSON.Command = "diff"
		if !reflect.DeepEqual(*got, tt.want) {
			t.Errorf("diff %q:\n got %+v\nwant %+v", tt.args, *got, tt.want)
		}
	}
	if _, err := parse(t, newCmdDiff, "1", "2", "3"); !isUsage(err) {
		t.Errorf("diff 1 2 3: err = %v, want a usage error", err)
	}
}
