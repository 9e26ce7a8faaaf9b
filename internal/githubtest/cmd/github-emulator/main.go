// Command github-emulator runs the githubtest GitHub Enterprise emulator as
// a process, for tests that drive the casestudy binary (or gh, or git) from
// outside Go.
//
//	github-emulator --addr 127.0.0.1:0 --user ana --user bob --user craig
//
// prints one JSON line, {"url":"http://127.0.0.1:PORT","tokens":{"ana":"..."}},
// then serves until interrupted (SIGINT or SIGTERM), and removes its
// repositories on the way out.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/less-trainers/casestudy/internal/githubtest"
)

// listFlag collects a repeatable string flag.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "github-emulator:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	fs := flag.NewFlagSet("github-emulator", flag.ContinueOnError)
	addr := fs.String("addr", "127.0.0.1:0", "address to listen on (host:port; port 0 picks a free one)")
	var users, orgs listFlag
	fs.Var(&users, "user", "create a user with a fresh token (repeatable)")
	fs.Var(&orgs, "org", "create an organisation, as NAME=MEMBER,MEMBER (repeatable)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}

	srv, err := githubtest.NewAt(*addr, users...)
	if err != nil {
		return err
	}
	defer srv.Close()
	for _, o := range orgs {
		name, members, _ := strings.Cut(o, "=")
		var list []string
		if members != "" {
			list = strings.Split(members, ",")
		}
		if err := srv.AddOrg(name, list...); err != nil {
			return err
		}
	}

	// Stop on a signal from here on, so Close always removes the temp dir.
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, os.Interrupt, syscall.SIGTERM)

	tokens := map[string]string{}
	for _, u := range users {
		tokens[u] = srv.Token(u)
	}
	line, err := json.Marshal(struct {
		URL    string            `json:"url"`
		Tokens map[string]string `json:"tokens"`
	}{srv.URL, tokens})
	if err != nil {
		return err
	}
	if _, err := fmt.Fprintf(os.Stdout, "%s\n", line); err != nil {
		return err
	}
	<-stop
	return nil
}
