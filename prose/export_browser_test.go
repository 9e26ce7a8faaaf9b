package prose

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestExportRunsNoScriptInABrowser opens the exported hostile document (and
// its redline) in
// headless Chromium, when installed (.ci/run installs it), and checks that
// nothing in it ran. A control page with a plain script proves the browser
// runs scripts at all, so the test cannot pass by accident.
func TestExportRunsNoScriptInABrowser(t *testing.T) {
	browser := ""
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			browser = p
			break
		}
	}
	if browser == "" {
		t.Skip("no headless Chromium installed (apt-get install chromium)")
	}
	dir := t.TempDir()
	var page strings.Builder
	if err := WriteExport(&page, ExportMeta{Title: "T"}, hostileDocument); err != nil {
		t.Fatal(err)
	}
	exported := filepath.Join(dir, "export.html")
	control := filepath.Join(dir, "control.html")
	write := func(path, text string) {
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(exported, page.String())
	var red strings.Builder
	if err := WriteRedline(&red, "T", "draft 1", "draft 2", []FileDiff{{Path: "case-study.md", Segments: WordDiff("# T\n\nBefore.\n", hostileDocument)}}); err != nil {
		t.Fatal(err)
	}
	redline := filepath.Join(dir, "redline.html")
	write(redline, red.String())
	write(control, `<!DOCTYPE html><html><body><script>document.documentElement.setAttribute("data-ran", "control")</script></body></html>`)

	dom := func(path string) string {
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		defer cancel()
		cmd := exec.CommandContext(ctx, browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
			"--user-data-dir="+filepath.Join(dir, "profile"), "--virtual-time-budget=2000", "--dump-dom", "file://"+path)
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("%s --dump-dom %s: %v", browser, path, err)
		}
		return string(out)
	}
	ran := regexp.MustCompile(`<html[^>]*\sdata-ran=`)
	if got := dom(control); !ran.MatchString(got) {
		t.Fatalf("the browser ran no script even on the control page, so it proves nothing:\n%s", got)
	}
	for _, page := range []string{exported, redline} {
		if got := dom(page); ran.MatchString(got) {
			t.Errorf("a script in %s ran:\n%s", filepath.Base(page), got)
		}
	}
}
