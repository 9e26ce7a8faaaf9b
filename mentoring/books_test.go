package mentoring

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

func TestBooksOverrides(t *testing.T) {
	books, err := Books(map[string]int{"practices": 640})
	if err != nil {
		t.Fatal(err)
	}
	pages := map[string]int{}
	for _, b := range books {
		pages[b.Key] = b.Pages
	}
	if pages["scaling"] != 368 || pages["practices"] != 640 || pages["more-with-less"] != 368 {
		t.Errorf("pages = %v", pages)
	}
	for _, bad := range []map[string]int{{"nope": 3}, {"scaling": 0}, {"scaling": MaxPages + 1}} {
		if _, err := Books(bad); err == nil {
			t.Errorf("Books(%v) = nil error", bad)
		}
	}
	if err := CheckBookPages("nope", 3); err == nil || !strings.Contains(err.Error(), "scaling, practices, more-with-less") {
		t.Errorf("CheckBookPages error = %v", err)
	}
}

func TestPickIsWeightedByPages(t *testing.T) {
	books, _ := Books(nil)
	r := rand.New(rand.NewPCG(1, 2))
	counts := map[string]int{}
	const n = 136000
	for range n {
		b, page := Pick(books, r)
		if page < 1 || page > b.Pages {
			t.Fatalf("page %d of %s (%d pages)", page, b.Key, b.Pages)
		}
		counts[b.Key]++
	}
	total := 368 + 624 + 368
	for _, b := range books {
		want := float64(n) * float64(b.Pages) / float64(total)
		if got := float64(counts[b.Key]); math.Abs(got-want) > 0.02*want {
			t.Errorf("%s picked %v times, want about %v", b.Key, got, want)
		}
	}
}

func TestPickIsDeterministic(t *testing.T) {
	books, _ := Books(nil)
	b1, p1 := Pick(books, rand.New(rand.NewPCG(42, 0)))
	b2, p2 := Pick(books, rand.New(rand.NewPCG(42, 0)))
	if b1 != b2 || p1 != p2 {
		t.Errorf("the same seed picked %s %d and %s %d", b1.Key, p1, b2.Key, p2)
	}
}

func TestWorkingOverlap(t *testing.T) {
	load := func(name string) *time.Location {
		l, err := time.LoadLocation(name)
		if err != nil {
			t.Fatal(err)
		}
		return l
	}
	lisbon, ny, berlin := load("Europe/Lisbon"), load("America/New_York"), load("Europe/Berlin")
	tokyo, la, kolkata := load("Asia/Tokyo"), load("America/Los_Angeles"), load("Asia/Kolkata")
	auckland := load("Pacific/Auckland")
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 12, 0, 0, 0, time.UTC) }
	tests := []struct {
		name          string
		a, b          *time.Location
		day           time.Time
		ahead, shared time.Duration
	}{
		{"Lisbon and New York in January", lisbon, ny, day(2026, 1, 15), 5 * time.Hour, 3 * time.Hour},
		// The United States changes the clocks on 8 March 2026, Europe on
		// 29 March: for three weeks the gap is an hour smaller.
		{"Lisbon and New York in mid-March", lisbon, ny, day(2026, 3, 16), 4 * time.Hour, 4 * time.Hour},
		{"same zone", berlin, berlin, day(2026, 6, 1), 0, 8 * time.Hour},
		{"behind", ny, berlin, day(2026, 1, 15), -6 * time.Hour, 2 * time.Hour},
		{"half an hour", kolkata, berlin, day(2026, 1, 15), 4*time.Hour + 30*time.Minute, 3*time.Hour + 30*time.Minute},
		{"no overlap", tokyo, berlin, day(2026, 1, 15), 8 * time.Hour, 0},
		// Auckland's working day is Los Angeles's 12:00–20:00 of the day
		// before; in July both have changed their clocks the other way.
		{"across the date line", auckland, la, day(2026, 1, 15), 21 * time.Hour, 5 * time.Hour},
		{"across the date line in July", auckland, la, day(2026, 7, 15), 19 * time.Hour, 3 * time.Hour},
		{"Tokyo and Los Angeles", tokyo, la, day(2026, 1, 15), 17 * time.Hour, time.Hour},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := WorkingOverlap(tt.a, tt.b, tt.day)
			if o.Ahead != tt.ahead || o.Shared != tt.shared {
				t.Errorf("ahead %v shared %v, want %v and %v", o.Ahead, o.Shared, tt.ahead, tt.shared)
			}
		})
	}
	// Sydney (+11 in January) and Los Angeles (−8): 19 hours apart, so
	// Sydney's 09:00–12:00 is Los Angeles's 14:00–17:00 the day before.
	o := WorkingOverlap(load("Australia/Sydney"), la, day(2026, 1, 15))
	if o.Shared != 3*time.Hour || o.Start.In(la).Hour() != 14 || o.Start.In(la).Day() != 14 {
		t.Errorf("Sydney and Los Angeles: %v from %v", o.Shared, o.Start.In(la))
	}
}

func TestSpan(t *testing.T) {
	for d, want := range map[time.Duration]string{
		5 * time.Hour:                 "5 hours",
		time.Hour:                     "1 hour",
		-4*time.Hour - 30*time.Minute: "4 hours 30 minutes",
		45 * time.Minute:              "45 minutes",
		0:                             "0 minutes",
	} {
		if got := Span(d); got != want {
			t.Errorf("Span(%v) = %q, want %q", d, got, want)
		}
	}
}
