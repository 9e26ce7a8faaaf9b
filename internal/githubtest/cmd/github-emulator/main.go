// Command github-emulator runs the githubtest GitHub Enterprise emulator as
// a process, for tests that drive the casestudy binary (or gh, or git) from
// outside Go.
//
//	github-emulator --addr 127.0.0.1:0 --user ana --user bob --user craig [--invitations pending|accepted]
//
// prints one JSON line, {"url":"http://127.0.0.1:PORT","tokens":{"ana":"..."}},
// then serves until interrupted (SIGINT or SIGTERM), and removes its
// repositories on the way out.
//
// --invitations pending (the default) invites collaborators of a user-owned
// repository, as github.com does; accepted adds them at once, as GitHub
// Enterprise Server 3.19's description has it.
//
// Tests inject faults from outside through the loopback-only control
// endpoint: POST URL/_emulator/faults with a JSON object
// {"method","path_prefix","kind","status","times","retry_after_s","delay_ms"}
// (kind: server_error, after, rate_limit, secondary_limit, drop, delay), and
// DELETE URL/_emulator/faults to clear them.
//
// --validate checks every REST request and answer against GitHub's REST
// description, as the Go tests do; on the way out the command lists what
// broke it on stderr and exits 1.
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

// options are the command line, parsed.
type options struct {
	addr                string
	users, orgs         listFlag
	invitationsAccepted bool
	validate            bool
}

func parse(args []string) (options, error) {
	var o options
	fs := flag.NewFlagSet("github-emulator", flag.ContinueOnError)
	fs.StringVar(&o.addr, "addr", "127.0.0.1:0", "address to listen on (host:port; port 0 picks a free one)")
	fs.Var(&o.users, "user", "create a user with a fresh token (repeatable)")
	fs.Var(&o.orgs, "org", "create an organisation, as NAME=MEMBER,MEMBER (repeatable)")
	fs.BoolVar(&o.validate, "validate", false, "check the REST traffic against GitHub's REST description; exit 1 if anything broke it")
	invitations := fs.String("invitations", "pending", "collaborators of user-owned repositories: pending (invited, as on github.com) or accepted (added at once)")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if fs.NArg() > 0 {
		return o, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	switch *invitations {
	case "pending":
	case "accepted":
		o.invitationsAccepted = true
	default:
		return o, fmt.Errorf("--invitations %q: use pending or accepted", *invitations)
	}
	return o, nil
}

func run(args []string) error {
	o, err := parse(args)
	if err != nil {
		return err
	}
	srv, err := githubtest.NewAt(o.addr, o.users...)
	if err != nil {
		return err
	}
	defer srv.Close()
	srv.InvitationsAccepted = o.invitationsAccepted
	if o.validate {
		if err := srv.Validate(); err != nil {
			return err
		}
	}
	for _, org := range o.orgs {
		name, members, _ := strings.Cut(org, "=")
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
	for _, u := range o.users {
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
	return srv.CheckViolations()
}
