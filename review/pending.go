package review

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/less-trainers/casestudy/gitops"
	"github.com/less-trainers/casestudy/internal/atomicfile"
)

// A reviewer's line comments wait in this copy until the sitting ends with
// a verdict (or casestudy send), so the mentee gets one review, as with
// GitHub's "Start a review". They are kept in the git directory, one file
// per forge and review, so they survive restarts and never travel.
const pendingDir = "casestudy/pending"

// PendingComment is a line comment not sent yet.
type PendingComment struct {
	// Number names it to its author for edit and drop: 1, 2, …
	Number  int        `json:"number"`
	Path    string     `json:"path"`
	Start   int        `json:"start_line,omitempty"`
	Line    int        `json:"line"`
	Commit  gitops.SHA `json:"commit"`
	Body    string     `json:"body"`
	Written time.Time  `json:"written"`
}

// Place is FILE:LINE or FILE:START-END.
func (p PendingComment) Place() string {
	if p.Start > 0 && p.Start != p.Line {
		return fmt.Sprintf("%s:%d-%d", p.Path, p.Start, p.Line)
	}
	return fmt.Sprintf("%s:%d", p.Path, p.Line)
}

// Suggestion is the replacement the comment suggests, if any, read as a
// sent comment's is.
func (p PendingComment) Suggestion() *string { return suggestionOf(p.Body) }

func (p PendingComment) newComment() NewComment {
	nc := NewComment{Path: p.Path, Line: p.Line, Commit: p.Commit, Body: p.Body}
	if p.Start != p.Line {
		nc.StartLine = p.Start
	}
	return nc
}

func (cs *CaseStudy) pendingPath(f Forge, req *Request) string {
	name := strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' {
			return r
		}
		return '-'
	}, strings.ToLower(f.NameField()+"-"+req.ID))
	return filepath.Join(cs.Repo.GitDir(), pendingDir, name+".json")
}

// Pending lists the current user's comments not sent yet on the review.
func (cs *CaseStudy) Pending(f Forge, req *Request) ([]PendingComment, error) {
	b, err := os.ReadFile(cs.pendingPath(f, req))
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []PendingComment
	if err := json.Unmarshal(b, &out); err != nil {
		return nil, fmt.Errorf("%s is damaged (%v); your unsent comments are in it: read them, then remove it", cs.pendingPath(f, req), err)
	}
	return out, nil
}

func (cs *CaseStudy) savePending(f Forge, req *Request, list []PendingComment) error {
	path := cs.pendingPath(f, req)
	if len(list) == 0 {
		if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	b, err := json.MarshalIndent(list, "", "  ")
	if err != nil {
		return err
	}
	return atomicfile.Write(path, append(b, '\n'))
}

func (cs *CaseStudy) addPending(f Forge, req *Request, nc NewComment, now time.Time) (PendingComment, error) {
	list, err := cs.Pending(f, req)
	if err != nil {
		return PendingComment{}, err
	}
	n := 1
	for _, p := range list {
		n = max(n, p.Number+1)
	}
	p := PendingComment{Number: n, Path: nc.Path, Start: nc.StartLine, Line: nc.Line, Commit: nc.Commit, Body: nc.Body, Written: now}
	if p.Start == 0 {
		p.Start = p.Line
	}
	return p, cs.savePending(f, req, append(list, p))
}

// EditPending replaces the text of an unsent comment, or drops it when
// text is nil.
func (cs *CaseStudy) EditPending(ctx context.Context, f Forge, number string, text *string) (PendingComment, error) {
	unlock, err := cs.Repo.Lock()
	if err != nil {
		return PendingComment{}, err
	}
	defer unlock()
	req, err := cs.openRequest(ctx, f)
	if err != nil {
		return PendingComment{}, err
	}
	list, err := cs.Pending(f, req)
	if err != nil {
		return PendingComment{}, err
	}
	n, _ := strconv.Atoi(strings.TrimPrefix(number, "p"))
	for i, p := range list {
		if p.Number != n {
			continue
		}
		if text == nil {
			list = append(list[:i], list[i+1:]...)
		} else {
			if strings.TrimSpace(*text) == "" {
				return p, errors.New("the comment is empty; to drop it, use --drop")
			}
			p.Body = strings.TrimSpace(*text)
			list[i] = p
		}
		return p, cs.savePending(f, req, list)
	}
	if len(list) == 0 {
		return PendingComment{}, fmt.Errorf("no unsent comment %s: you have none", number)
	}
	return PendingComment{}, fmt.Errorf("no unsent comment %s; casestudy review lists yours (p1, p2, …)", number)
}

// PendingStamp changes whenever an unsent comment in this copy is added,
// edited, dropped or sent, by any process: casestudy serve's page redraws
// on it as it does on the refs. It reads the directory only.
func (cs *CaseStudy) PendingStamp() string {
	entries, err := os.ReadDir(filepath.Join(cs.Repo.GitDir(), pendingDir))
	if err != nil {
		return ""
	}
	var b strings.Builder
	for _, e := range entries {
		if info, err := e.Info(); err == nil {
			fmt.Fprintf(&b, "%s %d %d\n", e.Name(), info.Size(), info.ModTime().UnixNano())
		}
	}
	return b.String()
}
