package prose

import (
	"regexp"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// SemanticBreaks puts every sentence of the Markdown prose in text on a line
// of its own (semantic line breaks, https://sembr.org), so that review
// comments and word diffs point at single sentences.
//
// It only ever breaks a line, at the white space after a sentence's end;
// it never joins lines, so breaks the writer chose stay where they are.
// Lines it is not sure are prose are left byte for byte as they were: front
// matter, fenced and indented code blocks, tables, headings, HTML blocks and
// comments, link reference definitions. Within a line it never breaks inside
// code spans, link text or destinations, autolinks or inline HTML, after an
// abbreviation (e.g., i.e., Dr., etc., vs., Fig., No., …) or an initial,
// before a word that does not start a sentence, nor where the new line would
// start a Markdown block (a list item, a heading, a quotation). A line broken
// inside a list item or a quotation continues with the same indentation and
// quotation markers, so the text renders exactly as before.
//
// The result is stable: SemanticBreaks(SemanticBreaks(t)) ==
// SemanticBreaks(t). Words are never lost or reordered: only white space
// changes, plus the ">" markers that continue a quotation.
func SemanticBreaks(text string) string {
	if hasLoneCR(text) {
		// Old Mac line endings: renderers disagree on what a lone "\r" is
		// (a line ending in CommonMark, a space in others), so such a text
		// is left as it is.
		return text
	}
	lines := splitLines(text)
	kinds := classifyLines(lines)
	var b strings.Builder
	b.Grow(len(text) + len(text)/16)
	for i := 0; i < len(lines); {
		if kinds[i].verbatim {
			b.WriteString(lines[i].text)
			b.WriteString(lines[i].eol)
			i++
			continue
		}
		j := i + 1
		for j < len(lines) && !kinds[j].verbatim {
			j++
		}
		breakParagraph(&b, lines[i:j], kinds[i:j])
		i = j
	}
	return b.String()
}

type textLine struct {
	text string // without the line ending
	eol  string // "\n", "\r\n" or "" for a last line without one
}

func hasLoneCR(s string) bool {
	for i := strings.IndexByte(s, '\r'); i >= 0; i = strings.IndexByte(s, '\r') {
		if i+1 == len(s) || s[i+1] != '\n' {
			return true
		}
		s = s[i+2:]
	}
	return false
}

// splitLines splits text at "\n" and "\r\n".
func splitLines(s string) []textLine {
	var out []textLine
	for s != "" {
		i := strings.IndexByte(s, '\n')
		if i < 0 {
			out = append(out, textLine{text: s})
			break
		}
		line, eol := s[:i], "\n"
		if strings.HasSuffix(line, "\r") {
			line, eol = line[:len(line)-1], "\r\n"
		}
		out = append(out, textLine{text: line, eol: eol})
		s = s[i+1:]
	}
	return out
}

// lineKind says how a line is treated: verbatim, or prose whose first
// prefixLen bytes are container markers (quotation, list item, indentation)
// and whose continuation lines start with cont.
type lineKind struct {
	verbatim  bool
	prefixLen int
	cont      string
}

var (
	atxHeading    = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^ {0,3}#{1,6}(?:[ \t]|$)`) })
	thematicBreak = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^ {0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$`)
	})
	setextLine = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^ {0,3}(?:=+|-+)[ \t]*$`) })
	tableDelim = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$`)
	})
	linkRefDef   = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^ {0,3}\[[^\]]+\]:`) })
	htmlStart    = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^ {0,3}<[A-Za-z/!?]`) })
	rawHTMLStart = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?i)^ {0,3}<(pre|script|style|textarea)(?:[\s>]|$)`) })
	rawHTMLEnd   = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?i)</(?:pre|script|style|textarea)>`) })
)

// classifyLines decides for every line whether it is prose that may be
// broken. When in doubt a line is verbatim: leaving prose alone is harmless,
// breaking code is not.
func classifyLines(lines []textLine) []lineKind {
	kinds := make([]lineKind, len(lines))
	const (
		none = iota
		frontMatter
		fence
		comment
		htmlBlock
		rawHTML
		indentedCode
		table
	)
	state := none
	var fenceChar byte
	var fenceLen int
	var frontEnd string
	inParagraph := false
	for i, ln := range lines {
		s := ln.text
		verbatim := func() { kinds[i].verbatim = true; inParagraph = false }
		if t := strings.TrimRight(s, " \t"); i == 0 && (t == "---" || t == "+++") {
			state, frontEnd = frontMatter, t
			verbatim()
			continue
		}
		_, afterQuote := stripQuotes(s)
		blank := strings.TrimSpace(afterQuote) == ""
		switch state {
		case frontMatter:
			verbatim()
			t := strings.TrimRight(s, " \t")
			if t == frontEnd || frontEnd == "---" && t == "..." {
				state = none
			}
			continue
		case fence:
			verbatim()
			t := strings.TrimLeft(afterQuote, " \t")
			if n := runLen(t, fenceChar); n >= fenceLen && strings.TrimSpace(t[n:]) == "" {
				state = none
			}
			continue
		case comment:
			verbatim()
			if !endsInComment(s, true) {
				state = none
			}
			continue
		case rawHTML:
			verbatim()
			if rawHTMLEnd().MatchString(s) {
				state = none
			}
			continue
		case htmlBlock, table:
			if !blank {
				verbatim()
				continue
			}
			state = none
		case indentedCode:
			if blank || indentWidth(afterQuote) >= 4 {
				verbatim()
				continue
			}
			state = none
		}
		if blank {
			verbatim()
			continue
		}
		if strings.Contains(s, "<!--") {
			verbatim()
			if endsInComment(s, false) {
				state = comment
			}
			continue
		}
		if !inParagraph && indentWidth(afterQuote) >= 4 {
			verbatim()
			state = indentedCode
			continue
		}
		if thematicBreak().MatchString(afterQuote) || setextLine().MatchString(afterQuote) {
			verbatim()
			continue
		}
		n, cont, ok := containerPrefix(s)
		if !ok {
			verbatim()
			continue
		}
		content := s[n:]
		if c, l := fenceOpen(content); l > 0 {
			verbatim()
			state, fenceChar, fenceLen = fence, c, l
			continue
		}
		if rawHTMLStart().MatchString(content) {
			verbatim()
			if !rawHTMLEnd().MatchString(content) {
				state = rawHTML
			}
			continue
		}
		if htmlStart().MatchString(content) {
			verbatim()
			state = htmlBlock
			continue
		}
		if t := strings.TrimLeft(content, " \t"); strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~") {
			verbatim() // inline code that a shorter line would make a fence
			continue
		}
		if atxHeading().MatchString(content) || linkRefDef().MatchString(content) ||
			strings.TrimSpace(content) == "" || thematicBreak().MatchString(content) {
			verbatim()
			continue
		}
		if strings.HasPrefix(content, "|") || i+1 < len(lines) && isTableDelim(lines[i+1].text) {
			verbatim()
			state = table
			continue
		}
		kinds[i] = lineKind{prefixLen: n, cont: cont}
		inParagraph = true
	}
	// A paragraph underlined with === or --- is a heading: leave it whole.
	for i := 0; i < len(lines); i++ {
		if kinds[i].verbatim {
			continue
		}
		j := i
		for j < len(lines) && !kinds[j].verbatim {
			j++
		}
		if j < len(lines) {
			if _, after := stripQuotes(lines[j].text); setextLine().MatchString(after) {
				for k := i; k < j; k++ {
					kinds[k].verbatim = true
				}
			}
		}
		i = j
	}
	return kinds
}

// isTableDelim reports whether s is the delimiter row under a table's
// header, such as "| --- | :-: |" or ":-".
func isTableDelim(s string) bool {
	_, after := stripQuotes(s)
	t := strings.TrimSpace(after)
	// Renderers differ on rows without a pipe (goldmark takes ":-"); a row
	// of dashes alone is a setext underline, handled as such.
	return strings.ContainsAny(t, "|:") && strings.Contains(t, "-") && tableDelim().MatchString(t)
}

// stripQuotes removes the quotation markers (">" with one optional space)
// that start a line.
func stripQuotes(s string) (prefix, rest string) {
	i := 0
	for {
		j := i
		for j < len(s) && j-i < 3 && s[j] == ' ' {
			j++
		}
		if j < len(s) && s[j] == '>' {
			j++
			if j < len(s) && (s[j] == ' ' || s[j] == '\t') {
				j++
			}
			i = j
			continue
		}
		return s[:i], s[i:]
	}
}

// indentWidth is the width of a line's leading white space, tabs to 4.
func indentWidth(s string) int {
	w := 0
	for _, c := range []byte(s) {
		switch c {
		case ' ':
			w++
		case '\t':
			w += 4 - w%4
		default:
			return w
		}
	}
	return w
}

func runLen(s string, c byte) int {
	n := 0
	for n < len(s) && s[n] == c {
		n++
	}
	return n
}

// fenceOpen reports the character and length of a code fence that content
// opens (``` or ~~~, at least three), or 0.
func fenceOpen(content string) (byte, int) {
	t := strings.TrimLeft(content, " \t")
	if t == "" || t[0] != '`' && t[0] != '~' {
		return 0, 0
	}
	n := runLen(t, t[0])
	if n < 3 {
		return 0, 0
	}
	if t[0] == '`' && strings.Contains(t[n:], "`") {
		return 0, 0 // inline code such as ```x```, not a fence
	}
	return t[0], n
}

// endsInComment reports whether an HTML comment is still open at the end of
// the line; open says whether one was open at its start.
func endsInComment(s string, open bool) bool {
	_, stillOpen, _ := LineWithoutComments(s, open)
	return stillOpen
}

// containerPrefix measures the quotation markers, list markers and
// indentation that start a line, and builds the prefix of a continuation
// line: the same markers for quotations, spaces for list markers. ok is
// false when the list item starts with indented code, or the prefix holds a
// tab.
func containerPrefix(s string) (n int, cont string, ok bool) {
	var c strings.Builder
	i := 0
	for {
		j := i
		for j < len(s) && (s[j] == ' ' || s[j] == '\t') {
			j++
		}
		// A quotation marker is indented three spaces at most; further in,
		// ">" is text (and a continuation line must not repeat it).
		if j < len(s) && s[j] == '>' && j-i <= 3 {
			c.WriteString(s[i : j+1])
			j++
			if j < len(s) && (s[j] == ' ' || s[j] == '\t') {
				c.WriteByte(s[j])
				j++
			} else {
				c.WriteByte(' ') // so the marker does not stick to a word
			}
			i = j
			continue
		}
		if m := listMarker(s[j:]); m > 0 {
			c.WriteString(s[i:j])
			c.WriteString(strings.Repeat(" ", m))
			k := j + m
			sp := k
			for sp < len(s) && (s[sp] == ' ' || s[sp] == '\t') {
				sp++
			}
			if sp-k >= 5 && sp < len(s) {
				return 0, "", false
			}
			c.WriteString(s[k:sp])
			i = sp
			continue
		}
		c.WriteString(s[i:j])
		if strings.ContainsRune(s[:j], '\t') {
			// Tabs count to the next multiple of four columns, which
			// decides what a continuation line belongs to: leave the line.
			return 0, "", false
		}
		return j, c.String(), true
	}
}

// listMarker is the length of the list marker ("-", "+", "*", "1." or
// "1)") that starts s and is followed by white space or the line's end.
func listMarker(s string) int {
	if s == "" {
		return 0
	}
	m := 0
	switch {
	case s[0] == '-' || s[0] == '+' || s[0] == '*':
		m = 1
	case s[0] >= '0' && s[0] <= '9':
		for m < len(s) && m < 10 && s[m] >= '0' && s[m] <= '9' {
			m++
		}
		if m > 9 || m >= len(s) || s[m] != '.' && s[m] != ')' {
			return 0
		}
		m++
	default:
		return 0
	}
	if m < len(s) && s[m] != ' ' && s[m] != '\t' {
		return 0
	}
	return m
}

// breakParagraph writes the prose lines of one paragraph with a line break
// after every sentence that ends inside a line.
func breakParagraph(b *strings.Builder, lines []textLine, kinds []lineKind) {
	// The paragraph's text without its container prefixes, so that code
	// spans and links are matched across lines, as Markdown does.
	starts := make([]int, len(lines))
	var p strings.Builder
	for i, ln := range lines {
		if i > 0 {
			p.WriteByte('\n')
		}
		starts[i] = p.Len()
		p.WriteString(ln.text[kinds[i].prefixLen:])
	}
	para := p.String()
	prot := protectedSpans(para)
	for i, ln := range lines {
		k := kinds[i]
		content := ln.text[k.prefixLen:]
		end := len(strings.TrimRight(content, " \t"))
		b.WriteString(ln.text[:k.prefixLen])
		last := 0 // start of the current piece in content
		for j := 0; j < end; {
			if content[j] != ' ' && content[j] != '\t' {
				j++
				continue
			}
			ws := j
			for j < end && (content[j] == ' ' || content[j] == '\t') {
				j++
			}
			if ws == 0 || prot[starts[i]+ws] {
				continue
			}
			tokStart := strings.LastIndexAny(content[:ws], " \t") + 1
			if sentenceEnd(content[tokStart:ws]) && !runIn(content[last:ws]) && sentenceStart(content[j:end]) {
				b.WriteString(content[last:ws])
				b.WriteString(ln.eol)
				if ln.eol == "" {
					b.WriteByte('\n')
				}
				b.WriteString(k.cont)
				last = j
			}
		}
		b.WriteString(content[last:])
		b.WriteString(ln.eol)
	}
}

// protectedSpans marks the bytes of text that no break may fall in: code
// spans, bracketed text (link text, footnote references), link
// destinations, autolinks and inline HTML. It takes linear time, whatever
// the brackets and backticks: a long paragraph of stray ones costs no more
// than prose.
func protectedSpans(text string) []bool {
	prot := make([]bool, len(text))
	mark := func(from, to int) {
		for k := from; k < to && k < len(prot); k++ {
			prot[k] = true
		}
	}
	code := codeSpans(text)
	closeOf := matchPairs(text, code)
	noTagEnd := len(text) // no ">" from here on
	for i := 0; i < len(text); {
		if end, ok := code[i]; ok {
			mark(i, end)
			i = end
			continue
		}
		switch c := text[i]; {
		case c == '\\' && i+1 < len(text) && isASCIIPunct(text[i+1]):
			i += 2
		case c == '`':
			i += runLen(text[i:], '`') // unmatched: literal backticks
		case c == '<' && i+1 < len(text) && isTagStart(text[i+1]) && i < noTagEnd:
			k := strings.IndexByte(text[i:], '>')
			if k < 0 {
				noTagEnd = i
				i++
				continue
			}
			mark(i, i+k+1)
			i += k + 1
		case c == '[':
			j, ok := closeOf[i]
			if !ok {
				i++
				continue
			}
			mark(i, j+1)
			i = j + 1
			if k, ok := closeOf[i]; ok && i < len(text) && text[i] == '(' {
				mark(i, k+1)
				i = k + 1
			}
		default:
			i++
		}
	}
	return prot
}

// codeSpans finds the code spans of text: a run of backticks up to the next
// run of the same length. It maps each span's start to its end.
func codeSpans(text string) map[int]int {
	spans := map[int]int{}
	unmatched := map[int]bool{} // run lengths with no later run of that length
	for i := 0; i < len(text); {
		switch text[i] {
		case '\\':
			i += 2
			continue
		case '`':
		default:
			i++
			continue
		}
		n := runLen(text[i:], '`')
		if !unmatched[n] {
			if j := closingBackticks(text, i+n, n); j >= 0 {
				spans[i] = j + n
				i = j + n
				continue
			}
			unmatched[n] = true
		}
		i += n
	}
	return spans
}

// matchPairs pairs brackets and parentheses outside code spans and
// escapes, innermost first, mapping each opening to its closing.
func matchPairs(text string, code map[int]int) map[int]int {
	closeOf := map[int]int{}
	var brackets, parens []int
	for i := 0; i < len(text); i++ {
		if end, ok := code[i]; ok {
			i = end - 1
			continue
		}
		switch text[i] {
		case '\\':
			i++
		case '[':
			brackets = append(brackets, i)
		case ']':
			if n := len(brackets); n > 0 {
				closeOf[brackets[n-1]] = i
				brackets = brackets[:n-1]
			}
		case '(':
			parens = append(parens, i)
		case ')':
			if n := len(parens); n > 0 {
				closeOf[parens[n-1]] = i
				parens = parens[:n-1]
			}
		}
	}
	return closeOf
}

func isTagStart(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '/' || c == '!' || c == '?'
}

func isASCIIPunct(c byte) bool {
	return c >= '!' && c <= '/' || c >= ':' && c <= '@' || c >= '[' && c <= '`' || c >= '{' && c <= '~'
}

// closingBackticks finds the next run of exactly n backticks from i.
func closingBackticks(text string, i, n int) int {
	for i < len(text) {
		k := strings.IndexByte(text[i:], '`')
		if k < 0 {
			return -1
		}
		i += k
		m := runLen(text[i:], '`')
		if m == n {
			return i
		}
		i += m
	}
	return -1
}

// abbreviations end with a full stop that does not end a sentence.
var abbreviations = map[string]bool{}

func init() {
	for _, a := range strings.Fields(`e.g. i.e. etc. vs. cf. viz. al. ca. approx. resp. incl. excl.
		dr. mr. mrs. ms. mx. prof. st. jr. sr. rev. gen. col. capt. lt. sgt. hon.
		fig. figs. no. nos. vol. vols. p. pp. ch. chap. sec. para. eq. ref. refs. ed. eds. op. art. n.
		inc. ltd. co. corp. dept. univ. assn. bros. est. min. max. approx.
		jan. feb. mar. apr. jun. jul. aug. sep. sept. oct. nov. dec. mon. tue. wed. thu. fri. sat. sun.
		mt. ft. no. tel. ext. att. attn.`) {
		abbreviations[a] = true
	}
}

const (
	closers = "\"')]*_»”’"
	openers = "\"'([*_«“‘¿¡"
)

// sentenceEnd reports whether a word ends a sentence: a full stop, question
// mark, exclamation mark or ellipsis, perhaps followed by closing quotes,
// brackets or emphasis, and not an abbreviation or an initial.
func sentenceEnd(word string) bool {
	t := strings.TrimRight(word, closers)
	if t == "" {
		return false
	}
	r, _ := utf8.DecodeLastRuneInString(t)
	switch r {
	case '!', '?', '…':
		return true
	case '.':
	default:
		return false
	}
	if strings.HasSuffix(t, `\.`) {
		return false // an escaped full stop
	}
	core := strings.ToLower(strings.TrimLeft(t, openers))
	if abbreviations[core] || isInitials(core) {
		return false
	}
	return true
}

// labels are words that a number follows as a name: "Figure 1. The
// model", "Step 2. Ask why".
var labels = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`figure fig table tab chapter ch section sec part appendix listing exhibit example
		step phase stage round draft version release sprint page p item no number box equation eq experiment`) {
		labels[w] = true
	}
}

// runIn reports whether a piece of a line (the text since the line's start
// or its last break) is a run-in heading or label rather than a sentence:
// "Figure 1." or "Step 2.", or one emphasised span such as "**Context.**"
// or "*Figure.*". The text after it stays on its line.
func runIn(piece string) bool {
	f := strings.Fields(piece)
	if len(f) == 2 {
		label := strings.ToLower(strings.TrimRight(strings.TrimLeft(f[0], openers), closers+"."))
		num := strings.TrimSuffix(strings.TrimRight(strings.TrimLeft(f[1], openers), closers), ".")
		if labels[label] && isNumber(num) {
			return true
		}
	}
	for _, m := range []string{"**", "__", "*", "_"} {
		if len(piece) > 2*len(m) && strings.HasPrefix(piece, m) && strings.HasSuffix(piece, m) {
			return !strings.Contains(piece[len(m):len(piece)-len(m)], m[:1])
		}
	}
	return false
}

// isNumber accepts "3", "3.2" and "3a".
func isNumber(s string) bool {
	d := runDigits(s)
	if d == 0 {
		return false
	}
	rest := s[d:]
	return strings.Trim(rest, "0123456789.") == "" || len(rest) == 1 && unicode.IsLetter(rune(rest[0]))
}

// isInitials reports whether s is one or more single letters each followed
// by a full stop: "A.", "e.g.", "U.S.", "a.m.".
func isInitials(s string) bool {
	if s == "" {
		return false
	}
	for s != "" {
		r, n := utf8.DecodeRuneInString(s)
		if !unicode.IsLetter(r) || len(s) <= n || s[n] != '.' {
			return false
		}
		s = s[n+1:]
	}
	return true
}

// sentenceStart reports whether rest (the text after a break) starts a
// sentence on a line of its own without starting a Markdown block: a capital
// letter or a number, perhaps after opening quotes, brackets or emphasis.
func sentenceStart(rest string) bool {
	if listMarker(rest) > 0 || linkRefDef().MatchString(rest) {
		return false
	}
	t := strings.TrimLeft(rest, openers)
	r, n := utf8.DecodeRuneInString(t)
	switch {
	case unicode.IsUpper(r) || unicode.IsTitle(r):
		return true
	case r >= '0' && r <= '9':
		d := n + runDigits(t[n:])
		return d == len(t) || t[d] != '.' && t[d] != ')'
	}
	return false
}

func runDigits(s string) int {
	n := 0
	for n < len(s) && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	return n
}
