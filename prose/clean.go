package prose

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Clean makes text from elsewhere (a document, a reviewer's comment, a tag
// message, a pull request's title) safe to print on a terminal, as gh's
// ASCII sanitiser does for API answers: escape sequences and other control
// characters (C0, DEL, C1) are removed, so text cannot move the cursor,
// recolour the screen, retitle the window or write the clipboard. Each byte
// that is not UTF-8 becomes U+FFFD on its own, so it cannot hide the byte
// after it. Bidirectional controls (U+202A–202E, U+2066–2069), which make
// text read differently from what it is, are shown as <U+202E>. Newlines
// and tabs stay. Clean(Clean(s)) == Clean(s).
func Clean(s string) string {
	if !needsCleaning(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteRune(utf8.RuneError)
		case r == 0x1b: // ESC: skip the whole sequence, not just the ESC
			i += escapeLength(s[i:])
			continue
		case r == 0x9b: // CSI as one character
			i += size + csiBodyLength(s[i+size:])
			continue
		case isBidiControl(r):
			fmt.Fprintf(&b, "<U+%04X>", r)
		case isTerminalControl(r):
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

func needsCleaning(s string) bool {
	return !utf8.ValidString(s) || strings.ContainsFunc(s, func(r rune) bool { return isTerminalControl(r) || isBidiControl(r) })
}

func isTerminalControl(r rune) bool {
	return r != '\n' && r != '\t' && (unicode.IsControl(r) || r == 0x2028 || r == 0x2029)
}

// isBidiControl reports the embedding, override and isolate controls
// (Trojan Source, CVE-2021-42574).
func isBidiControl(r rune) bool {
	return r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069
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
