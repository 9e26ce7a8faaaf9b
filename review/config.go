package review

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/mail"
	"path"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
	_ "time/tzdata" // time zones validate the same on machines without zoneinfo

	"github.com/less-trainers/casestudy/mentoring"
	"github.com/less-trainers/casestudy/prose"
	"go.yaml.in/yaml/v3"
)

// ConfigFile is the case study's metadata file at the repository root.
const ConfigFile = "casestudy.yaml"

// Person is someone in the case study: the mentee, the mentor or a reviewer.
type Person struct {
	Name     string `yaml:"name,omitempty" json:"name,omitempty"`
	Email    string `yaml:"email,omitempty" json:"email,omitempty"`
	GitHub   string `yaml:"github,omitempty" json:"github,omitempty"`
	TimeZone string `yaml:"timezone,omitempty" json:"timezone,omitempty"`
}

// String names a person the way they are best known here: GitHub handle,
// then name, then email.
func (p Person) String() string {
	switch {
	case p.Name != "" && p.GitHub != "":
		return fmt.Sprintf("%s (@%s)", p.Name, p.GitHub)
	case p.GitHub != "":
		return "@" + p.GitHub
	case p.Name != "" && p.Email != "":
		return fmt.Sprintf("%s <%s>", p.Name, p.Email)
	case p.Name != "":
		return p.Name
	}
	return p.Email
}

// Config is casestudy.yaml.
type Config struct {
	Title   string `yaml:"title" json:"title"`
	Company string `yaml:"company,omitempty" json:"company,omitempty"`
	Theme   string `yaml:"theme,omitempty" json:"theme,omitempty"`
	Mentee  Person `yaml:"mentee" json:"mentee"`
	Mentor  Person `yaml:"mentor" json:"mentor"`
	// Reviewers come after the mentor, in order; the last one is the final
	// reviewer, whose approval publishes the case study.
	Reviewers []Person `yaml:"reviewers" json:"reviewers"`
	Documents []string `yaml:"documents" json:"documents"`
	// GitHub is OWNER/NAME of the repository on GitHub, if there is one.
	GitHub string `yaml:"github,omitempty" json:"github,omitempty"`
	// Books optionally overrides the page counts of the LeSS books that
	// casestudy reflect picks a page from, for another edition: keys
	// scaling (2008), practices (2010), more-with-less (2016).
	Books map[string]int `yaml:"books,omitempty" json:"books,omitempty"`
}

// clean makes the free-text fields safe to print: casestudy.yaml comes
// with the repository, from whoever committed it. Paths and time zones are
// left to validation, which refuses what they cannot be.
func (c *Config) clean() {
	for _, s := range []*string{&c.Title, &c.Company, &c.Theme, &c.GitHub} {
		*s = prose.Clean(*s)
	}
	people := []*Person{&c.Mentee, &c.Mentor}
	for i := range c.Reviewers {
		people = append(people, &c.Reviewers[i])
	}
	for _, p := range people {
		p.Name, p.Email, p.GitHub = prose.Clean(p.Name), prose.Clean(p.Email), prose.Clean(p.GitHub)
	}
}

// FinalReviewer is the last reviewer.
func (c *Config) FinalReviewer() Person {
	if len(c.Reviewers) == 0 {
		return Person{}
	}
	return c.Reviewers[len(c.Reviewers)-1]
}

// ConfigError points at the line of casestudy.yaml that is wrong.
type ConfigError struct {
	File string
	Line int // 0 when the problem is not on one line
	Msg  string
}

func (e *ConfigError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Msg)
}

var yamlLine = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`line (\d+): (.*)`) })
var unknownField = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`field (\S+) not found in type`) })

// ParseConfig reads and validates casestudy.yaml; file names it in errors.
func ParseConfig(file string, data []byte) (*Config, error) {
	var c Config
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true) // a misspelt key is reported, not silently ignored
	switch err := dec.Decode(&c); {
	case errors.Is(err, io.EOF):
		return nil, &ConfigError{File: file, Msg: "the file is empty; it needs at least a title, the mentee, the mentor and the reviewers"}
	case err != nil:
		return nil, yamlError(file, err)
	}
	c.clean()
	if err := c.validate(); err != nil {
		var fe *fieldError
		if !errors.As(err, &fe) {
			return nil, err
		}
		// Only now is the line of the faulty value worth a second parse.
		var root yaml.Node
		if err := yaml.Unmarshal(data, &root); err != nil || len(root.Content) == 0 {
			return nil, &ConfigError{File: file, Msg: fe.msg}
		}
		return nil, &ConfigError{File: file, Line: lineOf(root.Content[0], fe.path), Msg: fe.msg}
	}
	return &c, nil
}

// decodeStrict decodes YAML refusing unknown fields, so a misspelt key is
// reported instead of silently ignored.
func decodeStrict(file string, data []byte, v any) error {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(v); err != nil && !errors.Is(err, io.EOF) {
		return yamlError(file, err)
	}
	return nil
}

func yamlError(file string, err error) error {
	msg := err.Error()
	if te := (*yaml.TypeError)(nil); errors.As(err, &te) && len(te.Errors) > 0 {
		msg = te.Errors[0]
	}
	m := yamlLine().FindStringSubmatch(msg)
	if m == nil {
		return &ConfigError{File: file, Msg: strings.TrimPrefix(msg, "yaml: ")}
	}
	line, _ := strconv.Atoi(m[1])
	what := m[2]
	if f := unknownField().FindStringSubmatch(what); f != nil {
		what = fmt.Sprintf("unknown field %q; check its spelling", f[1])
	} else if strings.Contains(what, "cannot unmarshal") {
		what = "wrong kind of value here: " + what
	}
	return &ConfigError{File: file, Line: line, Msg: what}
}

// lineOf finds the line of the value at a dotted path such as
// "reviewers.1.github"; it falls back to the nearest parent found.
func lineOf(n *yaml.Node, dotted string) int {
	line := n.Line
	for _, key := range strings.Split(dotted, ".") {
		var next *yaml.Node
		switch n.Kind {
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				if n.Content[i].Value == key {
					next = n.Content[i+1]
					line = n.Content[i].Line
				}
			}
		case yaml.SequenceNode:
			if i, err := strconv.Atoi(key); err == nil && i < len(n.Content) {
				next = n.Content[i]
				line = next.Line
			}
		}
		if next == nil {
			return line
		}
		n = next
	}
	return line
}

type fieldError struct{ path, msg string }

func (e *fieldError) Error() string { return e.path + ": " + e.msg }

func fieldErr(path, format string, args ...any) error {
	return &fieldError{path: path, msg: fmt.Sprintf(format, args...)}
}

// ValidHandle reports whether s can be a GitHub user name: up to 39
// letters, digits and single inner hyphens. (Written out rather than as a
// regular expression: the counted repetition compiles to a large program,
// and every casestudy command would pay for it at start.)
func ValidHandle(s string) bool {
	if s == "" || len(s) > 39 || s[0] == '-' || s[len(s)-1] == '-' || strings.Contains(s, "--") {
		return false
	}
	for _, c := range s {
		if !(c == '-' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// validRepo reports whether s is OWNER/NAME.
func validRepo(s string) bool {
	owner, name, ok := strings.Cut(s, "/")
	if !ok || !ValidHandle(owner) || name == "" || len(name) > 100 || name == "." || name == ".." {
		return false
	}
	for _, c := range name {
		if !(c == '-' || c == '_' || c == '.' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// ValidEmail reports whether s is a plain email address.
func ValidEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	return err == nil && a.Address == s && a.Name == ""
}

func (c *Config) validate() error {
	if strings.TrimSpace(c.Title) == "" {
		return fieldErr("title", "title is empty; give the case study a title, e.g. title: \"Scaling Product Ownership at Acme\"")
	}
	if c.Mentee.Name == "" || c.Mentee.Email == "" {
		return fieldErr("mentee", "the mentee needs a name and an email")
	}
	if err := c.Mentee.validate("mentee"); err != nil {
		return err
	}
	if c.Mentor.GitHub == "" && c.Mentor.Email == "" {
		return fieldErr("mentor", "the mentor needs a GitHub handle or an email")
	}
	if err := c.Mentor.validate("mentor"); err != nil {
		return err
	}
	if len(c.Reviewers) == 0 {
		return fieldErr("reviewers", "no reviewers; list at least the final reviewer, e.g. reviewers: [{github: craig}]")
	}
	for i, r := range c.Reviewers {
		where := fmt.Sprintf("reviewers.%d", i)
		if r.GitHub == "" && r.Email == "" {
			return fieldErr(where, "reviewer %d needs a GitHub handle or an email", i+1)
		}
		if err := r.validate(where); err != nil {
			return err
		}
	}
	if len(c.Documents) == 0 {
		return fieldErr("documents", "no documents; list the case-study file, e.g. documents: [case-study.md]")
	}
	for i, d := range c.Documents {
		clean := path.Clean(d)
		if d == "" || path.IsAbs(d) || clean != d || strings.HasPrefix(clean, "../") || clean == ".." || strings.Contains(d, `\`) {
			return fieldErr(fmt.Sprintf("documents.%d", i), "document %q must be a plain relative path inside the repository, e.g. case-study.md", d)
		}
		// Listed twice, a document would be counted and exported twice.
		for j := range i {
			if c.Documents[j] == d {
				return fieldErr(fmt.Sprintf("documents.%d", i), "document %q is listed twice; list each file once", d)
			}
		}
	}
	if c.GitHub != "" && !validRepo(c.GitHub) {
		return fieldErr("github", "github %q is not OWNER/NAME", c.GitHub)
	}
	if _, err := mentoring.Books(c.Books); err != nil {
		var key string
		for k, pages := range c.Books {
			if mentoring.CheckBookPages(k, pages) != nil && (key == "" || k < key) {
				key = k
			}
		}
		return fieldErr("books."+key, "%v", err)
	}
	return nil
}

func (p Person) validate(where string) error {
	if p.Email != "" && !ValidEmail(p.Email) {
		return fieldErr(where+".email", "%q is not an email address", p.Email)
	}
	if p.GitHub != "" && !ValidHandle(p.GitHub) {
		return fieldErr(where+".github", "%q is not a GitHub user name (letters, digits and single hyphens, no @)", p.GitHub)
	}
	if p.TimeZone != "" {
		if err := ValidTimeZone(p.TimeZone); err != nil {
			return fieldErr(where+".timezone", "%v", err)
		}
	}
	return nil
}

// ValidTimeZone checks an IANA time zone name such as Europe/Lisbon.
func ValidTimeZone(tz string) error {
	if tz == "Local" || tz == "" {
		return fmt.Errorf("time zone %q is not an IANA name such as Europe/Lisbon", tz)
	}
	if _, err := time.LoadLocation(tz); err != nil {
		return fmt.Errorf("%q is not an IANA time zone such as Europe/Lisbon or America/New_York", tz)
	}
	return nil
}

// Marshal writes casestudy.yaml with a short explanation on top.
func (c *Config) Marshal() ([]byte, error) {
	var b bytes.Buffer
	b.WriteString("# The case study's metadata; every casestudy command reads and checks it.\n")
	b.WriteString("# reviewers: after the mentor, in order; the last one is the final reviewer.\n")
	b.WriteString("# documents: the files that make up the case study, counted and compared word by word.\n")
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(c); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
