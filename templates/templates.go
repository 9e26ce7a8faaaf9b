// Package templates holds the scaffold that `casestudy new` writes into a new
// case-study repository: the case-study document, the mentoring agreement and
// journal, the system-model folder, the blog folder, the review plumbing for
// GitHub and the repository's README.
//
// The files live under scaffold/ with their real names plus ".tmpl", are
// embedded into the binary and rendered with text/template (not
// html/template: the output is Markdown and plain text, so "&" stays "&").
package templates

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"sort"
	"strings"
	"sync"
	"text/template"
	"time"
)

// DocumentPath is the case-study document inside the repository.
const DocumentPath = "case-study.md"

// Person is one participant: the mentee, the mentor or a reviewer.
// Any field may be empty unless Data says otherwise.
type Person struct {
	Name, Email, GitHub, TimeZone string
}

// Data is what the scaffold is rendered from.
type Data struct {
	// Title is the case study's title; it is required.
	Title string
	// Company and Theme may be empty: the files then hold a placeholder
	// such as "(company or pseudonym)" for the writer to fill in.
	Company, Theme string
	// Mentee is the writer; Name is required (Email is expected too).
	Mentee Person
	// Mentor usually has a GitHub handle, but may have only a name or email.
	Mentor Person
	// Reviewers are the reviewers after the mentor, in order; the last one is
	// the final reviewer. At least one is required.
	Reviewers []Person
	// Year is used for example dates in the text; 0 means the current year.
	Year int
}

// File is one rendered file of the scaffold.
type File struct {
	// Path is slash-separated and relative to the repository root,
	// for example ".github/CODEOWNERS".
	Path    string
	Content []byte
}

// The "all:" prefix keeps .github/ and .gitignore.tmpl, which embed would
// otherwise skip because their names start with a dot. The ".tmpl" suffix
// keeps scaffold/.gitignore.tmpl from acting as a .gitignore in this
// repository and scaffold/.github/ from being read by GitHub.
//
//go:embed all:scaffold
var scaffoldFS embed.FS

const (
	scaffoldDir = "scaffold"
	tmplSuffix  = ".tmpl"
)

// parsed holds every scaffold template, parsed once; templates are safe for
// concurrent execution.
var parsed = sync.OnceValues(parseScaffold)

type namedTemplate struct {
	path string
	tmpl *template.Template
}

func parseScaffold() ([]namedTemplate, error) {
	var out []namedTemplate
	err := fs.WalkDir(scaffoldFS, scaffoldDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if !strings.HasSuffix(p, tmplSuffix) {
			return fmt.Errorf("scaffold file %s does not end in %s", p, tmplSuffix)
		}
		src, err := scaffoldFS.ReadFile(p)
		if err != nil {
			return err
		}
		rel := strings.TrimSuffix(strings.TrimPrefix(p, scaffoldDir+"/"), tmplSuffix)
		t, err := template.New(rel).Funcs(funcs).Option("missingkey=error").Parse(string(src))
		if err != nil {
			return err
		}
		out = append(out, namedTemplate{path: rel, tmpl: t})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("reading the built-in scaffold: %w", err)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].path < out[j].path })
	return out, nil
}

// view is what the templates see: the cleaned Data plus derived values.
type view struct {
	Data
	// Final is the final reviewer (the last of Reviewers).
	Final Person
	// Between are the reviewers after the mentor and before the final reviewer.
	Between []Person
	// Owners are the "@handle"s for CODEOWNERS, mentor first, without
	// duplicates and without the mentee.
	Owners []string
}

var funcs = template.FuncMap{
	"name":    displayName,
	"who":     who,
	"contact": contact,
	"names":   names,
}

// Scaffold renders every file of a new case-study repository except
// casestudy.yaml (which the caller writes), sorted by Path. It includes
// DocumentPath.
func Scaffold(d Data) ([]File, error) {
	v, err := newView(d)
	if err != nil {
		return nil, err
	}
	tmpls, err := parsed()
	if err != nil {
		return nil, err
	}
	files := make([]File, 0, len(tmpls))
	for _, nt := range tmpls {
		var b strings.Builder
		if err := nt.tmpl.Execute(&b, v); err != nil {
			return nil, fmt.Errorf("rendering %s: %w", nt.path, err)
		}
		files = append(files, File{Path: nt.path, Content: []byte(tidy(b.String()))})
	}
	return files, nil
}

// githubHandle matches a GitHub user name (letters, digits, hyphens; "_" and
// "." occur on GitHub Enterprise) or an org/team name.
var githubHandle = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]*(/[A-Za-z0-9][A-Za-z0-9_.-]*)?$`)
})

func newView(d Data) (view, error) {
	d.Title = oneLine(d.Title)
	d.Company = oneLine(d.Company)
	d.Theme = oneLine(d.Theme)
	if d.Title == "" {
		return view{}, errors.New("the case study needs a title")
	}
	var err error
	if d.Mentee, err = cleanPerson(d.Mentee, "mentee"); err != nil {
		return view{}, err
	}
	if d.Mentee.Name == "" {
		return view{}, errors.New("the mentee needs a name")
	}
	if d.Mentor, err = cleanPerson(d.Mentor, "mentor"); err != nil {
		return view{}, err
	}
	if len(d.Reviewers) == 0 {
		return view{}, errors.New("the case study needs at least one reviewer after the mentor: the final reviewer")
	}
	reviewers := make([]Person, len(d.Reviewers))
	for i, r := range d.Reviewers {
		role := fmt.Sprintf("reviewer %d", i+1)
		if i == len(d.Reviewers)-1 {
			role = "final reviewer"
		}
		if reviewers[i], err = cleanPerson(r, role); err != nil {
			return view{}, err
		}
	}
	d.Reviewers = reviewers
	if d.Year == 0 {
		d.Year = time.Now().Year()
	}

	v := view{
		Data:    d,
		Final:   reviewers[len(reviewers)-1],
		Between: reviewers[:len(reviewers)-1],
	}
	seen := map[string]bool{}
	if d.Mentee.GitHub != "" {
		// The author of a pull request cannot review it.
		seen[strings.ToLower(d.Mentee.GitHub)] = true
	}
	for _, p := range append([]Person{d.Mentor}, reviewers...) {
		key := strings.ToLower(p.GitHub)
		if p.GitHub == "" || seen[key] {
			continue
		}
		seen[key] = true
		v.Owners = append(v.Owners, "@"+p.GitHub)
	}
	return v, nil
}

// cleanPerson puts every field on one line and drops a leading "@" from the
// GitHub handle, which people often type.
func cleanPerson(p Person, role string) (Person, error) {
	p.Name = oneLine(p.Name)
	p.Email = oneLine(p.Email)
	p.TimeZone = oneLine(p.TimeZone)
	p.GitHub = strings.TrimPrefix(strings.TrimSpace(p.GitHub), "@")
	if p.GitHub != "" && !githubHandle().MatchString(p.GitHub) {
		return p, fmt.Errorf("the %s's GitHub handle %q is not a GitHub user name: use letters, digits and hyphens only", role, p.GitHub)
	}
	return p, nil
}

// oneLine collapses runs of white space, newlines included, so that a value
// cannot break the Markdown or CODEOWNERS line it is written into.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// displayName is how a person is named in running text.
func displayName(p Person) string {
	switch {
	case p.Name != "":
		return p.Name
	case p.GitHub != "":
		return "@" + p.GitHub
	case p.Email != "":
		return p.Email
	}
	return "(name)"
}

// who is the name with the GitHub handle, if both are known: "Ann (@ann)".
func who(p Person) string {
	if p.Name != "" && p.GitHub != "" {
		return p.Name + " (@" + p.GitHub + ")"
	}
	return displayName(p)
}

// contact is who plus the email address, if it is not already shown.
func contact(p Person) string {
	s := who(p)
	if p.Email != "" && s != p.Email {
		s += ", " + p.Email
	}
	return s
}

// names lists people in running text: "A", "A and B", "A, B and C".
func names(ps []Person) string {
	ns := make([]string, len(ps))
	for i, p := range ps {
		ns[i] = displayName(p)
	}
	switch len(ns) {
	case 0:
		return ""
	case 1:
		return ns[0]
	}
	return strings.Join(ns[:len(ns)-1], ", ") + " and " + ns[len(ns)-1]
}

var manyBlankLines = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\n{3,}`) })

// tidy removes trailing spaces and the extra blank lines that template
// conditionals leave behind, and ends the file with exactly one newline.
func tidy(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " \t")
	}
	s = manyBlankLines().ReplaceAllString(strings.Join(lines, "\n"), "\n\n")
	return strings.Trim(s, "\n") + "\n"
}
