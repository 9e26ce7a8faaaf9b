package cmd

import (
	"net/mail"
	"strings"

	"github.com/less-trainers/casestudy/review"
)

// parsePerson reads a person as given on the command line: a GitHub handle
// ("craig" or "@craig") or a name with an email ("Craig Larman <craig@example.com>").
func parsePerson(flag, s string) (review.Person, error) {
	s = strings.TrimSpace(s)
	if strings.ContainsAny(s, "<@") && strings.Contains(s, "<") {
		a, err := mail.ParseAddress(s)
		if err != nil || a.Name == "" {
			return review.Person{}, usagef("--%s %q: write a name and an email as \"Ana Silva <ana@example.com>\", or a GitHub handle", flag, s)
		}
		return review.Person{Name: a.Name, Email: a.Address}, nil
	}
	handle := strings.TrimPrefix(s, "@")
	if !review.ValidHandle(handle) {
		return review.Person{}, usagef("--%s %q is not a GitHub user name (letters, digits and single hyphens) nor \"Name <email>\"", flag, s)
	}
	return review.Person{GitHub: handle}, nil
}

// parseMentee reads "Name <email>": the mentee signs the drafts, so both are needed.
func parseMentee(s string) (review.Person, error) {
	a, err := mail.ParseAddress(strings.TrimSpace(s))
	if err != nil || a.Name == "" {
		return review.Person{}, usagef("--mentee %q: write it as \"Ana Silva <ana@example.com>\"", s)
	}
	return review.Person{Name: a.Name, Email: a.Address}, nil
}

func checkTimeZone(flag, tz string) error {
	if tz == "" {
		return nil
	}
	if err := review.ValidTimeZone(tz); err != nil {
		return usagef("--%s: %v", flag, err)
	}
	return nil
}
