// Package prose works on the text of a case study: it counts the words a
// reader sees, compares two drafts word by word, and writes that comparison
// for a terminal (WriteText) or as an HTML redline for a browser
// (WriteRedline).
//
// Guidance in the template is written as HTML comments, which do not render;
// StripComments removes them so that they count nowhere and never show in a
// redline. Comments are recognised anywhere, code blocks included: a case
// study has no reason to show HTML comments as code.
package prose

import (
	"bytes"
	"strings"
	"unicode"
	"unicode/utf8"
)

const (
	commentOpen  = "<!--"
	commentClose = "-->"
)

// CountWords counts the words a reader sees: HTML comments (<!-- ... -->,
// used for guidance that does not render) are not counted; a word is a run
// of non-space characters containing at least one letter or digit (so
// Markdown markers like "#", "-", "|", "---", "**" alone are not words).
func CountWords(markdown string) int {
	return countWords(StripComments(markdown))
}

// countWords counts words by the definition of CountWords, comments included.
func countWords(s string) int {
	n := 0
	inRun, counted := false, false
	for i := 0; i < len(s); {
		c := s[i]
		var r rune
		if c < utf8.RuneSelf {
			r = rune(c)
			i++
		} else {
			var size int
			r, size = utf8.DecodeRuneInString(s[i:])
			i += size
		}
		if isSpace(r) {
			inRun = false
			continue
		}
		if !inRun {
			inRun, counted = true, false
		}
		if !counted && isWordRune(r) {
			counted = true
			n++
		}
	}
	return n
}

// isSpace is unicode.IsSpace with a fast path for ASCII, which is almost all
// of the text.
func isSpace(r rune) bool {
	if r < utf8.RuneSelf {
		return r == ' ' || r == '\n' || r == '\t' || r == '\r' || r == '\v' || r == '\f'
	}
	return unicode.IsSpace(r)
}

func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// StripComments removes HTML comments (possibly multi-line) from Markdown,
// and drops lines that become empty only because of that, so guidance never
// shows up in counts or in the HTML redline.
//
// Every other line keeps its line break, so a sentence that shares a line
// with a comment stays on its own line; trailing blanks left before a removed
// comment are trimmed, since two of them would turn into a hard line break.
// An unclosed comment runs to the end of the text, as it does in a browser.
func StripComments(markdown string) string {
	if !strings.Contains(markdown, commentOpen) {
		return markdown
	}
	out := make([]byte, 0, len(markdown))
	inComment := false
	for rest := markdown; rest != ""; {
		line, eol := rest, ""
		if i := strings.IndexByte(rest, '\n'); i >= 0 {
			line, eol, rest = rest[:i], "\n", rest[i+1:]
			if strings.HasSuffix(line, "\r") {
				line, eol = line[:len(line)-1], "\r\n"
			}
		} else {
			rest = ""
		}
		start := len(out)
		visible, open, touched := LineWithoutComments(line, inComment)
		out = append(out, visible...)
		inComment = open
		if touched {
			out = bytes.TrimRight(out, " \t")
			if len(out) == start {
				continue // the comment was all the line held
			}
		}
		out = append(out, eol...)
	}
	return string(out)
}

// LineWithoutComments removes the HTML comments from one line. open says
// whether a comment was open at the line's start; stillOpen whether one is
// open at its end; touched whether the line held any part of a comment.
// "<!-->" and "<!--->" are complete (empty) comments in HTML and CommonMark
// alike.
func LineWithoutComments(line string, open bool) (visible string, stillOpen, touched bool) {
	if !open && !strings.Contains(line, commentOpen) {
		return line, false, false
	}
	var b strings.Builder
	for line != "" {
		if open {
			i := strings.Index(line, commentClose)
			if i < 0 {
				return b.String(), true, true
			}
			line, open = line[i+len(commentClose):], false
			continue
		}
		i := strings.Index(line, commentOpen)
		if i < 0 {
			b.WriteString(line)
			break
		}
		b.WriteString(line[:i])
		line = line[i+len(commentOpen):]
		switch {
		case strings.HasPrefix(line, ">"):
			line = line[1:]
		case strings.HasPrefix(line, "->"):
			line = line[2:]
		default:
			open = true
		}
	}
	return b.String(), open, true
}
