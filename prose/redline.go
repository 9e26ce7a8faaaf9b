package prose

import (
	"bufio"
	"bytes"
	"fmt"
	"html"
	"io"
	"slices"
	"sort"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	gmhtml "github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// FileDiff is one file of a redline: its path and its word diff.
type FileDiff struct {
	Path     string
	Segments []Segment
}

// WriteRedline writes ONE self-contained HTML page (inline CSS, no external
// resources, no JS needed) that renders the Markdown of the new version
// (goldmark, GFM tables) with insertions marked <ins> (green underline-ish)
// and deletions <del> (red strike-through), a header with the title and
// "oldLabel → newLabel" and a summary "+A −R words", the redline a reviewer
// reads in a browser. Feed it text with comments already stripped by the
// caller. Files with no change are still rendered (the reviewer reads the
// whole document), files listed in order.
//
// The marks are added while rendering, around the text goldmark writes, so
// the Markdown parses exactly as the new version does: block markers ("# ",
// "- ", "> ") stay outside the marks and headings and lists still render,
// and <ins>/<del> only ever hold text, so they are well-formed whatever the
// change spans. Deleted text, which is not part of the new document, is
// shown as written, escaped; a deleted sentence appears where it was, a
// deleted paragraph as a paragraph of its own. Raw HTML in the document is
// shown as text, never run: the document comes from someone else.
func WriteRedline(w io.Writer, title, oldLabel, newLabel string, files []FileDiff) error {
	bw := bufio.NewWriter(w)
	added, removed := 0, 0
	for _, f := range files {
		a, r := Stat(f.Segments)
		added += a
		removed += r
	}
	esc := html.EscapeString
	bodies, places, firstH1, err := redlineBodies(files)
	if err != nil {
		return err
	}
	// The document's own first heading is the title: shown once.
	titleLine := ""
	if firstH1 != strings.TrimSpace(title) {
		titleLine = fmt.Sprintf("<p class=\"title\">%s</p>\n", esc(title))
	}
	fmt.Fprintf(bw, pageHead, esc(title), esc(oldLabel), esc(newLabel), added, removed, pageCSS, titleLine)
	writeSummary(bw, places, len(files) > 1)
	bw.WriteString("</header>\n<main>\n")
	bw.Write(bodies)
	bw.WriteString(pageTail)
	return bw.Flush()
}

// WriteRedlineFiles writes the list of changes and the files of a redline,
// one <section class="file"> each, for a page that has its own head and
// style, such as casestudy serve's: the same marks as WriteRedline, from
// the same engine.
func WriteRedlineFiles(w io.Writer, files []FileDiff) error {
	bodies, places, _, err := redlineBodies(files)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	writeSummary(bw, places, len(files) > 1)
	bw.Write(bodies)
	return bw.Flush()
}

// redlineBodies renders the files, marked, and lists the places that
// changed; firstH1 is the first document's own first heading.
func redlineBodies(files []FileDiff) (bodies []byte, places []changePlace, firstH1 string, err error) {
	md := goldmark.New(goldmark.WithExtensions(extension.GFM)).Parser()
	// Links and images only to http, https, mailto or relative addresses,
	// as in the export (goldmark's own filter is a deny list).
	md.AddOptions(parser.WithASTTransformers(util.Prioritized(inertLinks{}, 1000)))
	// The documents are rendered first: the list of changes on top links
	// to the places they mark.
	var out bytes.Buffer
	for i, f := range files {
		a, r := Stat(f.Segments)
		fmt.Fprintf(&out, fileHead, html.EscapeString(f.Path), a, r)
		// An inserted word's trailing blank is not part of the insertion a
		// reader sees: "eight <ins>feature</ins> teams".
		rl, err := renderRedline(&out, md, mergeRuns(blanksOutside(f.Segments, true)), fmt.Sprintf("f%d-", i+1))
		if err != nil {
			return nil, nil, "", err
		}
		for j := range rl.places {
			rl.places[j].file = f.Path
		}
		places = append(places, rl.places...)
		if i == 0 {
			firstH1 = rl.firstH1
		}
		out.WriteString(fileTail)
	}
	return out.Bytes(), places, firstH1, nil
}

// changePlace is one changed block of a document, for the list of changes
// at the top of the page.
type changePlace struct {
	id      string
	file    string
	section string // the heading the block is under
	what    string // HTML: the first change, shortened
	added   int    // words
	removed int
	isNew   bool // the block (and those after it) are new as a whole
}

// writeSummary writes the list of changes, each linking to its place.
func writeSummary(w *bufio.Writer, places []changePlace, withFile bool) {
	if len(places) == 0 {
		w.WriteString("<nav class=\"changes\"><p>No changes.</p></nav>\n")
		return
	}
	fmt.Fprintf(w, "<nav class=\"changes\"><p>%d changed %s; each links to its place:</p>\n<ol>\n", len(places), plural(len(places), "place", "places"))
	for _, p := range places {
		where := html.EscapeString(p.section)
		if where == "" {
			where = "start"
		}
		if withFile {
			where = html.EscapeString(p.file) + ", " + where
		}
		kind := ""
		if p.isNew {
			kind = `<span class="badge">new</span> `
		}
		fmt.Fprintf(w, "<li><a href=\"#%s\">%s</a> %s<span class=\"added\">+%d</span> <span class=\"removed\">−%d</span> <span class=\"what\">%s</span></li>\n",
			p.id, where, kind, p.added, p.removed, p.what)
	}
	w.WriteString("</ol>\n</nav>\n")
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// The page around the documents: %[1]s is the title, %[2]s and %[3]s the
// labels of the versions, %[4]d and %[5]d the words added and removed,
// %[6]s the style sheet, %[7]s the title's line (none when the document's
// own first heading is the title). The list of changes and </header>
// follow.
const (
	pageHead = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>%[1]s — %[2]s → %[3]s</title>
<style>%[6]s</style>
</head>
<body>
<header class="redline">
%[7]s<p class="versions">%[2]s → %[3]s</p>
<p class="summary"><span class="added">+%[4]d</span> <span class="removed">−%[5]d</span> words</p>
`
	fileHead = `<section class="file">
<p class="path">%s <span class="added">+%d</span> <span class="removed">−%d</span></p>
<article>
`
	fileTail = "</article>\n</section>\n"
	pageTail = "</main>\n</body>\n</html>\n"
	pageCSS  = `
body { margin: 0; background: #fff; color: #1f2328; font: 17px/1.6 Georgia, "Times New Roman", serif; }
header.redline, main { max-width: 46rem; margin: 0 auto; padding: 0 1.25rem; }
header.redline { padding-top: 1.5rem; padding-bottom: .75rem; border-bottom: 1px solid #d1d9e0;
  font-family: system-ui, -apple-system, "Segoe UI", sans-serif; }
header.redline .title { font-size: 1.5rem; font-weight: 600; margin: 0; }
header.redline .versions, header.redline .summary { margin: .25rem 0; color: #59636e; }
.added { color: #1a7f37; font-weight: 600; }
.removed { color: #cf222e; font-weight: 600; }
section.file { margin: 2rem 0 3rem; }
section.file > .path { font: 600 .9rem/1.4 ui-monospace, SFMono-Regular, Menlo, monospace; color: #59636e;
  border-bottom: 1px solid #d1d9e0; padding-bottom: .35rem; }
ins { background: #dafbe1; color: #116329; text-decoration: underline; text-decoration-color: #1a7f37; }
del { background: #ffebe9; color: #a40e26; text-decoration: line-through; }
nav.changes { font: .9rem/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin-top: .75rem; }
nav.changes p { margin: .25rem 0; color: #59636e; }
nav.changes ol { margin: .25rem 0 0; padding-left: 1.6rem; max-height: 16rem; overflow-y: auto; }
nav.changes li { margin: .15rem 0; }
nav.changes .what { color: #59636e; }
nav.changes ins, nav.changes del { text-decoration: none; }
.badge { display: inline-block; font: 600 .7rem/1.5 system-ui, sans-serif; text-transform: uppercase; letter-spacing: .04em;
  color: #fff; background: #1a7f37; border-radius: 1rem; padding: 0 .5rem; vertical-align: middle; }
div.new-block { border-left: 4px solid #1a7f37; background: #f3fcf5; padding: .1rem 0 .1rem 1rem; margin: 1rem 0 1rem -1.25rem; }
div.new-block > .badge { margin-top: .6rem; }
a.change { display: block; position: relative; top: -.5rem; }
:target + * { outline: 2px solid #f0b429; outline-offset: 3px; }
ins.moved, del.moved { background: #ddf4ff; color: #0a3069; }
del.moved { text-decoration: line-through; text-decoration-color: #0969da; }
a.moved-link { font: .8rem system-ui, sans-serif; color: #0969da; margin-left: .25rem; text-decoration: none; }
p.gone { margin: .5rem 0; }
pre { background: #f6f8fa; padding: .75rem 1rem; overflow-x: auto; font-size: .85rem; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: .9em; }
code.raw-html, pre.raw-html { color: #59636e; }
table { border-collapse: collapse; margin: 1rem 0; }
th, td { border: 1px solid #d1d9e0; padding: .3rem .6rem; vertical-align: top; }
blockquote { margin-left: 0; padding-left: 1rem; border-left: 3px solid #d1d9e0; color: #59636e; }
img { max-width: 100%; }
@media print { ins, del { -webkit-print-color-adjust: exact; print-color-adjust: exact; } }
`
)

// renderRedline renders the new version of one file, marked; idPrefix
// keeps its anchors apart from other files'.
func renderRedline(w io.Writer, md parser.Parser, segs []Segment, idPrefix string) (*redline, error) {
	r := newRedline(segs)
	r.idPrefix = idPrefix
	doc := md.Parse(text.NewReader(r.src))
	r.place(doc)
	r.describe(doc)
	var out bytes.Buffer
	err := renderer.NewRenderer(renderer.WithNodeRenderers(util.Prioritized(r, 0))).Render(&out, r.src, doc)
	if err != nil {
		return nil, err
	}
	// goldmark splits text at blanks (GFM's autolinks start there), and each
	// piece is marked on its own; join marks that touch. Only the redline
	// writes these tags: the document's own text and HTML arrive escaped.
	marked := bytes.ReplaceAll(out.Bytes(), []byte("</ins><ins>"), nil)
	marked = bytes.ReplaceAll(marked, []byte("</del><del>"), nil)
	_, err = w.Write(marked)
	return r, err
}

// span is a range of bytes [start, end) of the new text.
type span struct{ start, end int }

// deletion is deleted text and where it was: the offset in the new text.
type deletion struct {
	at   int
	text string
	// endsLine and endsBlock say whether, in the old text, the line ended
	// with the deletion, and whether a blank line (or the end) came next.
	endsLine, endsBlock bool
	written             bool
}

// hostKey names one run of source text that the renderer writes: a text
// node, or one line of a code or HTML block.
type hostKey struct {
	node  ast.Node
	start int
}

// redline renders the new version with its changes. It is a goldmark
// NodeRenderer that wraps goldmark's own HTML renderer.
type redline struct {
	src    []byte
	ins    []span
	dels   []deletion
	inline map[hostKey][]int  // deletions written within a host, by index
	before map[ast.Node][]int // deletions written as paragraphs before a block

	idPrefix string
	// blocks says, for each changed top-level block, its anchor and
	// whether it is new as a whole; places lists them for the summary.
	blocks map[ast.Node]*blockInfo
	places []changePlace
	top    map[ast.Node]ast.Node // a node's top-level block, once looked up
	// movedTo pairs a deleted sentence with the same sentence inserted
	// elsewhere, by index into dels and ins; movedFrom the other way.
	movedTo, movedFrom map[int]int
	firstH1            string
}

// blockInfo is what the redline knows of one top-level block.
type blockInfo struct {
	id string // anchor of the change, "" when the block is unchanged
	// isNew: every word of the block is inserted; openNew and closeNew
	// start and end a run of such blocks, drawn as one with a margin bar.
	isNew, openNew, closeNew bool
	heading                  bool
}

func newRedline(segs []Segment) *redline {
	r := &redline{inline: map[hostKey][]int{}, before: map[ast.Node][]int{},
		blocks: map[ast.Node]*blockInfo{}, top: map[ast.Node]ast.Node{}, movedTo: map[int]int{}, movedFrom: map[int]int{}}
	for i, s := range segs {
		switch s.Op {
		case Equal:
			r.src = append(r.src, s.Text...)
		case Insert:
			start := len(r.src)
			r.src = append(r.src, s.Text...)
			if strings.TrimSpace(s.Text) != "" {
				r.ins = append(r.ins, span{start, len(r.src)})
			}
		case Delete:
			if strings.TrimSpace(s.Text) != "" {
				d := deletion{at: len(r.src), text: s.Text}
				d.endsLine, d.endsBlock = lineAndBlockEnd(s.Text, followingEqual(segs[i+1:]))
				r.dels = append(r.dels, d)
			}
		}
	}
	r.pairMoves()
	return r
}

// pairMoves finds sentences that moved: a deletion whose text, blanks
// aside, is exactly an insertion elsewhere. Short ones ("and", "the
// teams") are left as they are: they move by chance.
func (r *redline) pairMoves() {
	norm := func(s string) string { return strings.Join(strings.Fields(s), " ") }
	inserted := map[string][]int{}
	for i, s := range r.ins {
		if t := norm(string(r.src[s.start:s.end])); len(t) >= 24 {
			inserted[t] = append(inserted[t], i)
		}
	}
	for i, d := range r.dels {
		t := norm(d.text)
		if list := inserted[t]; len(list) > 0 {
			r.movedTo[i], r.movedFrom[list[0]] = list[0], i
			inserted[t] = list[1:]
		}
	}
}

// describe decides, for each top-level block, whether it changed and
// whether it is new as a whole, and lists the changed ones for the
// summary under the heading they follow.
func (r *redline) describe(doc ast.Node) {
	var tops []ast.Node
	var starts []int
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		start, ok := r.lineStartOf(n)
		if !ok {
			continue
		}
		tops = append(tops, n)
		starts = append(starts, start)
	}
	// The headings above a block, by level: a place is named by its
	// section and subsection ("Experiment 1 › Narrative"), since
	// subsections repeat their names.
	var headings [7]string
	section := ""
	var prevNew *blockInfo
	for k, n := range tops {
		start, end := starts[k], len(r.src)
		if k+1 < len(tops) {
			end = starts[k+1]
		}
		info := &blockInfo{}
		r.blocks[n] = info
		h, isHeading := n.(*ast.Heading)
		if isHeading {
			text := headingText(r.src, h)
			headings[h.Level] = text
			for l := h.Level + 1; l < len(headings); l++ {
				headings[l] = ""
			}
			// The title (level 1) names no section; the section's own
			// heading and the one above it name the place.
			var path []string
			for l := 2; l <= h.Level; l++ {
				if headings[l] != "" {
					path = append(path, headings[l])
				}
			}
			if len(path) > 2 {
				path = path[len(path)-2:]
			}
			section = strings.Join(path, " › ")
			if h.Level == 1 {
				section = text
			}
			info.heading = true
			if h.Level == 1 && r.firstH1 == "" && k == 0 {
				r.firstH1 = text
			}
		}
		p := changePlace{section: section}
		first, firstAt := "", len(r.src)+1
		inserted, other := false, false
		for i, s := range r.ins {
			a, b := max(s.start, start), min(s.end, end)
			if a >= b || strings.TrimSpace(string(r.src[a:b])) == "" {
				continue
			}
			inserted = true
			p.added += CountWords(string(r.src[a:b]))
			if a < firstAt {
				first, firstAt = "<ins>"+html.EscapeString(shorten(string(r.src[a:b])))+"</ins>", a
			}
			_ = i
		}
		for i, d := range r.dels {
			if !r.deletionIn(i, n, start, end) {
				continue
			}
			p.removed += CountWords(d.text)
			if d.at < firstAt {
				first, firstAt = "<del>"+html.EscapeString(shorten(d.text))+"</del>", d.at
			}
		}
		// Whole: no text of the block was there before.
		for pos := start; pos < end && !other; pos++ {
			if r.src[pos] == ' ' || r.src[pos] == '\n' || r.src[pos] == '\t' || r.src[pos] == '\r' {
				continue
			}
			if !r.inserted(pos) {
				other = true
			}
		}
		info.isNew = inserted && !other && p.removed == 0
		if info.isNew {
			if prevNew == nil {
				info.openNew = true
			} else {
				prevNew.closeNew = false
			}
			info.closeNew = true
			prevNew = info
		} else {
			prevNew = nil
		}
		if p.added == 0 && p.removed == 0 {
			continue
		}
		// A run of new blocks is one change: the section it adds.
		if info.isNew && !info.openNew {
			last := &r.places[len(r.places)-1]
			last.added += p.added
			continue
		}
		info.id = fmt.Sprintf("%schange-%d", r.idPrefix, len(r.places)+1)
		p.id, p.what, p.isNew = info.id, first, info.isNew
		if info.isNew && isHeading {
			p.what = "" // the badge and the heading say it
		}
		r.places = append(r.places, p)
	}
}

// deletionIn says whether deletion i shows in top-level block n, whose
// text is [start, end): placed before it, or within it.
func (r *redline) deletionIn(i int, n ast.Node, start, end int) bool {
	for _, j := range r.before[n] {
		if j == i {
			return true
		}
	}
	for _, list := range r.before {
		for _, j := range list {
			if j == i {
				return false
			}
		}
	}
	at := r.dels[i].at
	return at >= start && (at < end || end == len(r.src) && at == end)
}

// inserted says whether byte pos of the new text is inserted.
func (r *redline) inserted(pos int) bool {
	i := sort.Search(len(r.ins), func(i int) bool { return r.ins[i].end > pos })
	return i < len(r.ins) && r.ins[i].start <= pos
}

// headingText is a heading's text as written, markers left out.
func headingText(src []byte, h *ast.Heading) string {
	var b strings.Builder
	for i := range h.Lines().Len() {
		seg := h.Lines().At(i)
		b.Write(seg.Value(src))
	}
	return strings.TrimSpace(b.String())
}

// shorten keeps the first words of a change for the summary.
func shorten(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > 80 {
		return strings.TrimSpace(string(r[:80])) + "…"
	}
	return s
}

// topOf is the top-level block n is in.
func (r *redline) topOf(n ast.Node) ast.Node {
	if t, ok := r.top[n]; ok {
		return t
	}
	t := n
	for t.Parent() != nil && t.Parent().Kind() != ast.KindDocument {
		t = t.Parent()
	}
	r.top[n] = t
	return t
}

// followingEqual returns the unchanged text that comes next.
func followingEqual(segs []Segment) string {
	for _, s := range segs {
		if s.Op == Equal {
			return s.Text
		}
	}
	return ""
}

// lineAndBlockEnd reports whether deleted text, followed in the old text by
// next, ends a line, and whether that line ends a block.
func lineAndBlockEnd(deleted, next string) (endsLine, endsBlock bool) {
	if !strings.HasSuffix(deleted, "\n") {
		rest, ok := strings.CutPrefix(strings.TrimPrefix(next, "\r"), "\n")
		if !ok && next != "" {
			return false, false
		}
		next = rest
	}
	next = strings.TrimLeft(next, " \t\r")
	return true, next == "" || next[0] == '\n'
}

// place decides where each deletion is written: within the text it was
// taken from, or, when it holds whole paragraphs, before the top-level block
// that follows it. Any deletion left without a place is written at the end.
func (r *redline) place(doc ast.Node) {
	type block struct {
		node  ast.Node
		start int
	}
	var hosts []hostKey
	var blocks []block
	addLines := func(n ast.Node, lines *text.Segments) {
		for i := range lines.Len() {
			hosts = append(hosts, hostKey{n, lines.At(i).Start})
		}
	}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		// Deleted paragraphs go between top-level blocks: placed inside a
		// list item or a quote, they would seem to belong to it.
		if p := n.Parent(); p != nil && p.Kind() == ast.KindDocument {
			if start, ok := r.lineStartOf(n); ok {
				blocks = append(blocks, block{n, start})
			}
		}
		switch n := n.(type) {
		case *ast.Image:
			return ast.WalkSkipChildren, nil // goldmark writes its text as the alt attribute
		case *ast.Text:
			hosts = append(hosts, hostKey{n, n.Segment.Start})
		case *ast.RawHTML:
			addLines(n, n.Segments)
		case *ast.CodeBlock, *ast.FencedCodeBlock:
			addLines(n, n.Lines())
		case *ast.HTMLBlock:
			addLines(n, n.Lines())
			if n.HasClosure() {
				hosts = append(hosts, hostKey{n, n.ClosureLine.Start})
			}
		}
		return ast.WalkContinue, nil
	})
	slices.SortStableFunc(hosts, func(a, b hostKey) int { return a.start - b.start })
	slices.SortStableFunc(blocks, func(a, b block) int { return a.start - b.start })

	for i, d := range r.dels {
		if r.isParagraphs(d) {
			k := sort.Search(len(blocks), func(k int) bool { return blocks[k].start >= d.at })
			if k < len(blocks) {
				r.before[blocks[k].node] = append(r.before[blocks[k].node], i)
			}
			continue
		}
		if len(hosts) == 0 {
			continue
		}
		// The last text that starts at or before the deletion.
		k := max(sort.Search(len(hosts), func(k int) bool { return hosts[k].start > d.at })-1, 0)
		r.inline[hosts[k]] = append(r.inline[hosts[k]], i)
	}
}

// lineStartOf returns the start of the source line where block n begins.
func (r *redline) lineStartOf(n ast.Node) (int, bool) {
	pos, found := 0, false
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, ok := c.(*ast.Text); ok {
			pos, found = t.Segment.Start, true
		} else if c.Type() == ast.TypeBlock && c.Lines().Len() > 0 {
			pos, found = c.Lines().At(0).Start, true
		}
		if found {
			return ast.WalkStop, nil
		}
		return ast.WalkContinue, nil
	})
	for pos > 0 && r.src[pos-1] != '\n' {
		pos--
	}
	return pos, found
}

// isParagraphs reports whether a deletion is best shown as paragraphs of
// its own: it holds a paragraph break, or it is whole lines standing
// between blocks (a heading, a paragraph and its blank line, and so on).
func (r *redline) isParagraphs(d deletion) bool {
	atLineStart := d.at == 0 || r.src[d.at-1] == '\n'
	if hasBlankLine(d.text) || atLineStart && (strings.HasPrefix(d.text, "\n") || strings.HasPrefix(d.text, "\r\n")) {
		return true
	}
	if !atLineStart || !d.endsLine {
		return false
	}
	prevBlank := d.at == 0 || isBlank(r.src[lineStartBefore(r.src, d.at-1):d.at])
	heading := strings.HasPrefix(strings.TrimLeft(d.text, " "), "#")
	return prevBlank && (d.endsBlock || heading)
}

// hasBlankLine reports whether s holds a line break, blanks, and another.
func hasBlankLine(s string) bool {
	for {
		i := strings.IndexByte(s, '\n')
		if i < 0 {
			return false
		}
		s = s[i+1:]
		if rest := strings.TrimLeft(s, " \t\r"); strings.HasPrefix(rest, "\n") {
			return true
		}
	}
}

func isBlank(b []byte) bool { return strings.TrimSpace(string(b)) == "" }

func lineStartBefore(src []byte, i int) int {
	for i > 0 && src[i-1] != '\n' {
		i--
	}
	return i
}

// RegisterFuncs registers goldmark's HTML renderers (GFM's included), each
// wrapped to write the deletions placed before its block, and in place of
// some of them the renderers that mark changes.
func (r *redline) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	funcs := funcMap{}
	gmhtml.NewRenderer().RegisterFuncs(funcs)
	extension.NewTableHTMLRenderer().RegisterFuncs(funcs)
	extension.NewTaskCheckBoxHTMLRenderer().RegisterFuncs(funcs)
	funcs[ast.KindDocument] = r.renderDocument
	funcs[ast.KindText] = r.renderText
	funcs[ast.KindCodeSpan] = r.renderCodeSpan
	funcs[ast.KindCodeBlock] = r.renderCodeBlock
	funcs[ast.KindFencedCodeBlock] = r.renderCodeBlock
	funcs[ast.KindHTMLBlock] = r.renderHTMLBlock
	funcs[ast.KindRawHTML] = r.renderRawHTML
	funcs[east.KindStrikethrough] = renderStrikethrough
	for kind, f := range funcs {
		reg.Register(kind, r.withBefore(f))
	}
}

type funcMap map[ast.NodeKind]renderer.NodeRendererFunc

func (m funcMap) Register(kind ast.NodeKind, f renderer.NodeRendererFunc) { m[kind] = f }

func (r *redline) withBefore(f renderer.NodeRendererFunc) renderer.NodeRendererFunc {
	return func(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		info := r.blocks[n]
		if entering {
			if info != nil && info.openNew {
				badge := "new"
				if info.heading {
					badge = "new section"
				}
				fmt.Fprintf(w, "<div class=\"new-block\"><span class=\"badge\">%s</span>\n", badge)
			}
			if info != nil && info.id != "" {
				fmt.Fprintf(w, "<a class=\"change\" id=\"%s\"></a>\n", info.id)
			}
			for _, i := range r.before[n] {
				r.writeParagraphs(w, i)
			}
		}
		status, err := f(w, src, n, entering)
		if !entering && info != nil && info.closeNew {
			w.WriteString("</div>\n")
		}
		return status, err
	}
}

// renderDocument writes, at the end, any deletion that found no place.
func (r *redline) renderDocument(w util.BufWriter, _ []byte, _ ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		for i := range r.dels {
			r.writeParagraphs(w, i)
		}
	}
	return ast.WalkContinue, nil
}

func (r *redline) renderText(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*ast.Text)
	write := gmhtml.DefaultWriter.Write
	if n.IsRaw() {
		write = gmhtml.DefaultWriter.RawWrite
	}
	r.writeMarked(w, n, n.Segment, write)
	switch {
	case n.HardLineBreak():
		w.WriteString("<br>\n")
	case n.SoftLineBreak():
		w.WriteByte('\n')
	}
	return ast.WalkContinue, nil
}

func (r *redline) renderCodeSpan(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		w.WriteString("</code>")
		return ast.WalkContinue, nil
	}
	w.WriteString("<code>")
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		t, ok := c.(*ast.Text)
		if !ok {
			continue
		}
		// As goldmark does, a line break within a code span is a space.
		seg := t.Segment
		newline := seg.Stop > seg.Start && r.src[seg.Stop-1] == '\n'
		if newline {
			seg.Stop--
		}
		r.writeMarked(w, t, seg, gmhtml.DefaultWriter.RawWrite)
		if newline {
			w.WriteByte(' ')
		}
	}
	return ast.WalkSkipChildren, nil
}

func (r *redline) renderCodeBlock(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		w.WriteString("</code></pre>\n")
		return ast.WalkContinue, nil
	}
	w.WriteString("<pre><code")
	if fenced, ok := n.(*ast.FencedCodeBlock); ok {
		if lang := fenced.Language(src); lang != nil {
			w.WriteString(` class="language-`)
			gmhtml.DefaultWriter.Write(w, lang)
			w.WriteByte('"')
		}
	}
	w.WriteByte('>')
	r.writeLines(w, n, n.Lines())
	return ast.WalkContinue, nil
}

func (r *redline) renderHTMLBlock(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*ast.HTMLBlock)
	w.WriteString(`<pre class="raw-html"><code>`)
	r.writeLines(w, n, n.Lines())
	if n.HasClosure() {
		r.writeMarked(w, n, n.ClosureLine, gmhtml.DefaultWriter.RawWrite)
	}
	w.WriteString("</code></pre>\n")
	return ast.WalkContinue, nil
}

func (r *redline) renderRawHTML(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*ast.RawHTML)
	w.WriteString(`<code class="raw-html">`)
	r.writeLines(w, n, n.Segments)
	w.WriteString("</code>")
	return ast.WalkSkipChildren, nil
}

// renderStrikethrough writes the writer's own ~~strike-through~~ as <s>,
// keeping <del> for what the redline deletes.
func renderStrikethrough(w util.BufWriter, _ []byte, _ ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		w.WriteString("<s>")
	} else {
		w.WriteString("</s>")
	}
	return ast.WalkContinue, nil
}

func (r *redline) writeLines(w util.BufWriter, n ast.Node, lines *text.Segments) {
	for i := range lines.Len() {
		r.writeMarked(w, n, lines.At(i), gmhtml.DefaultWriter.RawWrite)
	}
}

// writeMarked writes the source text of seg with write, wrapping inserted
// parts in <ins> and writing the deletions placed in it where they were.
func (r *redline) writeMarked(w util.BufWriter, n ast.Node, seg text.Segment, write func(util.BufWriter, []byte)) {
	w.WriteString(strings.Repeat(" ", seg.Padding))
	start, stop := seg.Start, seg.Stop
	dels := r.inline[hostKey{n, start}]
	i := sort.Search(len(r.ins), func(i int) bool { return r.ins[i].end > start })
	// In a block new as a whole, the margin bar says it: no underlining.
	whollyNew := false
	if info := r.blocks[r.topOf(n)]; info != nil {
		whollyNew = info.isNew
	}
	for pos := start; ; {
		for len(dels) > 0 && min(max(r.dels[dels[0]].at, start), stop) <= pos {
			r.writeInline(w, dels[0], start, stop)
			dels = dels[1:]
		}
		if pos >= stop {
			break
		}
		next, inserted := stop, false
		if i < len(r.ins) {
			if r.ins[i].start <= pos {
				next, inserted = min(next, r.ins[i].end), true
			} else {
				next = min(next, r.ins[i].start)
			}
		}
		if len(dels) > 0 {
			next = min(next, r.dels[dels[0]].at)
		}
		tag := inserted && !whollyNew
		moved, isMoved := r.movedFrom[i]
		switch {
		case inserted && isMoved:
			fmt.Fprintf(w, "<ins class=\"moved\" id=\"%smoved-%d\" title=\"moved here\">", r.idPrefix, moved)
		case tag:
			w.WriteString("<ins>")
		}
		write(w, r.src[pos:next])
		if tag || inserted && isMoved {
			w.WriteString("</ins>")
		}
		pos = next
		if i < len(r.ins) && r.ins[i].end <= pos {
			i++
		}
	}
	if seg.ForceNewline && (stop == start || r.src[stop-1] != '\n') {
		w.WriteByte('\n')
	}
}

// writeInline writes deletion i within the text [start, stop); one placed
// outside it, in a gap of markup or blank, is set off by a space.
func (r *redline) writeInline(w util.BufWriter, i, start, stop int) {
	d := &r.dels[i]
	if d.written {
		return
	}
	d.written = true
	t := oneLine(d.text)
	if d.at > stop {
		w.WriteByte(' ')
		t = strings.TrimSpace(t)
	} else if d.at < start {
		t = strings.TrimSpace(t)
	}
	r.writeDel(w, i, t)
	if d.at < start {
		w.WriteByte(' ')
	}
}

// writeDel writes deleted text t of deletion i; a sentence that moved says
// so and links to where it went.
func (r *redline) writeDel(w util.BufWriter, i int, t string) {
	if _, moved := r.movedTo[i]; moved {
		fmt.Fprintf(w, "<del class=\"moved\" title=\"moved\">%s</del><a class=\"moved-link\" href=\"#%smoved-%d\">moved ↓</a>", html.EscapeString(t), r.idPrefix, i)
		return
	}
	w.WriteString("<del>")
	w.WriteString(html.EscapeString(t))
	w.WriteString("</del>")
}

// writeParagraphs writes deletion i, unless already written, as struck-out
// paragraphs, one per paragraph it held.
func (r *redline) writeParagraphs(w util.BufWriter, i int) {
	d := &r.dels[i]
	if d.written {
		return
	}
	d.written = true
	var para []string
	flush := func() {
		if len(para) > 0 {
			w.WriteString(`<p class="gone">`)
			r.writeDel(w, i, strings.Join(para, " "))
			w.WriteString("</p>\n")
			para = para[:0]
		}
	}
	for line := range strings.Lines(d.text) {
		if line = strings.TrimSpace(line); line == "" {
			flush()
		} else {
			para = append(para, line)
		}
	}
	flush()
}

// oneLine joins the lines of deleted text as a paragraph would.
func oneLine(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r", ""), "\n", " ")
}
