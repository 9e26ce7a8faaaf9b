package githubtest

import (
	"regexp"
	"strconv"
	"strings"
)

// The pull request diff decides which lines GitHub lets a reviewer comment
// on: only lines shown in a hunk of `git diff MERGEBASE HEAD`, new-file line
// numbers on the RIGHT side and old-file ones on the LEFT. This file computes
// that diff with the git CLI and answers questions about it.

const (
	sideRight = "RIGHT"
	sideLeft  = "LEFT"
)

// hunk is one "@@ -a,b +c,d @@" section of a one-file unified diff.
type hunk struct {
	oldStart, oldLines int
	newStart, newLines int
	header             string
	lines              []string // body lines, each with its ' ', '+', '-' or '\' prefix
	pos                int      // position of the header: 0 for the first hunk
}

var hunkHeader = regexp.MustCompile(`^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@`)

// parseHunks parses the diff of a single file. A diff that covers more than
// one file (the path was a directory) yields no hunks, because a comment
// needs a file.
func parseHunks(diff string) []hunk {
	var hunks []hunk
	files := 0
	pos := 0
	for _, line := range strings.Split(diff, "\n") {
		if strings.HasPrefix(line, "diff --git ") {
			if files++; files > 1 {
				return nil
			}
			continue
		}
		if m := hunkHeader.FindStringSubmatch(line); m != nil {
			h := hunk{header: line, pos: pos}
			h.oldStart, h.oldLines = atoiDefault(m[1], 0), atoiDefault(m[2], 1)
			h.newStart, h.newLines = atoiDefault(m[3], 0), atoiDefault(m[4], 1)
			hunks = append(hunks, h)
			pos++
			continue
		}
		if len(hunks) == 0 || line == "" {
			continue
		}
		switch line[0] {
		case ' ', '+', '-', '\\':
			h := &hunks[len(hunks)-1]
			h.lines = append(h.lines, line)
			pos++
		}
	}
	return hunks
}

func atoiDefault(s string, def int) int {
	if s == "" {
		return def
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return def
	}
	return n
}

// locate finds the diff line showing line on side: the hunk index and the
// index within its body. Context lines belong to both sides.
func locate(hunks []hunk, side string, line int) (hi, li int, ok bool) {
	for hi, h := range hunks {
		oldNo, newNo := h.oldStart, h.newStart
		for li, l := range h.lines {
			switch l[0] {
			case ' ':
				if (side == sideRight && newNo == line) || (side == sideLeft && oldNo == line) {
					return hi, li, true
				}
				oldNo++
				newNo++
			case '+':
				if side == sideRight && newNo == line {
					return hi, li, true
				}
				newNo++
			case '-':
				if side == sideLeft && oldNo == line {
					return hi, li, true
				}
				oldNo++
			}
		}
	}
	return 0, 0, false
}

// position is GitHub's legacy "position": lines down from the file's first
// hunk header, counting later hunk headers too.
func position(hunks []hunk, hi, li int) int { return hunks[hi].pos + li + 1 }

// diffHunk is what GitHub returns as a comment's diff_hunk: the hunk header
// and the hunk up to and including the commented line.
func diffHunk(hunks []hunk, hi, li int) string {
	h := hunks[hi]
	return strings.Join(append([]string{h.header}, h.lines[:li+1]...), "\n")
}

// atPosition turns a legacy position back into a side and line number.
func atPosition(hunks []hunk, pos int) (side string, line int, ok bool) {
	for _, h := range hunks {
		if pos <= h.pos || pos > h.pos+len(h.lines) {
			continue
		}
		oldNo, newNo := h.oldStart, h.newStart
		for li, l := range h.lines {
			cur := h.pos + li + 1
			switch l[0] {
			case ' ':
				if cur == pos {
					return sideRight, newNo, true
				}
				oldNo++
				newNo++
			case '+':
				if cur == pos {
					return sideRight, newNo, true
				}
				newNo++
			case '-':
				if cur == pos {
					return sideLeft, oldNo, true
				}
				oldNo++
			}
		}
	}
	return "", 0, false
}

// followLine maps line (of the old file of a zero-context diff) to its
// number in the new file. It reports false when the line itself was changed
// or deleted: the text the comment was about is gone, so GitHub calls the
// comment outdated. Lines that only moved (edits above them) follow along.
func followLine(hunks []hunk, line int) (int, bool) {
	shift := 0
	for _, h := range hunks {
		if h.oldLines == 0 {
			// Pure insertion after old line oldStart.
			if line > h.oldStart {
				shift += h.newLines
			}
			continue
		}
		end := h.oldStart + h.oldLines - 1
		switch {
		case line < h.oldStart:
			return line + shift, true
		case line <= end:
			return 0, false
		default:
			shift += h.newLines - h.oldLines
		}
	}
	return line + shift, true
}

// ---- git side ----

// diffKey identifies one cached diff within a request.
type diffKey struct {
	from, to, path string
	context        int
}

// diffCache memoises git diffs for the duration of one request: listing 250
// comments on one file should cost a handful of git runs, not hundreds.
type diffCache struct {
	s     *Server
	rp    *repo
	diffs map[diffKey][]hunk
	bases map[[2]string]string
}

func (s *Server) newDiffCache(rp *repo) *diffCache {
	return &diffCache{s: s, rp: rp, diffs: map[diffKey][]hunk{}, bases: map[[2]string]string{}}
}

// hunks returns the hunks of `git diff -U<context> from to -- path`.
func (d *diffCache) hunks(from, to, path string, context int) ([]hunk, error) {
	k := diffKey{from, to, path, context}
	if h, ok := d.diffs[k]; ok {
		return h, nil
	}
	out, err := d.s.git(d.rp.dir, "--literal-pathspecs", "diff", "--no-color", "--no-ext-diff", "--no-textconv",
		"--no-renames", "--unified="+strconv.Itoa(context), from, to, "--", path)
	if err != nil {
		return nil, err
	}
	h := parseHunks(out)
	d.diffs[k] = h
	return h, nil
}

// mergeBase is Server.mergeBase, memoised.
func (d *diffCache) mergeBase(a, b string) (string, error) {
	k := [2]string{a, b}
	if mb, ok := d.bases[k]; ok {
		return mb, nil
	}
	mb, err := d.s.mergeBase(d.rp, a, b)
	if err != nil {
		return "", err
	}
	d.bases[k] = mb
	return mb, nil
}

// prHunks is the pull request's diff of path as of head: from the merge base
// of base and head to head, with GitHub's three lines of context.
func (d *diffCache) prHunks(base, head, path string) (mergeBase string, hunks []hunk, err error) {
	mb, err := d.mergeBase(base, head)
	if err != nil || mb == "" {
		return mb, nil, err
	}
	h, err := d.hunks(mb, head, path, 3)
	return mb, h, err
}

// follow maps line of path from commit from to commit to, reporting false
// if the line was changed on the way. Every line of a range must survive.
func (d *diffCache) follow(from, to, path string, first, last int) (int, int, bool) {
	if from == to {
		return first, last, true
	}
	h, err := d.hunks(from, to, path, 0)
	if err != nil {
		return 0, 0, false
	}
	var nFirst, nLast int
	for l := first; l <= last; l++ {
		n, ok := followLine(h, l)
		if !ok {
			return 0, 0, false
		}
		if l == first {
			nFirst = n
		}
		nLast = n
	}
	if nLast-nFirst != last-first {
		// Lines were inserted inside the range: it no longer shows the
		// text that was commented on.
		return 0, 0, false
	}
	return nFirst, nLast, true
}

// changedFile is one file of a pull request's diff.
type changedFile struct {
	path, status, blob   string
	additions, deletions int
}

// diffFiles lists the files that differ between from and to, with GitHub's
// status words and line counts.
func (s *Server) diffFiles(rp *repo, from, to string) ([]changedFile, error) {
	raw, err := s.git(rp.dir, "diff", "--no-renames", "--raw", "-z", "--abbrev=40", from, to)
	if err != nil {
		return nil, err
	}
	var files []changedFile
	index := map[string]int{}
	fields := strings.Split(raw, "\x00")
	for i := 0; i+1 < len(fields); i += 2 {
		meta := strings.Fields(strings.TrimPrefix(fields[i], ":"))
		if len(meta) < 5 {
			break
		}
		f := changedFile{path: fields[i+1], blob: meta[3]}
		switch meta[4][:1] {
		case "A":
			f.status = "added"
		case "D":
			f.status, f.blob = "removed", meta[2]
		case "T":
			f.status = "changed"
		default:
			f.status = "modified"
		}
		index[f.path] = len(files)
		files = append(files, f)
	}
	num, err := s.git(rp.dir, "diff", "--no-renames", "--numstat", "-z", from, to)
	if err != nil {
		return nil, err
	}
	for _, rec := range strings.Split(num, "\x00") {
		parts := strings.SplitN(rec, "\t", 3)
		if len(parts) != 3 {
			continue
		}
		if i, ok := index[parts[2]]; ok {
			// Binary files count "-": zero lines, as GitHub reports.
			files[i].additions, _ = strconv.Atoi(parts[0])
			files[i].deletions, _ = strconv.Atoi(parts[1])
		}
	}
	return files, nil
}
