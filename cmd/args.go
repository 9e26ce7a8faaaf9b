package cmd

import (
	"strings"

	"github.com/urfave/cli/v2"
)

// interspersed lets flags follow positional arguments, as in git and gh
// ("casestudy diff 1 2 --stat"): urfave/cli/v2 stops reading flags at the
// first positional argument, so the command's flags are moved to the front.
// A "--" ends the flags, as everywhere.
func interspersed(app *cli.App, args []string) []string {
	if len(args) < 2 {
		return args
	}
	var command *cli.Command
	i := 1
	for ; i < len(args); i++ {
		if !strings.HasPrefix(args[i], "-") {
			command = app.Command(args[i])
			break
		}
	}
	if command == nil {
		return args
	}
	// Descend to the subcommand (remote create, journal add): its flags
	// are the ones to gather.
	for len(command.Subcommands) > 0 && i+1 < len(args) && !strings.HasPrefix(args[i+1], "-") {
		sub := command.Command(args[i+1])
		if sub == nil {
			break
		}
		command, i = sub, i+1
	}
	takesValue := map[string]bool{}
	for _, f := range command.Flags {
		_, isBool := f.(*cli.BoolFlag)
		for _, name := range f.Names() {
			takesValue[name] = !isBool
		}
	}
	rest := args[i+1:]
	var flags, positional []string
	for j := 0; j < len(rest); j++ {
		a := rest[j]
		switch {
		case a == "--":
			positional = append(positional, rest[j:]...)
			j = len(rest)
		case a == "--json" && (j+1 == len(rest) || !fieldList.MatchString(rest[j+1])):
			// A bare --json means every field, as before --json took a list.
			flags = append(flags, "--json=")
		case len(a) > 1 && strings.HasPrefix(a, "-"):
			flags = append(flags, a)
			name := strings.TrimLeft(a, "-")
			if !strings.Contains(name, "=") && takesValue[name] && j+1 < len(rest) {
				flags = append(flags, rest[j+1])
				j++
			}
		default:
			positional = append(positional, a)
		}
	}
	out := append([]string{}, args[:i+1]...)
	out = append(out, flags...)
	return append(out, positional...)
}
