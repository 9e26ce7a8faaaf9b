package prose

import (
	"bytes"
	"fmt"
	"html"
	"io"
	"regexp"
	"strings"
	"sync"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	gmhtml "github.com/yuin/goldmark/renderer/html"
)

// ExportMeta is what the export's header says about the case study.
type ExportMeta struct {
	Title   string
	Authors []string
	Theme   string
	Company string
}

var firstHeading = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?m)\A\s*# .*\n`) })

// WriteExport writes the case study as one self-contained, publishable HTML
// page: guidance comments left out, the Markdown rendered with GitHub's
// extensions, readable typography, no external resources.
func WriteExport(w io.Writer, meta ExportMeta, markdown string) error {
	body := StripComments(markdown)
	// The page header carries the title; the document's own title heading
	// would say it twice.
	body = firstHeading().ReplaceAllString(body, "")
	md := goldmark.New(
		goldmark.WithExtensions(extension.GFM, extension.Footnote, inert{}),
		goldmark.WithParserOptions(parser.WithAutoHeadingID()),
		// Unsafe only so that goldmark hands raw HTML and every URL to
		// inert, which escapes the one and filters the other by an allow
		// list (goldmark's own filter is a deny list).
		goldmark.WithRendererOptions(gmhtml.WithUnsafe()),
	)
	var rendered bytes.Buffer
	if err := md.Convert([]byte(body), &rendered); err != nil {
		return err
	}
	esc := html.EscapeString
	var b strings.Builder
	fmt.Fprintf(&b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>%s</title>\n<style>%s</style>\n</head>\n<body>\n<article>\n<header>\n<h1>%s</h1>\n", esc(meta.Title), exportCSS, esc(meta.Title))
	if len(meta.Authors) > 0 {
		fmt.Fprintf(&b, "<p class=\"byline\">By %s</p>\n", esc(strings.Join(meta.Authors, ", ")))
	}
	// The template opens the document with its own Theme and Organisation
	// lines; the header repeats neither.
	theme := meta.Theme != "" && !strings.Contains(body, "**Theme:**")
	company := meta.Company != "" && !strings.Contains(body, "**Organisation:**")
	if theme || company {
		b.WriteString("<dl class=\"meta\">")
		if theme {
			fmt.Fprintf(&b, "<dt>Theme</dt><dd>%s</dd>", esc(meta.Theme))
		}
		if company {
			fmt.Fprintf(&b, "<dt>Organisation</dt><dd>%s</dd>", esc(meta.Company))
		}
		b.WriteString("</dl>\n")
	}
	b.WriteString("</header>\n")
	b.Write(rendered.Bytes())
	b.WriteString("</article>\n</body>\n</html>\n")
	_, err := io.WriteString(w, b.String())
	return err
}

const exportCSS = `
:root { color-scheme: light; }
body { margin: 0; background: #fdfdfb; color: #1f2328; font: 18px/1.65 Georgia, "Iowan Old Style", "Palatino Linotype", serif; }
article { max-width: 42em; margin: 0 auto; padding: 3em 1.5em 5em; }
header { border-bottom: 1px solid #d8d8d0; margin-bottom: 2em; }
h1, h2, h3, h4 { font-family: "Helvetica Neue", Arial, sans-serif; line-height: 1.25; margin: 1.8em 0 .6em; }
header h1 { font-size: 2.2em; margin-top: 0; }
.byline { font-style: italic; color: #57606a; }
.meta { display: grid; grid-template-columns: max-content 1fr; gap: .2em 1em; color: #57606a; font-size: .9em; }
.meta dt { font-weight: bold; }
.meta dd { margin: 0; }
p, li { hyphens: auto; }
blockquote { margin: 1em 0; padding: 0 1em; border-left: 4px solid #d0d7de; color: #57606a; }
pre { background: #f6f8fa; padding: 1em; overflow-x: auto; font-size: .85em; line-height: 1.45; }
code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: .9em; }
table { border-collapse: collapse; margin: 1em 0; font-size: .95em; }
th, td { border: 1px solid #d0d7de; padding: .35em .7em; text-align: left; vertical-align: top; }
img { max-width: 100%; }
@media print { body { background: white; font-size: 12pt; } article { padding: 0; } }
`
