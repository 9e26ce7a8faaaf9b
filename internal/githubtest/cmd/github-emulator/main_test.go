package main

import (
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	o, err := parse([]string{"--user", "ana", "--user", "bob"})
	if err != nil || o.invitationsAccepted || o.addr != "127.0.0.1:0" || len(o.users) != 2 {
		t.Errorf("defaults: %+v, %v", o, err)
	}
	if o, err := parse([]string{"--invitations", "accepted"}); err != nil || !o.invitationsAccepted {
		t.Errorf("accepted: %+v, %v", o, err)
	}
	if o, err := parse([]string{"--validate"}); err != nil || !o.validate {
		t.Errorf("validate: %+v, %v", o, err)
	}
	if o, err := parse([]string{"--invitations=pending"}); err != nil || o.invitationsAccepted {
		t.Errorf("pending: %+v, %v", o, err)
	}
	if _, err := parse([]string{"--invitations", "yes"}); err == nil || !strings.Contains(err.Error(), "use pending or accepted") {
		t.Errorf("bad value: %v", err)
	}
}
