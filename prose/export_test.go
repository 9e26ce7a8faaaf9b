package prose

import (
	"html"
	"regexp"
	"strings"
	"testing"
)

func TestExportHeaderDoesNotRepeatTheDocument(t *testing.T) {
	var with, without strings.Builder
	meta := ExportMeta{Title: "T", Authors: []string{"Ana"}, Theme: "one PO", Company: "Acme"}
	if err := WriteExport(&with, meta, "# T\n\n- **Theme:** one PO\n- **Organisation:** Acme\n"); err != nil {
		t.Fatal(err)
	}
	if err := WriteExport(&without, meta, "# T\n\nText.\n"); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(with.String(), "<dt>Theme</dt>") || !strings.Contains(without.String(), "<dt>Theme</dt><dd>one PO</dd>") {
		t.Errorf("header meta: with the lines %v, without them %v", strings.Contains(with.String(), "<dt>Theme</dt>"), strings.Contains(without.String(), "<dt>Theme</dt>"))
	}
}

// hostileDocument tries every way a document could run a script in the
// exported page.
const hostileDocument = `# T

<script>document.documentElement.setAttribute("data-ran", "script")</script>

Inline <img src=x onerror="document.documentElement.setAttribute('data-ran','img')"> and <svg onload="document.documentElement.setAttribute('data-ran','svg')"></svg> tags.

<div><iframe src="javascript:parent.document.documentElement.setAttribute('data-ran','iframe')"></iframe></div>

[a link](javascript:document.documentElement.setAttribute('data-ran','link')) and [another](JaVaScRiPt:alert(1)),
![an image](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+) and <vbscript:msgbox>,
[fine](https://less.works/) [mail](mailto:ana@example.com) [relative](models/loop.md#top).
`

func TestExportIsInert(t *testing.T) {
	var b strings.Builder
	if err := WriteExport(&b, ExportMeta{Title: "T"}, hostileDocument); err != nil {
		t.Fatal(err)
	}
	checkInert(t, b.String())
}

// The redline renders the same Markdown, with the changes marked.
func TestRedlineIsInert(t *testing.T) {
	var b strings.Builder
	files := []FileDiff{{Path: "case-study.md", Segments: WordDiff("# T\n\nBefore.\n", hostileDocument)}}
	if err := WriteRedline(&b, "T", "draft 1", "draft 2", files); err != nil {
		t.Fatal(err)
	}
	checkInert(t, b.String())
}

func checkInert(t *testing.T, page string) {
	t.Helper()
	if m := regexp.MustCompile(`(?i)<(script|img|svg|iframe|object|embed)\b|<[a-z][^>]*\son[a-z]+\s*=`).FindString(page); m != "" {
		t.Errorf("the export holds active markup %q:\n%s", m, page)
	}
	for _, m := range regexp.MustCompile(`(?i)\s(?:href|src)="([^"]*)"`).FindAllStringSubmatch(page, -1) {
		if !SafeURL(html.UnescapeString(m[1])) {
			t.Errorf("the export links to %q", m[1])
		}
	}
	for _, good := range []string{`href="https://less.works/"`, `href="mailto:ana@example.com"`, `href="models/loop.md#top"`, "&lt;script&gt;", "a link and another", "an image and"} {
		if !strings.Contains(page, good) {
			t.Errorf("the export lacks %q:\n%s", good, page)
		}
	}
}

func TestSafeURL(t *testing.T) {
	for u, want := range map[string]bool{
		"https://x": true, "HTTP://x": true, "mailto:a@b": true, "a/b.md": true, "#top": true, "/abs": true, "?q=1": true, "a/b:c": true,
		"javascript:x": false, "JavaScript:x": false, "java\tscript:x": false, " javascript:x": false, "data:text/html,x": false, "file:///etc/passwd": false, "vbscript:x": false,
	} {
		if got := SafeURL(u); got != want {
			t.Errorf("SafeURL(%q) = %v, want %v", u, got, want)
		}
	}
}
