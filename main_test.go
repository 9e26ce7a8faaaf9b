package main

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/less-trainers/casestudy/cmd"
	"github.com/rogpeppe/go-internal/testscript"
)

var update = flag.Bool("update", false, "rewrite the expected files of failing cmp lines in testdata/script")

// The end-to-end stories in testdata/script run the real casestudy (in
// process) against real git repositories in temporary directories.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"casestudy": func() { os.Exit(cmd.Main(os.Args, os.Stdin, os.Stdout, os.Stderr)) },
	})
}

func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		UpdateScripts:       *update,
		RequireExplicitExec: true,
		Setup:               setupHome,
		Cmds: map[string]func(*testscript.TestScript, bool, []string){
			"github":          githubCmd,
			"no-secret":       noSecretCmd,
			"silent-server":   silentServerCmd,
			"appraise-status": appraiseCmd,
		},
	})
}

// setupHome gives each story a fresh HOME with only a git identity, as a
// new user's machine has, and keeps the caller's git settings out.
func setupHome(env *testscript.Env) error {
	home := filepath.Join(env.WorkDir, "home")
	if err := os.MkdirAll(home, 0o755); err != nil {
		return err
	}
	gitconfig := "[user]\n\tname = Ana Silva\n\temail = ana@example.com\n[init]\n\tdefaultBranch = main\n"
	if err := os.WriteFile(filepath.Join(home, ".gitconfig"), []byte(gitconfig), 0o644); err != nil {
		return err
	}
	env.Setenv("HOME", home)
	env.Setenv("XDG_CONFIG_HOME", filepath.Join(home, ".config"))
	kept := env.Vars[:0]
	for _, kv := range env.Vars {
		name, _, _ := strings.Cut(kv, "=")
		if !strings.HasPrefix(name, "GIT_") && !strings.HasPrefix(name, "GH_") && !strings.HasPrefix(name, "GITHUB_") && name != "CASESTUDY_REVIEWER" {
			kept = append(kept, kv)
		}
	}
	env.Vars = kept
	env.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	env.Values[scriptT{}] = env.T()
	return nil
}
