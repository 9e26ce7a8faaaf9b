package mentoring

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/less-trainers/casestudy/internal/atomicfile"
)

// newJournal starts a journal file that is missing (an older case study, or
// one deleted by hand).
const newJournal = "# Mentoring journal\n\nOne entry per mentoring session, oldest first: the date, how long it took, the topics, the insights and the next steps.\n"

// ReadJournal reads the entries of the journal in the case study at root;
// a missing journal has none.
func ReadJournal(root string) ([]Entry, error) {
	data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(JournalFile)))
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	entries, err := Parse(string(data))
	if err != nil {
		return nil, inFile(err)
	}
	return entries, nil
}

// inFile names the journal and the line in a parse error, as compilers do:
// "mentoring/journal.md:12: ...".
func inFile(err error) error {
	var pe *ParseError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s:%d: %s", JournalFile, pe.Line, pe.Msg)
	}
	return err
}

// AddEntry writes the entry into the journal of the case study at root, in
// date order, and returns it as the journal reads it back. The file is
// replaced whole, through a temporary file, so a crash never leaves half a
// journal; a missing journal is started.
func AddEntry(root string, e Entry) (Entry, error) {
	c, err := Canonical(e)
	if err != nil {
		return e, err
	}
	path := filepath.Join(root, filepath.FromSlash(JournalFile))
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		data, err = []byte(newJournal), nil
	}
	if err != nil {
		return c, err
	}
	text, err := Insert(string(data), c)
	if err != nil {
		return c, inFile(err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return c, err
	}
	return c, atomicfile.Write(path, []byte(text))
}
