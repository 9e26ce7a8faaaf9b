// Package mentoring is the practice around the case study: the mentoring
// journal (mentoring/journal.md), the reflection on pages of the LeSS books,
// and the working hours mentee and mentor share across time zones.
//
// It knows nothing of git or of the command line; cmd reads and writes the
// files through it.
package mentoring

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/less-trainers/casestudy/prose"
)

// JournalFile is the journal's place in the case-study repository.
const JournalFile = "mentoring/journal.md"

// DateLayout is how the journal writes dates: year-month-day.
const DateLayout = "2006-01-02"

// MaxMinutes is the longest session the journal takes: one day.
const MaxMinutes = 24 * 60

// Entry is one mentoring conversation. In the journal it reads:
//
//	## 2026-01-15 — 120 minutes
//
//	Met: in person
//
//	Topics: system modelling, Sprint Review
//
//	Mentee learned: ...
//
//	Mentor learned: ...
//
//	Next steps: ...
//
// The blank lines between the fields may be left out, as the template's
// example does; with them, each field renders as a paragraph of its own.
// A topic that holds a comma is written in double quotes.
type Entry struct {
	Date    string `json:"date"` // DateLayout
	Minutes int    `json:"minutes"`
	// Met is where the conversation took place: "in person", "call", or
	// whatever was written by hand.
	Met           string   `json:"met"`
	Topics        []string `json:"topics"`
	MenteeLearned string   `json:"mentee_learned"`
	MentorLearned string   `json:"mentor_learned"`
	NextSteps     string   `json:"next_steps"`
	// Insights is the one field for learning that journals had before
	// they kept what each of mentee and mentor learned, and text written
	// outside any field; entries keep it as written.
	Insights string `json:"insights,omitempty"`
}

// Check reports what is wrong with an entry before it is written.
func (e Entry) Check() error {
	if _, err := ParseDate(e.Date); err != nil {
		return err
	}
	if e.Minutes < 1 || e.Minutes > MaxMinutes {
		return fmt.Errorf("a session lasts from 1 to %d minutes, not %d", MaxMinutes, e.Minutes)
	}
	for _, t := range e.Topics {
		if strings.Contains(t, "\n") {
			return fmt.Errorf("a topic is one line: %q", t)
		}
	}
	if strings.Contains(e.Met, "\n") {
		return fmt.Errorf("where you met is one line: %q", e.Met)
	}
	for _, v := range []string{e.Met, e.MenteeLearned, e.MentorLearned, e.Insights, e.NextSteps} {
		if strings.Contains(v, "<!--") {
			return fmt.Errorf("the notes may not hold an HTML comment (<!--): the journal leaves comments out")
		}
	}
	return nil
}

// ParseDate reads a date written year-month-day (2026-01-15).
func ParseDate(s string) (time.Time, error) {
	t, err := time.Parse(DateLayout, s)
	if err != nil {
		return t, fmt.Errorf("%q is not a date written year-month-day, such as 2026-01-15", s)
	}
	// time.Parse takes year 0000; no mentoring session took place before
	// LeSS, nor before computers could record it.
	if t.Year() < 1970 {
		return t, fmt.Errorf("%q is before 1970; write the session's date year-month-day, such as 2026-01-15", s)
	}
	return t, nil
}

// ParseError points at the line of the journal that cannot be read.
type ParseError struct {
	Line int
	Msg  string
}

func (e *ParseError) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Msg) }

// FormatEntry writes one entry as the journal holds it, ending in a line
// break.
func FormatEntry(e Entry) string {
	var b strings.Builder
	unit := "minutes"
	if e.Minutes == 1 {
		unit = "minute"
	}
	fmt.Fprintf(&b, "## %s — %d %s\n\n", e.Date, e.Minutes, unit)
	b.WriteString(field("Met", strings.TrimSpace(e.Met)))
	b.WriteString("\n")
	b.WriteString(field("Topics", formatTopics(e.Topics)))
	b.WriteString("\n")
	if e.Insights != "" {
		b.WriteString(field("Insights", escapeValue(e.Insights)))
		b.WriteString("\n")
	}
	b.WriteString(field("Mentee learned", escapeValue(e.MenteeLearned)))
	b.WriteString("\n")
	b.WriteString(field("Mentor learned", escapeValue(e.MentorLearned)))
	b.WriteString("\n")
	b.WriteString(field("Next steps", escapeValue(e.NextSteps)))
	return b.String()
}

func field(label, value string) string {
	if value == "" {
		return label + ":\n"
	}
	return label + ": " + value + "\n"
}

// Format writes entries one after the other, a blank line between them.
func Format(entries []Entry) string {
	var parts []string
	for _, e := range entries {
		parts = append(parts, FormatEntry(e))
	}
	return strings.Join(parts, "\n")
}

func formatTopics(topics []string) string {
	var out []string
	for _, t := range topics {
		t = strings.TrimSpace(t)
		if t == "" {
			continue
		}
		if strings.ContainsRune(t, ',') || strings.HasPrefix(t, `"`) {
			t = `"` + strings.ReplaceAll(t, `"`, `""`) + `"`
		}
		out = append(out, t)
	}
	return strings.Join(out, ", ")
}

// SplitTopics reads a comma-separated list of topics; a topic in double
// quotes may hold commas ("" is a quote inside one).
func SplitTopics(s string) []string {
	out := []string{}
	for s = strings.TrimSpace(s); s != ""; s = strings.TrimSpace(s) {
		var t strings.Builder
		if s[0] == '"' {
			i := 1
			for i < len(s) {
				if s[i] == '"' {
					if i+1 < len(s) && s[i+1] == '"' {
						t.WriteByte('"')
						i += 2
						continue
					}
					i++
					break
				}
				t.WriteByte(s[i])
				i++
			}
			s = s[i:]
		}
		// Up to the next comma (after a quoted topic, anything stray there
		// is kept rather than lost).
		j := strings.IndexByte(s, ',')
		if j < 0 {
			j = len(s)
		}
		t.WriteString(s[:j])
		if topic := strings.TrimSpace(t.String()); topic != "" {
			out = append(out, topic)
		}
		if j == len(s) {
			break
		}
		s = s[j+1:]
	}
	return out
}

// A value line that Markdown would read as a heading of level 1 or 2 would
// end the entry; it is written with a backslash (\#), which renders as "#".
var (
	headingLine = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^ {0,3}#{1,2}(?:[ \t]|$)`) })
	escapedLine = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^( {0,3})\\(#{1,2}(?:[ \t]|$))`) })
)

func escapeValue(v string) string {
	if !strings.Contains(v, "#") {
		return v
	}
	lines := strings.Split(v, "\n")
	for i, l := range lines {
		if headingLine().MatchString(l) {
			k := len(l) - len(strings.TrimLeft(l, " "))
			lines[i] = l[:k] + `\` + l[k:]
		}
	}
	return strings.Join(lines, "\n")
}

var (
	// entryHeading reads "## 2026-01-15 — 120 minutes"; an en dash, a
	// hyphen or a comma may stand for the em dash, and hours or "min" for
	// minutes, as people write them by hand.
	entryHeading = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^ {0,3}##[ \t]+(\S+)[ \t]*(?:[—–-]+|,)?[ \t]*(\d+(?:[.,]\d+)?)[ \t]*(minutes?|mins?|m|hours?|hrs?|h)[ \t]*#*[ \t]*$`)
	})
	// sectionHeading is any heading of level 1 or 2; it ends an entry.
	deepDatedHeading = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^ {0,3}#{3,6}[ \t]+\d{4}-\d{1,2}-\d{1,2}\b`) })
	sectionHeading   = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^ {0,3}(#{1,2})(?:[ \t]+(.*?))?[ \t]*$`) })
	label            = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?i)^[ \t]*(?:\*\*|__)?(topics|insights|next[ \t]+steps|met|mentee[ \t]+learned|mentor[ \t]+learned)(?:\*\*|__)?[ \t]*:(?:\*\*|__)?[ \t]?`)
	})
)

// span is where a parsed entry is in the text, in bytes: from its heading
// to the end of its last line that is not blank.
type span struct{ start, end int }

// ToTalkOverHeading heads the journal's list of topics for the next
// conversation: casestudy reflect puts a page of a LeSS book there, and
// casestudy journal add makes the list the topics of the conversation it
// records. It is no conversation itself.
const ToTalkOverHeading = "To talk over"

// layout is a parsed journal: its entries and where they are, and the list
// to talk over and where its items are.
type layout struct {
	entries []Entry
	spans   []span
	// talk is the "## To talk over" section: its heading's line and the
	// end of its last line that is not blank; nil when there is none.
	talk  *span
	items []string
	lines []span // each item's whole line
}

// Parse reads the entries of a journal. Everything outside entries (the
// title, the introduction, HTML comments, the list to talk over, other
// sections) is skipped; an entry starts at a "## YYYY-MM-DD — N minutes"
// heading and ends at the next heading of level 1 or 2.
func Parse(text string) ([]Entry, error) {
	l, err := parse(text)
	return l.entries, err
}

// Journal is what the journal file holds: the conversations, and the
// topics waiting for the next one.
type Journal struct {
	Entries    []Entry
	ToTalkOver []string
}

// ParseJournal reads the conversations and the list to talk over.
func ParseJournal(text string) (Journal, error) {
	l, err := parse(text)
	return Journal{Entries: l.entries, ToTalkOver: l.items}, err
}

var listItem = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^ {0,3}[-*+][ \t]+(.*?)[ \t]*$`) })

// Field indexes of parse's values.
const (
	fTopics = iota
	fInsights
	fNext
	fMet
	fMentee
	fMentor
	nFields
)

func parse(text string) (layout, error) {
	var (
		l      layout
		cur    *Entry
		values [nFields][]string
		which  = -1
		inTalk bool
	)
	finish := func() {
		if cur == nil {
			return
		}
		cur.Topics = SplitTopics(strings.Join(values[fTopics], ", "))
		cur.Insights = joinValue(values[fInsights])
		cur.NextSteps = joinValue(values[fNext])
		cur.Met = joinValue(values[fMet])
		cur.MenteeLearned = joinValue(values[fMentee])
		cur.MentorLearned = joinValue(values[fMentor])
		l.entries = append(l.entries, *cur)
		cur, which = nil, -1
		values = [nFields][]string{}
	}
	inComment := false
	lineNo := 0
	for off := 0; off < len(text); {
		lineNo++
		end := strings.IndexByte(text[off:], '\n')
		next := len(text)
		if end >= 0 {
			end += off
			next = end + 1
		} else {
			end = len(text)
		}
		raw := strings.TrimSuffix(text[off:end], "\r")
		start := off
		off = next
		line, hadComment := withoutComments(raw, &inComment)
		if hadComment && strings.TrimSpace(line) == "" {
			continue
		}
		if m := sectionHeading().FindStringSubmatch(line); m != nil {
			finish()
			inTalk = false
			if len(m[1]) == 2 && m[2] != "" && m[2][0] >= '0' && m[2][0] <= '9' {
				e, err := parseHeading(line)
				if err != nil {
					return layout{}, &ParseError{Line: lineNo, Msg: err.Error()}
				}
				cur = &e
				l.spans = append(l.spans, span{start: start, end: next})
			}
			if len(m[1]) == 2 && l.talk == nil && strings.EqualFold(strings.TrimRight(m[2], " #"), ToTalkOverHeading) {
				inTalk = true
				l.talk = &span{start: start, end: next}
			}
			continue
		}
		if deepDatedHeading().MatchString(line) {
			// "### 2026-11-12 — 60 minutes" reads as a session to a person
			// but would be swallowed by the entry above it.
			return layout{}, &ParseError{Line: lineNo, Msg: fmt.Sprintf("%q: a session's heading takes two #, as in ## 2026-01-15 — 120 minutes", strings.TrimSpace(line))}
		}
		if inTalk {
			if strings.TrimSpace(line) != "" {
				l.talk.end = next
			}
			if m := listItem().FindStringSubmatch(line); m != nil && m[1] != "" {
				l.items = append(l.items, m[1])
				l.lines = append(l.lines, span{start: start, end: next})
			}
			continue
		}
		if cur == nil {
			continue
		}
		if strings.TrimSpace(line) != "" {
			l.spans[len(l.spans)-1].end = next
		}
		if m := label().FindStringSubmatchIndex(line); m != nil {
			name := strings.Join(strings.Fields(strings.ToLower(line[m[2]:m[3]])), " ")
			switch name {
			case "topics":
				which = fTopics
			case "insights":
				which = fInsights
			case "next steps":
				which = fNext
			case "met":
				which = fMet
			case "mentee learned":
				which = fMentee
			default:
				which = fMentor
			}
			values[which] = append(values[which], unescapeLine(strings.TrimRight(line[m[1]:], " \t\r")))
			continue
		}
		if which == fTopics || which == fMet || which < 0 {
			if strings.TrimSpace(line) == "" {
				continue
			}
			// Topics and where we met are one line each; text after
			// them, or before any field, is kept as insights.
			which = fInsights
		}
		values[which] = append(values[which], unescapeLine(strings.TrimRight(line, " \t\r")))
	}
	finish()
	return l, nil
}

func unescapeLine(l string) string {
	if m := escapedLine().FindStringSubmatchIndex(l); m != nil {
		return l[:m[3]] + l[m[3]+1:]
	}
	return l
}

// joinValue joins the lines of a field, without the blank lines around it.
func joinValue(lines []string) string {
	v := strings.Join(lines, "\n")
	return strings.Trim(v, " \t\r\n")
}

func parseHeading(line string) (Entry, error) {
	shown := strings.TrimSpace(line)
	m := entryHeading().FindStringSubmatch(line)
	if m == nil {
		return Entry{}, fmt.Errorf("%q is not a session heading; write it like \"## 2026-01-15 — 120 minutes\"", shown)
	}
	d, err := ParseDate(m[1])
	if err != nil {
		return Entry{}, fmt.Errorf("%q: %v", shown, err)
	}
	amount, _ := strconv.ParseFloat(strings.Replace(m[2], ",", ".", 1), 64)
	if strings.HasPrefix(m[3], "h") {
		amount *= 60
	}
	minutes := int(amount + 0.5)
	if minutes < 1 || minutes > MaxMinutes {
		return Entry{}, fmt.Errorf("%q: a session lasts from 1 to %d minutes", shown, MaxMinutes)
	}
	return Entry{Date: d.Format(DateLayout), Minutes: minutes, Topics: []string{}}, nil
}

// withoutComments removes HTML comments from a line; open carries an
// unclosed comment over to the next line. hadComment says whether the line
// held any part of one.
func withoutComments(line string, open *bool) (string, bool) {
	visible, stillOpen, touched := prose.LineWithoutComments(line, *open)
	*open = stillOpen
	return visible, touched
}

// Insert adds an entry to the journal's text, keeping the entries in date
// order: before the first entry with a later date, otherwise after the last
// entry (or at the end when there is none). Every other byte of the text
// stays as it was.
func Insert(text string, e Entry) (string, error) {
	if err := e.Check(); err != nil {
		return "", err
	}
	l, err := parse(text)
	if err != nil {
		return "", err
	}
	entries, spans := l.entries, l.spans
	at := len(text)
	if len(spans) > 0 {
		at = spans[len(spans)-1].end
	}
	for i, x := range entries {
		if x.Date > e.Date {
			at = spans[i].start
			break
		}
	}
	before, after := text[:at], text[at:]
	if before != "" && !strings.HasSuffix(before, "\n") {
		before += "\n"
	}
	if before != "" && !strings.HasSuffix(before, "\n\n") {
		before += "\n"
	}
	block := FormatEntry(e)
	if after != "" && !strings.HasPrefix(after, "\n") && !strings.HasPrefix(after, "\r\n") {
		block += "\n"
	}
	return before + block + after, nil
}

// Canonical is the entry as the journal reads it back after writing it:
// topics trimmed, split at commas and without empty ones, notes without the
// blank lines and spaces around them and at the ends of lines.
func Canonical(e Entry) (Entry, error) {
	if err := e.Check(); err != nil {
		return e, err
	}
	got, err := Parse(FormatEntry(e))
	if err != nil {
		return e, err
	}
	if len(got) != 1 {
		return e, fmt.Errorf("the notes break the entry in %d parts; a line of them starts like a heading", len(got))
	}
	return got[0], nil
}

// Summary is what status says about the mentoring.
type Summary struct {
	Sessions int
	Last     *Entry // the latest by date
	// ToTalkOver are the topics waiting for the next conversation: the
	// journal's list, and reflections an older casestudy wrote as entries
	// that nobody wrote up (they are no conversation either).
	ToTalkOver []string
}

// Summarize counts the conversations and finds the latest.
func Summarize(j Journal) Summary {
	s := Summary{ToTalkOver: append([]string{}, j.ToTalkOver...)}
	for i, e := range j.Entries {
		if e.IsPrompt() {
			s.ToTalkOver = append(s.ToTalkOver, e.Topics[0])
			continue
		}
		s.Sessions++
		if s.Last == nil || e.Date >= s.Last.Date {
			s.Last = &j.Entries[i]
		}
	}
	return s
}

// IsPrompt reports whether an entry is a reflection an older casestudy
// reflect wrote as an entry of its own and nobody wrote up: its one topic
// is a reflection, and it says nothing yet.
func (e Entry) IsPrompt() bool {
	return len(e.Topics) == 1 && strings.HasPrefix(e.Topics[0], ReflectionPrefix) &&
		strings.TrimSpace(e.Insights+e.MenteeLearned+e.MentorLearned+e.NextSteps+e.Met) == ""
}

// ReflectionPrefix starts the topic of a reflection on a page of a LeSS
// book.
const ReflectionPrefix = "Reflection: "

// Propose puts a topic on the list to talk over, starting the list when
// the journal has none (before the first conversation, or at the end).
// A reflection replaces the reflection already waiting there: picking
// another page is a re-roll, and the page not taken is no topic. replaced
// is what it replaced.
func Propose(text, topic string) (out string, replaced []string, err error) {
	topic = strings.TrimSpace(topic)
	if topic == "" || strings.ContainsAny(topic, "\r\n") {
		return text, nil, fmt.Errorf("a topic to talk over is one line: %q", topic)
	}
	l, err := parse(text)
	if err != nil {
		return text, nil, err
	}
	if l.talk == nil {
		at := len(text)
		if len(l.spans) > 0 {
			at = l.spans[0].start
		}
		return joinBlock(text[:at], "## "+ToTalkOverHeading+"\n\n- "+topic+"\n", text[at:]), nil, nil
	}
	var b strings.Builder
	last := 0
	for i, item := range l.items {
		if strings.HasPrefix(item, ReflectionPrefix) && strings.HasPrefix(topic, ReflectionPrefix) {
			b.WriteString(text[last:l.lines[i].start])
			last = l.lines[i].end
			replaced = append(replaced, item)
		}
	}
	b.WriteString(text[last:l.talk.end])
	body := b.String()
	if !strings.HasSuffix(body, "\n") {
		body += "\n"
	}
	if len(l.items) == len(replaced) {
		// An empty list: the item goes after a blank line, as Markdown
		// wants, even when the heading is followed by a comment.
		if !strings.HasSuffix(body, "\n\n") {
			body += "\n"
		}
	}
	rest := text[l.talk.end:]
	item := "- " + topic + "\n"
	if rest != "" && !strings.HasPrefix(rest, "\n") {
		item += "\n"
	}
	return body + item + rest, replaced, nil
}

// TakeToTalkOver empties the list to talk over and returns its topics;
// the heading and any guidance under it stay for the next time.
func TakeToTalkOver(text string) (string, []string, error) {
	l, err := parse(text)
	if err != nil || len(l.items) == 0 {
		return text, nil, err
	}
	var b strings.Builder
	last := l.talk.start
	for _, ln := range l.lines {
		b.WriteString(text[last:ln.start])
		last = ln.end
	}
	b.WriteString(text[last:l.talk.end])
	// Only the section's own blank lines are tidied; every other byte of
	// the journal stays as written.
	section := strings.TrimRight(manyBlankLines().ReplaceAllString(b.String(), "\n\n"), "\n") + "\n"
	return text[:l.talk.start] + section + text[l.talk.end:], l.items, nil
}

var manyBlankLines = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\n(?:[ \t]*\n){2,}`) })

// joinBlock puts a block between two texts with one blank line on each
// side.
func joinBlock(before, block, after string) string {
	if before != "" && !strings.HasSuffix(before, "\n") {
		before += "\n"
	}
	if before != "" && !strings.HasSuffix(before, "\n\n") {
		before += "\n"
	}
	if after != "" && !strings.HasPrefix(after, "\n") && !strings.HasPrefix(after, "\r\n") {
		block += "\n"
	}
	return before + block + after
}

// DaysSince is the number of calendar days from the date to today.
func DaysSince(date string, today time.Time) int {
	d, err := time.Parse(DateLayout, date)
	if err != nil {
		return 0
	}
	t := time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, time.UTC)
	return int(t.Sub(d).Hours()) / 24
}

// Sorted returns the entries by date, sessions on one day in journal order.
func Sorted(entries []Entry) []Entry {
	out := append([]Entry(nil), entries...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Date < out[j].Date })
	return out
}
