package review

import (
	"strings"
	"testing"

	"github.com/less-trainers/casestudy/templates"
)

// The pull-request template as new writes it is all placeholders: nothing
// of it goes into a round's description until the mentee writes there.
func TestFilledSectionsOfTheShippedTemplateAreEmpty(t *testing.T) {
	files, err := templates.Scaffold(templates.Data{Title: "T", Year: 2026, Mentee: templates.Person{Name: "Ana", Email: "ana@example.com"}, Mentor: templates.Person{Name: "Bob", GitHub: "bob"}, Reviewers: []templates.Person{{Name: "Craig", GitHub: "craig"}}})
	if err != nil {
		t.Fatal(err)
	}
	var template string
	for _, f := range files {
		if f.Path == ".github/pull_request_template.md" {
			template = string(f.Content)
		}
	}
	if template == "" {
		t.Fatal("no pull-request template in the scaffold")
	}
	sections := templateSections(template)
	if len(sections) < 3 {
		t.Fatalf("sections = %q", sections)
	}
	for s, text := range filledSections(template) {
		if text != "" {
			t.Errorf("section %q of the untouched template reads %q; want nothing", s, text)
		}
	}

	filled := strings.Replace(template, "(What kind of feedback helps most now: the overall story, one section, the system models, or the language?)",
		"Mostly the second experiment: is the Inspection honest?", 1)
	filled = strings.Replace(filled, "1. (A question you want answered in this round.)", "1. Is the pseudonym enough?", 1)
	got := filledSections(filled)
	if got[askSection] != "Mostly the second experiment: is the Inspection honest?" {
		t.Errorf("asks = %q", got[askSection])
	}
	if got["Questions for the reviewer"] != "1. Is the pseudonym enough?" {
		t.Errorf("questions = %q", got["Questions for the reviewer"])
	}
	if got["Where this draft stands"] != "" {
		t.Errorf("an untouched section reads %q", got["Where this draft stands"])
	}
}
