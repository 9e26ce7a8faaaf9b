// Command latency runs the three-person story on GitHub against the
// emulator, with a delay added to every request as a real network has,
// and prints for each command its requests (REST and git), how many
// sequential waves they came in, and its wall time, against the times
// people should wait at most.
//
//	go run ./bench/latency [-casestudy BIN] [-delay 200ms] [-invitations pending|accepted] [-strict]
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/less-trainers/casestudy/internal/githubtest"
)

var verbose, old bool

// targets are the longest waits the issue allows at 200 ms a request.
var targets = map[string]time.Duration{
	"status": time.Second, "feedback": time.Second, "review": time.Second,
	"comment": 600 * time.Millisecond,
	"approve": 1200 * time.Millisecond, "request-changes": 1200 * time.Millisecond,
	"submit": 2 * time.Second,
}

type step struct {
	who, dir string
	args     []string
	before   func(root string) error // e.g. write the draft
}

type result struct {
	label           string
	rest, git, wave int
	wall            time.Duration
	target          time.Duration
}

func main() {
	bin := flag.String("casestudy", "", "the casestudy binary to measure (default: build this checkout)")
	delay := flag.Duration("delay", 200*time.Millisecond, "added to every request")
	invitations := flag.String("invitations", "pending", "pending (github.com) or accepted (GitHub Enterprise Server)")
	strict := flag.Bool("strict", false, "exit 1 when a command is over its target")
	flag.BoolVar(&verbose, "v", false, "list each command's requests")
	flag.BoolVar(&old, "old", false, "the story as a build from before issue 10 takes it (no review without a location, no approve --yes)")
	flag.Parse()
	if err := run(*bin, *delay, *invitations, *strict); err != nil {
		fmt.Fprintln(os.Stderr, "latency:", err)
		os.Exit(1)
	}
}

func run(bin string, delay time.Duration, invitations string, strict bool) error {
	work, err := os.MkdirTemp("", "latency-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)
	if bin == "" {
		bin = filepath.Join(work, "casestudy")
		if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
			return fmt.Errorf("building casestudy: %v\n%s", err, out)
		}
	}
	emu := filepath.Join(work, "github-emulator")
	if out, err := exec.Command("go", "build", "-o", emu, "./internal/githubtest/cmd/github-emulator").CombinedOutput(); err != nil {
		return fmt.Errorf("building the emulator: %v\n%s", err, out)
	}
	cmd := exec.Command(emu, "--addr", "127.0.0.1:0", "--user", "ana", "--user", "bob", "--user", "craig", "--invitations", invitations)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		return err
	}
	defer cmd.Process.Kill()
	var hello struct {
		URL    string            `json:"url"`
		Tokens map[string]string `json:"tokens"`
	}
	line, err := bufio.NewReader(stdout).ReadBytes('\n')
	if err != nil || json.Unmarshal(line, &hello) != nil {
		return fmt.Errorf("the emulator did not say where it is: %q %v", line, err)
	}
	if err := control(http.MethodPost, hello.URL+"/_emulator/faults", fmt.Sprintf(`{"kind":"delay","delay_ms":%d}`, delay.Milliseconds())); err != nil {
		return err
	}

	homes := map[string]string{}
	for _, p := range []struct{ who, name, email string }{{"ana", "Ana Silva", "ana@example.com"}, {"bob", "Bob Mentor", "bob@example.com"}, {"craig", "Craig Larman", "craig@example.com"}} {
		home := filepath.Join(work, "home-"+p.who)
		if err := os.MkdirAll(home, 0o755); err != nil {
			return err
		}
		cfg := fmt.Sprintf("[user]\n\tname = %s\n\temail = %s\n[init]\n\tdefaultBranch = main\n", p.name, p.email)
		if err := os.WriteFile(filepath.Join(home, ".gitconfig"), []byte(cfg), 0o644); err != nil {
			return err
		}
		homes[p.who] = home
	}
	write := func(name, text string) func(string) error {
		return func(root string) error { return os.WriteFile(filepath.Join(root, name), []byte(text), 0o644) }
	}
	acme, bobDir, craigDir := filepath.Join(work, "acme"), filepath.Join(work, "bob"), filepath.Join(work, "craig")
	steps := []step{
		{"ana", work, []string{"new", "--title", "Acme", "--mentee", "Ana Silva <ana@example.com>", "--mentee-github", "ana", "--mentor", "bob", "--reviewer", "craig", "--github", "ana/acme", "acme"}, nil},
		{"ana", acme, []string{"submit", "-m", "Ready for a first read"}, write("case-study.md", draft1)},
		{"bob", work, []string{"review", "ana/acme", "bob"}, nil},
		{"ana", acme, []string{"status"}, nil},
		{"bob", bobDir, []string{"review"}, nil},
		{"bob", bobDir, []string{"comment", "case-study.md:3", "Which teams?"}, nil},
		{"bob", bobDir, []string{"comment", "case-study.md:6", "When?", "--suggest", "We began in March 2019."}, nil},
		{"bob", bobDir, []string{"request-changes", "-m", "Name the teams, say when."}, nil},
		{"ana", acme, []string{"status"}, nil},
		{"ana", acme, []string{"feedback"}, nil},
		{"ana", acme, []string{"submit", "-m", "Named the teams"}, write("case-study.md", draft2)},
		{"bob", bobDir, []string{"review"}, nil},
		{"bob", bobDir, []string{"approve", "--yes", "-m", "Ready for Craig."}, nil},
		{"craig", work, []string{"review", "ana/acme", "craig"}, nil},
		{"ana", acme, []string{"status"}, nil},
		{"craig", craigDir, []string{"queue"}, nil},
		{"craig", craigDir, []string{"comment", "case-study.md:1", "A fine title."}, nil},
		{"craig", craigDir, []string{"approve", "--yes", "-m", "Publish it."}, nil},
		{"craig", craigDir, []string{"publish"}, nil},
	}
	if old {
		for i := range steps {
			st := &steps[i]
			if st.args[0] == "review" && len(st.args) == 1 {
				st.dir, st.args = work, []string{"review", "ana/acme", filepath.Base(st.dir)}
			}
			if st.args[0] == "approve" {
				st.args = []string{"approve", "-m", st.args[len(st.args)-1]}
			}
		}
	}
	var results []result
	over := 0
	for _, s := range steps {
		if s.before != nil {
			if err := s.before(s.dir); err != nil {
				return err
			}
		}
		if err := control(http.MethodDelete, hello.URL+"/_emulator/requests", ""); err != nil {
			return err
		}
		c := exec.Command(bin, s.args...)
		c.Dir = s.dir
		c.Env = append(cleanEnv(), "HOME="+homes[s.who], "XDG_CONFIG_HOME="+filepath.Join(homes[s.who], ".config"),
			"GIT_CONFIG_NOSYSTEM=1", "GH_HOST="+hello.URL, "GH_TOKEN="+hello.Tokens[s.who], "CASESTUDY_PAGER=cat")
		var out bytes.Buffer
		c.Stdout, c.Stderr = &out, &out
		start := time.Now()
		err := c.Run()
		wall := time.Since(start)
		if err != nil {
			return fmt.Errorf("%s: casestudy %s: %v\n%s", s.who, strings.Join(s.args, " "), err, out.String())
		}
		reqs, err := requestLog(hello.URL)
		if err != nil {
			return err
		}
		r := result{label: s.who + ": " + strings.Join(s.args[:1], " "), wall: wall, target: targets[s.args[0]]}
		for _, q := range reqs {
			if strings.HasPrefix(q.Path, "/api/") {
				r.rest++
			} else {
				r.git++
			}
		}
		r.wave = githubtest.Waves(reqs)
		if verbose {
			fmt.Printf("%s (%.2f s)\n", r.label, wall.Seconds())
			for _, q := range reqs {
				fmt.Printf("  %+6.0f ms %4.0f ms  %s %s?%s %d\n", float64(q.Start.Sub(start).Milliseconds()), float64(q.End.Sub(q.Start).Milliseconds()), q.Method, q.Path, q.Query, q.Status)
			}
		}
		if r.target > 0 && wall > r.target {
			over++
		}
		results = append(results, r)
	}
	tw := tabwriter.NewWriter(os.Stdout, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "command\tREST\tgit\twaves\twall\ttarget\t\n")
	for _, r := range results {
		verdict := ""
		if r.target > 0 {
			verdict = "ok"
			if r.wall > r.target {
				verdict = "OVER"
			}
			verdict = fmt.Sprintf("%s %s", r.target, verdict)
		}
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%.2f s\t%s\t\n", r.label, r.rest, r.git, r.wave, r.wall.Seconds(), verdict)
	}
	tw.Flush()
	fmt.Printf("%d of %d commands over their target at %s a request\n", over, len(results), delay)
	if strict && over > 0 {
		os.Exit(1)
	}
	return nil
}

// waves counts the requests' sequential rounds: requests whose times
// overlap were made at the same time and cost one wait.
func requestLog(url string) ([]githubtest.RequestJSON, error) {
	resp, err := http.Get(url + "/_emulator/requests")
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	var out []githubtest.RequestJSON
	return out, json.NewDecoder(resp.Body).Decode(&out)
}

func control(method, url, body string) error {
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode >= 300 {
		return fmt.Errorf("%s %s: %s", method, url, resp.Status)
	}
	return nil
}

// cleanEnv is this environment without anything that would point casestudy
// or git elsewhere.
func cleanEnv() []string {
	var out []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if !strings.HasPrefix(name, "GIT_") && !strings.HasPrefix(name, "GH_") && !strings.HasPrefix(name, "GITHUB_") &&
			name != "HOME" && name != "XDG_CONFIG_HOME" && !strings.HasPrefix(name, "CASESTUDY_") {
			out = append(out, kv)
		}
	}
	return out
}

const draft1 = `# Scaling Product Ownership at Acme

Eight teams shared one Product Owner.

## Adoption
We began in March.
`

const draft2 = `# Scaling Product Ownership at Acme

Eight feature teams shared one Product Owner.

## Adoption
We began in March 2019.
`
