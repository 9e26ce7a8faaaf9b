package web_test

import (
	"bytes"
	"context"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/less-trainers/casestudy/cmd"
	"github.com/less-trainers/casestudy/review"
	"github.com/less-trainers/casestudy/review/local"
	"github.com/less-trainers/casestudy/web"
)

// chromium finds a Chromium or Chrome to drive; the browser story is
// skipped only when there is none (.ci/run installs one).
func chromium(t *testing.T) string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "headless-shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skip("no Chromium installed (apt-get install chromium); the browser story needs one")
	return ""
}

// casestudy runs the command in dir, in process, as the stories do.
func casestudy(t *testing.T, dir string, args ...string) string {
	t.Helper()
	wd, _ := os.Getwd()
	if err := os.Chdir(dir); err != nil {
		t.Fatal(err)
	}
	defer os.Chdir(wd)
	var out, errs bytes.Buffer
	if code := cmd.Main(append([]string{"casestudy"}, args...), strings.NewReader(""), &out, &errs); code != 0 {
		t.Fatalf("casestudy %s: exit %d\n%s%s", strings.Join(args, " "), code, out.String(), errs.String())
	}
	return out.String()
}

func git(t *testing.T, dir string, args ...string) {
	t.Helper()
	c := exec.Command("git", args...)
	c.Dir = dir
	if out, err := c.CombinedOutput(); err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// serve starts casestudy serve's handler on loopback for the clone in dir.
func serve(t *testing.T, dir string) string {
	cs, err := review.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	const token = "browser-test-token"
	srv := httptest.NewServer(web.New(web.Options{CaseStudy: cs, Forge: local.New(cs.Repo, cs.Config), Token: token}))
	t.Cleanup(srv.Close)
	return srv.URL + "/?token=" + token
}

// twoClones is the case study after Ana submitted her first draft to Bob,
// each in their own clone of a shared bare repository, as in
// testdata/script/review_local.txtar, with HOME set up as a new user's.
func twoClones(t *testing.T) (ana, bob string) {
	work := t.TempDir()
	home := filepath.Join(work, "home")
	os.MkdirAll(home, 0o755)
	os.WriteFile(filepath.Join(home, ".gitconfig"), []byte("[user]\n\tname = Ana Silva\n\temail = ana@example.com\n[init]\n\tdefaultBranch = main\n"), 0o644)
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, ".config"))
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	setIdentity(t, "", "")
	doc, err := os.ReadFile("testdata/case-study.md")
	if err != nil {
		t.Fatal(err)
	}

	// Ana starts, shares and submits; Bob gets his own clone.
	git(t, work, "init", "--bare", "-q", "shared.git")
	casestudy(t, work, "new", "--title", "Scaling Product Ownership at Acme", "--mentee", "Ana Silva <ana@example.com>",
		"--mentor", "Bob Mentor <bob@example.com>", "--reviewer", "Craig Larman <craig@example.com>", "ana")
	ana = filepath.Join(work, "ana")
	os.WriteFile(filepath.Join(ana, "case-study.md"), doc, 0o644)
	casestudy(t, ana, "save", "-m", "first draft")
	casestudy(t, ana, "sync", "../shared.git")
	casestudy(t, ana, "submit")
	// Bob is himself for git from the clone on; for the clone, the
	// variables say so.
	setIdentity(t, "Bob Mentor", "bob@example.com")
	casestudy(t, work, "review", "shared.git", "bob")
	setIdentity(t, "", "")
	bob = filepath.Join(work, "bob")
	git(t, bob, "config", "user.name", "Bob Mentor")
	git(t, bob, "config", "user.email", "bob@example.com")

	return ana, bob
}

// The story: Bob, the mentor, opens the page, selects a line, writes a
// suggestion and asks for changes; Ana's page, open all along, shows it
// once her copy syncs, without a reload; she applies it; and the notes are
// what casestudy feedback reads.
func TestBrowserMentorSuggestsMenteeApplies(t *testing.T) {
	browser := chromium(t)
	ana, bob := twoClones(t)
	anaURL, bobURL := serve(t, ana), serve(t, bob)

	ctx := newBrowser(t, browser, 45*time.Second)
	anaTab, cancelAna := chromedp.NewContext(ctx)
	defer cancelAna()
	bobTab, cancelBob := chromedp.NewContext(ctx)
	defer cancelBob()

	// Ana's page is open before Bob does anything; a mark on its window
	// shows later that it was never reloaded.
	do(t, anaTab, chromedp.Navigate(anaURL), chromedp.WaitVisible(`#doc .ln[data-line="21"]`))
	run(t, anaTab, chromedp.Evaluate[bool](`window.openedOnce = true`))
	if role := run(t, anaTab, chromedp.AttributeValue(`body`, "data-role")).Value; role != "writer" {
		t.Fatalf("Ana's page takes her for a %s", role)
	}

	// Bob selects line 21, "Eight teams shared one Product Owner.", and
	// suggests a change to it.
	// Without smooth scrolling, a click lands where the page was when it was aimed.
	do(t, bobTab, reducedMotion, chromedp.Navigate(bobURL), chromedp.WaitVisible(`#doc .ln[data-line="21"]`))
	if role := run(t, bobTab, chromedp.AttributeValue(`body`, "data-role")).Value; role != "reviewer" {
		t.Fatalf("Bob's page takes him for a %s", role)
	}
	selected := run(t, bobTab, chromedp.Evaluate[string](`(() => {
		const a = document.querySelector('#doc .ln[data-line="21"]'), b = document.querySelector('#doc .ln[data-line="22"]');
		const r = document.createRange(); r.setStartAfter(a); r.setEndBefore(b);
		const s = getSelection(); s.removeAllRanges(); s.addRange(r);
		return s.toString().trim();
	})()`))
	do(t, bobTab, chromedp.WaitVisible(`#comment-here`), chromedp.Click(`#comment-here`), chromedp.WaitVisible(`#commentbox`))
	where := run(t, bobTab, chromedp.Text(`#commentbox .where`))
	do(t, bobTab,
		chromedp.SendKeys(`#comment-text`, "Say when it began."),
		chromedp.Click(`#commentbox input[name="suggest"]`),
		chromedp.WaitVisible(`#comment-suggestion`))
	prefill := run(t, bobTab, chromedp.Value(`#comment-suggestion`))
	if selected != "Eight teams shared one Product Owner." || where != "Comment on case-study.md, line 21" || prefill != "Eight teams shared one Product Owner." {
		t.Fatalf("selected %q, box %q, suggestion box prefilled with %q", selected, where, prefill)
	}
	do(t, bobTab,
		chromedp.SetValue(`#comment-suggestion`, "Eight teams shared one Product Owner from March 2019."),
		chromedp.Click(`#commentbox button[type="submit"]`),
		chromedp.WaitNotVisible(`#commentbox`),
		chromedp.WaitVisible(`#margin .thread.pending[data-start="21"]`))
	if notice := waitNotice(t, bobTab, "Kept"); notice != "Kept your suggestion on case-study.md:21 as p1, unsent; it goes with your verdict, or with Send comments." {
		t.Fatalf("notice after the suggestion: %q", notice)
	}

	// j goes to the thread; a click on a line number opens the box for that line.
	do(t, bobTab, chromedp.KeyEvent("j"), chromedp.WaitVisible(`#margin .thread.current[data-start="21"]`),
		chromedp.Click(`#doc .ln[data-line="13"]`), chromedp.WaitVisible(`#commentbox`))
	if where := run(t, bobTab, chromedp.Text(`#commentbox .where`)); where != "Comment on case-study.md, line 13" {
		t.Fatalf("after a click on line number 13: %q", where)
	}
	do(t, bobTab, chromedp.KeyEvent(kb.Escape), chromedp.WaitNotVisible(`#commentbox`))

	// Then asks for changes.
	do(t, bobTab,
		chromedp.Click(`.verdict-box summary`),
		chromedp.WaitVisible(`#vote-message`),
		chromedp.SendKeys(`#vote-message`, "Say when it began."),
		chromedp.Click(`#vote button[value="request-changes"]`))
	notice := waitNotice(t, bobTab, "Asked for changes with 1 comment.")
	if !strings.Contains(notice, "Stage: revising, waiting for Ana Silva") {
		t.Fatalf("notice after request changes: %q", notice)
	}

	// Ana's copy syncs (as casestudy sync, or any command, does); her open
	// page shows the suggestion without a reload, and she applies it.
	casestudy(t, ana, "sync")
	do(t, anaTab, chromedp.WaitVisible(`#margin .thread[data-start="21"] form.apply button`))
	stage := run(t, anaTab, chromedp.Text(`.summary .stage`))
	same := run(t, anaTab, chromedp.Evaluate[bool](`window.openedOnce === true`))
	if !same || !strings.Contains(stage, "revising, waiting for Ana Silva") {
		t.Fatalf("Ana's page: reloaded %v, stage %q", !same, stage)
	}
	do(t, anaTab, chromedp.Click(`#margin .thread[data-start="21"] form.apply button`))
	if notice := waitNotice(t, anaTab, "Applied"); !strings.Contains(notice, "Applied the suggestion on case-study.md:21") {
		t.Fatalf("notice after apply: %q", notice)
	}
	// She marks the thread resolved from the keyboard: j to it, r.
	do(t, anaTab, chromedp.KeyEvent("j"), chromedp.WaitVisible(`#margin .thread.current[data-start="21"]`), chromedp.KeyEvent("r"))
	if notice := waitNotice(t, anaTab, "The thread"); notice != "The thread on case-study.md:21 (outdated) is resolved now." {
		t.Fatalf("notice after r: %q", notice)
	}
	text, _ := os.ReadFile(filepath.Join(ana, "case-study.md"))
	if !strings.Contains(string(text), "\nEight teams shared one Product Owner from March 2019.\nWe began in March.\n") {
		t.Fatalf("the suggestion is not in Ana's text:\n%s", text)
	}

	// What the page wrote is what the commands read.
	fb := casestudy(t, ana, "feedback")
	for _, want := range []string{"Bob Mentor: changes requested", "case-study.md:21", "Say when it began.", "```suggestion\n    Eight teams shared one Product Owner from March 2019.\n    ```"} {
		if !strings.Contains(fb, want) {
			t.Errorf("casestudy feedback lacks %q:\n%s", want, fb)
		}
	}
	saved := casestudy(t, ana, "save", "-m", "took Bob's suggestion")
	if !strings.Contains(saved, "Saved draft 2") {
		t.Errorf("save: %s", saved)
	}
}

func do(t *testing.T, ctx context.Context, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatal(err)
	}
}

func run[T any](t *testing.T, ctx context.Context, a chromedp.Action[T]) T {
	t.Helper()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// waitNotice waits for the page to say something starting with prefix,
// and returns what it says.
func waitNotice(t *testing.T, ctx context.Context, prefix string) string {
	t.Helper()
	expr := `(() => { const t = document.querySelector('#notice').textContent; return t.startsWith(` + strconv.Quote(prefix) + `) ? t : false })()`
	got, err := chromedp.Run(ctx, chromedp.Poll[any](expr, chromedp.WithPollingTimeout(10*time.Second)))
	if err != nil {
		now, _ := chromedp.Run(ctx, chromedp.Text(`#notice`))
		t.Fatalf("waiting for %q: %v; the page says %q", prefix, err, now)
	}
	s, _ := got.(string)
	return s
}

// newBrowser starts a headless Chromium for the test, stopped at its end.
func newBrowser(t *testing.T, path string, limit time.Duration) context.Context {
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(path), chromedp.NoSandbox, chromedp.WindowSize(1280, 900))
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	browserCtx, cancelBrowser := chromedp.NewContext(allocCtx)
	ctx, cancel := context.WithTimeout(browserCtx, limit)
	t.Cleanup(func() { cancel(); cancelBrowser(); cancelAlloc() })
	return ctx
}

// reducedMotion asks the page for no animation, as a reader who set their
// system so would.
func reducedMotion(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
	_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Features: []*emulation.MediaFeature{{Name: "prefers-reduced-motion", Value: "reduce"}}})
	return chromedp.Void{}, err
}

// setIdentity sets who git takes the caller for through its variables;
// empty leaves it to the configuration.
func setIdentity(t *testing.T, name, email string) {
	for _, v := range []string{"GIT_AUTHOR_NAME", "GIT_COMMITTER_NAME"} {
		t.Setenv(v, name)
	}
	for _, v := range []string{"GIT_AUTHOR_EMAIL", "GIT_COMMITTER_EMAIL"} {
		t.Setenv(v, email)
	}
}
