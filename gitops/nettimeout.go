package gitops

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/go-git/go-git/v5/plumbing/transport/client"
	githttp "github.com/go-git/go-git/v5/plumbing/transport/http"
)

// A git server that accepts a connection and then says nothing would hold
// every command that syncs (read-only ones too) for ever: go-git's HTTP
// client has no timeout. So every HTTP(S) git connection here gives up
// after networkTimeout of silence: to connect, to answer, and between any
// two reads or writes. A slow but moving transfer is never cut; only
// silence is. CASESTUDY_NET_TIMEOUT (a Go duration) shortens it, for tests.
var networkTimeout = func() time.Duration {
	if d, err := time.ParseDuration(os.Getenv("CASESTUDY_NET_TIMEOUT")); err == nil && d > 0 {
		return d
	}
	return 30 * time.Second
}()

func init() {
	c := &http.Client{Transport: silenceLimitedTransport(networkTimeout)}
	client.InstallProtocol("https", githttp.NewClient(c))
	client.InstallProtocol("http", githttp.NewClient(c))
}

func silenceLimitedTransport(limit time.Duration) *http.Transport {
	dialer := &net.Dialer{Timeout: limit, KeepAlive: 30 * time.Second}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		c, err := dialer.DialContext(ctx, network, addr)
		if err != nil {
			return nil, err
		}
		return &silenceLimitedConn{Conn: c, limit: limit}, nil
	}
	tr.TLSHandshakeTimeout = limit
	tr.ResponseHeaderTimeout = limit
	return tr
}

// silenceLimitedConn fails a read or write that waits longer than limit.
type silenceLimitedConn struct {
	net.Conn
	limit time.Duration
}

func (c *silenceLimitedConn) Read(p []byte) (int, error) {
	c.Conn.SetReadDeadline(time.Now().Add(c.limit))
	return c.Conn.Read(p)
}

func (c *silenceLimitedConn) Write(p []byte) (int, error) {
	c.Conn.SetWriteDeadline(time.Now().Add(c.limit))
	return c.Conn.Write(p)
}

// ErrNoAnswer means a git server stayed silent past the network timeout.
var ErrNoAnswer = errors.New("the git server did not answer")

// silentServer turns a timeout into one sentence that says what to do.
func silentServer(url string, err error) error {
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() || errors.Is(err, os.ErrDeadlineExceeded) {
		return fmt.Errorf("%w: %s said nothing for %s; check the address and your network, then run this again", ErrNoAnswer, url, networkTimeout)
	}
	return nil
}
