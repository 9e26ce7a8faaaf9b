package mentoring

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// template is the journal casestudy new writes: its example entry is in a
// comment and is no entry.
const template = `# Mentoring journal

This journal records the mentoring sessions between Ana Silva and Bob Mentor for "T".
There is one entry per session, oldest first.

<!--
The format of one entry (the date is year-month-day, the duration is in minutes):

## 2026-01-15 — 120 minutes
Topics: system modelling, Sprint Review
Insights: ...
Next steps: ...
-->
`

func TestParseTemplateHasNoEntries(t *testing.T) {
	got, err := Parse(template)
	if err != nil || len(got) != 0 {
		t.Fatalf("Parse(template) = %v, %v; want no entries", got, err)
	}
}

func TestParseByHand(t *testing.T) {
	text := template + `
## 2026-01-15 — 120 minutes
Topics: system modelling, Sprint Review
Insights: Teams wait for the PO.
The wait grows with the number of teams.
Next steps: Draw the loop.

## 2026-02-03 - 1.5 hours
Topics: "Reflection: Practices for Scaling Lean & Agile Development, page 212", the "feature team" idea
We talked a lot. <!-- private -->
<!-- a note to self -->
**Next steps:** nothing yet

## Other notes

Not an entry.
`
	got, err := Parse(text)
	if err != nil {
		t.Fatal(err)
	}
	want := []Entry{
		{Date: "2026-01-15", Minutes: 120, Topics: []string{"system modelling", "Sprint Review"},
			Insights: "Teams wait for the PO.\nThe wait grows with the number of teams.", NextSteps: "Draw the loop."},
		{Date: "2026-02-03", Minutes: 90, Topics: []string{"Reflection: Practices for Scaling Lean & Agile Development, page 212", `the "feature team" idea`},
			Insights: "We talked a lot.", NextSteps: "nothing yet"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Parse:\n got %#v\nwant %#v", got, want)
	}
}

func TestParseErrors(t *testing.T) {
	for _, tt := range []struct{ text, want string }{
		{"# J\n\n## 2026-13-01 — 60 minutes\n", `line 3: "## 2026-13-01 — 60 minutes": "2026-13-01" is not a date`},
		{"## 2026-01-01\n", `line 1: "## 2026-01-01" is not a session heading`},
		{"## 2026-01-01 — 0 minutes\n", "a session lasts from 1 to 1440 minutes"},
		{"## 2026-01-01 — 25 hours\n", "a session lasts from 1 to 1440 minutes"},
	} {
		_, err := Parse(tt.text)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Parse(%q) error = %v, want %q", tt.text, err, tt.want)
		}
	}
}

func TestFormatEntry(t *testing.T) {
	e := Entry{Date: "2026-01-15", Minutes: 120, Met: "in person", Topics: []string{"system modelling", "Reflection: X, page 3"},
		MenteeLearned: "One.\n# Not a heading", MentorLearned: "Two.", NextSteps: ""}
	want := "## 2026-01-15 — 120 minutes\n\nMet: in person\n\nTopics: system modelling, \"Reflection: X, page 3\"\n\n" +
		"Mentee learned: One.\n\\# Not a heading\n\nMentor learned: Two.\n\nNext steps:\n"
	if got := FormatEntry(e); got != want {
		t.Errorf("FormatEntry:\n got %q\nwant %q", got, want)
	}
	back, err := Parse(want)
	if err != nil || len(back) != 1 || !reflect.DeepEqual(back[0], e) {
		t.Errorf("Parse(FormatEntry(e)) = %#v, %v; want %#v", back, err, e)
	}
}

func TestInsertKeepsDateOrderAndOtherText(t *testing.T) {
	e := func(date string) Entry {
		return Entry{Date: date, Minutes: 60, Topics: []string{"t"}, MenteeLearned: "i", NextSteps: "n"}
	}
	text := template
	for _, d := range []string{"2026-03-01", "2026-01-01", "2026-02-01", "2026-03-01", "2025-12-31"} {
		var err error
		if text, err = Insert(text, e(d)); err != nil {
			t.Fatal(err)
		}
	}
	if !strings.HasPrefix(text, template) {
		t.Errorf("the text before the entries changed:\n%s", text)
	}
	got, err := Parse(text)
	if err != nil {
		t.Fatal(err)
	}
	var dates []string
	for _, x := range got {
		dates = append(dates, x.Date)
	}
	if want := "2025-12-31 2026-01-01 2026-02-01 2026-03-01 2026-03-01"; strings.Join(dates, " ") != want {
		t.Errorf("dates = %v, want %s", dates, want)
	}
	if strings.Contains(text, "\n\n\n") {
		t.Errorf("more than one blank line between entries:\n%s", text)
	}

	// A section after the entries stays after them.
	text = "# J\n\n" + FormatEntry(e("2026-01-01")) + "\n# Appendix\n\nKeep me last.\n"
	text, err = Insert(text, e("2026-05-01"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(text, "Next steps: n\n\n# Appendix\n\nKeep me last.\n") || strings.Count(text, "## 2026-05-01") != 1 ||
		strings.Index(text, "2026-05-01") > strings.Index(text, "# Appendix") {
		t.Errorf("the entry is not before the appendix:\n%s", text)
	}

	// A file without a final line break.
	text, err = Insert("# J", e("2026-01-01"))
	if err != nil || !strings.HasPrefix(text, "# J\n\n## 2026-01-01") {
		t.Errorf("Insert into %q = %q, %v", "# J", text, err)
	}
}

func TestCheck(t *testing.T) {
	ok := Entry{Date: "2026-01-15", Minutes: 120}
	if err := ok.Check(); err != nil {
		t.Fatal(err)
	}
	for _, e := range []Entry{
		{Date: "2026-1-15", Minutes: 120},
		{Date: "15.01.2026", Minutes: 120},
		{Date: "2026-01-15", Minutes: 0},
		{Date: "2026-01-15", Minutes: 1441},
		{Date: "2026-01-15", Minutes: 60, Insights: "a <!-- b -->"},
	} {
		if err := e.Check(); err == nil {
			t.Errorf("Check(%+v) = nil, want an error", e)
		}
	}
}

func TestCanonicalSplitsNextSteps(t *testing.T) {
	c, err := Canonical(Entry{Date: "2026-01-15", Minutes: 60, Topics: []string{" a ", "", "b, c"}, MenteeLearned: "  We saw it.  \nNext steps: draw it"})
	if err != nil {
		t.Fatal(err)
	}
	want := Entry{Date: "2026-01-15", Minutes: 60, Topics: []string{"a", "b, c"}, MenteeLearned: "We saw it.", NextSteps: "draw it"}
	if !reflect.DeepEqual(c, want) {
		t.Errorf("Canonical = %#v, want %#v", c, want)
	}
}

func TestSummary(t *testing.T) {
	s := Summarize(Journal{Entries: []Entry{{Date: "2026-02-01", Minutes: 90}, {Date: "2026-01-01", Minutes: 120}}, ToTalkOver: []string{"x"}})
	if s.Sessions != 2 || s.Last.Date != "2026-02-01" || len(s.ToTalkOver) != 1 {
		t.Errorf("Summarize = %+v", s)
	}
	today := time.Date(2026, 3, 5, 23, 30, 0, 0, time.Local)
	if got := DaysSince("2026-02-01", today); got != 32 {
		t.Errorf("DaysSince = %d, want 32", got)
	}
}

// FuzzJournalRoundTrip checks that what the journal writes, it reads back:
// the canonical form of any entry survives FormatEntry and Parse, and an
// entry without lines that look like fields or headings is its own
// canonical form, up to white space at its edges.
func FuzzJournalRoundTrip(f *testing.F) {
	f.Add("2026-01-15", 120, "system modelling, Sprint Review", "Teams wait.\nThe wait grows.", "Draw the loop.")
	f.Add("2026-02-29", 1, `"Reflection: Practices, page 212", x`, "", "")
	f.Add("2025-12-31", 1440, `a "quoted" topic`, "# heading-like\n## another\n### deeper", "Insights: twice")
	f.Add("2026-01-01", 60, `"", ",", """"`, "text\n\n\nmore", "  spaced  \n\t")
	f.Add("2026-01-01", 60, "t", "Next steps: inside\nTopics: too", "**Insights:** bold")
	f.Fuzz(func(t *testing.T, date string, minutes int, topics, insights, next string) {
		e := Entry{Date: date, Minutes: minutes, Topics: SplitTopics(topics), MenteeLearned: insights, MentorLearned: next, NextSteps: next}
		if strings.ContainsAny(topics, "\r\n") {
			e.Topics = nil
		}
		c, err := Canonical(e)
		if err != nil {
			if e.Check() == nil && !strings.Contains(err.Error(), "breaks the entry") {
				t.Fatalf("Canonical(%#v): %v", e, err)
			}
			return
		}
		// Two entries, formatted and parsed back, are the same entries.
		two := []Entry{c, c}
		got, err := Parse(Format(two))
		if err != nil {
			t.Fatalf("Parse(Format(%#v)): %v", two, err)
		}
		if !reflect.DeepEqual(got, two) {
			t.Fatalf("round trip changed the entries:\n got %#v\nwant %#v\ntext %q", got, two, Format(two))
		}
		// Inserting into the template keeps the template and finds the entry.
		text, err := Insert(template, c)
		if err != nil || !strings.HasPrefix(text, template) {
			t.Fatalf("Insert: %v\n%s", err, text)
		}
		if got, err := Parse(text); err != nil || len(got) != 1 || !reflect.DeepEqual(got[0], c) {
			t.Fatalf("Parse(Insert(template, %#v)) = %#v, %v", c, got, err)
		}
		// Plain notes come back as they were written.
		if plain(insights) && plain(next) && !strings.ContainsAny(topics, "\"\r\n") {
			if c.MenteeLearned != clean(insights) || c.MentorLearned != clean(next) || c.NextSteps != clean(next) {
				t.Fatalf("plain notes changed: %q → %q, %q → %q", insights, c.MenteeLearned, next, c.NextSteps)
			}
		}
	})
}

// plain notes hold no line the journal would read as a field, a heading or
// a comment, and no carriage return.
func plain(s string) bool {
	if strings.ContainsAny(s, "\r") || strings.Contains(s, "<!--") {
		return false
	}
	for _, l := range strings.Split(s, "\n") {
		if label().MatchString(l) || headingLine().MatchString(l) || escapedLine().MatchString(l) || sectionHeading().MatchString(l) {
			return false
		}
	}
	return true
}

// clean is what the journal keeps of plain notes: no spaces at the ends of
// lines, no blank lines or spaces around the whole.
func clean(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " \t")
	}
	return strings.Trim(strings.Join(lines, "\n"), " \t\n")
}

func TestAddEntryStartsAndKeepsTheJournal(t *testing.T) {
	root := t.TempDir()
	e := Entry{Date: "2026-01-15", Minutes: 60, Topics: []string{"a"}, MentorLearned: "b"}
	if got, _, err := AddEntry(root, e); err != nil || got.NextSteps != "" || got.MentorLearned != "b" {
		t.Fatalf("AddEntry = %+v, %v", got, err)
	}
	path := filepath.Join(root, "mentoring", "journal.md")
	if err := os.Chmod(path, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, _, err := AddEntry(root, Entry{Date: "2026-01-01", Minutes: 30}); err != nil {
		t.Fatal(err)
	}
	j, err := ReadJournal(root)
	if err != nil || len(j.Entries) != 2 || j.Entries[0].Date != "2026-01-01" {
		t.Fatalf("ReadJournal = %+v, %v", j, err)
	}
	fi, _ := os.Stat(path)
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600 kept", fi.Mode().Perm())
	}
	left, _ := os.ReadDir(filepath.Dir(path))
	if len(left) != 1 {
		t.Errorf("files left behind: %v", left)
	}
	if err := os.WriteFile(path, []byte("# J\n\n## 2026-02-31 — 5 minutes\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadJournal(root); err == nil || !strings.HasPrefix(err.Error(), "mentoring/journal.md:3: ") {
		t.Errorf("ReadJournal of a broken journal: %v", err)
	}
	if j, err := ReadJournal(t.TempDir()); err != nil || j.Entries != nil || j.ToTalkOver != nil {
		t.Errorf("ReadJournal without a journal = %v, %v", j, err)
	}
}

// Journals written by an older casestudy reflect hold a reflection as an
// entry of its own; unwritten, it is still no conversation.
func TestOldReflectionPromptsAreNotSessions(t *testing.T) {
	entries := []Entry{
		{Date: "2026-01-10", Minutes: 120, Topics: []string{"the theme"}},
		{Date: "2026-02-01", Minutes: 120, Topics: []string{"Reflection: Scaling Lean & Agile Development, page 12"}},
		{Date: "2026-02-05", Minutes: 60, Topics: []string{"Reflection: Scaling Lean & Agile Development, page 40"}, Insights: "Talked it over."},
	}
	s := Summarize(Journal{Entries: entries})
	if s.Sessions != 2 || len(s.ToTalkOver) != 1 || s.Last == nil || s.Last.Date != "2026-02-05" {
		t.Errorf("Summarize = %+v", s)
	}
}

func TestADeeperDatedHeadingIsAnError(t *testing.T) {
	text := "# Journal\n\n## 2026-01-10 — 60 minutes\nTopics: a\n\n### 2026-01-12 — 60 minutes\nTopics: b\n"
	_, err := Parse(text)
	var pe *ParseError
	if !errors.As(err, &pe) || pe.Line != 6 || !strings.Contains(pe.Msg, "takes two #") {
		t.Errorf("Parse = %v", err)
	}
	if _, err := Parse("## 2026-01-10 — 60 minutes\nInsights: see\n### Notes\ntext\n"); err != nil {
		t.Errorf("an undated ### heading inside an entry: %v", err)
	}
}

// The list to talk over is no conversation: reflecting three times leaves
// one page waiting (a re-roll replaces it), what the mentee put there by
// hand stays, and recording the next conversation takes the list as topics.
func TestToTalkOverIsNoConversation(t *testing.T) {
	text := template
	var err error
	var replaced []string
	for i, page := range []string{"Reflection: A, page 1", "Reflection: B, page 2", "Reflection: A, page 3"} {
		if text, replaced, err = Propose(text, page); err != nil {
			t.Fatal(err)
		}
		if (i == 0) != (len(replaced) == 0) {
			t.Errorf("reflection %d replaced %q", i+1, replaced)
		}
	}
	if text, _, err = Propose(text, "the overall retrospective"); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(text, template) || strings.Contains(text, "\n\n\n") {
		t.Errorf("the list is not added after the text as it was:\n%s", text)
	}
	j, err := ParseJournal(text)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"Reflection: A, page 3", "the overall retrospective"}
	if len(j.Entries) != 0 || !reflect.DeepEqual(j.ToTalkOver, want) {
		t.Fatalf("ParseJournal = %+v, want no entries and %q", j, want)
	}
	if s := Summarize(j); s.Sessions != 0 || s.Last != nil {
		t.Errorf("Summarize = %+v", s)
	}

	root := t.TempDir()
	if err := os.MkdirAll(filepath.Join(root, "mentoring"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "mentoring", "journal.md"), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	added, taken, err := AddEntry(root, Entry{Date: "2026-02-01", Minutes: 120, Met: "call", Topics: []string{"the theme", "The overall retrospective"}})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(taken, want) || !reflect.DeepEqual(added.Topics, []string{"the theme", "The overall retrospective", "Reflection: A, page 3"}) {
		t.Errorf("AddEntry took %q, topics %q", taken, added.Topics)
	}
	j, err = ReadJournal(root)
	if err != nil || len(j.Entries) != 1 || len(j.ToTalkOver) != 0 {
		t.Fatalf("after AddEntry: %+v, %v", j, err)
	}
	data, _ := os.ReadFile(filepath.Join(root, "mentoring", "journal.md"))
	if !strings.Contains(string(data), "## To talk over\n\n## 2026-02-01") {
		t.Errorf("the emptied list keeps its heading before the entry:\n%s", data)
	}
	// The next reflection goes on the emptied list, before the entries.
	text, _, err = Propose(string(data), "Reflection: C, page 9")
	if err != nil || !strings.Contains(text, "## To talk over\n\n- Reflection: C, page 9\n\n## 2026-02-01") {
		t.Errorf("Propose on an empty list = %v:\n%s", err, text)
	}
}

// Entries in the current shape, written by hand, read back field by field.
func TestParseEachOnesLearning(t *testing.T) {
	text := "# J\n\n## 2026-03-02 — 2 hours\nMet: in person\nTopics: the flip\nMentee learned: Managers wanted it.\nMentor learned: A new way to run it.\nNext steps: Model it.\n"
	got, err := Parse(text)
	want := []Entry{{Date: "2026-03-02", Minutes: 120, Met: "in person", Topics: []string{"the flip"},
		MenteeLearned: "Managers wanted it.", MentorLearned: "A new way to run it.", NextSteps: "Model it."}}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("Parse = %#v, %v; want %#v", got, err, want)
	}
}
