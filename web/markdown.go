package web

import (
	"bytes"
	"fmt"
	"html"
	"sort"
	"strings"

	"github.com/less-trainers/casestudy/prose"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	gmhtml "github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// renderDocument renders one Markdown document as the export does (GitHub's
// extensions), with a marker at the start of every source line that holds
// text: an empty element carrying the line number, which the style sheet
// shows in the gutter and the script reads to turn a selection into the
// lines a comment is about. The numbers are those of the file as written,
// guidance comments included, since comments are placed by them.
//
// Guidance comments are left out; any other raw HTML is shown as text,
// never run: the document comes from someone else.
func renderDocument(path, markdown string) (string, error) {
	src := []byte(markdown)
	lr := &lineRenderer{path: path, starts: lineStarts(src), marked: map[int]bool{}, base: map[ast.NodeKind]renderer.NodeRendererFunc{}}
	gmhtml.NewRenderer().RegisterFuncs(funcMap(lr.base))
	md := goldmark.New(
		goldmark.WithExtensions(extension.GFM, extension.Footnote),
		goldmark.WithParserOptions(parser.WithAutoHeadingID(), prose.InertLinks()),
		goldmark.WithRendererOptions(renderer.WithNodeRenderers(util.Prioritized(lr, 10))),
	)
	var out bytes.Buffer
	if err := md.Convert(src, &out); err != nil {
		return "", err
	}
	return out.String(), nil
}

// lineAnchor is the id of a line's marker: the file and the line, so a
// link can point at case-study.md line 12 as #case-study-md-L12.
func lineAnchor(path string, line int) string {
	return fmt.Sprintf("%s-L%d", slug(path), line)
}

func slug(path string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
			return r
		}
		return '-'
	}, path)
}

type funcMap map[ast.NodeKind]renderer.NodeRendererFunc

func (m funcMap) Register(kind ast.NodeKind, f renderer.NodeRendererFunc) { m[kind] = f }

type lineRenderer struct {
	path   string
	starts []int // byte offset where each line begins
	marked map[int]bool
	base   funcMap // goldmark's own HTML renderer, for what is not changed
}

func lineStarts(src []byte) []int {
	starts := []int{0}
	for i, b := range src {
		if b == '\n' && i+1 < len(src) {
			starts = append(starts, i+1)
		}
	}
	return starts
}

// lineOf is the 1-based line holding byte offset i.
func (r *lineRenderer) lineOf(i int) int {
	return sort.Search(len(r.starts), func(k int) bool { return r.starts[k] > i })
}

// mark writes the marker of the line holding offset i, once per line.
func (r *lineRenderer) mark(w util.BufWriter, i int) {
	n := r.lineOf(i)
	if r.marked[n] {
		return
	}
	r.marked[n] = true
	fmt.Fprintf(w, `<span class="ln" id="%s" data-path="%s" data-line="%d"></span>`,
		html.EscapeString(lineAnchor(r.path, n)), html.EscapeString(r.path), n)
}

func (r *lineRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindText, r.renderText)
	reg.Register(ast.KindCodeBlock, r.renderCode)
	reg.Register(ast.KindFencedCodeBlock, r.renderCode)
	reg.Register(ast.KindHTMLBlock, r.renderHTMLBlock)
	reg.Register(ast.KindRawHTML, r.renderRawHTML)
}

func (r *lineRenderer) renderText(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		if n := node.(*ast.Text); n.Segment.Len() > 0 {
			r.mark(w, n.Segment.Start)
		}
	}
	return r.base[ast.KindText](w, src, node, entering)
}

func (r *lineRenderer) renderCode(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		w.WriteString("</code></pre>\n")
		return ast.WalkContinue, nil
	}
	w.WriteString("<pre><code")
	if n, ok := node.(*ast.FencedCodeBlock); ok {
		if lang := n.Language(src); lang != nil {
			fmt.Fprintf(w, ` class="language-%s"`, html.EscapeString(string(lang)))
		}
	}
	w.WriteString(">")
	r.writeLines(w, src, node.Lines())
	return ast.WalkContinue, nil
}

func (r *lineRenderer) writeLines(w util.BufWriter, src []byte, lines *text.Segments) {
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		r.mark(w, seg.Start)
		w.WriteString(html.EscapeString(string(seg.Value(src))))
	}
}

// renderHTMLBlock leaves guidance comments out and shows other HTML as
// text, line by line.
func (r *lineRenderer) renderHTMLBlock(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*ast.HTMLBlock)
	if !entering || n.HTMLBlockType == ast.HTMLBlockType2 {
		return ast.WalkContinue, nil
	}
	w.WriteString(`<pre class="raw-html"><code>`)
	r.writeLines(w, src, n.Lines())
	if n.HasClosure() {
		r.mark(w, n.ClosureLine.Start)
		w.WriteString(html.EscapeString(string(n.ClosureLine.Value(src))))
	}
	w.WriteString("</code></pre>\n")
	return ast.WalkContinue, nil
}

func (r *lineRenderer) renderRawHTML(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkSkipChildren, nil
	}
	n := node.(*ast.RawHTML)
	var b strings.Builder
	for i := 0; i < n.Segments.Len(); i++ {
		seg := n.Segments.At(i)
		b.Write(seg.Value(src))
	}
	if s := b.String(); !strings.HasPrefix(s, "<!--") {
		fmt.Fprintf(w, `<code class="raw-html">%s</code>`, html.EscapeString(s))
	}
	return ast.WalkSkipChildren, nil
}
