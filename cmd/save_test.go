package cmd

import (
	"context"
	"strings"
	"testing"

	"github.com/less-trainers/casestudy/review"
)

func TestNewCmdSave(t *testing.T) {
	tests := []struct {
		args    []string
		want    string
		wantErr bool
	}{
		{args: nil, want: ""},
		{args: []string{"-m", "first full draft"}, want: "first full draft"},
		{args: []string{"--message=first full draft"}, want: "first full draft"},
		{args: []string{"first full draft"}, wantErr: true}, // the message needs -m
	}
	for _, tt := range tests {
		opts, err := parse(t, newCmdSave, tt.args...)
		if tt.wantErr {
			if !isUsage(err) {
				t.Errorf("save %q: err = %v, want a usage error", tt.args, err)
			}
			continue
		}
		if err != nil {
			t.Fatalf("save %q: %v", tt.args, err)
		}
		if opts.Message != tt.want {
			t.Errorf("save %q: Message = %q, want %q", tt.args, opts.Message, tt.want)
		}
	}
}

// The run function works on the case study it is handed, and asks the
// writer check it is handed: no working directory, no forge.
func TestRunSave(t *testing.T) {
	cs := newCaseStudy(t)
	io, stdout, stderr := testStreams(t)
	var checked []string
	opts := &saveOptions{
		IO:        io,
		CaseStudy: func() (*review.CaseStudy, error) { return cs, nil },
		CheckWriter: func(_ *review.CaseStudy, did string) error {
			checked = append(checked, did)
			return nil
		},
		Message: "first",
	}
	steps := []struct {
		text, want string
	}{
		{"One two three.\n", "Saved draft 1 (draft-1)"},
		{"One two three.\nFour five.\n", "Saved draft 2 (draft-2): 5 words, +2/-0 since the previous draft\n"},
		{"One two three.\nFour five.\n", "Nothing changed since the last save; no draft created.\n"},
	}
	for i, s := range steps {
		stdout.Reset()
		write(t, cs, "case-study.md", s.text)
		if err := runSave(context.Background(), opts); err != nil {
			t.Fatalf("save %d: %v", i+1, err)
		}
		if got := stdout.String(); i == 0 && !strings.HasPrefix(got, s.want) || i > 0 && got != s.want {
			t.Errorf("save %d: stdout = %q, want %q", i+1, got, s.want)
		}
	}
	if stderr.Len() > 0 {
		t.Errorf("stderr = %q, want nothing", stderr)
	}
	if len(checked) != 3 || checked[0] != "save drafts" {
		t.Errorf("writer checks = %q, want one \"save drafts\" per save", checked)
	}
}
