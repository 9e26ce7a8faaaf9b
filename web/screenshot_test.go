package web_test

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

var screenshots = flag.String("screenshots", "", "write the README's screenshots of casestudy serve into `DIR` (e.g. ../docs)")

// TestScreenshots makes the README's pictures from a real review, so they
// can be made again when the page changes:
//
//	go test ./web -run Screenshots -screenshots ../docs
//
// It also writes pictures to look at and not to commit (dark mode, the
// redline on a phone) into the system's temporary directory.
func TestScreenshots(t *testing.T) {
	if *screenshots == "" {
		t.Skip("only with -screenshots DIR")
	}
	browser := chromium(t)
	ana, bob := twoClones(t)
	casestudy(t, bob, "comment", "case-study.md:20", "Which teams? Name them, and say how many people.")
	casestudy(t, bob, "comment", "case-study.md:21-22", "Tighter, and say when:", "--suggest", "Eight teams shared one Product Owner from March 2019.")
	casestudy(t, bob, "comment", "case-study.md:39", "What did the customers say? One quote would make this real.")
	casestudy(t, bob, "send", "-m", "First read: the background needs names and dates.")
	casestudy(t, bob, "comment", "case-study.md:33", "Which afternoon? A date helps the reader follow.")
	casestudy(t, ana, "sync")
	casestudy(t, ana, "reply", "case-study.md:20", "Claims intake, payments and six feature teams on the claims product; about 70 people.")
	casestudy(t, ana, "sync")
	casestudy(t, bob, "sync")
	anaURL, bobURL := serve(t, ana), serve(t, bob)
	ctx := newBrowser(t, browser, 60*time.Second)

	shot := func(url string, w, h int64, name string, prepare ...chromedp.Action[chromedp.Void]) {
		tab, cancel := chromedp.NewContext(ctx)
		defer cancel()
		steps := append([]chromedp.Action[chromedp.Void]{chromedp.EmulateViewport(w, h), chromedp.Navigate(url), chromedp.WaitVisible(`#doc`)}, prepare...)
		steps = append(steps, chromedp.Sleep(400*time.Millisecond)) // the margin's placement settles
		do(t, tab, steps...)
		png := run(t, tab, chromedp.CaptureScreenshot())
		dir := *screenshots
		if strings.HasSuffix(name, "-extra.png") {
			dir = filepath.Join(os.TempDir(), "casestudy-serve-screenshots")
			os.MkdirAll(dir, 0o755)
		}
		t.Logf("wrote %s", filepath.Join(dir, name))
		if err := os.WriteFile(filepath.Join(dir, name), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	selectLine := chromedp.Action[chromedp.Void](func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
		_, err := chromedp.Evaluate[bool](`(() => {
			const a = document.querySelector('#doc .ln[data-line="28"]'), b = document.querySelector('#doc .ln[data-line="29"]');
			const r = document.createRange(); r.setStartAfter(a); r.setEndBefore(b);
			getSelection().removeAllRanges(); getSelection().addRange(r);
			return true })()`)(ctx, tg)
		return chromedp.Void{}, err
	})
	scrollTo := func(line int) chromedp.Action[chromedp.Void] {
		return func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
			_, err := chromedp.Evaluate[bool](`(() => { document.querySelector('#doc .ln[data-line="`+strconv.Itoa(line)+`"]').scrollIntoView({block: "start"}); window.scrollBy(0, -70); return true })()`)(ctx, tg)
			return chromedp.Void{}, err
		}
	}
	dark := chromedp.Action[chromedp.Void](func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
		_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: "dark"}}})
		return chromedp.Void{}, err
	})

	// The reviewer at a desktop: threads beside their lines, his unsent
	// comment, the verdict box; then a comment with a suggestion being
	// written on the selected sentence.
	shot(bobURL, 1280, 900, "serve-desktop.png", scrollTo(19), chromedp.Click(`.verdict-box summary`))
	shot(bobURL, 1280, 900, "serve-comment.png", scrollTo(17), selectLine,
		chromedp.WaitVisible(`#comment-here`), chromedp.Click(`#comment-here`),
		chromedp.SendKeys(`#comment-text`, "Name the three backlogs?"),
		chromedp.Click(`#commentbox input[name="suggest"]`))
	// The writer on a phone: the thread after its paragraph, with its
	// suggestion to apply.
	shot(anaURL, 390, 844, "serve-phone.png", scrollTo(22))
	shot(anaURL, 1280, 900, "serve-dark-extra.png", dark, scrollTo(17))
	shot(bobURL, 390, 844, "serve-phone-reviewer-extra.png", chromedp.Navigate(bobURL+"&view=changes&from=none&to=round-1"), chromedp.WaitVisible(`#doc`))
}
