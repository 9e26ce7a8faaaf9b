package cmd

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"runtime"
	"strings"
	"time"

	"github.com/less-trainers/casestudy/prose"
	"github.com/less-trainers/casestudy/review"
	"github.com/less-trainers/casestudy/web"
	"github.com/urfave/cli/v2"
)

type serveOptions struct {
	IO        *streams
	CaseStudy func() (*review.CaseStudy, error)
	Forge     func(context.Context, *review.CaseStudy) (review.Forge, error)

	Addr        string // loopback HOST:PORT
	OpenBrowser bool
}

func newCmdServe(f *factory, runF func(*serveOptions) error) *cli.Command {
	opts := &serveOptions{IO: f.IO, CaseStudy: f.CaseStudy, Forge: f.Forge}
	return &cli.Command{
		Name:  "serve",
		Usage: "review the case study in your browser, on this machine only",
		Description: `Serves a page of the case study on a loopback address until Ctrl-C: the text
with line numbers, the reviewers' threads beside their lines, a redline of any
two versions, the stage, the reviewers and the drafts. Select lines to comment
or suggest a change; reply, give your verdict, or apply a suggestion. Every
action is the same as the command's (comment, reply, approve, request-changes,
apply), so the review is the same whichever you use. The page redraws itself
when the repository changes.

The address holds a random token, as Jupyter's does: only someone with the
address can read or change anything, and only from this machine.

Examples:
  casestudy serve
  casestudy serve --open
  casestudy serve --addr 127.0.0.1:8123`,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "addr", Value: "127.0.0.1:0", Usage: "loopback `HOST:PORT` to listen on (port 0: any free port)"},
			&cli.BoolFlag{Name: "open", Usage: "open the page in your browser"},
		},
		Action: func(c *cli.Context) error {
			if err := maxArgs(c, 0); err != nil {
				return err
			}
			opts.Addr = c.String("addr")
			if err := checkLoopback(opts.Addr); err != nil {
				return err
			}
			opts.OpenBrowser = c.Bool("open")
			if runF != nil {
				return runF(opts)
			}
			// Serving ends at Ctrl-C, which is how it is stopped: not an
			// interruption (online's context), but the end of the work.
			ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
			defer stop()
			return runServe(ctx, opts)
		},
	}
}

func runServe(ctx context.Context, opts *serveOptions) error {
	io := opts.IO
	cs, err := opts.CaseStudy()
	if err != nil {
		return err
	}
	f, err := opts.Forge(ctx, cs)
	if err != nil {
		return err
	}
	// A reader's copy never sends the drafting branch.
	cs.LearnRole(ctx, f)
	if err := refresh(ctx, cs, f); err != nil {
		fmt.Fprintf(io.Err, "casestudy: warning: could not sync (%s); showing what this copy has (the page's Sync button tries again)\n", oneLine(prose.Clean(err.Error())))
	}
	token := web.NewToken()
	srv := &http.Server{
		Handler:           web.New(web.Options{CaseStudy: cs, Forge: f, Token: token}),
		ReadHeaderTimeout: 10 * time.Second,
	}
	ln, err := net.Listen("tcp", opts.Addr)
	if err != nil {
		return fmt.Errorf("cannot listen on %s: %w", opts.Addr, err)
	}
	url := fmt.Sprintf("http://%s/?token=%s", ln.Addr(), token)
	fmt.Fprintf(io.Out, "Serving %s at\n  %s\nPress Ctrl-C to stop.\n", prose.Clean(cs.Config.Title), url)
	if opts.OpenBrowser {
		if err := openBrowser(url); err != nil {
			fmt.Fprintf(io.Err, "casestudy: could not open a browser (%s); open the address above yourself\n", oneLine(err.Error()))
		}
	}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	srv.Shutdown(shut)
	fmt.Fprintln(io.Err, "Stopped.")
	return nil
}

// checkLoopback refuses an address other machines could reach: the page
// can change the review, and the token is its only key.
func checkLoopback(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return usagef("--addr %s: write it as HOST:PORT, e.g. 127.0.0.1:8123", addr)
	}
	if strings.EqualFold(host, "localhost") {
		return nil
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return nil
	}
	return usagef("--addr %s: casestudy serve listens only on this machine (127.0.0.1, ::1 or localhost), never on an address others can reach", addr)
}

func openBrowser(url string) error {
	var cmd *exec.Cmd
	switch runtime.GOOS {
	case "darwin":
		cmd = exec.Command("open", url)
	case "windows":
		cmd = exec.Command("rundll32", "url.dll,FileProtocolHandler", url)
	default:
		cmd = exec.Command("xdg-open", url)
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	go cmd.Wait()
	return nil
}
