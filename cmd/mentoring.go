package cmd

import "github.com/urfave/cli/v2"

// mentoringCommands are the mentoring practice and prose tools: journal,
// reflect, fmt, export.
func mentoringCommands(io *streams) []*cli.Command {
	return nil
}
