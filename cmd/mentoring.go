package cmd

import (
	"fmt"
	"time"

	"github.com/less-trainers/casestudy/mentoring"
	"github.com/less-trainers/casestudy/review"
)

// mentoringRows are the status rows about the mentoring: the journal and
// the time zones. root is the case study's directory ("" when unknown).
func mentoringRows(root string, cfg *review.Config, now time.Time) [][2]string {
	var rows [][2]string
	if root != "" {
		j, err := mentoring.ReadJournal(root)
		rows = append(rows, [2]string{"Mentoring", journalLine(cfg, j, err, now)})
	}
	if line := timeZoneLine(cfg, now); line != "" {
		rows = append(rows, [2]string{"Time zones", line})
	}
	return rows
}

// monthDays is how long after the last conversation status suggests the
// next: the mentoring guidance talks of at least monthly.
const monthDays = 31

// journalLine says how long since mentee and mentor last talked, without
// totals: mentoring is learning, not hours to account for.
func journalLine(cfg *review.Config, j mentoring.Journal, err error, now time.Time) string {
	if err != nil {
		return "cannot read the journal: " + err.Error()
	}
	s := mentoring.Summarize(j)
	mentor := "your mentor"
	if cfg != nil {
		if n := personName(cfg.Mentor); n != "" {
			mentor = n
		}
	}
	waiting := ""
	if n := len(s.ToTalkOver); n > 0 {
		waiting = "; " + review.Plural(n, "topic", "topics") + " to talk over (casestudy journal list)"
	}
	if s.Last == nil {
		return "no conversation with " + mentor + " recorded yet" + waiting + "; talk at least monthly, and record each conversation with: casestudy journal add"
	}
	days := mentoring.DaysSince(s.Last.Date, now)
	line := fmt.Sprintf("the last conversation was %s (%s)", daysAgo(days), s.Last.Date)
	if days > monthDays {
		line += "; over a month ago, a good time to talk with " + mentor + " again"
	}
	return line + waiting
}

// personName is how people are named in sentences: their name, else their
// handle or email.
func personName(p review.Person) string {
	switch {
	case p.Name != "":
		return p.Name
	case p.GitHub != "":
		return "@" + p.GitHub
	}
	return p.Email
}

func daysAgo(days int) string {
	switch {
	case days < 0:
		return "in the future"
	case days == 0:
		return "today"
	case days == 1:
		return "yesterday"
	}
	return fmt.Sprintf("%d days ago", days)
}

// timeZoneLine compares the mentee's and the mentor's working hours today;
// empty when either time zone is not in casestudy.yaml.
func timeZoneLine(cfg *review.Config, now time.Time) string {
	if cfg == nil || cfg.Mentee.TimeZone == "" || cfg.Mentor.TimeZone == "" {
		return ""
	}
	a, errA := time.LoadLocation(cfg.Mentee.TimeZone)
	b, errB := time.LoadLocation(cfg.Mentor.TimeZone)
	if errA != nil || errB != nil {
		return ""
	}
	o := mentoring.WorkingOverlap(a, b, now)
	var line string
	switch {
	case o.Ahead == 0:
		line = fmt.Sprintf("mentee (%s) and mentor (%s) keep the same time", a, b)
	case o.Ahead > 0:
		line = fmt.Sprintf("the mentee (%s) is %s ahead of the mentor (%s)", a, mentoring.Span(o.Ahead), b)
	default:
		line = fmt.Sprintf("the mentee (%s) is %s behind the mentor (%s)", a, mentoring.Span(o.Ahead), b)
	}
	hours := fmt.Sprintf("%02d:00–%02d:00", mentoring.WorkStart, mentoring.WorkEnd)
	switch {
	case o.Shared == 0:
		return line + "; working hours (" + hours + ") do not overlap: take turns meeting outside them"
	case o.Ahead == 0:
		line += "; working hours overlap " + mentoring.Span(o.Shared)
	default:
		line += fmt.Sprintf("; working hours overlap %s (%s–%s for the mentee, %s–%s for the mentor)", mentoring.Span(o.Shared),
			o.Start.In(a).Format("15:04"), o.End.In(a).Format("15:04"), o.Start.In(b).Format("15:04"), o.End.In(b).Format("15:04"))
	}
	if o.Shared < mentoring.MinOverlap {
		line += fmt.Sprintf(" — under %s, too little for a two-hour session: take turns meeting outside working hours", mentoring.Span(mentoring.MinOverlap))
	}
	return line
}

// mentoringJSON is the mentoring part of status --json.
type mentoringJSON struct {
	Sessions          int      `json:"conversations"`
	LastSession       string   `json:"last_conversation_date,omitempty"`
	DaysSince         *int     `json:"days_since_last_conversation,omitempty"`
	MoreThanAMonthAgo bool     `json:"last_conversation_over_a_month_ago"`
	ToTalkOver        []string `json:"to_talk_over"`
	JournalError      string   `json:"journal_error,omitempty"`
	// Time zones, when both mentee and mentor have one.
	AheadHours   *float64 `json:"mentee_ahead_of_mentor_hours,omitempty"`
	OverlapHours *float64 `json:"working_hours_overlap_hours,omitempty"`
}

func mentoringStatus(root string, cfg *review.Config, now time.Time) mentoringJSON {
	var m mentoringJSON
	j, err := mentoring.ReadJournal(root)
	if err != nil {
		m.JournalError = err.Error()
	}
	s := mentoring.Summarize(j)
	m.Sessions, m.ToTalkOver = s.Sessions, s.ToTalkOver
	if s.Last != nil {
		days := mentoring.DaysSince(s.Last.Date, now)
		m.LastSession, m.DaysSince, m.MoreThanAMonthAgo = s.Last.Date, &days, days > monthDays
	}
	if cfg.Mentee.TimeZone != "" && cfg.Mentor.TimeZone != "" {
		a, errA := time.LoadLocation(cfg.Mentee.TimeZone)
		b, errB := time.LoadLocation(cfg.Mentor.TimeZone)
		if errA == nil && errB == nil {
			o := mentoring.WorkingOverlap(a, b, now)
			ahead, shared := o.Ahead.Hours(), o.Shared.Hours()
			m.AheadHours, m.OverlapHours = &ahead, &shared
		}
	}
	return m
}
