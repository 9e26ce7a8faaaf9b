// Command casestudy turns writing and reviewing a LeSS Trainer candidate's
// case study into a git-backed workflow.
package main

import (
	"os"

	"github.com/less-trainers/casestudy/cmd"
)

func main() {
	os.Exit(cmd.Main(os.Args, os.Stdin, os.Stdout, os.Stderr))
}
