package mentoring

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/less-trainers/casestudy/internal/atomicfile"
)

// newJournal starts a journal file that is missing (an older case study, or
// one deleted by hand).
const newJournal = "# Mentoring journal\n\nOne entry per mentoring conversation, oldest first: the date, how long it took, where you met, the topics, what each of you learned and the next steps.\n"

// ReadJournal reads the journal in the case study at root; a missing
// journal has no conversations and nothing to talk over.
func ReadJournal(root string) (Journal, error) {
	data, err := os.ReadFile(journalPath(root))
	if errors.Is(err, os.ErrNotExist) {
		return Journal{}, nil
	}
	if err != nil {
		return Journal{}, err
	}
	j, err := ParseJournal(string(data))
	if err != nil {
		return Journal{}, inFile(err)
	}
	return j, nil
}

func journalPath(root string) string { return filepath.Join(root, filepath.FromSlash(JournalFile)) }

// inFile names the journal and the line in a parse error, as compilers do:
// "mentoring/journal.md:12: ...".
func inFile(err error) error {
	var pe *ParseError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s:%d: %s", JournalFile, pe.Line, pe.Msg)
	}
	return err
}

// AddEntry records a conversation in the journal of the case study at root,
// in date order, and returns it as the journal reads it back. What was on
// the list to talk over becomes topics of it, and the list is emptied: that
// is what the list was for. taken is what came from the list.
func AddEntry(root string, e Entry) (added Entry, taken []string, err error) {
	err = rewrite(root, func(text string) (string, error) {
		text, taken, err = TakeToTalkOver(text)
		if err != nil {
			return "", err
		}
		e.Topics = appendNew(e.Topics, taken)
		if added, err = Canonical(e); err != nil {
			return "", err
		}
		return Insert(text, added)
	})
	if err != nil {
		return e, nil, err
	}
	return added, taken, nil
}

// ProposeTopic puts a topic on the journal's list to talk over (see
// Propose) and returns what it replaced.
func ProposeTopic(root, topic string) (replaced []string, err error) {
	err = rewrite(root, func(text string) (string, error) {
		text, replaced, err = Propose(text, topic)
		return text, err
	})
	return replaced, err
}

// rewrite replaces the journal whole, through a temporary file, so a crash
// never leaves half a journal; a missing journal is started.
func rewrite(root string, change func(string) (string, error)) error {
	path := journalPath(root)
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		data, err = []byte(newJournal), nil
	}
	if err != nil {
		return err
	}
	text, err := change(string(data))
	if err != nil {
		return inFile(err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return atomicfile.Write(path, []byte(text))
}

// appendNew adds the topics not already there (compared without case).
func appendNew(topics, more []string) []string {
	out := append([]string(nil), topics...)
	for _, m := range more {
		dup := false
		for _, t := range out {
			dup = dup || strings.EqualFold(strings.TrimSpace(t), strings.TrimSpace(m))
		}
		if !dup {
			out = append(out, m)
		}
	}
	return out
}
