package prose

import (
	"testing"
	"unicode"
	"unicode/utf8"
)

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
		{"\xff\x1b]52;c;SGVsbG8=\xff\x1b\\ end", "\ufffd end"},
		{"bell then bad byte\x07\xff", "bell then bad byte\ufffd"},
		{"\xe2\x80", "\ufffd\ufffd"},
		{"evil\u202e)(txt.exe \u2066x\u2069", "evil<U+202E>)(txt.exe <U+2066>x<U+2069>"},
	}
	for _, tt := range tests {
		if got := Clean(tt.in); got != tt.want {
			t.Errorf("Clean(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// FuzzClean: whatever comes in, no escape, no other control but newline
// and tab, no bidirectional control and no invalid UTF-8 comes out, and
// cleaning twice changes nothing.
func FuzzClean(f *testing.F) {
	for _, seed := range []string{
		"plain", "\xff\x1b]52;c;SGVsbG8=\xff\x1b\\", "\x07\xff", "\u009b31m", "\u202eabc\u2069",
		"\x1b[", "\x1b]0;", "\xc2\x9b2J", "\xed\xa0\x80", "a\x00b\x7fc\u0085d",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out := Clean(in)
		if !utf8.ValidString(out) {
			t.Fatalf("Clean(%q) = %q: not UTF-8", in, out)
		}
		for _, r := range out {
			if r != '\n' && r != '\t' && unicode.IsControl(r) || isBidiControl(r) || r == 0x2028 || r == 0x2029 {
				t.Fatalf("Clean(%q) = %q keeps %U", in, out, r)
			}
		}
		if again := Clean(out); again != out {
			t.Fatalf("Clean(Clean(%q)) = %q, not %q", in, again, out)
		}
	})
}
