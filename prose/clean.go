package prose

import (
	"strings"
	"unicode"
)

// Clean makes text from elsewhere (a reviewer's comment, a pull request's
// title) safe to print on a terminal: escape sequences and other control
// characters are removed, so a comment cannot move the cursor, recolour the
// screen or retitle the window. Newlines and tabs stay.
func Clean(s string) string {
	if !strings.ContainsFunc(s, isTerminalControl) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := rune(s[i]), 1
		if r >= 0x80 {
			r, size = decodeRune(s[i:])
		}
		switch {
		case r == 0x1b: // ESC: skip the whole sequence, not just the ESC
			i += escapeLength(s[i:])
			continue
		case r == 0x9b: // CSI as one character
			i += size + csiBodyLength(s[i+size:])
			continue
		case isTerminalControl(r):
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

func isTerminalControl(r rune) bool {
	return r != '\n' && r != '\t' && (unicode.IsControl(r) || r == 0x2028 || r == 0x2029)
}

func decodeRune(s string) (rune, int) {
	for i, r := range s {
		if i == 0 {
			return r, len(string(r))
		}
	}
	return 0, 1
}

// escapeLength measures an escape sequence starting with ESC: CSI (ESC [),
// OSC (ESC ]) up to BEL or ST, or ESC and one more character.
func escapeLength(s string) int {
	if len(s) < 2 {
		return len(s)
	}
	switch s[1] {
	case '[':
		return 2 + csiBodyLength(s[2:])
	case ']', 'P', '_', '^':
		for i := 2; i < len(s); i++ {
			if s[i] == 0x07 {
				return i + 1
			}
			if s[i] == 0x1b && i+1 < len(s) && s[i+1] == '\\' {
				return i + 2
			}
		}
		return len(s)
	}
	return 2
}

// csiBodyLength measures parameters and the final byte of a CSI sequence.
func csiBodyLength(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x40 && s[i] <= 0x7e {
			return i + 1
		}
		if s[i] < 0x20 || s[i] > 0x3f && s[i] < 0x40 {
			return i
		}
	}
	return len(s)
}
