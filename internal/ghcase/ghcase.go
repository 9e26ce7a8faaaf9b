// Package ghcase is test support: a case study placed on the in-tree GitHub
// emulator, as `casestudy new --github` places one, with the mentor and the
// reviewer's invitations accepted and every request checked against
// GitHub's REST description.
package ghcase

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/less-trainers/casestudy/internal/githubtest"
	"github.com/less-trainers/casestudy/review"
	"github.com/less-trainers/casestudy/review/github"
)

// Place starts an emulator with ana, bob and craig, makes the test's
// environment Ana's (a fresh HOME, her git identity, GH_HOST and GH_TOKEN),
// creates a case study with cfg and puts it on ana/acme. The test fails at
// its end if any request or answer broke GitHub's description.
func Place(t *testing.T, cfg *review.Config) (*githubtest.Server, *review.CaseStudy) {
	t.Helper()
	srv, err := githubtest.New("ana", "bob", "craig")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	if err := srv.Validate(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := srv.CheckViolations(); err != nil {
			t.Error(err)
		}
	})
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", home)
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	t.Setenv("GIT_AUTHOR_NAME", "Ana Silva")
	t.Setenv("GIT_AUTHOR_EMAIL", "ana@example.com")
	t.Setenv("GH_HOST", srv.URL)
	t.Setenv("GH_TOKEN", srv.Token("ana"))
	cs, err := review.Create(filepath.Join(t.TempDir(), "acme"), cfg, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	record := func(f *github.Forge) error { return cs.MoveToGitHub(ctx, f, "ana/acme", time.Now()) }
	if _, err := Connect(t, srv, "ana", "").Place(ctx, cs.Repo, cs.Config, "ana/acme", true, true, record); err != nil {
		t.Fatal(err)
	}
	for _, who := range []string{"bob", "craig"} {
		if ok, err := Connect(t, srv, who, "").AcceptInvitation(ctx, "ana/acme"); err != nil || !ok {
			t.Fatalf("%s accepting the invitation to ana/acme: %v, %v", who, ok, err)
		}
	}
	return srv, cs
}

// Connect is a client of the emulator as user, keeping its ETag cache in
// cacheDir ("" for none).
func Connect(t *testing.T, srv *githubtest.Server, user, cacheDir string) *github.Client {
	t.Helper()
	getenv := func(k string) string {
		switch k {
		case "GH_HOST":
			return srv.URL
		case "GH_TOKEN", "GH_ENTERPRISE_TOKEN":
			return srv.Token(user)
		}
		return ""
	}
	c, err := github.Connect(context.Background(), getenv, cacheDir)
	if err != nil {
		t.Fatal(err)
	}
	return c
}
