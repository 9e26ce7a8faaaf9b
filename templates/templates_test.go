package templates

import (
	"bytes"
	"regexp"
	"slices"
	"strings"
	"testing"
)

func sampleData() Data {
	return Data{
		Title:   "Feature Teams & One Backlog at Acme",
		Company: "Acme Payments",
		Theme:   "From component teams to feature teams",
		Mentee:  Person{Name: "Ann Author", Email: "ann@example.com", GitHub: "ann", TimeZone: "Europe/Berlin"},
		Mentor:  Person{Name: "Mel Mentor", Email: "mel@example.com", GitHub: "mel", TimeZone: "Asia/Tokyo"},
		Reviewers: []Person{
			{Name: "Bas Vodde", GitHub: "basvodde"},
			{Name: "Craig Larman", GitHub: "craig"},
		},
		Year: 2026,
	}
}

func render(t *testing.T, d Data) map[string]string {
	t.Helper()
	files, err := Scaffold(d)
	if err != nil {
		t.Fatalf("Scaffold: %v", err)
	}
	m := make(map[string]string, len(files))
	for _, f := range files {
		m[f.Path] = string(f.Content)
	}
	return m
}

func TestScaffoldPathsSortedAndComplete(t *testing.T) {
	files, err := Scaffold(sampleData())
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range files {
		got = append(got, f.Path)
	}
	want := []string{
		".github/CODEOWNERS",
		".github/pull_request_template.md",
		".gitignore",
		"README.md",
		"blog/README.md",
		DocumentPath,
		"mentoring/agreement.md",
		"mentoring/journal.md",
		"models/README.md",
		"models/example-quick-fix.md",
	}
	if !slices.Equal(got, want) {
		t.Fatalf("paths:\n got %q\nwant %q", got, want)
	}
	if !slices.IsSorted(got) {
		t.Errorf("paths not sorted: %q", got)
	}
}

func TestScaffoldFilesAreWellFormed(t *testing.T) {
	for path, content := range render(t, sampleData()) {
		switch {
		case strings.TrimSpace(content) == "":
			t.Errorf("%s is empty", path)
		case strings.Contains(content, "{{") || strings.Contains(content, "}}"):
			t.Errorf("%s has template syntax left in it", path)
		case strings.Contains(content, "<no value>"):
			t.Errorf("%s has a missing value", path)
		case !strings.HasSuffix(content, "\n") || strings.HasSuffix(content, "\n\n"):
			t.Errorf("%s does not end in exactly one newline", path)
		case strings.Contains(content, "\n\n\n"):
			t.Errorf("%s has more than one blank line in a row", path)
		}
		for i, line := range strings.Split(content, "\n") {
			if strings.TrimRight(line, " \t") != line {
				t.Errorf("%s:%d has trailing white space", path, i+1)
			}
		}
	}
}

func TestNamesAppear(t *testing.T) {
	m := render(t, sampleData())
	if got, want := m[".github/CODEOWNERS"], "\n* @mel @basvodde @craig\n"; !strings.HasSuffix(got, want) {
		t.Errorf("CODEOWNERS should end with %q:\n%s", want, got)
	}
	if strings.Contains(m[".github/CODEOWNERS"], "@ann") {
		t.Error("CODEOWNERS names the mentee, who cannot review their own pull request")
	}
	readme := m["README.md"]
	for _, want := range []string{
		"- **Author (mentee):** Ann Author (@ann)",
		"- **Mentor:** Mel Mentor (@mel)",
		"- **Reviewer:** Bas Vodde (@basvodde)",
		"- **Final reviewer:** Craig Larman (@craig)",
		"## For the final reviewer: Craig Larman",
		"casestudy save -m",
		"casestudy diff --html redline.html",
		"casestudy feedback --save",
		"casestudy review OWNER/NAME",
		"--suggest",
		"casestudy request-changes -m",
		"casestudy publish",
		"casestudy sync",
		"git-appraise",
		"`draft-1`",
		"`round-1`",
		"`final`",
	} {
		if !strings.Contains(readme, want) {
			t.Errorf("README.md lacks %q", want)
		}
	}
	agreement := m["mentoring/agreement.md"]
	for _, want := range []string{"Ann Author (mentee)", "Mel Mentor (mentor)", "Europe/Berlin", "Asia/Tokyo", "Craig Larman", "Bas Vodde reviews the case study"} {
		if !strings.Contains(agreement, want) {
			t.Errorf("mentoring/agreement.md lacks %q", want)
		}
	}
	doc := m[DocumentPath]
	for _, want := range []string{
		"# Feature Teams & One Backlog at Acme\n",
		"Thanks to Mel Mentor for mentoring me through this case study, and to Bas Vodde and Craig Larman for reviewing it.",
		"**Organisation:** Acme Payments",
		"**Theme:** From component teams to feature teams",
		"**Author:** Ann Author,",
	} {
		if !strings.Contains(doc, want) {
			t.Errorf("%s lacks %q", DocumentPath, want)
		}
	}
	if !strings.Contains(m["mentoring/journal.md"], "## 2026-01-15 — 120 minutes") {
		t.Error("journal lacks the example entry heading for the given year")
	}
	if !strings.Contains(m["blog/README.md"], "2026-03-my-first-post.md") {
		t.Error("blog README lacks the file-name example for the given year")
	}
}

func TestEmptyCompanyAndThemeGivePlaceholders(t *testing.T) {
	d := sampleData()
	d.Company, d.Theme = "", "  "
	m := render(t, d)
	for _, path := range []string{DocumentPath, "README.md"} {
		if !strings.Contains(m[path], "**Organisation:** (company or pseudonym)") {
			t.Errorf("%s lacks the company placeholder", path)
		}
		if !strings.Contains(m[path], "**Theme:** (the theme or focus of") {
			t.Errorf("%s lacks the theme placeholder", path)
		}
	}
}

func TestPeopleWithoutHandles(t *testing.T) {
	d := sampleData()
	d.Mentor = Person{Name: "Mel Mentor", Email: "mel@example.com"}
	d.Reviewers = []Person{{Name: "No Handle"}, {Name: "Craig Larman", GitHub: "@craig"}}
	m := render(t, d)
	owners := m[".github/CODEOWNERS"]
	if !strings.HasSuffix(owners, "\n* @craig\n") {
		t.Errorf("CODEOWNERS should list only @craig:\n%s", owners)
	}
	if strings.Contains(owners, "@@") {
		t.Error("a handle typed with @ was doubled")
	}
	if !strings.Contains(m["README.md"], "- **Mentor:** Mel Mentor\n") {
		t.Error("README should name a mentor without a handle by name alone")
	}

	d.Reviewers = []Person{{Name: "Craig Larman"}}
	owners = render(t, d)[".github/CODEOWNERS"]
	for _, line := range strings.Split(strings.TrimSpace(owners), "\n") {
		if !strings.HasPrefix(line, "#") {
			t.Errorf("with no handles CODEOWNERS should hold only comments, got line %q", line)
		}
	}
}

func TestDuplicateHandlesListedOnce(t *testing.T) {
	d := sampleData()
	d.Reviewers = []Person{{Name: "Mel again", GitHub: "MEL"}, {Name: "Craig Larman", GitHub: "craig"}}
	if got := render(t, d)[".github/CODEOWNERS"]; !strings.HasSuffix(got, "\n* @mel @craig\n") {
		t.Errorf("CODEOWNERS:\n%s", got)
	}
}

func TestOneReviewerOnly(t *testing.T) {
	d := sampleData()
	d.Reviewers = d.Reviewers[1:]
	m := render(t, d)
	if strings.Contains(m["README.md"], "**Reviewer") {
		t.Error("README lists an intermediate reviewer that does not exist")
	}
	if strings.Contains(m["mentoring/agreement.md"], "Before it,") {
		t.Error("agreement mentions reviewers before the final review that do not exist")
	}
	if !strings.Contains(m[DocumentPath], "and to Craig Larman for reviewing it.") {
		t.Error("acknowledgements do not name the single reviewer")
	}
}

func TestTimeZonesOptional(t *testing.T) {
	d := sampleData()
	d.Mentee.TimeZone, d.Mentor.TimeZone = "", ""
	agreement := render(t, d)["mentoring/agreement.md"]
	if !strings.Contains(agreement, "(Our time zones, and the hours that suit us both.)") {
		t.Errorf("agreement lacks the time-zone placeholder:\n%s", agreement)
	}
	finalOf(&d).TimeZone = "America/Los_Angeles"
	agreement = render(t, d)["mentoring/agreement.md"]
	if !strings.Contains(agreement, "- Craig Larman (final reviewer): America/Los_Angeles") {
		t.Errorf("agreement lacks the final reviewer's time zone:\n%s", agreement)
	}
}

// finalOf points at the final reviewer, the last of d.Reviewers.
func finalOf(d *Data) *Person { return &d.Reviewers[len(d.Reviewers)-1] }

var htmlComment = regexp.MustCompile(`(?s)<!--.*?-->`)

func TestCaseStudyGuidanceIsInComments(t *testing.T) {
	doc := render(t, sampleData())[DocumentPath]
	if n, m := strings.Count(doc, "<!--"), strings.Count(doc, "-->"); n != m || n < 15 {
		t.Fatalf("%d comment openings and %d closings; want equal and at least one per section", n, m)
	}
	visible := htmlComment.ReplaceAllString(doc, "")
	if strings.Contains(visible, "<!--") || strings.Contains(visible, "-->") {
		t.Fatal("a comment is not closed or is nested")
	}
	// Outside comments there are only headings, the opening list, placeholders
	// in parentheses, the acknowledgements and a figure caption.
	for i, line := range strings.Split(visible, "\n") {
		switch {
		case line == "",
			strings.HasPrefix(line, "#"),
			strings.HasPrefix(line, "- **"),
			strings.HasPrefix(line, "("),
			strings.HasPrefix(line, "1. ("),
			strings.HasPrefix(line, "**Figure 1.** ("),
			strings.HasPrefix(line, "Thanks to "):
		default:
			t.Errorf("visible line %d is guidance outside a comment: %q", i+1, line)
		}
		if strings.HasPrefix(strings.TrimSpace(line), "Guidance") {
			t.Errorf("visible line %d: %q", i+1, line)
		}
	}
	for _, section := range []string{
		"## A note on names", "## Acknowledgements", "## Background", "## What is the product?",
		"## The organisation before LeSS", "## Why LeSS?", "## The adoption", "### Experiment 1:",
		"#### Context", "#### Narrative", "#### Inspection", "#### Adaptation",
		"## Alignment with the LeSS rules", "### Structure", "### Product", "### Sprint",
		"## Results", "## Learnings", "## References", "## About the author", "## Appendices",
	} {
		if !strings.Contains(visible, "\n"+section) {
			t.Errorf("case study lacks the section %q", section)
		}
	}
}

// One sentence per line: no line of prose holds a sentence end followed by
// the start of another sentence.
func TestSemanticLineBreaks(t *testing.T) {
	twoSentences := regexp.MustCompile(`[a-z)][.?!] +[A-Z(]`)
	for path, content := range render(t, sampleData()) {
		if !strings.HasSuffix(path, ".md") {
			continue
		}
		for i, line := range strings.Split(content, "\n") {
			if twoSentences.MatchString(line) {
				t.Errorf("%s:%d has more than one sentence: %q", path, i+1, line)
			}
		}
	}
}

func TestMermaidModel(t *testing.T) {
	model := render(t, sampleData())["models/example-quick-fix.md"]
	block := regexp.MustCompile("(?s)```mermaid\n(.*?)\n```").FindStringSubmatch(model)
	if block == nil {
		t.Fatal("no mermaid block")
	}
	body := block[1]
	if !strings.HasPrefix(body, "flowchart ") {
		t.Errorf("mermaid block does not start with a flowchart: %q", body)
	}
	for _, want := range []string{`-- "O" -->`, `-- "QF" -->`, `delay" -->`, `==>`} {
		if !strings.Contains(body, want) {
			t.Errorf("model lacks the edge %s", want)
		}
	}
	// Every label with characters Mermaid reads as syntax is quoted.
	for _, line := range strings.Split(body, "\n") {
		if strings.Contains(line, "||") && !strings.Contains(line, `"`) {
			t.Errorf("unquoted bars in %q", line)
		}
	}
	readme := render(t, sampleData())["models/README.md"]
	for _, want := range []string{"O", "QF", "delay", "Thick line", "Mermaid", "Graphviz"} {
		if !strings.Contains(readme, want) {
			t.Errorf("models/README.md lacks %q", want)
		}
	}
}

func TestTextNotHTMLEscaping(t *testing.T) {
	d := sampleData()
	d.Title = `R&D "Blue" <Team>`
	d.Company = "Smith & Sons"
	m := render(t, d)
	if !strings.HasPrefix(m[DocumentPath], "# R&D \"Blue\" <Team>\n") {
		t.Errorf("title was escaped: %q", strings.SplitN(m[DocumentPath], "\n", 2)[0])
	}
	for path, content := range m {
		if strings.Contains(content, "&amp;") || strings.Contains(content, "&#34;") || strings.Contains(content, "&lt;") {
			t.Errorf("%s is HTML-escaped", path)
		}
	}
}

func TestValuesStayOnOneLine(t *testing.T) {
	d := sampleData()
	d.Title = "Line one\n# injected heading"
	doc := render(t, d)[DocumentPath]
	if strings.Contains(doc, "\n# injected") {
		t.Error("a newline in the title broke out of its line")
	}
}

func TestScaffoldRefusesIncompleteData(t *testing.T) {
	tests := map[string]func(*Data){
		"no title":        func(d *Data) { d.Title = " " },
		"no mentee name":  func(d *Data) { d.Mentee.Name = "" },
		"no reviewers":    func(d *Data) { d.Reviewers = nil },
		"bad handle":      func(d *Data) { d.Mentor.GitHub = "mel mentor" },
		"bad final owner": func(d *Data) { finalOf(d).GitHub = "craig;rm" },
	}
	for name, mutate := range tests {
		t.Run(name, func(t *testing.T) {
			d := sampleData()
			mutate(&d)
			if _, err := Scaffold(d); err == nil {
				t.Error("Scaffold accepted incomplete data")
			}
		})
	}
}

func TestScaffoldDoesNotModifyInput(t *testing.T) {
	d := sampleData()
	d.Reviewers[1].GitHub = "@craig"
	if _, err := Scaffold(d); err != nil {
		t.Fatal(err)
	}
	if d.Reviewers[1].GitHub != "@craig" {
		t.Error("Scaffold changed the caller's reviewers")
	}
}

func TestScaffoldIsDeterministic(t *testing.T) {
	a, _ := Scaffold(sampleData())
	b, _ := Scaffold(sampleData())
	for i := range a {
		if a[i].Path != b[i].Path || !bytes.Equal(a[i].Content, b[i].Content) {
			t.Errorf("%s differs between two runs", a[i].Path)
		}
	}
}

// The case study takes the shape of published LeSS case studies: the mentor
// credited under the author, how LeSS was prepared and started, LeSS Huge
// where used, which rules it is compared against, and a note that the
// sections are a starting point shaped by the theme.
func TestCaseStudyLikePublishedOnes(t *testing.T) {
	doc := render(t, sampleData())[DocumentPath]
	for _, want := range []string{
		"- **Author:** Ann Author, (your role",
		"\n- **Mentor:** Mel Mentor\n",
		"\n## Preparing and starting LeSS\n", "\n### Education\n", "\n### Defining the product\n",
		"\n### Team self-design\n", "\n### The flip\n", "\n### The LeSS structure at the start\n",
		"complete LeSS structure",
		"\n## LeSS Huge\n", "requirement areas", "Area Product Owners",
		"The rules changed in 2016", `"Basic LeSS" in November 2024`,
		"The sections below are a starting point", `"Merkur" is told by who, what and how`,
		`"Y Soft" as a series of experiments, each with Context, Narrative, Inspection and Adaptation`, `"Poster" as one narrative`,
		"check with your mentor that the case is relevant enough",
	} {
		if !strings.Contains(doc, want) {
			t.Errorf("%s lacks %q", DocumentPath, want)
		}
	}
	if strings.Index(doc, "**Author:**") > strings.Index(doc, "**Mentor:**") {
		t.Error("the mentor is not credited under the author")
	}
}

// The agreement lists practices to try, not duties, with room for the
// adoption, courses, and a way out.
func TestAgreementIsPracticesToTry(t *testing.T) {
	agreement := render(t, sampleData())["mentoring/agreement.md"]
	for _, want := range []string{
		"practices we want to try", "We add, drop and change them as we learn",
		"\n## Getting to know each other\n", "face to face",
		"\n## The current adoption\n", "observer or as a coach", "facilitation guides",
		"\n## Courses\n", "co-train a public course", "planned course",
		"\n## If it isn't working\n", "without grudges", "LeSS Company (Bas Vodde)",
		"casestudy journal add", "what each of us learned",
	} {
		if !strings.Contains(agreement, want) {
			t.Errorf("mentoring/agreement.md lacks %q", want)
		}
	}
	for _, duty := range []string{"commits to", "must "} {
		if strings.Contains(agreement, duty) {
			t.Errorf("mentoring/agreement.md reads as duties: %q", duty)
		}
	}
}

func TestPullRequestTemplateHasNoCheckboxes(t *testing.T) {
	pr := render(t, sampleData())[".github/pull_request_template.md"]
	if strings.Contains(pr, "[ ]") || strings.Contains(pr, "[x]") {
		t.Errorf("the pull-request template has checkboxes:\n%s", pr)
	}
}

func TestReadmeSaysWhatPublishDoes(t *testing.T) {
	readme := render(t, sampleData())["README.md"]
	for _, want := range []string{"Mark the approved final version with `casestudy publish`", "Publication on less.works is arranged with the LeSS Company"} {
		if !strings.Contains(readme, want) {
			t.Errorf("README.md lacks %q", want)
		}
	}
}
