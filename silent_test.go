package main

import (
	"net"

	"github.com/rogpeppe/go-internal/testscript"
)

// silentServerCmd starts, for a story, a server on loopback that accepts
// connections and never answers, and sets SILENT_URL to a git URL on it:
//
//	silent-server
func silentServerCmd(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 0 {
		ts.Fatalf("usage: silent-server")
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	ts.Check(err)
	var conns []net.Conn
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			conns = append(conns, c) // held open, never read or written
		}
	}()
	ts.Defer(func() {
		l.Close()
		<-done
		for _, c := range conns {
			c.Close()
		}
	})
	ts.Setenv("SILENT_URL", "http://"+l.Addr().String()+"/acme.git")
}
