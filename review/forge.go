package review

import (
	"context"
	"errors"
	"time"

	"github.com/less-trainers/casestudy/gitops"
)

// Forge is where reviews happen: a GitHub pull request, or review notes
// kept in the repository itself in the git-appraise format. Commands talk
// to a Forge and never ask which one it is.
type Forge interface {
	// Where names the forge for people, e.g. "local review notes".
	Where() string
	// Me is the person running casestudy, as the forge names people.
	Me(ctx context.Context) (string, error)
	// Name is how the forge names someone from casestudy.yaml; "" when the
	// person lacks what the forge needs (an email for local notes, a
	// handle for GitHub).
	Name(p Person) string
	// NameField is the casestudy.yaml field Name reads: "email" or "github".
	NameField() string
	// Mention is how a review request's description names someone so
	// the forge tells them (GitHub's @login); "" where naming tells nobody.
	Mention(name string) string
	// WhereToComment tells reviewers, in a review request's description,
	// where they comment; casestudy comment's example follows it.
	WhereToComment() string
	// Remote is where the case study's repository is shared, with what
	// the forge needs to reach it (a token); false when it is not shared
	// anywhere yet. CaseStudy.Sync, Share and Send exchange with it.
	Remote() (gitops.Remote, bool)
	// InRepo is the part of the review the forge keeps in the repository
	// itself, which travels with every sync; nil when the forge keeps the
	// whole review on a server, which reads the drafts there (so
	// CaseStudy.Share sends them first).
	InRepo() InRepo
	// FindRequest returns the case study's review request, open or merged;
	// nil when there is none yet.
	FindRequest(ctx context.Context) (*Request, error)
	OpenRequest(ctx context.Context, r NewRequest) (*Request, error)
	UpdateRequest(ctx context.Context, r *Request, u RequestUpdate) error
	// Activity is everything said in the review: votes and comments.
	Activity(ctx context.Context, r *Request) (Activity, error)
	AddComment(ctx context.Context, r *Request, c NewComment) error
	// AddVote is SubmitReview with no line comments; kept so callers that
	// give a verdict alone need not build a Sitting.
	AddVote(ctx context.Context, r *Request, v Verdict, body string) error
	// SubmitReview sends a reviewer's sitting as one review: its line
	// comments with its verdict (Commented for comments alone), so the
	// mentee is told once. On GitHub it is one review; in the notes, the
	// lines are written at once.
	SubmitReview(ctx context.Context, r *Request, s Sitting) error
	// Resolve closes a thread (resolved true) or opens it again; thread is
	// the thread's first comment as Activity returned it.
	Resolve(ctx context.Context, r *Request, thread Comment, resolved bool) error
	// Merge publishes: the drafting branch goes into the publication branch
	// with a merge commit, so every draft stays in the history.
	Merge(ctx context.Context, r *Request, message string) (gitops.SHA, error)
}

// InRepo is review data kept in the repository itself, under refs of its
// own that travel with every fetch and push of the case study (the local
// forge's git-appraise notes). Two copies may both have written since they
// last met, so a remote's copy is fetched beside ours and merged into it,
// never put in its place.
type InRepo interface {
	// Refs are the refs that hold the data.
	Refs() []string
	// FetchSpec fetches a remote's copies of Refs to where Fetched says.
	// It is a wildcard: a remote that has none yet must not fail the
	// fetch.
	FetchSpec(remote string) string
	// Fetched is where a fetch from remote keeps its copy of ref.
	Fetched(ref, remote string) string
	// Merge merges theirs (a fetched copy) into ours, keeping what either
	// side wrote.
	Merge(repo *gitops.Repo, ours, theirs string, who gitops.Identity, now time.Time) error
}

// Request is a review request: a pull request, or a git-appraise request.
type Request struct {
	ID          string     `json:"id"`
	URL         string     `json:"url,omitempty"`
	Title       string     `json:"title"`
	Description string     `json:"description,omitempty"`
	Requester   string     `json:"requester"`
	Reviewers   []string   `json:"reviewers"`
	Head        gitops.SHA `json:"head"`
	Opened      time.Time  `json:"opened"`
	Merged      bool       `json:"merged"`
	// Abandoned is a review withdrawn without publishing (git-appraise's
	// abandon: a request whose targetRef is empty).
	Abandoned bool `json:"abandoned,omitempty"`
	// Waiting are people the forge was told to ask who cannot be asked
	// yet: on GitHub, a collaborator invited who has not accepted. They are
	// asked by a later command, once they can be.
	Waiting []string `json:"waiting,omitempty"`
}

// NewRequest opens a review.
type NewRequest struct {
	Title, Body string
	Head        gitops.SHA
	Reviewers   []string
}

// RequestUpdate is a new round of an open review.
type RequestUpdate struct {
	Head gitops.SHA
	Note string // said in the review's conversation
	// Reviewers are asked now; those who cannot be asked yet are put in
	// the request's Waiting.
	Reviewers []string
	Body      string // the description, renewed; "" leaves it
}

// Verdict is what a reviewer concluded.
type Verdict string

// The verdicts.
const (
	Approved         Verdict = "approved"
	ChangesRequested Verdict = "changes requested"
	Commented        Verdict = "commented"
)

// Vote is a reviewer's verdict on the review.
type Vote struct {
	Author  string     `json:"author"`
	Verdict Verdict    `json:"verdict"`
	Body    string     `json:"body,omitempty"`
	When    time.Time  `json:"date"`
	Commit  gitops.SHA `json:"commit,omitempty"`
	// Round is the review round the verdict was given in, when known
	// (ReviewStatus fills it in).
	Round int `json:"round,omitempty"`
}

// Comment is a line comment, a reply to one, or (with no Path) a remark on
// the whole review.
type Comment struct {
	ID        string     `json:"id"`
	Author    string     `json:"author"`
	When      time.Time  `json:"date"`
	Path      string     `json:"path,omitempty"`
	StartLine int        `json:"start_line,omitempty"`
	Line      int        `json:"line,omitempty"`
	Commit    gitops.SHA `json:"commit,omitempty"`
	Body      string     `json:"body"`
	Parent    string     `json:"parent,omitempty"`
	// Outdated is set by forges that know it (GitHub); the workflow also
	// finds it by looking for the commented lines in the current text.
	Outdated bool `json:"outdated,omitempty"`
	// Resolved is the comment's say on its thread, when it has one: true
	// resolves (git-appraise's LGTM, GitHub's "Resolve conversation"),
	// false asks for work. GitHub keeps the state on the thread; its forge
	// puts it on the thread's first comment.
	Resolved *bool `json:"resolved,omitempty"`
	// ThreadID is the forge's own name of the thread when it differs from
	// the first comment's ID (GitHub's GraphQL node id).
	ThreadID string `json:"-"`
	// Edited is set when the text was changed after it was written.
	Edited bool `json:"edited,omitempty"`
}

// WholeFile reports whether a comment is about a whole file rather than
// some of its lines (GitHub's subject_type file; git-appraise's line 0).
func (c Comment) WholeFile() bool { return c.Path != "" && c.Line == 0 }

// Sitting is what a reviewer sends at once: line comments kept pending
// until now, and the verdict that closes the sitting.
type Sitting struct {
	Verdict  Verdict
	Body     string
	Comments []NewComment
}

// NewComment is a comment to add.
type NewComment struct {
	Path            string
	StartLine, Line int
	Commit          gitops.SHA
	Body            string
	Parent          string
}

// Activity is everything said in a review, oldest first.
type Activity struct {
	Votes    []Vote
	Comments []Comment
}

// ErrNoRequest means nothing was submitted for review yet.
var ErrNoRequest = errors.New("nothing has been submitted for review yet; the mentee submits with: casestudy submit")
