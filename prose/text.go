package prose

import (
	"bufio"
	"fmt"
	"io"
	"slices"
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
	// LineNumbers starts each line with its number in the new text, for
	// a reviewer who comments on FILE:LINE.
	LineNumbers bool
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
// A line break of either version ends the shown line, so a deleted line
// shows alone as [-line-], as in git. Control characters in the text are
// replaced, since the text may come from someone else's repository.
//
// Blanks and line breaks that changed with no word beside them are no word
// change: the new text is shown as it is, unmarked, so a paragraph only
// re-wrapped (casestudy fmt) shows nothing.
func WriteText(w io.Writer, path, oldLabel, newLabel string, segs []Segment, opts TextOptions) error {
	segs = blanksOutside(newBlanks(segs), false)
	lines := scanLines(segs)
	hunks := hunksOf(lines, max(opts.Context, 0))
	if len(hunks) == 0 {
		return nil
	}
	bw := bufio.NewWriterSize(w, 16<<10)
	writeHeader(bw, "--- ", path, oldLabel, opts.Color)
	writeHeader(bw, "+++ ", path, newLabel, opts.Color)
	for _, h := range hunks {
		header := "@@ line " + strconv.Itoa(int(lines[h.first].newLine)) + " @@"
		if opts.Color {
			header = sgrHunk + header + sgrReset
		}
		bw.WriteString(header + "\n")
		for line := h.first; line < h.end; line++ {
			if opts.LineNumbers {
				if lines[line].inNew {
					bw.WriteString(fmt.Sprintf("%5d  ", lines[line].newLine))
				} else {
					bw.WriteString("       ")
				}
			}
			writeLine(bw, segs, lines, line, opts.Color)
		}
	}
	if last := len(lines) - 1; hunks[len(hunks)-1].end == len(lines) && !lines[last].eol {
		bw.WriteByte('\n')
	}
	return bw.Flush()
}

// writeLine writes shown line i: the pieces of the segments from where it
// starts to where the next one does, the line break that ends it outside
// any marker.
func writeLine(w *bufio.Writer, segs []Segment, lines []shownLine, i int, color bool) {
	endSeg, endOff := len(segs), 0
	if i+1 < len(lines) {
		endSeg, endOff = int(lines[i+1].seg), int(lines[i+1].off)
	}
	for si, off := int(lines[i].seg), int(lines[i].off); si < len(segs) && si <= endSeg; si, off = si+1, 0 {
		text := segs[si].Text
		if si == endSeg {
			text = text[:endOff]
		}
		piece, eol := strings.CutSuffix(text[off:], "\n")
		writePiece(w, segs[si].Op, piece, color)
		if eol {
			w.WriteByte('\n')
		}
	}
}

func writeHeader(w *bufio.Writer, prefix, path, label string, color bool) {
	s := prefix + sanitize(path) + " (" + sanitize(label) + ")"
	if color {
		s = sgrHeader + s + sgrReset
	}
	w.WriteString(s + "\n")
}

func writePiece(w *bufio.Writer, op Op, text string, color bool) {
	if text == "" {
		return
	}
	text = sanitize(text)
	switch {
	case op == Equal:
		w.WriteString(text)
	case color && op == Delete:
		writeAll(w, sgrDelete, text, sgrReset)
	case color:
		writeAll(w, sgrInsert, text, sgrReset)
	case op == Delete:
		writeAll(w, "[-", text, "-]")
	default:
		writeAll(w, "{+", text, "+}")
	}
}

func writeAll(w *bufio.Writer, parts ...string) {
	for _, p := range parts {
		w.WriteString(p)
	}
}

// shownLine is one line of output: text up to the next line break of
// either version, so a line deleted whole shows alone as [-line-].
type shownLine struct {
	newLine int32 // line of the new text this line starts in
	changed bool  // a piece of it, or its line break, was deleted or inserted
	eol     bool  // it ends with a line break
	inNew   bool  // some of it is in the new text
	// Where it starts: segment seg, byte off of its text.
	seg, off int32
}

// scanLines returns the lines that showing segs takes.
func scanLines(segs []Segment) []shownLine {
	breaks := 0
	for _, s := range segs {
		breaks += strings.Count(s.Text, "\n")
	}
	lines := make([]shownLine, 1, breaks+2)
	lines[0].newLine = 1
	text := false // whether the last line has any
	for si, s := range segs {
		for off := 0; off < len(s.Text); {
			l := &lines[len(lines)-1]
			piece, eol := s.Text[off:], false
			if j := strings.IndexByte(piece, '\n'); j >= 0 {
				piece, eol = piece[:j], true
			}
			l.changed = l.changed || s.Op != Equal
			l.inNew = l.inNew || s.Op != Delete && (piece != "" || eol)
			text = text || piece != ""
			if !eol {
				break
			}
			off += len(piece) + 1
			l.eol = true
			next := l.newLine
			if s.Op != Delete {
				next++
			}
			lines = append(lines, shownLine{newLine: next, seg: int32(si), off: int32(off)})
			text = false
		}
	}
	if last := lines[len(lines)-1]; !text && !last.changed {
		lines = lines[:len(lines)-1] // nothing after the last line break
	}
	return lines
}

// hunk is a range of shown lines [first, end).
type hunk struct{ first, end int }

// hunksOf returns the changed lines with context lines around them; a hunk
// runs on while the next change is near enough for the contexts to touch.
func hunksOf(lines []shownLine, context int) []hunk {
	var hunks []hunk
	for i := 0; i < len(lines); {
		if !lines[i].changed {
			i++
			continue
		}
		last := i
		for j := i + 1; j < len(lines) && j <= last+2*context+1; j++ {
			if lines[j].changed {
				last = j
			}
		}
		h := hunk{max(i-context, 0), min(last+context+1, len(lines))}
		hunks = append(hunks, h)
		i = h.end
	}
	return hunks
}

// sanitize drops carriage returns (a CRLF file would otherwise garble every
// line), replaces other control characters but tab, so that text from a
// repository cannot drive the terminal, and replaces bytes that are not
// UTF-8 with U+FFFD, as the terminal would show them.
func sanitize(s string) string {
	if printable(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s { // a byte that is not UTF-8 comes as U+FFFD
		switch {
		case r == '\r':
		case isControl(r):
			b.WriteRune(utf8.RuneError)
		case isBidiControl(r):
			fmt.Fprintf(&b, "<U+%04X>", r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// printable reports whether s is UTF-8 without control characters but tab, the
// common case, which sanitize returns as it is.
func printable(s string) bool {
	for i, r := range s {
		if isControl(r) || isBidiControl(r) {
			return false
		}
		// A byte that is not UTF-8 comes as U+FFFD, one byte long.
		if r == utf8.RuneError && !strings.HasPrefix(s[i:], "\uFFFD") {
			return false
		}
	}
	return true
}

func isControl(r rune) bool {
	return r < 0x20 && r != '\t' || 0x7f <= r && r <= 0x9f
}

// newBlanks returns segs with blanks and line breaks that changed shown as
// the new text: a change of blanks only, and the blanks a replacement
// starts or ends with on both sides ("[-bottleneck,\n-]{+constraint, +}"
// reads "[-bottleneck,-]{+constraint,+} ", on one line as in the new text).
// Deleted blanks are left out, inserted ones kept as unchanged text.
func newBlanks(segs []Segment) []Segment {
	if !slices.ContainsFunc(segs, func(s Segment) bool { return s.Op != Equal && hasBlankEnd(s.Text) }) {
		return segs
	}
	out := make([]Segment, 0, len(segs)+len(segs)/4)
	for i := 0; i < len(segs); i++ {
		s := segs[i]
		switch {
		case s.Op == Equal:
			out = append(out, s)
		case strings.TrimSpace(s.Text) == "":
			if s.Op == Insert {
				out = append(out, Segment{Equal, s.Text})
			}
		case s.Op == Delete && i+1 < len(segs) && segs[i+1].Op == Insert && strings.TrimSpace(segs[i+1].Text) != "":
			del, ins := s.Text, segs[i+1].Text
			i++
			var lead, trail string
			if dl, il := spaceAround(del, true), spaceAround(ins, true); dl != "" && il != "" {
				del, ins, lead = del[len(dl):], ins[len(il):], il
			}
			if dt, it := spaceAround(del, false), spaceAround(ins, false); dt != "" && it != "" {
				del, ins, trail = del[:len(del)-len(dt)], ins[:len(ins)-len(it)], it
			}
			out = append(out, Segment{Equal, lead}, Segment{Delete, del}, Segment{Insert, ins}, Segment{Equal, trail})
		default:
			out = append(out, s)
		}
	}
	// Neighbouring unchanged segments stay apart: joining them would copy
	// most of the document.
	return slices.DeleteFunc(out, func(s Segment) bool { return s.Text == "" })
}

// hasBlankEnd reports whether s starts or ends with a blank or a line break.
func hasBlankEnd(s string) bool {
	return s != "" && (spaceAround(s, true) != "" || spaceAround(s, false) != "")
}

// spaceAround returns the blanks and line breaks s starts with (or, with
// leading false, ends with).
func spaceAround(s string, leading bool) string {
	if leading {
		return s[:len(s)-len(strings.TrimLeftFunc(s, isSpace))]
	}
	return s[len(strings.TrimRightFunc(s, isSpace)):]
}

// blanksOutside moves the blanks that every part of a change ends (or
// starts) with out of it, into the unchanged text beside it, so a change
// reads as git shows it, "We began {+slowly+} in March", rather than
// "We began {+slowly +}in March". It is for showing only: the segments no
// longer rebuild the old text exactly. With keepNew, changes without an
// insertion are left alone, so the segments still rebuild the new text,
// which the redline renders.
func blanksOutside(segs []Segment, keepNew bool) []Segment {
	// The blanks moved out become unchanged segments of their own: joining
	// them to their neighbours would copy every unchanged passage that
	// borders a change, most of the document.
	groups := 0 // each may gain an unchanged segment at either end
	for i, seg := range segs {
		if seg.Op != Equal && (i == 0 || segs[i-1].Op == Equal) {
			groups++
		}
	}
	out := make([]Segment, 0, len(segs)+2*groups)
	for i := 0; i < len(segs); {
		if segs[i].Op == Equal {
			out = append(out, segs[i])
			i++
			continue
		}
		j := i
		for j < len(segs) && segs[j].Op != Equal {
			j++
		}
		if keepNew && !hasInsert(segs[i:j]) {
			out = append(out, segs[i:j]...)
			i = j
			continue
		}
		lead := len(out)
		out = append(out, Segment{Op: Equal}) // the leading blank, if any
		out = append(out, segs[i:j]...)
		group := out[lead+1:]
		trail := ""
		if j < len(segs) {
			if ws := commonBlank(group, strings.HasSuffix, trailingBlank); ws != "" {
				for k := range group {
					group[k].Text = strings.TrimSuffix(group[k].Text, ws)
				}
				trail = ws
			}
		}
		if i > 0 {
			if ws := commonBlank(group, strings.HasPrefix, leadingBlank); ws != "" {
				for k := range group {
					group[k].Text = strings.TrimPrefix(group[k].Text, ws)
				}
				out[lead].Text = ws
			}
		}
		if trail != "" {
			out = append(out, Segment{Equal, trail})
		}
		i = j
	}
	return slices.DeleteFunc(out, func(s Segment) bool { return s.Text == "" })
}

// commonBlank returns the blank run that every segment of group has at one
// end (and that is not all of it), or "".
func commonBlank(group []Segment, has func(s, affix string) bool, blankOf func(string) string) string {
	ws := blankOf(group[0].Text)
	if ws == "" {
		return ""
	}
	for _, g := range group {
		if !has(g.Text, ws) || len(g.Text) == len(ws) {
			return ""
		}
	}
	return ws
}

func trailingBlank(s string) string {
	t := strings.TrimRight(s, " \t")
	return s[len(t):]
}

func leadingBlank(s string) string {
	t := strings.TrimLeft(s, " \t")
	return s[:len(s)-len(t)]
}

func hasInsert(group []Segment) bool {
	for _, g := range group {
		if g.Op == Insert {
			return true
		}
	}
	return false
}
