package web

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/less-trainers/casestudy/prose"
	"github.com/less-trainers/casestudy/review"
	"github.com/less-trainers/casestudy/review/local"
)

const token = "t0ken"

// asPerson makes git (and so the local forge) take the caller for someone.
func asPerson(t *testing.T, name, email string) {
	t.Setenv("GIT_AUTHOR_NAME", name)
	t.Setenv("GIT_AUTHOR_EMAIL", email)
	t.Setenv("GIT_COMMITTER_NAME", name)
	t.Setenv("GIT_COMMITTER_EMAIL", email)
}

// submitted is a case study whose first draft Ana submitted to Bob, on
// the local forge, with a title that tries to be HTML.
func submitted(t *testing.T) (*review.CaseStudy, review.Forge) {
	t.Helper()
	home := t.TempDir()
	os.WriteFile(filepath.Join(home, ".gitconfig"), []byte("[user]\n\tname = Ana Silva\n\temail = ana@example.com\n"), 0o644)
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, ".config"))
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	asPerson(t, "Ana Silva", "ana@example.com")
	cfg := &review.Config{
		Title:     `Acme <script>alert("title")</script>`,
		Mentee:    review.Person{Name: "Ana Silva", Email: "ana@example.com"},
		Mentor:    review.Person{Name: "Bob Mentor", Email: "bob@example.com"},
		Reviewers: []review.Person{{Name: "Craig Larman", Email: "craig@example.com"}},
		Documents: []string{"case-study.md"},
	}
	cs, err := review.Create(filepath.Join(t.TempDir(), "ana"), cfg, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	doc, err := os.ReadFile("testdata/case-study.md")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(cs.Root, "case-study.md"), doc, 0o644); err != nil {
		t.Fatal(err)
	}
	f := local.New(cs.Repo, cs.Config)
	if _, err := cs.Submit(context.Background(), f, review.SubmitOptions{}, time.Now()); err != nil {
		t.Fatal(err)
	}
	return cs, f
}

// as is the case study opened afresh by someone else, as their own
// casestudy serve would: a process learns once who runs it.
func as(t *testing.T, cs *review.CaseStudy, name, email string) (*review.CaseStudy, review.Forge) {
	t.Helper()
	asPerson(t, name, email)
	again, err := review.Open(cs.Root)
	if err != nil {
		t.Fatal(err)
	}
	return again, local.New(again.Repo, again.Config)
}

func newServer(cs *review.CaseStudy, f review.Forge) *Server {
	return New(Options{CaseStudy: cs, Forge: f, Token: token})
}

// do sends a request as a browser on the page would, unless the caller
// changes the headers.
func do(s http.Handler, method, target string, form url.Values, headers map[string]string) *httptest.ResponseRecorder {
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	r := httptest.NewRequest(method, target, body)
	r.Host = "127.0.0.1:8123"
	if form != nil {
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if method == http.MethodPost {
		r.Header.Set("Origin", "http://127.0.0.1:8123")
		r.Header.Set("Sec-Fetch-Site", "same-origin")
		r.Header.Set("Accept", "application/json")
	}
	for k, v := range headers {
		if v == "" {
			r.Header.Del(k)
		} else {
			r.Header.Set(k, v)
		}
	}
	w := httptest.NewRecorder()
	s.ServeHTTP(w, r)
	return w
}

func TestEveryRequestNeedsTheToken(t *testing.T) {
	cs, f := submitted(t)
	s := newServer(cs, f)
	for _, target := range []string{"/", "/stamp", "/static/app.css", "/static/app.js", "/?view=changes", "/nothing", "/?token=wrong", "/?token="} {
		if w := do(s, "GET", target, nil, nil); w.Code != http.StatusForbidden {
			t.Errorf("GET %s without the token: %d, want 403", target, w.Code)
		}
	}
	for _, action := range []string{"/comment", "/reply", "/vote", "/apply"} {
		w := do(s, "POST", action, url.Values{"path": {"case-study.md"}, "start": {"20"}, "end": {"20"}, "text": {"hi"}, "verdict": {"approve"}}, nil)
		if w.Code != http.StatusForbidden {
			t.Errorf("POST %s without the token: %d, want 403", action, w.Code)
		}
	}
	if w := do(s, "GET", "/?token="+token, nil, nil); w.Code != http.StatusOK {
		t.Errorf("GET / with the token: %d, want 200", w.Code)
	}
	if w := do(s, "GET", "/?token="+token, nil, map[string]string{"Host": ""}); w.Code != http.StatusOK {
		t.Errorf("header token: %d", w.Code)
	}
}

func TestOnlyLoopbackHostNames(t *testing.T) {
	cs, f := submitted(t)
	s := newServer(cs, f)
	for host, want := range map[string]int{"127.0.0.1:9": 200, "localhost:9": 200, "[::1]:9": 200, "evil.example:9": 403, "192.168.1.4:9": 403} {
		r := httptest.NewRequest("GET", "/?token="+token, nil)
		r.Host = host
		w := httptest.NewRecorder()
		s.ServeHTTP(w, r)
		if w.Code != want {
			t.Errorf("Host %s: %d, want %d", host, w.Code, want)
		}
	}
}

func TestChangesOnlyFromThePageItself(t *testing.T) {
	cs, _ := submitted(t)
	cs, f := as(t, cs, "Bob Mentor", "bob@example.com")
	s := newServer(cs, f)
	form := url.Values{"token": {token}, "path": {"case-study.md"}, "start": {"20"}, "end": {"20"}, "text": {"Which teams?"}, "now": {"1"}}
	for name, h := range map[string]map[string]string{
		"cross-site fetch":        {"Sec-Fetch-Site": "cross-site"},
		"same-site other port":    {"Sec-Fetch-Site": "same-site"},
		"other origin":            {"Sec-Fetch-Site": "", "Origin": "http://evil.example"},
		"other port":              {"Sec-Fetch-Site": "", "Origin": "http://127.0.0.1:9999"},
		"referer elsewhere":       {"Sec-Fetch-Site": "", "Origin": "", "Referer": "http://evil.example/?x=http://127.0.0.1:8123/"},
		"referer prefix trick":    {"Sec-Fetch-Site": "", "Origin": "", "Referer": "http://127.0.0.1:8123.evil.example/"},
		"nothing says where from": {"Sec-Fetch-Site": "", "Origin": "", "Referer": ""},
	} {
		if w := do(s, "POST", "/comment", form, h); w.Code != http.StatusForbidden {
			t.Errorf("%s: %d, want 403", name, w.Code)
		}
	}
	// Nothing was recorded by any of them.
	if fb, _ := cs.Feedback(context.Background(), f, 0); len(fb.Threads) != 0 {
		t.Fatalf("a refused request left %d threads", len(fb.Threads))
	}
	// GET never changes anything: an action's path answers GET with 405.
	if w := do(s, "GET", "/comment?"+form.Encode(), nil, nil); w.Code != http.StatusMethodNotAllowed {
		t.Errorf("GET /comment: %d, want 405", w.Code)
	}
	// From the page itself (Referer only, as an old browser sends), it is recorded.
	w := do(s, "POST", "/comment", form, map[string]string{"Sec-Fetch-Site": "", "Origin": "", "Referer": "http://127.0.0.1:8123/?token=" + token})
	if w.Code != http.StatusOK {
		t.Fatalf("same origin: %d %s", w.Code, w.Body)
	}
	fb, err := cs.Feedback(context.Background(), f, 0)
	if err != nil || len(fb.Threads) != 1 || fb.Threads[0].Comment.Body != "Which teams?" || fb.Threads[0].Comment.Line != 20 {
		t.Fatalf("feedback after the page's comment: %+v %v", fb.Threads, err)
	}
}

func TestNoPathFromARequestReachesTheFileSystem(t *testing.T) {
	cs, f := submitted(t)
	os.WriteFile(filepath.Join(cs.Root, "secret.txt"), []byte("SECRET-CONTENT"), 0o644)
	s := newServer(cs, f)
	for _, target := range []string{
		"/static/../server.go", "/static/..%2fserver.go", "/static/%2e%2e/page.go", "/static/page.html",
		"/secret.txt", "/../secret.txt", "/static/", "/static", "/.git/config", "/case-study.md",
	} {
		w := do(s, "GET", target+"?token="+token, nil, nil)
		if w.Code == http.StatusOK || strings.Contains(w.Body.String(), "SECRET") || strings.Contains(w.Body.String(), "package web") {
			t.Errorf("GET %s: %d %.80q", target, w.Code, w.Body.String())
		}
	}
	// Versions to compare are names looked up among the drafts and rounds.
	for _, v := range []string{"../secret.txt", "/etc/passwd", "draft-../../x", "round-9"} {
		w := do(s, "GET", "/?view=changes&token="+token+"&from="+url.QueryEscape(v), nil, nil)
		if strings.Contains(w.Body.String(), "SECRET") || !strings.Contains(w.Body.String(), `class="problem"`) {
			t.Errorf("from=%s: no refusal shown, or the file was read", v)
		}
	}
	// A comment's path is checked against the documents by the domain.
	cs, f = as(t, cs, "Bob Mentor", "bob@example.com")
	s = newServer(cs, f)
	w := do(s, "POST", "/comment", url.Values{"token": {token}, "path": {"../secret.txt"}, "start": {"1"}, "end": {"1"}, "text": {"x"}}, nil)
	if w.Code != http.StatusUnprocessableEntity || strings.Contains(w.Body.String(), "SECRET") {
		t.Errorf("comment on ../secret.txt: %d %s", w.Code, w.Body)
	}
}

func TestAllTextIsEscaped(t *testing.T) {
	cs, _ := submitted(t)
	cs, f := as(t, cs, "Bob Mentor", "bob@example.com")
	evil := `<img src=x onerror="alert(1)"> & </textarea><script>alert(2)</script>`
	if _, err := cs.Comment(context.Background(), f, review.Target{Path: "case-study.md", Start: 21, End: 22}, evil, &evil, true); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(cs.Root, "case-study.md"), []byte("# T\n\nText <script>alert(3)</script> and <b onclick=x>bold</b>.\n\n<iframe src=//evil></iframe>\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cs, f = as(t, cs, "Ana Silva", "ana@example.com")
	s := newServer(cs, f)
	for _, target := range []string{"/?token=" + token, "/?view=changes&from=round-1&to=work&token=" + token} {
		w := do(s, "GET", target, nil, nil)
		body := w.Body.String()
		for _, bad := range []string{"<script>alert", "<img src=x", "<b onclick", "<iframe", "</textarea><script>"} {
			if strings.Contains(body, bad) {
				t.Errorf("%s: %q is not escaped", target, bad)
			}
		}
		if !strings.Contains(body, "&lt;script&gt;alert(&#34;title&#34;)") && !strings.Contains(body, `&lt;script&gt;alert(&#34;title&#34;)&lt;/script&gt;`) {
			t.Errorf("%s: the title is not shown escaped", target)
		}
		if got := strings.Count(body, "<script"); got != 2 { // the JSON source block and app.js
			t.Errorf("%s: %d script elements, want 2", target, got)
		}
		if csp := w.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") {
			t.Errorf("no content security policy: %q", csp)
		}
	}
}

func TestStampAnswers304UntilTheRepositoryChanges(t *testing.T) {
	cs, f := submitted(t)
	s := newServer(cs, f)
	w := do(s, "GET", "/stamp?token="+token, nil, nil)
	etag := w.Header().Get("ETag")
	if w.Code != 200 || etag == "" {
		t.Fatalf("stamp: %d %q", w.Code, etag)
	}
	if w := do(s, "GET", "/stamp?token="+token, nil, map[string]string{"If-None-Match": etag}); w.Code != http.StatusNotModified {
		t.Fatalf("unchanged: %d, want 304", w.Code)
	}
	// Another command writes a note: the stamp moves.
	cs, f = as(t, cs, "Bob Mentor", "bob@example.com")
	if _, err := cs.Comment(context.Background(), f, review.Target{Path: "case-study.md", Start: 20, End: 20}, "Which teams?", nil, true); err != nil {
		t.Fatal(err)
	}
	if w := do(s, "GET", "/stamp?token="+token, nil, map[string]string{"If-None-Match": etag}); w.Code != http.StatusOK {
		t.Fatalf("after a comment: %d, want 200", w.Code)
	}
	etag = do(s, "GET", "/stamp?token="+token, nil, nil).Header().Get("ETag")
	// So does the text on disk.
	os.WriteFile(filepath.Join(cs.Root, "case-study.md"), []byte("# New\n"), 0o644)
	if w := do(s, "GET", "/stamp?token="+token, nil, map[string]string{"If-None-Match": etag}); w.Code != http.StatusOK {
		t.Fatalf("after an edit: %d, want 200", w.Code)
	}
}

// A forge that keeps the review on a server, as casestudy serve hands it
// over (wrapped by review.Sanitized): the page redraws on a clock, since
// comments there do not change the repository.
func TestOnAServerThePageRedrawsOnAClock(t *testing.T) {
	cs, f := submitted(t)
	s := New(Options{CaseStudy: cs, Forge: review.Sanitized(onServer{f}), Token: token, RefreshEvery: time.Nanosecond})
	first := do(s, "GET", "/stamp?token="+token, nil, nil).Header().Get("ETag")
	time.Sleep(time.Microsecond)
	if again := do(s, "GET", "/stamp?token="+token, nil, nil).Header().Get("ETag"); again == first {
		t.Errorf("the stamp stayed %s: the page of a review on a server never redraws", first)
	}
}

// onServer is a forge that keeps no review data in the repository.
type onServer struct{ review.Forge }

func (onServer) InRepo() review.InRepo { return nil }

func TestVerdictRefusalsAreTheCommands(t *testing.T) {
	cs, f := submitted(t)
	s := newServer(cs, f)
	vote := func(form url.Values) outcome {
		form.Set("token", token)
		w := do(s, "POST", "/vote", form, nil)
		var out outcome
		json.NewDecoder(w.Body).Decode(&out)
		return out
	}
	// Ana submitted it: she cannot approve it.
	if out := vote(url.Values{"verdict": {"approve"}}); out.OK || !strings.Contains(out.Message, "you submitted this case study") {
		t.Errorf("own case study: %+v", out)
	}
	cs, f = as(t, cs, "Bob Mentor", "bob@example.com")
	s = newServer(cs, f)
	if out := vote(url.Values{"verdict": {"request-changes"}}); out.OK || !strings.Contains(out.Message, "say what to change") {
		t.Errorf("request-changes without a message: %+v", out)
	}
	if _, err := cs.Comment(context.Background(), f, review.Target{Path: "case-study.md", Start: 20, End: 20}, "Which teams?", nil, true); err != nil {
		t.Fatal(err)
	}
	// Approving with an open thread asks first, as approve does.
	out := vote(url.Values{"verdict": {"approve"}})
	if out.OK || !strings.Contains(out.Confirm, "1 thread is still open") {
		t.Errorf("approve with an open thread: %+v", out)
	}
	out = vote(url.Values{"verdict": {"approve"}, "yes": {"1"}, "message": {"Ready for Craig."}})
	if !out.OK || !strings.Contains(out.Message, "final review, waiting for Craig Larman") {
		t.Errorf("approve anyway: %+v", out)
	}
	// A plain form post (no script) gets the page back with the refusal on it.
	cs, f = as(t, cs, "Ana Silva", "ana@example.com")
	s = newServer(cs, f)
	w := do(s, "POST", "/vote", url.Values{"token": {token}, "verdict": {"approve"}}, map[string]string{"Accept": "text/html"})
	if w.Code != http.StatusUnprocessableEntity || !strings.Contains(w.Body.String(), `class="refused"`) || !strings.Contains(w.Body.String(), "you submitted this case study") {
		t.Errorf("form post refusal: %d %s", w.Code, w.Body.String()[:3000])
	}
}

func TestOutdatedThreadsAreMarked(t *testing.T) {
	cs, _ := submitted(t)
	cs, f := as(t, cs, "Bob Mentor", "bob@example.com")
	if _, err := cs.Comment(context.Background(), f, review.Target{Path: "case-study.md", Start: 20, End: 20}, "Which teams?", nil, true); err != nil {
		t.Fatal(err)
	}
	cs, f = as(t, cs, "Ana Silva", "ana@example.com")
	s := newServer(cs, f)
	before := do(s, "GET", "/?token="+token, nil, nil).Body.String()
	if !strings.Contains(before, `data-start="20"`) || strings.Contains(before, `class="thread outdated"`) {
		t.Fatalf("the thread on line 20 is not shown beside it, or shown as outdated")
	}
	// Ana rewrites the line: the thread is outdated, and still shown.
	doc, _ := os.ReadFile(filepath.Join(cs.Root, "case-study.md"))
	changed := strings.Replace(string(doc), "Before the adoption, each of the eight teams", "Before, each of the eight teams", 1)
	os.WriteFile(filepath.Join(cs.Root, "case-study.md"), []byte(changed), 0o644)
	after := do(s, "GET", "/?token="+token, nil, nil).Body.String()
	if !strings.Contains(after, `class="thread outdated"`) || !strings.Contains(after, `<span class="tag">outdated</span>`) {
		t.Fatalf("the thread on a changed line is not marked outdated")
	}
}

// A long case study (30,000 words) is one page that renders quickly.
func TestPage30kIsQuick(t *testing.T) {
	cs, f := submitted(t)
	os.WriteFile(filepath.Join(cs.Root, "case-study.md"), []byte(prose.SampleDraft(1, 30000)), 0o644)
	s := newServer(cs, f)
	start := time.Now()
	w := do(s, "GET", "/?token="+token, nil, nil)
	took := time.Since(start)
	lines := strings.Count(w.Body.String(), `class="ln"`)
	t.Logf("30,000 words: %d lines numbered, %d bytes, %v", lines, w.Body.Len(), took)
	if w.Code != 200 || lines < 1000 {
		t.Fatalf("%d, %d lines", w.Code, lines)
	}
}

func TestSyncWithoutARemoteSaysHowToShare(t *testing.T) {
	cs, f := submitted(t)
	s := newServer(cs, f)
	w := do(s, "POST", "/sync", url.Values{"token": {token}}, nil)
	var out outcome
	json.NewDecoder(w.Body).Decode(&out)
	if w.Code != http.StatusUnprocessableEntity || !strings.Contains(out.Message, "casestudy sync LOCATION") {
		t.Fatalf("sync without a remote: %d %+v", w.Code, out)
	}
}

func TestOnlyTheMenteeAppliesSuggestions(t *testing.T) {
	cs, _ := submitted(t)
	cs, f := as(t, cs, "Bob Mentor", "bob@example.com")
	suggestion := "Eight teams shared one Product Owner from March 2019."
	if _, err := cs.Comment(context.Background(), f, review.Target{Path: "case-study.md", Start: 21, End: 21}, "Say when.", &suggestion, true); err != nil {
		t.Fatal(err)
	}
	fb, err := cs.Feedback(context.Background(), f, 0)
	if err != nil || len(fb.Threads) != 1 {
		t.Fatal(fb.Threads, err)
	}
	s := newServer(cs, f)
	if page := do(s, "GET", "/?token="+token, nil, nil).Body.String(); strings.Contains(page, "Apply suggestion") {
		t.Errorf("Bob's page offers to apply a suggestion")
	}
	w := do(s, "POST", "/apply", url.Values{"token": {token}, "id": {fb.Threads[0].Comment.ID}}, nil)
	var out outcome
	json.NewDecoder(w.Body).Decode(&out)
	if w.Code != http.StatusUnprocessableEntity || !strings.Contains(out.Message, "the mentee, can apply suggestions to the text") {
		t.Errorf("Bob applying: %d %+v", w.Code, out)
	}
	text, _ := os.ReadFile(filepath.Join(cs.Root, "case-study.md"))
	if strings.Contains(string(text), suggestion) {
		t.Errorf("Bob's apply changed the text")
	}
	cs, f = as(t, cs, "Ana Silva", "ana@example.com")
	s = newServer(cs, f)
	w = do(s, "POST", "/apply", url.Values{"token": {token}, "id": {fb.Threads[0].Comment.ID}}, nil)
	if w.Code != http.StatusOK {
		t.Errorf("Ana applying: %d %s", w.Code, w.Body)
	}
}

// The sitting and thread state through the page: comments wait unsent,
// are edited or dropped, go out together; a thread is resolved and reopened.
func TestSittingAndResolve(t *testing.T) {
	cs, f := submitted(t)
	ana, anaForge := cs, f
	cs, f = as(t, cs, "Bob Mentor", "bob@example.com")
	s := newServer(cs, f)
	post := func(path string, form url.Values) outcome {
		t.Helper()
		form.Set("token", token)
		var out outcome
		json.NewDecoder(do(s, "POST", path, form, nil).Body).Decode(&out)
		return out
	}
	threads := func() []review.Thread {
		t.Helper()
		fb, err := ana.Feedback(context.Background(), anaForge, 0)
		if err != nil {
			t.Fatal(err)
		}
		return fb.Threads
	}
	if out := post("/comment", url.Values{"path": {"case-study.md"}, "start": {"20"}, "end": {"20"}, "text": {"Which teams?"}}); !out.OK || !strings.HasPrefix(out.Message, "Kept your comment on case-study.md:20 as p1, unsent") {
		t.Fatalf("comment: %+v", out)
	}
	post("/comment", url.Values{"path": {"case-study.md"}, "start": {"21"}, "end": {"22"}, "text": {"Tighter."}})
	page := do(s, "GET", "/?token="+token, nil, nil).Body.String()
	if !strings.Contains(page, `class="thread pending"`) || !strings.Contains(page, "2 unsent") || !strings.Contains(page, "Send comments only") {
		t.Fatalf("Bob's page does not show his sitting")
	}
	if n := len(threads()); n != 0 {
		t.Fatalf("Ana sees %d threads before Bob sends", n)
	}
	if out := post("/pending", url.Values{"number": {"p1"}, "text": {"Which teams? Name all eight."}}); !out.OK || out.Message != "Changed your unsent comment p1 on case-study.md:20." {
		t.Errorf("edit: %+v", out)
	}
	if out := post("/pending", url.Values{"number": {"p2"}, "drop": {"1"}}); !out.OK || out.Message != "Dropped your unsent comment p2 on case-study.md:21-22." {
		t.Errorf("drop: %+v", out)
	}
	if out := post("/vote", url.Values{"verdict": {"comment"}, "message": {"First half read."}}); !out.OK || out.Message != "Sent your review with 1 comment." {
		t.Fatalf("send: %+v", out)
	}
	got := threads()
	if len(got) != 1 || got[0].Comment.Body != "Which teams? Name all eight." || got[0].Resolved {
		t.Fatalf("after send: %+v", got)
	}
	id := got[0].Comment.ID
	if out := post("/resolve", url.Values{"id": {id}}); !out.OK || out.Message != "The thread on case-study.md:20 is resolved now." {
		t.Errorf("resolve: %+v", out)
	}
	cs2, f2 := as(t, cs, "Ana Silva", "ana@example.com")
	ana, anaForge = cs2, f2
	if fb, _ := ana.Feedback(context.Background(), anaForge, 1); len(fb.Threads) != 1 || !fb.Threads[0].Resolved {
		t.Fatalf("not resolved in the notes: %+v", fb.Threads)
	}
	page = do(newServer(ana, anaForge), "GET", "/?token="+token, nil, nil).Body.String()
	if !strings.Contains(page, `class="thread resolved"`) || !strings.Contains(page, ">Reopen</button>") {
		t.Errorf("Ana's page does not show the thread resolved")
	}
	asPerson(t, "Bob Mentor", "bob@example.com")
	if out := post("/resolve", url.Values{"id": {id}}); !out.OK || out.Message != "The thread on case-study.md:20 is already resolved." {
		t.Errorf("resolve again: %+v", out)
	}
	if out := post("/resolve", url.Values{"id": {id}, "resolved": {"0"}}); !out.OK || out.Message != "The thread on case-study.md:20 is open now." {
		t.Errorf("reopen: %+v", out)
	}
}

// Only a reviewer keeps comments for a verdict, so only a reviewer's page
// offers to send one at once; the mentee's comments always go at once.
func TestOnlyAReviewerIsOfferedToSendAtOnce(t *testing.T) {
	cs, f := submitted(t)
	const offer = "Send at once, not with my review"
	if page := do(newServer(cs, f), "GET", "/?token="+token, nil, nil).Body.String(); strings.Contains(page, offer) {
		t.Errorf("Ana's page offers to send a comment at once")
	}
	cs, f = as(t, cs, "Bob Mentor", "bob@example.com")
	if page := do(newServer(cs, f), "GET", "/?token="+token, nil, nil).Body.String(); !strings.Contains(page, offer) {
		t.Errorf("Bob's page does not offer to send a comment at once")
	}
}
