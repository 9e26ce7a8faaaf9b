package web

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/less-trainers/casestudy/prose"
	"github.com/less-trainers/casestudy/review"
)

// outcome is what an action tells the person: done, or refused and why,
// in the sentence the command would print. Confirm is a question the
// person may answer yes to by sending the action again with yes=1.
type outcome struct {
	OK      bool   `json:"ok"`
	Message string `json:"message"`
	Confirm string `json:"confirm,omitempty"`
	// local is an outcome that wrote nothing to share.
	local bool
}

type actionFunc func(ctx context.Context, r *http.Request) outcome

// action runs one change through the domain, then shares it as the
// commands do (casestudy sync's exchange, for the local forge with a
// remote). The page's script asks for JSON; a plain form post is answered
// with the page and the outcome on it.
func (s *Server) action(do actionFunc) http.HandlerFunc {
	return s.actionSharing(do, true)
}

func (s *Server) actionSharing(do actionFunc, share bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		c, cancel := ctx(r)
		defer cancel()
		s.mu.Lock()
		// A reader's copy never sends the drafting branch when it shares
		// what it wrote, as in every command.
		s.opts.CaseStudy.LearnRole(c, s.opts.Forge)
		out := do(c, r)
		if out.OK && share && !out.local && !s.opts.CaseStudy.NothingToShare(s.opts.Forge) {
			if _, err := s.opts.CaseStudy.Sync(c, s.opts.Forge); err != nil {
				out.Message += " Recorded here, but it could not be shared (" + oneLine(err.Error()) + "); run casestudy sync later."
			}
		}
		s.mu.Unlock()
		if strings.Contains(r.Header.Get("Accept"), "application/json") {
			w.Header().Set("Content-Type", "application/json")
			if !out.OK {
				w.WriteHeader(http.StatusUnprocessableEntity)
			}
			json.NewEncoder(w).Encode(out)
			return
		}
		if out.OK {
			http.Redirect(w, r, "/?token="+s.opts.Token, http.StatusSeeOther)
			return
		}
		s.renderPage(w, r, &out, http.StatusUnprocessableEntity)
	}
}

func refused(err error) outcome { return outcome{Message: oneLine(prose.Clean(err.Error()))} }

func done(format string, args ...any) outcome {
	return outcome{OK: true, Message: fmt.Sprintf(format, args...)}
}

// comment is casestudy comment FILE:START-END "text" [--suggest TEXT].
func (s *Server) comment(ctx context.Context, r *http.Request) outcome {
	start, err1 := strconv.Atoi(r.PostFormValue("start"))
	end, err2 := strconv.Atoi(r.PostFormValue("end"))
	if err1 != nil || err2 != nil {
		return outcome{Message: "select the lines to comment on first"}
	}
	t, err := review.ParseTarget(fmt.Sprintf("%s:%d-%d", r.PostFormValue("path"), start, end))
	if err != nil {
		return refused(err)
	}
	if strings.TrimSpace(r.PostFormValue("text")) == "" && r.PostFormValue("suggest") == "" {
		// The domain's refusal names the command's --suggest; the page has a box.
		return outcome{Message: "the comment is empty; say something, or tick Suggest a change"}
	}
	var suggest *string
	if r.PostFormValue("suggest") != "" {
		text := strings.ReplaceAll(r.PostFormValue("suggestion"), "\r\n", "\n")
		suggest = &text
	}
	now := r.PostFormValue("now") != ""
	res, err := s.opts.CaseStudy.Comment(ctx, s.opts.Forge, t, r.PostFormValue("text"), suggest, now)
	if err != nil {
		return refused(err)
	}
	what := "comment"
	if suggest != nil {
		what = "suggestion"
	}
	if res.Pending != nil {
		// Kept for the sitting: nothing to share yet.
		return outcome{OK: true, Message: fmt.Sprintf("Kept your %s on %s as p%d, unsent; it goes with your verdict, or with Send comments.", what, place(t), res.Pending.Number), local: true}
	}
	if res.Note {
		// The mentee's note to her reviewers goes at once, as in casestudy comment.
		return done("Sent your %s on %s.", what, place(t))
	}
	return done("Added your %s on %s.", what, place(t))
}

func place(t review.Target) string {
	if t.Start == t.End {
		return fmt.Sprintf("%s:%d", t.Path, t.End)
	}
	return fmt.Sprintf("%s:%d-%d", t.Path, t.Start, t.End)
}

// reply is casestudy reply ID "text".
func (s *Server) reply(ctx context.Context, r *http.Request) outcome {
	t, err := s.opts.CaseStudy.Reply(ctx, s.opts.Forge, r.PostFormValue("id"), r.PostFormValue("text"))
	if err != nil {
		return refused(err)
	}
	return done("Replied on %s.", t.Place())
}

// vote is casestudy approve / request-changes -m "message", with approve's
// question about open threads asked in the page.
func (s *Server) vote(ctx context.Context, r *http.Request) outcome {
	cs, f := s.opts.CaseStudy, s.opts.Forge
	msg := r.PostFormValue("message")
	var v review.Verdict
	switch r.PostFormValue("verdict") {
	case "approve":
		v = review.Approved
	case "request-changes":
		v = review.ChangesRequested
		if strings.TrimSpace(msg) == "" {
			return outcome{Message: "say what to change in the message, then ask for changes"}
		}
	case "comment":
		// casestudy send: the unsent comments as one review, no verdict.
		v = review.Commented
	default:
		return outcome{Message: "choose approve, request changes or send comments"}
	}
	// Approving with open threads asks first, as approve does on a
	// terminal; the page asks with a confirmation and sends yes=1.
	var confirm func(int) error
	var open int
	if v == review.Approved && r.PostFormValue("yes") == "" {
		confirm = func(n int) error { open = n; return errOpenThreads }
	}
	res, err := cs.Vote(ctx, f, v, msg, confirm)
	if errors.Is(err, errOpenThreads) {
		still := review.Plural(open, "thread is", "threads are") + " still open"
		return outcome{Message: still + "; they go on with the case study.", Confirm: still + ". Approve anyway?"}
	}
	if err != nil {
		return refused(err)
	}
	if v == review.Commented {
		return done("Sent your review with %s.", review.Plural(res.Sent, "comment", "comments"))
	}
	switch {
	case res.Already && res.Progress.Stage == review.StagePublished:
		return outcome{OK: true, Message: "It is already published; there is nothing left to approve.", local: true}
	case res.Already:
		return outcome{OK: true, Message: prose.Clean("You already approved this round; nothing new recorded. Stage: " + cs.Describe(f, res.Progress) + "."), local: true}
	}
	with := ""
	if res.Sent > 0 {
		with = " with " + review.Plural(res.Sent, "comment", "comments")
	}
	said := "Approved" + with + "."
	if v == review.ChangesRequested {
		said = "Asked for changes" + with + "."
	}
	if !res.Counted {
		said += " You are not one of this case study's reviewers, so your verdict does not change its stage."
	}
	said += " Stage: " + cs.Describe(f, res.Progress) + "."
	if res.Asked != "" {
		said += " Asked " + cs.PersonName(f, res.Asked) + " for the next review."
	}
	return done("%s", prose.Clean(said))
}

// apply takes one thread's suggestion into the text, as casestudy apply
// does for all of them.
func (s *Server) apply(ctx context.Context, r *http.Request) outcome {
	if err := s.opts.CaseStudy.CheckWriter(ctx, s.opts.Forge, "apply suggestions to the text"); err != nil {
		return refused(err)
	}
	a, err := s.opts.CaseStudy.ApplyThread(ctx, s.opts.Forge, r.PostFormValue("id"))
	if err != nil {
		return refused(err)
	}
	return done("Applied the suggestion on %s; casestudy save keeps it, crediting %s.", a.Thread.Place(), s.opts.CaseStudy.PersonName(s.opts.Forge, a.Thread.Comment.Author))
}

var errOpenThreads = errors.New("open threads")

// resolve is casestudy resolve / unresolve.
func (s *Server) resolve(ctx context.Context, r *http.Request) outcome {
	resolved := r.PostFormValue("resolved") != "0"
	t, changed, err := s.opts.CaseStudy.Resolve(ctx, s.opts.Forge, r.PostFormValue("id"), resolved)
	if err != nil {
		return refused(err)
	}
	state := "resolved"
	if !resolved {
		state = "open"
	}
	if !changed {
		return outcome{OK: true, Message: fmt.Sprintf("The thread on %s is already %s.", prose.Clean(t.Place()), state), local: true}
	}
	return done("The thread on %s is %s now.", prose.Clean(t.Place()), state)
}

// editPending is casestudy comment --edit pN / --drop pN: an unsent
// comment changes or goes, here only.
func (s *Server) editPending(ctx context.Context, r *http.Request) outcome {
	number := r.PostFormValue("number")
	var text *string
	if r.PostFormValue("drop") == "" {
		t := r.PostFormValue("text")
		text = &t
	}
	p, err := s.opts.CaseStudy.EditPending(ctx, s.opts.Forge, number, text)
	if err != nil {
		return refused(err)
	}
	if text == nil {
		return done("Dropped your unsent comment p%d on %s.", p.Number, prose.Clean(p.Place()))
	}
	return done("Changed your unsent comment p%d on %s.", p.Number, prose.Clean(p.Place()))
}

// sync is casestudy sync with the case study's own remote: what others
// wrote comes in, what was written here goes out.
func (s *Server) sync(ctx context.Context, r *http.Request) outcome {
	res, err := s.opts.CaseStudy.Sync(ctx, s.opts.Forge)
	if err != nil {
		return refused(err)
	}
	if res.Remote == "" {
		if s.onServer {
			return done("The review is on the server; the page shows it as it is there.")
		}
		return outcome{Message: "this case study has no remote to sync with yet; share it with: casestudy sync LOCATION"}
	}
	var parts []string
	if len(res.Pushed) > 0 {
		parts = append(parts, "sent "+strings.Join(res.Pushed, ", "))
	}
	if len(res.Updated) > 0 {
		parts = append(parts, "updated "+strings.Join(res.Updated, ", "))
	}
	msg := "Synced with " + res.Remote
	if len(parts) > 0 {
		msg += ": " + strings.Join(parts, "; ")
	}
	return done("%s", prose.Clean(msg+"; review notes merged."))
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
