package prose

import (
	"bufio"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// TextOptions says how WriteText shows a difference.
type TextOptions struct {
	// Color marks changes with ANSI colours instead of git's markers; the
	// caller decides (terminal, NO_COLOR).
	Color bool
	// Context is the number of unchanged lines shown around changed ones,
	// like git's 3.
	Context int
}

// ANSI SGR sequences, as git uses them.
const (
	sgrReset  = "\x1b[m"
	sgrHeader = "\x1b[1m"
	sgrHunk   = "\x1b[36m"
	sgrDelete = "\x1b[31;9m" // red, struck through
	sgrInsert = "\x1b[32m"
)

// WriteText writes a git-like word diff for one file: a header naming the
// file and the two versions (labels oldLabel/newLabel, e.g. "draft 1" and
// "draft 2" or "working tree"), then hunks "@@ line N @@" (N = line number in
// the new text) with Context unchanged lines around changed lines. Without
// Color, changes use git's plain --word-diff markers: [-removed-]{+added+}.
// With Color, deletions red (and strikethrough), insertions green, via ANSI
// SGR, no markers. Nothing is written when there is no change.
//
// A line break that was added or removed ends the shown line, as in git, so
// a deleted line shows alone as [-line-]. Control characters in the text are
// replaced, since the text may come from someone else's repository.
func WriteText(w io.Writer, path, oldLabel, newLabel string, segs []Segment, opts TextOptions) error {
	lines := displayLines(segs)
	context := max(opts.Context, 0)
	bw := bufio.NewWriter(w)
	header := false
	for i := 0; i < len(lines); {
		if !lines[i].changed {
			i++
			continue
		}
		if !header {
			header = true
			writeHeader(bw, "--- ", path, oldLabel, opts.Color)
			writeHeader(bw, "+++ ", path, newLabel, opts.Color)
		}
		// The hunk runs on while the next change is near enough for the
		// contexts to touch.
		last := i
		for j := i + 1; j < len(lines) && j <= last+2*context+1; j++ {
			if lines[j].changed {
				last = j
			}
		}
		first, end := max(i-context, 0), min(last+context+1, len(lines))
		hunk := "@@ line " + strconv.Itoa(lines[first].line) + " @@"
		if opts.Color {
			hunk = sgrHunk + hunk + sgrReset
		}
		bw.WriteString(hunk + "\n")
		for _, l := range lines[first:end] {
			l.write(bw, opts.Color)
		}
		i = end
	}
	return bw.Flush()
}

func writeHeader(w *bufio.Writer, prefix, path, label string, color bool) {
	s := prefix + sanitize(path) + " (" + sanitize(label) + ")"
	if color {
		s = sgrHeader + s + sgrReset
	}
	w.WriteString(s + "\n")
}

// displayLine is one line of output: pieces of text, each unchanged, deleted
// or inserted, up to the next line break of either version.
type displayLine struct {
	pieces  []Segment
	line    int // line of the new text this line starts in
	changed bool
}

func displayLines(segs []Segment) []displayLine {
	var lines []displayLine
	cur := displayLine{line: 1}
	for _, s := range segs {
		for text := s.Text; text != ""; {
			part, rest, broken := strings.Cut(text, "\n")
			if part != "" {
				cur.pieces = append(cur.pieces, Segment{s.Op, part})
			}
			if s.Op != Equal {
				cur.changed = true
			}
			if !broken {
				break
			}
			text = rest
			lines = append(lines, cur)
			next := cur.line
			if s.Op != Delete {
				next++
			}
			cur = displayLine{line: next}
		}
	}
	if len(cur.pieces) > 0 || cur.changed {
		lines = append(lines, cur)
	}
	return lines
}

func (l displayLine) write(w *bufio.Writer, color bool) {
	for _, p := range l.pieces {
		text := sanitize(p.Text)
		switch {
		case p.Op == Equal:
			w.WriteString(text)
		case color && p.Op == Delete:
			w.WriteString(sgrDelete + text + sgrReset)
		case color:
			w.WriteString(sgrInsert + text + sgrReset)
		case p.Op == Delete:
			w.WriteString("[-" + text + "-]")
		default:
			w.WriteString("{+" + text + "+}")
		}
	}
	w.WriteByte('\n')
}

// sanitize drops carriage returns (a CRLF file would otherwise garble every
// line) and replaces other control characters but tab, so that text from a
// repository cannot drive the terminal.
func sanitize(s string) string {
	clean := true
	for _, r := range s {
		if isControl(r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == '\r':
		case isControl(r):
			b.WriteRune(utf8.RuneError)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func isControl(r rune) bool {
	return r < 0x20 && r != '\t' || 0x7f <= r && r <= 0x9f
}
