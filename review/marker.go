package review

import (
	"encoding/json"
	"regexp"
	"sync"
)

// Marker is a hidden line in the review request's description that lets
// a reviewer's queue show every case study waiting on them from a single
// search, without opening each repository.
type Marker struct {
	Draft     int      `json:"draft"`
	Words     int      `json:"words"`
	Mentor    string   `json:"mentor"`
	Reviewers []string `json:"reviewers"`
	// Stage and Next say where the review stands and whom it waits for,
	// kept up to date by submit and by every verdict.
	Stage Stage  `json:"stage"`
	Next  string `json:"next"`
}

var markerPattern = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`<!-- casestudy: (\{.*?\}) -->`) })

// Line is the marker as an HTML comment, which GitHub does not show.
func (m Marker) Line() string {
	b, _ := json.Marshal(m)
	return "<!-- casestudy: " + string(b) + " -->"
}

// ParseMarker finds the marker in a description; ok is false when there is
// none, which means the pull request is not a case study.
func ParseMarker(body string) (Marker, bool) {
	match := markerPattern().FindStringSubmatch(body)
	if match == nil {
		return Marker{}, false
	}
	var m Marker
	if json.Unmarshal([]byte(match[1]), &m) != nil {
		return Marker{}, false
	}
	return m, true
}

// WithMarker puts m into a description, replacing the marker it has.
func WithMarker(body string, m Marker) string {
	if markerPattern().MatchString(body) {
		return markerPattern().ReplaceAllLiteralString(body, m.Line())
	}
	return body + "\n" + m.Line() + "\n"
}
