package prose

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

func TestSemanticBreaks(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"two sentences", "One sentence. Another one.\n", "One sentence.\nAnother one.\n"},
		{"question and exclamation", "Why? Because! Then it ended.\n", "Why?\nBecause!\nThen it ended.\n"},
		{"already one per line", "One.\nTwo.\n", "One.\nTwo.\n"},
		{"never joins", "A sentence broken\nwhere the writer chose.\n", "A sentence broken\nwhere the writer chose.\n"},
		{"closing quote and bracket", `He said "stop." Then (it worked.) We left.` + "\n", "He said \"stop.\"\nThen (it worked.)\nWe left.\n"},
		{"emphasis", "It was **done.** Next came more.\n", "It was **done.**\nNext came more.\n"},
		{"abbreviations", "See e.g. Chapter 3, i.e. The end. Dr. Who met Mr. Smith and Mrs. Jones vs. Ms. Lee, cf. Fig. 4 and No. 5, etc. Then it ended.\n",
			"See e.g. Chapter 3, i.e. The end.\nDr. Who met Mr. Smith and Mrs. Jones vs. Ms. Lee, cf. Fig. 4 and No. 5, etc. Then it ended.\n"},
		{"initials", "J. R. R. Tolkien wrote it. The U.S. Army read it.\n", "J. R. R. Tolkien wrote it.\nThe U.S. Army read it.\n"},
		{"numbers and versions", "It grew 3.5 times in v1.2.3 and 2.0. The team saw it.\n", "It grew 3.5 times in v1.2.3 and 2.0.\nThe team saw it.\n"},
		{"lower-case next word", "It cost 5 min. per day and so on... and on.\n", "It cost 5 min. per day and so on... and on.\n"},
		{"figure label", "**Figure 1.** (Caption: what it shows.) See Table 2. It has more.\n", "**Figure 1.** (Caption: what it shows.)\nSee Table 2.\nIt has more.\n"},
		{"run-in heading", "**Context.** The teams met. *Figure.* A model. Then **it ended.** Yes.\n", "**Context.** The teams met.\n*Figure.* A model.\nThen **it ended.**\nYes.\n"},
		{"label after a break", "It was hard. Figure 2. The model shows it.\n", "It was hard.\nFigure 2. The model shows it.\n"},
		{"step label", "Step 2. Ask why. Then stop.\n", "Step 2. Ask why.\nThen stop.\n"},
		{"number starts a sentence", "It was 2019. 2020 was worse.\n", "It was 2019.\n2020 was worse.\n"},
		{"no new list item", "We counted to 3. 1. That is a list.\n", "We counted to 3. 1.\nThat is a list.\n"},
		{"list item", "- First point. Second point.\n  Continued. Again.\n", "- First point.\n  Second point.\n  Continued.\n  Again.\n"},
		{"ordered list", "10. First. Second.\n", "10. First.\n    Second.\n"},
		{"nested list", "- a\n  - Deep one. Deep two.\n", "- a\n  - Deep one.\n    Deep two.\n"},
		{"quotation", "> Quoted one. Quoted two.\n", "> Quoted one.\n> Quoted two.\n"},
		{"quoted list", "> - Item one. Item two.\n", "> - Item one.\n>   Item two.\n"},
		{"heading", "# Title. Subtitle.\n## Part one. Part two.\n", "# Title. Subtitle.\n## Part one. Part two.\n"},
		{"setext heading", "Title one. Title two.\n===\n", "Title one. Title two.\n===\n"},
		{"fenced code", "```\ncode. More code.\n```\nText. More.\n", "```\ncode. More code.\n```\nText.\nMore.\n"},
		{"tilde fence in list", "- Item.\n\n  ~~~\n  x. Y.\n  ~~~\n", "- Item.\n\n  ~~~\n  x. Y.\n  ~~~\n"},
		{"indented code", "Para.\n\n    code. More.\n\nText. More.\n", "Para.\n\n    code. More.\n\nText.\nMore.\n"},
		{"table", "| a. B. | c |\n|---|---|\n| One. Two. | x |\n", "| a. B. | c |\n|---|---|\n| One. Two. | x |\n"},
		{"table without outer pipes", "One. Two | x\n--- | ---\nA. B | y\n", "One. Two | x\n--- | ---\nA. B | y\n"},
		{"link text", "Read [the book. It is good](https://example.com/a. B) now. Then go.\n", "Read [the book. It is good](https://example.com/a. B) now.\nThen go.\n"},
		{"link text across lines", "Read [the book\nnow. It is good](https://x.y) today.\n", "Read [the book\nnow. It is good](https://x.y) today.\n"},
		{"code span", "Run `a. B` now. Then stop.\n", "Run `a. B` now.\nThen stop.\n"},
		{"autolink and html", "See <https://x.y/a. B> and <span title=\"a. B\">x</span> here.\n", "See <https://x.y/a. B> and <span title=\"a. B\">x</span> here.\n"},
		{"comment line", "Text. <!-- note. Note. --> More. Yes.\n", "Text. <!-- note. Note. --> More. Yes.\n"},
		{"comment block", "<!--\nGuidance. More guidance.\n-->\nText. More.\n", "<!--\nGuidance. More guidance.\n-->\nText.\nMore.\n"},
		{"front matter", "---\ntitle: A. B.\n---\nText. More.\n", "---\ntitle: A. B.\n---\nText.\nMore.\n"},
		{"html block", "<div>\nOne. Two.\n</div>\n\nOne. Two.\n", "<div>\nOne. Two.\n</div>\n\nOne.\nTwo.\n"},
		{"hard break kept", "One. Two.  \nThree.\n", "One.\nTwo.  \nThree.\n"},
		{"crlf", "One. Two.\r\nThree.\r\n", "One.\r\nTwo.\r\nThree.\r\n"},
		{"no final newline", "One. Two.", "One.\nTwo."},
		{"lone carriage return", "One. Two.\rThree. Four.\n", "One. Two.\rThree. Four.\n"},
		{"link reference definition", "[a]: https://x.y 'A. B'\n", "[a]: https://x.y 'A. B'\n"},
		{"no reference definition made", "See it. [Foo]: bar\n", "See it. [Foo]: bar\n"},
		{"escaped full stop", "It was 2019\\. Then more.\n", "It was 2019\\. Then more.\n"},
		{"several spaces", "One.   Two.\n", "One.\nTwo.\n"},
		{"ellipsis", "Wait… Then go.\n", "Wait…\nThen go.\n"},
		{"unicode capital", "Fin. Ärger folgt.\n", "Fin.\nÄrger folgt.\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := SemanticBreaks(tt.in)
			if got != tt.want {
				t.Errorf("SemanticBreaks(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
			checkSembr(t, tt.in)
		})
	}
}

// checkSembr checks the promises of SemanticBreaks on one input: it is
// stable, it keeps every word in order, and the Markdown renders the same.
func checkSembr(t *testing.T, in string) {
	t.Helper()
	out := SemanticBreaks(in)
	if again := SemanticBreaks(out); again != out {
		t.Fatalf("not idempotent on %q:\nonce  %q\ntwice %q", in, out, again)
	}
	if a, b := words(in), words(out); strings.Join(a, "\x00") != strings.Join(b, "\x00") {
		t.Fatalf("words changed on %q:\nin  %q\nout %q", in, a, b)
	}
	if a, b := render(in), render(out); a != b {
		t.Fatalf("rendering changed on %q → %q:\nin  %q\nout %q", in, out, a, b)
	}
}

// words are the white-space separated words, without the ">" markers that
// continue a quotation.
func words(s string) []string {
	var out []string
	for _, w := range strings.Fields(s) {
		if strings.Trim(w, ">") != "" {
			out = append(out, w)
		}
	}
	return out
}

var spaces = regexp.MustCompile(`\s+`)

// render is the HTML of the Markdown with white space runs made one space:
// a soft line break and a space are the same to a reader.
func render(s string) string {
	var b bytes.Buffer
	md := goldmark.New(goldmark.WithExtensions(extension.GFM, extension.Footnote))
	if err := md.Convert([]byte(s), &b); err != nil {
		return "error: " + err.Error()
	}
	return spaces.ReplaceAllString(b.String(), " ")
}

func TestSemanticBreaksTemplateIsClean(t *testing.T) {
	doc := "# T\n\n<!--\nGuidance one. Guidance two.\n-->\n\n- **Theme:** (the theme)\n- **Author:** Ana, (your role, for example Scrum Master)\n\n(A short introduction: what happened, why it is worth reading.)\n"
	if got := SemanticBreaks(doc); got != doc {
		t.Errorf("a document with one sentence per line changed:\n%s", got)
	}
}

func FuzzSemanticBreaks(f *testing.F) {
	seeds := []string{
		"One sentence. Another one.\n",
		"- First. Second.\n  Third. Fourth.\n",
		"> Quote. More.\n> - In a list. Yes.\n",
		"```go\nx := 1. Y\n```\nAfter. Code.\n",
		"| a. B | c |\n| - | - |\n| d. E | f |\n",
		"See e.g. Dr. Who, etc. The end. Fig. 3 and No. 4 vs. 3.5 in v1.2. Done.\n",
		"[Link. Text](http://x.y \"T. U\") and `code. Span` and <b>x. Y</b>. Then.\n",
		"<!--\nA. B.\n-->\n---\nfront. Matter.\n",
		"Title. Sub.\n---\n\n    indented. Code.\n",
		"1. One. Two.\n2) Three. Four.\n   * Five. Six.\n",
		"Hard break. Here.  \nNext. Line.\\\nEnd.",
		"Text [with a\nlink. Across](u) lines. Yes.\n",
		"A `` code ` span. X `` here. Then.\n",
		"Wait… What? Yes! “Quoted.” ‘Single.’ (Paren.) Done.\r\n",
		"<pre>\nA. B.\n\nC. D.\n</pre>\nE. F.\n",
		"* * *\n- - -\n___\nA. B.\n",
		// Found by fuzzing: a quotation marker without a space, inline code
		// that would turn into a fence, a table under a line without pipes,
		// a lone carriage return.
		">! 00",
		"```! 0`",
		"0 0! 0\n  |-\n000",
		"#\r! 0",
		"! 0\n:-",
		">*\t>! 0",
		"! 0\n\r-",
		"0\n    >! 0",
	}
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		checkSembr(t, in)
	})
}

func BenchmarkSemanticBreaks(b *testing.B) {
	var doc strings.Builder
	for doc.Len() < 200_000 {
		doc.WriteString("## Part\n\nThe teams met. They talked about e.g. the backlog, i.e. the work. [A link. Here](https://x.y) and `code. Span`.\n\n- An item. Another sentence.\n\n```\ncode. Code.\n```\n\n")
	}
	text := doc.String()
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		SemanticBreaks(text)
	}
}
