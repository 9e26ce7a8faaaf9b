package review

import (
	"strings"
	"testing"
)

const goodConfig = `title: T
mentee:
  name: Ana
  email: ana@example.com
mentor:
  github: bob
reviewers:
  - github: craig
documents: [case-study.md]
`

func TestParseConfigAcceptsAGoodFile(t *testing.T) {
	c, err := ParseConfig("casestudy.yaml", []byte(goodConfig))
	if err != nil {
		t.Fatal(err)
	}
	if c.Title != "T" || c.FinalReviewer().GitHub != "craig" || c.Documents[0] != "case-study.md" {
		t.Errorf("parsed %+v", c)
	}
}

func TestParseConfigPointsAtTheWrongLine(t *testing.T) {
	tests := []struct {
		name, yaml, want string
	}{
		{"syntax", "title: [\n", "casestudy.yaml:"},
		{"unknown field", "title: T\nmentor:\n  gihtub: bob\n", `casestudy.yaml:3: unknown field "gihtub"`},
		{"empty title", strings.Replace(goodConfig, "title: T", "title: ''", 1), "casestudy.yaml:1: title is empty"},
		{"bad email", strings.Replace(goodConfig, "ana@example.com", "nope", 1), `casestudy.yaml:4: "nope" is not an email address`},
		{"handle with @", strings.Replace(goodConfig, "github: bob", "github: '@bob'", 1), `casestudy.yaml:6: "@bob" is not a GitHub user name`},
		{"no reviewers", strings.Replace(goodConfig, "reviewers:\n  - github: craig\n", "", 1), "no reviewers"},
		{"reviewer without handle", strings.Replace(goodConfig, "  - github: craig\n", "  - name: Craig\n", 1), "casestudy.yaml:8: reviewer 1 needs a GitHub handle or an email"},
		{"escaping document", strings.Replace(goodConfig, "[case-study.md]", "[../x.md]", 1), `casestudy.yaml:9: document "../x.md" must be a plain relative path`},
		{"bad repo", goodConfig + "github: nope\n", `casestudy.yaml:10: github "nope" is not OWNER/NAME`},
		{"bad zone", strings.Replace(goodConfig, "github: bob", "github: bob\n  timezone: Europe/Nowhere", 1), `casestudy.yaml:7: "Europe/Nowhere" is not an IANA time zone`},
		{"wrong kind", strings.Replace(goodConfig, "documents: [case-study.md]", "documents: {a: b}", 1), "casestudy.yaml:9: wrong kind of value"},
		{"empty", "", "casestudy.yaml: the file is empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseConfig("casestudy.yaml", []byte(tt.yaml))
			if err == nil {
				t.Fatalf("no error for:\n%s", tt.yaml)
			}
			if !strings.HasPrefix(err.Error(), tt.want) && !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %q, want it to contain %q", err, tt.want)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error spans lines: %q", err)
			}
		})
	}
}

func TestConfigMarshalParsesBack(t *testing.T) {
	c, err := ParseConfig("x", []byte(goodConfig))
	if err != nil {
		t.Fatal(err)
	}
	c.Company = "Acme: a company with a colon"
	c.Mentee.TimeZone = "Europe/Lisbon"
	out, err := c.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	back, err := ParseConfig("x", out)
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if back.Company != c.Company || back.Mentee != c.Mentee || len(back.Reviewers) != 1 {
		t.Errorf("round trip lost data:\n%s", out)
	}
}

func TestDraftTagMessageRoundTrip(t *testing.T) {
	for _, d := range []Draft{
		{Number: 3, Words: 12345, Added: 120, Removed: 30, Message: "tightened: the background (part 2)"},
		{Number: 1, Words: 10, Added: 10},
		{Number: 7, Words: 0, Message: "emptied (0 words)"},
	} {
		got := parseDraftTag(draftTagMessage(d))
		if got.Words != d.Words || got.Added != d.Added || got.Removed != d.Removed || got.Message != d.Message {
			t.Errorf("round trip of %+v gave %+v (message %q)", d, got, draftTagMessage(d))
		}
	}
}

func TestDraftRanges(t *testing.T) {
	ds := []Draft{{Number: 1}, {Number: 2}, {Number: 3}, {Number: 5}, {Number: 7}, {Number: 8}}
	if got := draftRanges(ds); got != "1–3, 5, 7–8" {
		t.Errorf("draftRanges = %q", got)
	}
}

func TestValidHandle(t *testing.T) {
	for s, want := range map[string]bool{
		"craig": true, "Craig-Larman": true, "a1": true, "x": true, strings.Repeat("a", 39): true,
		"": false, "-craig": false, "craig-": false, "cr--aig": false, "@craig": false, "craig larman": false,
		strings.Repeat("a", 40): false, "crâig": false,
	} {
		if got := ValidHandle(s); got != want {
			t.Errorf("ValidHandle(%q) = %v, want %v", s, got, want)
		}
	}
	for s, want := range map[string]bool{"ana/acme": true, "ana/acme.case-study_2": true, "ana": false, "ana/": false, "/acme": false, "ana/..": false, "ana/a b": false} {
		if got := validRepo(s); got != want {
			t.Errorf("validRepo(%q) = %v, want %v", s, got, want)
		}
	}
}
