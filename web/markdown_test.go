package web

import (
	"strings"
	"testing"
)

func TestRenderDocumentMarksLinesHidesGuidanceAndDisarmsHTML(t *testing.T) {
	doc := "# Acme\n\n<!--\nguidance for the writer\n-->\n\nEight teams shared one *Product Owner*.\nWe began in March <!-- say when -->.\n\n<script>alert(1)</script>\n\n- one <b onclick=x>two</b>\n\n```\ncode line\n```\n\n[click](javascript:alert(4)) and [ok](https://less.works) ![i](data:image/png;base64,AAAA)\n"
	out, err := renderDocument("case-study.md", doc)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`<h1 id="acme"><span class="ln" id="case-study-md-L1" data-path="case-study.md" data-line="1"></span>Acme</h1>`,
		`data-line="7"></span>Eight teams shared one <em>Product Owner</em>.`,
		`data-line="8"></span>We began in March .`,
		`&lt;script&gt;alert(1)&lt;/script&gt;`,
		`<code class="raw-html">&lt;b onclick=x&gt;</code>`,
		`data-line="15"></span>code line`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %s in\n%s", want, out)
		}
	}
	if !strings.Contains(out, `<a href="https://less.works">ok</a>`) {
		t.Errorf("a web link is lost:\n%s", out)
	}
	for _, bad := range []string{"guidance", "say when", "<script", "<b ", "javascript:", "data:image"} {
		if strings.Contains(out, bad) {
			t.Errorf("%q shows in\n%s", bad, out)
		}
	}
}
