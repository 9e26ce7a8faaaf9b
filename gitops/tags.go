package gitops

import (
	"errors"
	"fmt"
	"strings"
	"time"

	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// Tag is an annotated tag on a commit.
type Tag struct {
	Name    string
	Commit  SHA
	When    time.Time
	Tagger  Identity
	Message string
}

// CreateTag writes an annotated tag, as git tag -a does.
func (r *Repo) CreateTag(name string, sha SHA, msg string, who Identity, when time.Time) error {
	_, err := r.git.CreateTag(name, sha.hash(), &git.CreateTagOptions{
		Tagger:  &object.Signature{Name: who.Name, Email: who.Email, When: when},
		Message: msg,
	})
	return err
}

// BadTag is a tag that does not lead to a commit: one on a blob or a tree,
// or on an object this repository lacks.
type BadTag struct {
	Name string
	Why  string
}

// Tags lists the tags whose names start with prefix. Lightweight tags get the
// commit's date and an empty message. Tags that lead to no commit are not
// listed but returned in bad, so one such tag (pushed by anyone) does not
// stop every command.
func (r *Repo) Tags(prefix string) (tags []Tag, bad []BadTag, err error) {
	refs, err := r.git.Tags()
	if err != nil {
		return nil, nil, err
	}
	err = refs.ForEach(func(ref *plumbing.Reference) error {
		name := tagName(ref)
		if !strings.HasPrefix(name, prefix) {
			return nil
		}
		t, b, err := r.readTag(name, ref)
		switch {
		case err != nil:
			return err
		case b != nil:
			bad = append(bad, *b)
		default:
			tags = append(tags, t)
		}
		return nil
	})
	return tags, bad, err
}

// CheckCommitish says why sha cannot be a draft's tag target: nil when it
// is a commit or an annotated tag of one.
func (r *Repo) CheckCommitish(sha SHA) error {
	_, err := r.commitOf(sha.hash())
	if errors.Is(err, plumbing.ErrObjectNotFound) {
		return fmt.Errorf("it points at %s, which this repository does not have", sha.Short())
	}
	return err
}

// tagName is the name of a tag without refs/tags/. (go-git's Short tries
// each of git's ways to abbreviate a name with fmt.Sscanf: a thousand tags
// took milliseconds.)
func tagName(ref *plumbing.Reference) string {
	return strings.TrimPrefix(ref.Name().String(), "refs/tags/")
}

// TagNames lists the names of the tags that start with prefix, reading no
// tag.
func (r *Repo) TagNames(prefix string) ([]string, error) {
	refs, err := r.git.Tags()
	if err != nil {
		return nil, err
	}
	var out []string
	err = refs.ForEach(func(ref *plumbing.Reference) error {
		if name := tagName(ref); strings.HasPrefix(name, prefix) {
			out = append(out, name)
		}
		return nil
	})
	return out, err
}

// ReadTag reads one tag; ok is false when there is no such tag, or when
// it leads to no commit (bad then says why).
func (r *Repo) ReadTag(name string) (t Tag, ok bool, bad *BadTag, err error) {
	ref, err := r.git.Reference(plumbing.NewTagReferenceName(name), true)
	if errors.Is(err, plumbing.ErrReferenceNotFound) {
		return Tag{}, false, nil, nil
	}
	if err != nil {
		return Tag{}, false, nil, err
	}
	t, bad, err = r.readTag(name, ref)
	return t, err == nil && bad == nil, bad, err
}

// readTag reads the tag ref names; a tag that leads to no commit is bad,
// not an error.
func (r *Repo) readTag(name string, ref *plumbing.Reference) (Tag, *BadTag, error) {
	t, err := r.tagAt(name, ref)
	var nc notCommitError
	switch {
	case errors.As(err, &nc):
		return Tag{}, &BadTag{Name: name, Why: nc.Error()}, nil
	case errors.Is(err, plumbing.ErrObjectNotFound):
		return Tag{}, &BadTag{Name: name, Why: "it points at " + ref.Hash().String()[:7] + ", which this repository does not have"}, nil
	}
	return t, nil, err
}

// TagTarget returns what a tag points at (an annotated tag object, or a
// commit) without reading it; ok is false when there is no such tag.
func (r *Repo) TagTarget(name string) (target SHA, ok bool, err error) {
	ref, err := r.git.Reference(plumbing.NewTagReferenceName(name), true)
	if errors.Is(err, plumbing.ErrReferenceNotFound) {
		return "", false, nil
	}
	if err != nil {
		return "", false, err
	}
	return SHA(ref.Hash().String()), true, nil
}

func (r *Repo) tagAt(name string, ref *plumbing.Reference) (Tag, error) {
	t := Tag{Name: name}
	obj, err := r.git.TagObject(ref.Hash())
	switch {
	case err == nil:
		// A tag names its target's type, so the commit of a draft tag is
		// known without reading it; only a tag of a tag (or of something
		// else, which commitOf names) is followed.
		t.Commit = SHA(obj.Target.String())
		if obj.TargetType != plumbing.CommitObject {
			c, err := r.commitOf(obj.Target)
			if err != nil {
				return Tag{}, err
			}
			t.Commit = SHA(c.Hash.String())
		}
		t.When = obj.Tagger.When
		t.Tagger = Identity{Name: obj.Tagger.Name, Email: obj.Tagger.Email}
		t.Message = obj.Message
	case errors.Is(err, plumbing.ErrObjectNotFound):
		// A lightweight tag: on a commit, or (malformed) on a blob or a
		// tree, which commitOf names.
		c, err := r.commitOf(ref.Hash())
		if err != nil {
			return Tag{}, err
		}
		t.Commit = SHA(c.Hash.String())
		t.When = c.Committer.When
	default:
		return Tag{}, err
	}
	return t, nil
}
