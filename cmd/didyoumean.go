package cmd

import (
	"strings"

	"github.com/urfave/cli/v2"
)

// didYouMean names the candidates closest to a mistyped word, as git's
// "The most similar command is" and gh's "Did you mean this?" do; "" when
// none is close.
func didYouMean(typed string, candidates []string) string {
	best, bestDist := []string(nil), 3
	for _, c := range candidates {
		d := editDistance(strings.ToLower(typed), strings.ToLower(c))
		if len(typed) >= 3 && strings.HasPrefix(c, typed) {
			d = min(d, 1)
		}
		// A distance of half the word or more is another word, not a typo.
		if d*2 >= max(len(c), len(typed)) {
			continue
		}
		switch {
		case d < bestDist:
			best, bestDist = []string{c}, d
		case d == bestDist && !containsString(best, c):
			best = append(best, c)
		}
	}
	if len(best) == 0 {
		return ""
	}
	return "; did you mean " + strings.Join(best, " or ") + "?"
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// editDistance is the Damerau–Levenshtein distance (with adjacent
// transpositions), so "aprove" and "apporve" are both one step away.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	d := make([][]int, len(ra)+1)
	for i := range d {
		d[i] = make([]int, len(rb)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(ra)][len(rb)]
}

// commandNames lists the commands (and their aliases) under the command
// path, such as "casestudy journal".
func commandNames(app *cli.App, path string) []string {
	commands := app.Commands
	for _, name := range strings.Fields(path)[1:] {
		var found *cli.Command
		for _, c := range commands {
			if c.HasName(name) {
				found = c
			}
		}
		if found == nil {
			break
		}
		commands = found.Subcommands
	}
	var names []string
	for _, c := range commands {
		if !c.Hidden {
			names = append(names, c.Names()...)
		}
	}
	return names
}

// unknownFlag rewords urfave/cli's "flag provided but not defined: -mesage"
// with the flag as the user typed it ("--mesage": Go's flag package names
// every flag with one dash), and adds the flag meant. Any other usage
// error is left as it is.
func unknownFlag(c *cli.Context, err error) string {
	const prefix = "flag provided but not defined: "
	shown, ok := strings.CutPrefix(err.Error(), prefix)
	if !ok {
		return err.Error()
	}
	name := strings.TrimLeft(shown, "-")
	return prefix + typedFlag(c, name) + flagHint(c, name)
}

// typedFlag is the flag called name as it stands on the command line
// (without its value); "-name" when the command line is not known.
func typedFlag(c *cli.Context, name string) string {
	if c != nil && c.App != nil {
		line, _ := c.App.Metadata[commandLineKey].([]string)
		for _, a := range line[min(1, len(line)):] {
			if a == "--" {
				break
			}
			flag, _, _ := strings.Cut(a, "=")
			if strings.HasPrefix(flag, "-") && strings.TrimLeft(flag, "-") == name {
				return flag
			}
		}
	}
	return "-" + name
}

// commandLineKey holds, in the application's Metadata, the command line
// urfave/cli reads, so that a usage error can quote it.
const commandLineKey = "casestudy.commandLine"

// flagHint suggests the flag meant by the unknown flag typed.
func flagHint(c *cli.Context, typed string) string {
	var flags []cli.Flag
	if c != nil && c.Command != nil && c.Command.Name != "" {
		flags = c.Command.Flags
	} else if c != nil && c.App != nil {
		flags = c.App.Flags
	}
	var names []string
	for _, f := range flags {
		for _, n := range f.Names() {
			if len(n) > 1 {
				names = append(names, "--"+n)
			}
		}
	}
	names = append(names, "--help")
	return didYouMean("--"+typed, names)
}

// orDidYouMean is didYouMean, or else the list of what there is.
func orDidYouMean(typed string, candidates []string) string {
	if s := didYouMean(typed, candidates); s != "" {
		return s
	}
	return "; use " + strings.Join(candidates, " or ")
}
