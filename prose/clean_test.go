package prose

import "testing"

func TestCleanRemovesTerminalControl(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain text\nwith a tab\t.", "plain text\nwith a tab\t."},
		{"red \x1b[31malert\x1b[0m!", "red alert!"},
		{"title \x1b]0;pwned\x07done", "title done"},
		{"title \x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\", "title link"},
		{"bell\x07 and backspace\b and CR\r", "bell and backspace and CR"},
		{"csi \u009b2Jclear", "csi clear"},
		{"naïve café — ünïcode", "naïve café — ünïcode"},
		{"trailing esc\x1b", "trailing esc"},
	}
	for _, tt := range tests {
		if got := Clean(tt.in); got != tt.want {
			t.Errorf("Clean(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
