package cmd

import "github.com/urfave/cli/v2"

// unresolve is resolve's run with the other state (resolve.go).
func newCmdUnresolve(f *factory, runF func(*resolveOptions) error) *cli.Command {
	return resolveCommand(f, runF, "unresolve", "open a resolved thread again", "casestudy unresolve 1a2b3c", false)
}
