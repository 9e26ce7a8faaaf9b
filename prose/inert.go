package prose

import (
	"html"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// inert keeps an exported page passive, whoever wrote the document: raw
// HTML is shown as the text it is (so a <script>, an <svg onload> or an
// <img onerror> never becomes an element), and links and images go only to
// http, https, mailto or a relative address (no javascript:, data: or
// file:). A link to anywhere else keeps its text and loses its target.
type inert struct{}

func (inert) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(inertLinks{}, 1000)))
	// Lower numbers register last and win over the default renderer (1000).
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(inertHTML{}, 100)))
}

// InertLinks is the export's link filter as a parser option, for another
// page that renders a case study its own way (casestudy serve's).
func InertLinks() parser.Option {
	return parser.WithASTTransformers(util.Prioritized(inertLinks{}, 1000))
}

type inertHTML struct{}

func (inertHTML) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindRawHTML, func(w util.BufWriter, source []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			segs := n.(*ast.RawHTML).Segments
			for i := 0; i < segs.Len(); i++ {
				s := segs.At(i)
				w.WriteString(html.EscapeString(string(s.Value(source))))
			}
		}
		return ast.WalkSkipChildren, nil
	})
	reg.Register(ast.KindHTMLBlock, func(w util.BufWriter, source []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		b := n.(*ast.HTMLBlock)
		var raw strings.Builder
		for i := 0; i < b.Lines().Len(); i++ {
			s := b.Lines().At(i)
			raw.Write(s.Value(source))
		}
		if b.HasClosure() {
			raw.Write(b.ClosureLine.Value(source))
		}
		w.WriteString("<pre class=\"raw-html\">")
		w.WriteString(html.EscapeString(strings.TrimRight(raw.String(), "\n")))
		w.WriteString("</pre>\n")
		return ast.WalkSkipChildren, nil
	})
}

type inertLinks struct{}

func (inertLinks) Transform(doc *ast.Document, reader text.Reader, _ parser.Context) {
	source := reader.Source()
	var unwrap []ast.Node
	var plain []*ast.AutoLink
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Link:
			if !SafeURL(string(n.Destination)) {
				unwrap = append(unwrap, n)
			}
		case *ast.Image:
			if !SafeURL(string(n.Destination)) {
				unwrap = append(unwrap, n)
			}
		case *ast.AutoLink:
			if !SafeURL(string(n.URL(source))) {
				plain = append(plain, n)
			}
		}
		return ast.WalkContinue, nil
	})
	for _, n := range unwrap {
		parent := n.Parent()
		for c := n.FirstChild(); c != nil; {
			next := c.NextSibling()
			parent.InsertBefore(parent, n, c)
			c = next
		}
		parent.RemoveChild(parent, n)
	}
	for _, n := range plain {
		n.Parent().ReplaceChild(n.Parent(), n, ast.NewString(n.Label(source)))
	}
}

// SafeURL reports whether a link target is one an exported page may hold:
// http, https, mailto, or relative (no scheme at all).
func SafeURL(u string) bool {
	if strings.ContainsFunc(u, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
		return false // browsers drop tabs and newlines inside a scheme
	}
	i := strings.IndexAny(u, ":/?#")
	if i < 0 || u[i] != ':' {
		return true
	}
	switch strings.ToLower(u[:i]) {
	case "http", "https", "mailto":
		return true
	}
	return false
}
