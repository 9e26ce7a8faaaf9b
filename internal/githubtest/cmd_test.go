package githubtest_test

import (
	"bufio"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestEmulatorCommand builds cmd/github-emulator, starts it, reads its one
// JSON line, uses a token, and stops it with SIGINT.
func TestEmulatorCommand(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a binary")
	}
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	bin := filepath.Join(t.TempDir(), "github-emulator")
	build := exec.Command("go", "build", "-o", bin, "./cmd/github-emulator")
	build.Env = append(os.Environ(), "GOPROXY=off") // never download during a test
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, "--addr", "127.0.0.1:0", "--user", "ana", "--user", "bob", "--user", "craig", "--invitations", "pending", "--validate")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := false
	t.Cleanup(func() {
		if !done {
			cmd.Process.Kill()
			cmd.Wait()
		}
	})

	r := bufio.NewReader(stdout)
	line, err := r.ReadString('\n')
	if err != nil {
		t.Fatalf("reading the JSON line: %v", err)
	}
	var info struct {
		URL    string            `json:"url"`
		Tokens map[string]string `json:"tokens"`
	}
	if err := json.Unmarshal([]byte(line), &info); err != nil {
		t.Fatalf("line %q: %v", line, err)
	}
	if !strings.HasPrefix(info.URL, "http://127.0.0.1:") || strings.HasSuffix(info.URL, "/") || len(info.Tokens) != 3 {
		t.Fatalf("info = %+v", info)
	}

	req, _ := http.NewRequest(http.MethodGet, info.URL+"/api/v3/user", nil)
	req.Header.Set("Authorization", "token "+info.Tokens["craig"])
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), `"login":"craig"`) {
		t.Errorf("GET /user as craig: %d %s", resp.StatusCode, body)
	}

	// Faults come in through the control endpoint.
	ctl := func(method, body string) {
		t.Helper()
		req, _ := http.NewRequest(method, info.URL+"/_emulator/faults", strings.NewReader(body))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusNoContent {
			t.Fatalf("%s /_emulator/faults: %d", method, resp.StatusCode)
		}
	}
	getUser := func() int {
		t.Helper()
		req, _ := http.NewRequest(http.MethodGet, info.URL+"/api/v3/user", nil)
		req.Header.Set("Authorization", "token "+info.Tokens["ana"])
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	ctl("POST", `{"method":"GET","path_prefix":"/api/v3/user","kind":"server_error","status":503,"times":5}`)
	if got := getUser(); got != http.StatusServiceUnavailable {
		t.Errorf("GET /user with a fault: %d", got)
	}
	ctl("DELETE", "")
	if got := getUser(); got != http.StatusOK {
		t.Errorf("GET /user after DELETE: %d", got)
	}

	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	rest, _ := io.ReadAll(r)
	waited := make(chan error, 1)
	go func() { waited <- cmd.Wait() }()
	select {
	case err := <-waited:
		done = true
		if err != nil {
			t.Errorf("exit: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("emulator did not stop on SIGINT")
	}
	if len(rest) != 0 {
		t.Errorf("more output after the JSON line: %q", rest)
	}
	if _, err := http.Get(info.URL + "/api/v3/user"); err == nil {
		t.Error("still serving after SIGINT")
	}

	// With --validate, a request that breaks GitHub's description makes
	// the command say so on the way out, and exit 1.
	cmd = exec.Command(bin, "--user", "ana", "--validate")
	stdout, _ = cmd.StdoutPipe()
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, err = bufio.NewReader(stdout).ReadString('\n')
	if err != nil || json.Unmarshal([]byte(line), &info) != nil {
		cmd.Process.Kill()
		t.Fatalf("second run: %q, %v", line, err)
	}
	req, _ = http.NewRequest(http.MethodPost, info.URL+"/api/v3/user/repos", strings.NewReader(`{"name": 5}`))
	req.Header.Set("Authorization", "token "+info.Tokens["ana"])
	req.Header.Set("Content-Type", "application/json")
	if resp, err := http.DefaultClient.Do(req); err == nil {
		resp.Body.Close()
	}
	cmd.Process.Signal(os.Interrupt)
	err = cmd.Wait()
	if code := cmd.ProcessState.ExitCode(); code != 1 || !strings.Contains(stderr.String(), "repos/create-for-authenticated-user (POST /api/v3/user/repos) request: body field /name") {
		t.Errorf("exit %d (%v), stderr:\n%s", code, err, stderr.String())
	}
}
