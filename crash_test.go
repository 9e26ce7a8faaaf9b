package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestKillAnywhere kills save, submit, apply, feedback --save and sync with
// SIGKILL at six moments spread over their run (the real casestudy binary,
// which testscript put on PATH), and after each kill checks that git reads
// the repository (git fsck, git status), that no temporary file shows, and
// that running the same command again finishes the job: the draft tagged,
// the review shared, the suggestion applied and its suggester credited,
// the round archived and committed, the notes on the remote.
func TestKillAnywhere(t *testing.T) {
	if testing.Short() {
		t.Skip("kills real processes")
	}
	bin, err := exec.LookPath("casestudy")
	if err != nil {
		t.Skip("casestudy is not on PATH (testscript puts it there)")
	}
	work := t.TempDir()
	home := filepath.Join(work, "home")
	os.MkdirAll(home, 0o755)
	os.WriteFile(filepath.Join(home, ".gitconfig"), []byte("[user]\n\tname = Ana Silva\n\temail = ana@example.com\n[init]\n\tdefaultBranch = main\n"), 0o644)
	var base []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if !strings.HasPrefix(name, "GIT_") && !strings.HasPrefix(name, "GH_") && !strings.HasPrefix(name, "GITHUB_") && name != "HOME" && name != "XDG_CONFIG_HOME" && name != "CASESTUDY_REVIEWER" {
			base = append(base, kv)
		}
	}
	base = append(base, "HOME="+home, "XDG_CONFIG_HOME="+filepath.Join(home, ".config"), "GIT_CONFIG_NOSYSTEM=1")
	bob := append(append([]string{}, base...), "GIT_AUTHOR_NAME=Bob Mentor", "GIT_AUTHOR_EMAIL=bob@example.com", "GIT_COMMITTER_NAME=Bob Mentor", "GIT_COMMITTER_EMAIL=bob@example.com")
	dir := filepath.Join(work, "ana")

	command := func(env []string, name string, args ...string) *exec.Cmd {
		cmd := exec.Command(name, args...)
		cmd.Dir, cmd.Env = dir, env
		if name == "casestudy" {
			cmd.Path = bin
		}
		return cmd
	}
	run := func(env []string, name string, args ...string) string {
		t.Helper()
		out, err := command(env, name, args...).CombinedOutput()
		if err != nil {
			t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	cmd := exec.Command(bin, "new", "--title", "Acme", "--mentee", "Ana Silva <ana@example.com>", "--mentor", "Bob Mentor <bob@example.com>", "--reviewer", "Craig Larman <craig@example.com>", "ana")
	cmd.Dir, cmd.Env = work, base
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("casestudy new: %v\n%s", err, out)
	}
	if out, err := exec.Command("git", "init", "--bare", "-q", filepath.Join(work, "shared.git")).CombinedOutput(); err != nil {
		t.Fatalf("git init: %v\n%s", err, out)
	}
	doc := filepath.Join(dir, "case-study.md")
	var text strings.Builder
	text.WriteString("# Acme\n\n")
	for i := 1; i <= 60; i++ {
		fmt.Fprintf(&text, "Line %d of the story.\n", i)
	}
	os.WriteFile(doc, []byte(text.String()), 0o644)
	run(base, "casestudy", "sync", "../shared.git")
	run(base, "casestudy", "submit", "-m", "first")

	// intact is what git must be able to say after any kill.
	intact := func(when string) {
		t.Helper()
		if out, err := command(base, "git", "fsck", "--strict", "--no-progress").CombinedOutput(); err != nil {
			t.Fatalf("after %s, git fsck: %v\n%s", when, err, out)
		}
		out, err := command(base, "git", "status", "--porcelain").CombinedOutput()
		if err != nil {
			t.Fatalf("after %s, git status: %v\n%s", when, err, out)
		}
		if strings.Contains(string(out), ".tmp-") {
			t.Fatalf("after %s, git status shows a temporary file:\n%s", when, out)
		}
	}
	appendLine := func(s string) {
		f, _ := os.OpenFile(doc, os.O_APPEND|os.O_WRONLY, 0o644)
		fmt.Fprintln(f, s)
		f.Close()
	}
	interrupted := map[string]int{}
	// kill starts a command and kills it after delay, counting the kills
	// that found it still running.
	kill := func(env []string, delay time.Duration, args ...string) {
		t.Helper()
		c := command(env, "casestudy", args...)
		if err := c.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(delay)
		c.Process.Signal(syscall.SIGKILL)
		if err := c.Wait(); err != nil && strings.Contains(err.Error(), "killed") {
			interrupted[args[0]]++
		}
		intact(fmt.Sprintf("kill -9 of casestudy %s after %v", strings.Join(args, " "), delay))
	}
	// The kills spread over the whole run of each command: the i-th of n
	// comes at i/n of how long the command took when last run whole (the
	// re-run), a little past the end for the last, so the early steps
	// (reading), the middle (writing objects, the index) and the last
	// (refs, tags, the push) are all hit, however fast the machine is.
	const n = 6
	took := map[string]time.Duration{}
	at := func(cmd string, i int) time.Duration {
		d, ok := took[cmd]
		if !ok {
			d = 60 * time.Millisecond
		}
		return d * time.Duration(i) * 11 / (10 * (n - 1))
	}
	timed := func(env []string, args ...string) string {
		t.Helper()
		start := time.Now()
		out := run(env, "casestudy", args...)
		took[args[0]] = time.Since(start)
		return out
	}
	head := func(ref string) string { return strings.TrimSpace(run(base, "git", "rev-parse", ref)) }
	remoteHead := func(ref string) string {
		out := run(base, "git", "ls-remote", "../shared.git", ref)
		h, _, _ := strings.Cut(out, "\t")
		return h
	}

	for i := range n {
		// save: the draft is committed and tagged once, whatever happened.
		appendLine(fmt.Sprintf("Saved %d.", i))
		kill(base, at("save", i), "save", "-m", fmt.Sprintf("save %d", i))
		start := time.Now()
		if out, err := command(base, "casestudy", "save", "-m", fmt.Sprintf("save %d", i)).CombinedOutput(); err != nil && !strings.Contains(string(out), "nothing changed") {
			t.Fatalf("save after a kill: %v\n%s", err, out)
		}
		took["save"] = time.Since(start)
		if tag := strings.TrimSpace(run(base, "git", "tag", "--points-at", "HEAD", "draft-*")); tag == "" {
			t.Fatalf("after save %d, HEAD is not a draft:\n%s", i, run(base, "git", "log", "--oneline", "-3"))
		}

		// submit: the drafts reach the shared repository.
		appendLine(fmt.Sprintf("Submitted %d.", i))
		kill(base, at("submit", i), "submit", "-m", fmt.Sprintf("round %d", i))
		timed(base, "submit", "-m", fmt.Sprintf("round %d", i))
		if h := head("draft"); remoteHead("refs/heads/draft") != h {
			t.Fatalf("after submit %d, the remote's draft is not %s", i, h)
		}

		// apply: the suggestion lands once, and its suggester is credited.
		line := 3 + i
		better := fmt.Sprintf("Line %d of the story, told better.", i+1)
		run(bob, "casestudy", "comment", "--now", fmt.Sprintf("case-study.md:%d", line), "Tighter.", "--suggest", better)
		kill(base, at("apply", i), "apply")
		timed(base, "apply")
		if data, _ := os.ReadFile(doc); strings.Count(string(data), better) != 1 {
			t.Fatalf("after apply %d, the suggestion is in the text %d times", i, strings.Count(string(data), better))
		}
		run(base, "casestudy", "save", "-m", fmt.Sprintf("applied %d", i))
		if msg := run(base, "git", "log", "-1", "--format=%B"); !strings.Contains(msg, "Co-authored-by: Bob Mentor <bob@example.com>") {
			t.Fatalf("after apply %d, the save does not credit Bob:\n%s", i, msg)
		}

		// feedback --save: the round's archive is committed.
		said := fmt.Sprintf("Remark %d.", i)
		run(bob, "casestudy", "comment", "--now", "case-study.md:2", said)
		kill(base, at("feedback", i), "feedback", "--save")
		timed(base, "feedback", "--save")
		if out := run(base, "git", "status", "--porcelain", "reviews"); out != "" {
			t.Fatalf("after feedback --save %d, the archive is not committed:\n%s", i, out)
		}
		// The archives are committed on main, beside the drafts.
		if out := run(base, "git", "grep", "-c", said, "main", "--", "reviews"); out == "" {
			t.Fatalf("after feedback --save %d, the archive lacks %q", i, said)
		}

		// sync: a draft saved here, its tag and the notes reach the shared
		// repository.
		appendLine(fmt.Sprintf("Synced %d.", i))
		run(base, "casestudy", "save", "-m", fmt.Sprintf("to sync %d", i))
		kill(base, at("sync", i), "sync")
		timed(base, "sync")
		for _, ref := range []string{"refs/heads/draft", "refs/notes/devtools/discuss", "refs/notes/devtools/reviews"} {
			if h := head(ref); remoteHead(ref) != h {
				t.Fatalf("after sync %d, the remote's %s is not %s", i, ref, h)
			}
		}
	}
	t.Logf("kills that found the command running, of %d each: %v; whole runs took %v", n, interrupted, took)
}
