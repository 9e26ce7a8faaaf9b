package prose

import (
	"fmt"
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"
)

var (
	tagRE  = regexp.MustCompile(`<(/?)([a-zA-Z][a-zA-Z0-9]*)[^>]*>`)
	markRE = regexp.MustCompile(`<(ins|del)>([^<]*)</(ins|del)>`)
)

// checkWellFormed fails t unless every element of page is closed in order,
// and every <ins> and <del> holds text only.
func checkWellFormed(t testing.TB, page string) {
	t.Helper()
	void := map[string]bool{"meta": true, "br": true, "hr": true, "img": true, "input": true}
	var open []string
	for _, m := range tagRE.FindAllStringSubmatch(page, -1) {
		closing, name := m[1] == "/", strings.ToLower(m[2])
		switch {
		case void[name]:
		case !closing:
			open = append(open, name)
		case len(open) == 0 || open[len(open)-1] != name:
			t.Fatalf("</%s> closes %v:\n%s", name, open, page)
		default:
			open = open[:len(open)-1]
		}
	}
	if len(open) > 0 {
		t.Fatalf("unclosed %v:\n%s", open, page)
	}
	marks := markRE.FindAllStringSubmatch(page, -1)
	for _, m := range marks {
		if m[1] != m[3] {
			t.Fatalf("<%s> closed by </%s>:\n%s", m[1], m[3], page)
		}
	}
	if n := strings.Count(page, "<ins>") + strings.Count(page, "<del>"); n != len(marks) {
		t.Fatalf("%d marks, %d of them text only:\n%s", n, len(marks), page)
	}
}

func writeRedline(t testing.TB, files ...FileDiff) string {
	t.Helper()
	var b strings.Builder
	if err := WriteRedline(&b, "Evolving <Acme>", "draft 1", "draft 2", files); err != nil {
		t.Fatal(err)
	}
	page := b.String()
	checkWellFormed(t, page)
	return page
}

// article returns the rendered document of the first file.
func article(page string) string {
	_, a, _ := strings.Cut(page, "<article>\n")
	a, _, _ = strings.Cut(a, "</article>")
	return a
}

func TestWriteRedline(t *testing.T) {
	old := `# Intro

The team met daily.
They talked a lot.

## Old results

- first item
- second item

Between.

> Quote here.

A whole paragraph to go.
With two lines.

Kept paragraph.

| Team | Size |
|------|------|
| Red  | 7    |
`
	new := `# Introduction

The team met weekly <script>alert(1)</script>.
They talked a lot.

## Results and learnings

- changed item
- second item
- third item

Between.

> Unquote here.

Kept paragraph.

## New section

Brand new paragraph.

| Team | Size |
|------|------|
| Red  | 8    |
`
	page := writeRedline(t, FileDiff{"case-study.md", WordDiff(old, new)})
	doc := article(page)
	for _, want := range []string{
		"<h1><del>Intro</del><ins>Introduction</ins></h1>",
		"<h2><del>Old results</del><ins>Results and learnings</ins></h2>",
		"<li><del>first</del><ins>changed</ins> item</li>",
		"<li><ins>third item</ins></li>",
		// A new section: a margin bar and a badge, not every sentence underlined.
		"<div class=\"new-block\"><span class=\"badge\">new section</span>\n<a class=\"change\" id=\"f1-change-7\"></a>\n<h2>New section</h2>\n<p>Brand new paragraph.</p>\n</div>",
		"</blockquote>\n<a class=\"change\" id=\"f1-change-6\"></a>\n<p class=\"gone\"><del>A whole paragraph to go. With two lines.</del></p>\n<p>Kept paragraph.</p>",
		"<blockquote>\n<p><del>Quote</del><ins>Unquote</ins> here.</p>",
		"<td><del>7</del><ins>8</ins></td>",
		"&lt;script&gt;",
	} {
		if !strings.Contains(doc, want) {
			t.Errorf("redline lacks %q:\n%s", want, doc)
		}
	}
	for _, want := range []string{
		"<title>Evolving &lt;Acme&gt; — draft 1 → draft 2</title>",
		`<p class="versions">draft 1 → draft 2</p>`,
		`<span class="added">+16</span> <span class="removed">−15</span> words`,
		"<style>",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	// Self-contained: nothing to fetch, nothing to run.
	for _, bad := range []string{"<script", "http:", "https:", "//", "src=", "<link", "url(", "@import"} {
		if strings.Contains(strings.ReplaceAll(page, "<!DOCTYPE html>", ""), bad) {
			t.Errorf("page contains %q", bad)
		}
	}
}

func TestWriteRedlineSpans(t *testing.T) {
	tests := []struct {
		name  string
		segs  []Segment
		wants []string
	}{
		{
			name: "insertion over several paragraphs",
			segs: []Segment{
				{Equal, "First "},
				{Insert, "inserted words.\n\nA whole new paragraph.\n\nAnd the start of"},
				{Equal, " the second.\n"},
			},
			wants: []string{
				"<p>First <ins>inserted words.</ins></p>",
				"<div class=\"new-block\"><span class=\"badge\">new</span>\n<a class=\"change\" id=\"f1-change-2\"></a>\n<p>A whole new paragraph.</p>\n</div>",
				"<p><ins>And the start of</ins> the second.</p>",
			},
		},
		{
			name: "deletion over several paragraphs",
			segs: []Segment{
				{Equal, "Keep "},
				{Delete, "this.\n\nWhole.\n\nPart of"},
				{Equal, " the end.\n"},
			},
			wants: []string{
				"<p>Keep  the end.</p>",
				`<p class="gone"><del>this.</del></p>`,
				`<p class="gone"><del>Whole.</del></p>`,
				`<p class="gone"><del>Part of</del></p>`,
			},
		},
		{
			name: "deleted sentence stays in its paragraph",
			segs: []Segment{
				{Equal, "First sentence.\n"},
				{Delete, "Second sentence.\n"},
				{Equal, "Third sentence.\n\nNext.\n"},
			},
			wants: []string{"<p>First sentence.\n<del>Second sentence. </del>Third sentence.</p>"},
		},
		{
			name: "deleted last sentence stays in its paragraph",
			segs: []Segment{
				{Equal, "First sentence.\n"},
				{Delete, "Last sentence.\n"},
				{Equal, "\nNext.\n"},
			},
			wants: []string{"<p>First sentence. <del>Last sentence.</del></p>"},
		},
		{
			name: "deleted heading stands alone",
			segs: []Segment{
				{Equal, "Before.\n\n"},
				{Delete, "## Gone\n\n"},
				{Equal, "After.\n"},
			},
			wants: []string{"<p>Before.</p>\n<a class=\"change\" id=\"f1-change-1\"></a>\n<p class=\"gone\"><del>## Gone</del></p>\n<p>After.</p>"},
		},
		{
			name: "block marker inserted before a line",
			segs: []Segment{
				{Insert, "## "},
				{Equal, "Title\n"},
			},
			wants: []string{"<h2>Title</h2>"},
		},
		{
			name: "markdown in deleted text is shown as written",
			segs: []Segment{
				{Equal, "Text "},
				{Delete, "**bold** <em>x</em>"},
				{Equal, " end.\n"},
			},
			wants: []string{"<del>**bold** &lt;em&gt;x&lt;/em&gt;</del>"},
		},
		{
			name: "change inside code",
			segs: []Segment{
				{Equal, "Run `go "},
				{Delete, "test"},
				{Insert, "vet"},
				{Equal, "` now.\n\n```\nA --> "},
				{Insert, "B"},
				{Equal, "\n```\n"},
			},
			wants: []string{
				"<code>go <del>test</del><ins>vet</ins></code>",
				"<pre><code>A --&gt; <ins>B</ins>\n</code></pre>",
			},
		},
		{
			name:  "the writer's strike-through is not a deletion",
			segs:  []Segment{{Equal, "~~old~~ new\n"}},
			wants: []string{"<p><s>old</s> new</p>"},
		},
		{
			name:  "everything deleted",
			segs:  []Segment{{Delete, "# Title\n\nText.\n"}},
			wants: []string{`<p class="gone"><del># Title</del></p>`, `<p class="gone"><del>Text.</del></p>`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := article(writeRedline(t, FileDiff{"a.md", tt.segs}))
			for _, want := range tt.wants {
				if !strings.Contains(doc, want) {
					t.Errorf("redline lacks %q:\n%s", want, doc)
				}
			}
		})
	}
}

func TestWriteRedlineFiles(t *testing.T) {
	page := writeRedline(t,
		FileDiff{"case-study.md", WordDiff("Same text.\n", "Same text.\n")},
		FileDiff{"appendix.md", WordDiff("Old.\n", "New.\n")},
	)
	_, docs, _ := strings.Cut(page, "<main>")
	first, second := strings.Index(docs, "case-study.md"), strings.Index(docs, "appendix.md")
	if first < 0 || second < 0 || first > second {
		t.Errorf("files missing or out of order:\n%s", page)
	}
	if !strings.Contains(page, "<p>Same text.</p>") {
		t.Errorf("unchanged file not rendered:\n%s", page)
	}
}

// TestWriteRedlineRandomEdits throws edits that cut across Markdown
// structure at the redline, which must stay well-formed whatever they do.
func TestWriteRedlineRandomEdits(t *testing.T) {
	base := "# Title\n\nSome *emphasis* and **strong** text with `code` and [a link](x.md).\n" +
		"A second sentence.\n\n- item one\n- item two\n  continued\n\n1. first\n2. second\n\n" +
		"> quoted\n> text\n\n| A | B |\n|---|---|\n| 1 | 2 |\n\n```go\nfunc main() {}\n```\n\n" +
		"Text <span>raw</span> here.\n\n<div>\nblock\n</div>\n\n- [ ] task\n\n---\n\nEnd ~~struck~~.\n"
	pool := []string{"#", "## ", "-", "- ", "**", "*", "_", "`", "```", "|", "> ", "1.", "\n", "\n\n",
		"<b>", "</div>", "<!--", "[", "](", ")", "word", "&amp;", "\\", "  ", "~~", "[x]", "---"}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 300 {
		words := strings.SplitAfter(base, " ")
		for range 1 + rng.IntN(6) {
			i := rng.IntN(len(words))
			switch rng.IntN(3) {
			case 0:
				words[i] = ""
			case 1:
				words[i] = pool[rng.IntN(len(pool))] + words[i]
			default:
				words[i] = pool[rng.IntN(len(pool))] + " "
			}
		}
		new := strings.Join(words, "")
		writeRedline(t, FileDiff{"a.md", WordDiff(base, new)}, FileDiff{"b.md", WordDiff(new, base)})
	}
}

func TestRedlineKeepsTheBlankOutsideAnInsertion(t *testing.T) {
	var b strings.Builder
	segs := WordDiff("Acme had eight teams.\n", "Acme had eight feature teams.\n")
	if err := WriteRedline(&b, "T", "a", "b", []FileDiff{{Path: "x.md", Segments: segs}}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "eight <ins>feature</ins> teams") {
		t.Errorf("insertion not marked as a word:\n%s", b.String())
	}
}

// The page opens with the list of changes, each linking to its place under
// the heading it follows; the title shows once when the document's first
// heading is the title; a sentence that moved is shown as moved, linked to
// where it went.
func TestRedlineSummaryTitleAndMoves(t *testing.T) {
	old := "# Evolving <Acme>\n\n## Background\n\nThe company made printers for offices.\nIt had nine teams in two sites.\n\n## Adoption\n\nWe began in March.\n"
	new := "# Evolving <Acme>\n\n## Background\n\nIt had nine teams in two sites.\nThe company made printers for offices.\n\n## Adoption\n\nWe began slowly in March.\n\n## Results\n\nCycle time halved.\n"
	page := writeRedline(t, FileDiff{"case-study.md", WordDiff(old, new)})
	_, header, _ := strings.Cut(page, `<header class="redline">`)
	header, _, _ = strings.Cut(header, "</header>")
	if strings.Contains(header, `class="title"`) {
		t.Errorf("the title shows twice: the document's heading is the title:\n%s", header)
	}
	for _, want := range []string{
		`<nav class="changes"><p>3 changed places; each links to its place:</p>`,
		`<li><a href="#f1-change-1">Background</a> `,
		`<li><a href="#f1-change-2">Adoption</a> <span class="added">+1</span> <span class="removed">−0</span> <span class="what"><ins>slowly</ins></span></li>`,
		`<li><a href="#f1-change-3">Results</a> <span class="badge">new</span> <span class="added">+4</span> <span class="removed">−0</span> <span class="what"></span></li>`,
	} {
		if !strings.Contains(header, want) {
			t.Errorf("summary lacks %q:\n%s", want, header)
		}
	}
	doc := article(page)
	for i := 1; i <= 3; i++ {
		if id := fmt.Sprintf(`<a class="change" id="f1-change-%d"></a>`, i); !strings.Contains(doc, id) {
			t.Errorf("no anchor %s in:\n%s", id, doc)
		}
	}
	// The moved sentence: struck as moved where it was, with a link to
	// where it is now, and marked there.
	m := regexp.MustCompile(`<del class="moved" title="moved">([^<]*)</del><a class="moved-link" href="#(f1-moved-[0-9]+)">moved ↓</a>`).FindStringSubmatch(doc)
	if m == nil {
		t.Fatalf("no moved sentence in:\n%s", doc)
	}
	if !strings.Contains(doc, `<ins class="moved" id="`+m[2]+`" title="moved here">`) {
		t.Errorf("the moved sentence's new place %s is not marked:\n%s", m[2], doc)
	}
	// Subsections repeat their names: a place is named with its section.
	sub := writeRedline(t, FileDiff{"a.md", WordDiff(
		"## Experiment 1\n\n### Narrative\n\nWe began.\n\n## Experiment 2\n\n### Narrative\n\nWe went on.\n",
		"## Experiment 1\n\n### Narrative\n\nWe began.\n\n## Experiment 2\n\n### Narrative\n\nWe went on slowly.\n")})
	if !strings.Contains(sub, `<a href="#f1-change-1">Experiment 2 › Narrative</a>`) {
		t.Errorf("the place is not named with its section:\n%s", sub)
	}
	// With another title, the header keeps it.
	var b strings.Builder
	if err := WriteRedline(&b, "Another title", "draft 1", "draft 2", []FileDiff{{"a.md", WordDiff("x\n", "y\n")}}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), `<p class="title">Another title</p>`) {
		t.Errorf("the title is missing when the document does not open with it")
	}
}
