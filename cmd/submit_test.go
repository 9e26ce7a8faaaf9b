package cmd

import "testing"

func TestNewCmdSubmit(t *testing.T) {
	tests := []struct {
		args        []string
		to, message string
	}{
		{nil, "", ""},
		{[]string{"-m", "Ready for a first read"}, "", "Ready for a first read"},
		{[]string{"--to", "reviewer", "--message", "Second round"}, "reviewer", "Second round"},
		{[]string{"--to=mentor"}, "mentor", ""},
	}
	for _, tt := range tests {
		got, err := parse(t, newCmdSubmit, tt.args...)
		if err != nil {
			t.Fatalf("submit %q: %v", tt.args, err)
		}
		if got.To != tt.to || got.Message != tt.message {
			t.Errorf("submit %q: To %q, Message %q; want %q, %q", tt.args, got.To, got.Message, tt.to, tt.message)
		}
	}
	for _, args := range [][]string{{"--to", "craig"}, {"-m", "note", "extra"}, {"-m"}} {
		if _, err := parse(t, newCmdSubmit, args...); !isUsage(err) {
			t.Errorf("submit %q: err = %v, want a usage error", args, err)
		}
	}
}
