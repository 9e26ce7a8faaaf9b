package web

import (
	"context"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	_ "embed"

	"github.com/less-trainers/casestudy/prose"
	"github.com/less-trainers/casestudy/review"
)

//go:embed page.html
var pageHTML string

// pageTemplate is parsed on first use: a command that serves no page
// should not pay for parsing it at start-up.
var pageTemplate = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("page").Funcs(template.FuncMap{
		"when":   func(t time.Time) string { return t.Local().Format("2 Jan 2006, 15:04") },
		"anchor": lineAnchor,
		"lines": func(start, end int) string {
			if start == end {
				return "line " + strconv.Itoa(end)
			}
			return fmt.Sprintf("lines %d\u2013%d", start, end)
		},
		"signed": func(n int) string { return fmt.Sprintf("%+d", n) },
	}).Parse(pageHTML))
})

// pageData is everything the page shows.
type pageData struct {
	Token   string
	Title   string
	Me      string
	Role    string // "reviewer" or "writer"
	Stage   string
	Chain   []chainPerson
	Drafts  []review.Draft
	Version string // what the text shown is: "round 2, draft 3", "working tree"
	Docs    []docView
	Threads []threadView
	// Pending are the reader's own comments not sent yet: the sitting.
	Pending []pendingView
	Votes   []commentView
	Remarks []commentView

	View     string // "text" or "changes"
	Redline  template.HTML
	From, To string
	Versions []versionOption

	Notice  *outcome
	Problem string
	Open    bool // a review is open: comments and verdicts can be given
	Stamp   string
	// Source is each document's lines as written, for the suggestion box
	// to start from the selected lines.
	Source map[string][]string
}

type chainPerson struct {
	Name    string
	Role    string
	Verdict string
	Current bool
}

type docView struct {
	Path string
	HTML template.HTML
}

type commentView struct {
	Author string
	When   time.Time
	Body   string
	Label  string
}

type threadView struct {
	ID, Short  string
	Path       string
	Start, End int
	Place      string
	Outdated   bool
	Round      int
	Quote      []string
	Comments   []commentView
	Suggestion *string
	CanApply   bool
	Resolved   bool
	WholeFile  bool
}

type versionOption struct{ Value, Label string }

type pendingView struct {
	Number     int
	Path       string
	Start, End int
	Place      string
	Body       string
	Suggestion *string
}

func (s *Server) page(w http.ResponseWriter, r *http.Request) {
	s.renderPage(w, r, nil, http.StatusOK)
}

func (s *Server) renderPage(w http.ResponseWriter, r *http.Request, notice *outcome, status int) {
	c, cancel := ctx(r)
	defer cancel()
	s.mu.Lock()
	d := s.build(c, r)
	s.mu.Unlock()
	d.Notice = notice
	var b strings.Builder
	if err := pageTemplate().Execute(&b, d); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write([]byte(b.String()))
}

// build reads the case study through the same calls as status, drafts and
// feedback. A problem with the review (no identity, a forge that cannot be
// reached) is shown on the page, which still shows the text.
func (s *Server) build(ctx context.Context, r *http.Request) pageData {
	cs, f := s.opts.CaseStudy, s.opts.Forge
	d := pageData{Token: s.opts.Token, Title: cs.Config.Title, Role: "writer", View: "text", Source: map[string][]string{}}
	problem := func(err error) {
		if err != nil && d.Problem == "" {
			d.Problem = oneLine(prose.Clean(err.Error()))
		}
	}
	var err error
	d.Stamp, err = s.fingerprint()
	problem(err)
	me, err := f.Me(ctx)
	problem(err)
	d.Me = cs.PersonName(f, me)
	drafts, err := cs.Drafts()
	problem(err)
	for i := len(drafts) - 1; i >= 0; i-- {
		d.Drafts = append(d.Drafts, drafts[i])
	}
	rounds, err := cs.Rounds()
	problem(err)

	// One read of the review for the whole page (on GitHub, five requests):
	// the round's feedback and the reviewer's view are two views of it.
	loaded, err := cs.LoadReview(ctx, f)
	fb := review.Feedback{}
	if err == nil {
		fb, err = cs.FeedbackOf(f, loaded, 0)
	}
	switch {
	case errors.Is(err, review.ErrNoRequest):
		d.Stage = string(review.StageDrafting) + " (nothing submitted for review yet)"
	case err != nil:
		problem(err)
	}
	req := fb.Request
	if req != nil {
		d.Stage = cs.Describe(f, fb.Progress)
		d.Open = !req.Merged

	}
	if me != "" && !cs.IsMentee(me, f) {
		// Drafts are the mentee's; anyone else reads and comments.
		d.Role = "reviewer"
	}
	d.Chain = chainOf(cs, f, fb.Progress)

	// A reviewer reads, and comments on, the version under review; the
	// writer reads the text as it is on disk, where suggestions go.
	d.Version = "working tree"
	underReview := d.Role == "reviewer" && req != nil
	if underReview && !cs.Repo.HasCommit(req.Head) {
		// GitHub has a round this copy has not fetched: show what is here,
		// and say how to get the rest.
		underReview = false
		problem(errors.New("a newer version was submitted than this copy has; press Sync (or run casestudy review) to read it before you comment or give your verdict"))
	}
	for _, path := range cs.Config.Documents {
		var text string
		if underReview {
			d.Version = "under review"
			if last := lastRound(rounds); last != nil && last.Commit == req.Head {
				d.Version = last.Version().Label
			}
			text, _, err = cs.Repo.ReadFile(req.Head, path)
		} else {
			text, _, err = cs.Repo.ReadWorkFile(path)
		}
		if err != nil {
			problem(err)
			continue
		}
		rendered, err := renderDocument(path, text)
		problem(err)
		d.Docs = append(d.Docs, docView{Path: path, HTML: template.HTML(rendered)})
		d.Source[path] = strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	}

	name := func(n string) string { return cs.PersonName(f, n) }
	for _, v := range fb.Votes {
		d.Votes = append(d.Votes, commentView{Author: name(v.Author), When: v.When, Body: v.Body, Label: string(v.Verdict)})
	}
	for _, c := range fb.Remarks {
		d.Remarks = append(d.Remarks, commentView{Author: name(c.Author), When: c.When, Body: c.Body})
	}
	// Every thread of every round, outdated ones too, so a reviewer sees
	// what became of each comment: the view casestudy review reads them from.
	threads := fb.Threads
	if req != nil {
		rv, err := cs.ReviewerViewOf(ctx, f, loaded)
		problem(err)
		if err == nil {
			threads = rv.Threads
			for _, p := range rv.Pending {
				pv := pendingView{Number: p.Number, Path: p.Path, Start: p.Start, End: p.Line, Place: p.Place(), Body: withoutSuggestion(p.Body), Suggestion: p.Suggestion()}
				if pv.Start == 0 {
					pv.Start = pv.End
				}
				d.Pending = append(d.Pending, pv)
			}
		}
	}
	for _, t := range threads {
		d.Threads = append(d.Threads, threadOf(t, name, d.Role == "writer" && d.Open))
	}
	sort.SliceStable(d.Threads, func(i, j int) bool {
		a, b := d.Threads[i], d.Threads[j]
		if a.Path != b.Path {
			return docIndex(cs, a.Path) < docIndex(cs, b.Path)
		}
		return a.Start < b.Start
	})

	s.versions(&d, drafts, rounds)
	if r.URL.Query().Get("view") == "changes" {
		d.View = "changes"
		problem(s.redline(&d, r, drafts, rounds))
	}
	return d
}

func docIndex(cs *review.CaseStudy, path string) int {
	for i, p := range cs.Config.Documents {
		if p == path {
			return i
		}
	}
	return len(cs.Config.Documents)
}

func lastRound(rounds []review.Round) *review.Round {
	if len(rounds) == 0 {
		return nil
	}
	return &rounds[len(rounds)-1]
}

// chainOf is the reviewers in order, each with their latest verdict.
func chainOf(cs *review.CaseStudy, f review.Forge, p review.Progress) []chainPerson {
	chain := cs.Chain(f)
	out := make([]chainPerson, len(chain))
	for i, who := range chain {
		out[i] = chainPerson{Name: cs.PersonName(f, who), Role: "reviewer", Current: who != "" && strings.EqualFold(who, p.Current)}
		switch i {
		case 0:
			out[i].Role = "mentor"
		case len(chain) - 1:
			out[i].Role = "final reviewer"
		}
		for _, v := range p.Latest {
			if strings.EqualFold(v.Author, who) {
				out[i].Verdict = string(v.Verdict)
			}
		}
	}
	return out
}

func threadOf(t review.Thread, name func(string) string, writer bool) threadView {
	c := t.Comment
	tv := threadView{ID: c.ID, Short: t.ShortID(), Path: c.Path, Place: t.Place(), Outdated: t.Outdated, Round: t.Round, Quote: t.Quote, Suggestion: t.Suggestion}
	tv.Start, tv.End = t.StartNow, t.EndNow
	if t.Outdated {
		tv.Start, tv.End = c.StartLine, c.Line
		if tv.Start == 0 {
			tv.Start = c.Line
		}
	}
	tv.CanApply = writer && t.Suggestion != nil && !t.Outdated
	tv.Resolved = t.Resolved
	tv.WholeFile = c.WholeFile()
	for _, cm := range append([]review.Comment{c}, t.Replies...) {
		tv.Comments = append(tv.Comments, commentView{Author: name(cm.Author), When: cm.When, Body: withoutSuggestion(cm.Body)})
	}
	return tv
}

// withoutSuggestion is a comment's words without its suggestion block,
// which the page shows as a suggested change of its own.
func withoutSuggestion(body string) string {
	lines := strings.Split(body, "\n")
	for i, l := range lines {
		if t := strings.TrimSpace(l); strings.HasPrefix(t, "```") && strings.TrimLeft(t, "`") == "suggestion" {
			return strings.TrimSpace(strings.Join(lines[:i], "\n"))
		}
	}
	return body
}

// versions lists what the redline can compare: the rounds, the drafts and
// the working tree, with the previous round against the one shown first.
func (s *Server) versions(d *pageData, drafts []review.Draft, rounds []review.Round) {
	for i := len(rounds) - 1; i >= 0; i-- {
		d.Versions = append(d.Versions, versionOption{"round-" + strconv.Itoa(rounds[i].Number), rounds[i].Version().Label})
	}
	for i := len(drafts) - 1; i >= 0; i-- {
		d.Versions = append(d.Versions, versionOption{"draft-" + strconv.Itoa(drafts[i].Number), drafts[i].Version().Label})
	}
	d.Versions = append(d.Versions, versionOption{"work", review.WorkTree.Label}, versionOption{"none", "nothing (all text new)"})
	d.To, d.From = "work", "none"
	n := len(rounds)
	switch {
	case d.Role == "reviewer" && n >= 2:
		d.From, d.To = "round-"+strconv.Itoa(n-1), "round-"+strconv.Itoa(n)
	case d.Role == "reviewer" && n == 1:
		d.To = "round-1"
	case n >= 1:
		d.From = "round-" + strconv.Itoa(n)
	case len(drafts) >= 1:
		d.From = "draft-" + strconv.Itoa(len(drafts))
	}
}

// redline renders the comparison the page asks for with diff --html's
// engine. The versions are named by value (round-N, draft-N, work, none),
// looked up among those that exist.
func (s *Server) redline(d *pageData, r *http.Request, drafts []review.Draft, rounds []review.Round) error {
	q := r.URL.Query()
	if v := q.Get("from"); v != "" {
		d.From = v
	}
	if v := q.Get("to"); v != "" {
		d.To = v
	}
	a, err := versionOf(s.opts.CaseStudy, d.From, rounds)
	if err != nil {
		return err
	}
	b, err := versionOf(s.opts.CaseStudy, d.To, rounds)
	if err != nil {
		return err
	}
	files, err := s.opts.CaseStudy.Diff(a, b, true)
	if err != nil {
		return err
	}
	var out strings.Builder
	if err := prose.WriteRedlineFiles(&out, files); err != nil {
		return err
	}
	d.Redline = template.HTML(out.String()) // written by prose, which escapes all text
	return nil
}

func versionOf(cs *review.CaseStudy, spec string, rounds []review.Round) (review.Version, error) {
	switch {
	case spec == "work":
		return review.WorkTree, nil
	case spec == "none":
		return review.Version{Label: "nothing"}, nil
	case strings.HasPrefix(spec, "round-"):
		for _, r := range rounds {
			if "round-"+strconv.Itoa(r.Number) == spec {
				return r.Version(), nil
			}
		}
		return review.Version{}, fmt.Errorf("no %s: choose a round that was submitted", spec)
	case strings.HasPrefix(spec, "draft-"):
		return cs.DraftVersion(spec)
	}
	return review.Version{}, fmt.Errorf("%q is not a version: choose a round, a draft or the working tree", spec)
}
