package mentoring

import (
	"fmt"
	"time"
)

// Ordinary working hours, local time in each zone.
const (
	WorkStart = 9  // 09:00
	WorkEnd   = 17 // 17:00
)

// MinOverlap is the shared working time below which status warns: a
// two-hour session needs at least that much.
const MinOverlap = 2 * time.Hour

// Overlap is how two people's working days meet.
type Overlap struct {
	A, B *time.Location
	// Ahead is how far A's clock is ahead of B's (negative when behind).
	Ahead time.Duration
	// Shared is how long both are within working hours; Start and End are
	// that time, zero when there is none.
	Shared     time.Duration
	Start, End time.Time
}

// WorkingOverlap computes the overlap of ordinary working hours
// (WorkStart–WorkEnd local time) on the date that day has in zone a, against
// b's working day of the same date or either neighbour (far-apart zones meet
// across midnight). The offsets are those of that date, so daylight saving
// time counts.
func WorkingOverlap(a, b *time.Location, day time.Time) Overlap {
	local := day.In(a)
	y, m, d := local.Date()
	aStart := time.Date(y, m, d, WorkStart, 0, 0, 0, a)
	aEnd := time.Date(y, m, d, WorkEnd, 0, 0, 0, a)
	noon := time.Date(y, m, d, 12, 0, 0, 0, a)
	_, offA := noon.Zone()
	_, offB := noon.In(b).Zone()
	o := Overlap{A: a, B: b, Ahead: time.Duration(offA-offB) * time.Second}
	for shift := -1; shift <= 1; shift++ {
		bStart := time.Date(y, m, d+shift, WorkStart, 0, 0, 0, b)
		bEnd := time.Date(y, m, d+shift, WorkEnd, 0, 0, 0, b)
		start, end := later(aStart, bStart), earlier(aEnd, bEnd)
		if shared := end.Sub(start); shared > o.Shared {
			o.Shared, o.Start, o.End = shared, start, end
		}
	}
	return o
}

func later(x, y time.Time) time.Time {
	if x.After(y) {
		return x
	}
	return y
}

func earlier(x, y time.Time) time.Time {
	if x.Before(y) {
		return x
	}
	return y
}

// Span writes a duration in hours and minutes: "5 hours", "1 hour 30 minutes",
// "45 minutes".
func Span(d time.Duration) string {
	if d < 0 {
		d = -d
	}
	h, m := int(d/time.Hour), int(d%time.Hour/time.Minute)
	unit := func(n int, one, many string) string {
		if n == 1 {
			return fmt.Sprintf("%d %s", n, one)
		}
		return fmt.Sprintf("%d %s", n, many)
	}
	switch {
	case h == 0:
		return unit(m, "minute", "minutes")
	case m == 0:
		return unit(h, "hour", "hours")
	}
	return unit(h, "hour", "hours") + " " + unit(m, "minute", "minutes")
}
