package review

import (
	"github.com/less-trainers/casestudy/gitops"
)

// Stage is where the case study is in its review, always derived from the
// forge, never stored where it could drift.
type Stage string

// The stages, in order.
const (
	StageDrafting     Stage = "drafting"
	StageMentorReview Stage = "mentor review"
	StageRevising     Stage = "revising"
	// StageReview is the review by someone after the mentor and before
	// the final reviewer, as in mentor → Bas Vodde → Craig Larman.
	StageReview      Stage = "review"
	StageFinalReview Stage = "final review"
	StageApproved    Stage = "approved"
	StagePublished   Stage = "published"
)

// Status is everything casestudy status shows.
type Status struct {
	Config    *Config         `json:"config"`
	Stage     Stage           `json:"stage"`
	Branch    string          `json:"branch"`
	Drafts    int             `json:"drafts"`
	LastDraft *Draft          `json:"last_draft,omitempty"`
	Words     int             `json:"words"`
	Unsaved   []gitops.Change `json:"unsaved"`
	// Missing lists documents casestudy.yaml names that are not on disk.
	Missing []string      `json:"missing,omitempty"`
	Review  *ReviewStatus `json:"review,omitempty"`
}

// Status reads the state of the case study. Until a review forge is set
// up the stage is drafting.
func (cs *CaseStudy) Status() (Status, error) {
	st := Status{Config: cs.Config, Stage: StageDrafting, Unsaved: []gitops.Change{}}
	branch, err := cs.Repo.CurrentBranch()
	if err == nil {
		st.Branch = branch
	}
	last, count, ok, err := cs.LastDraft()
	if err != nil {
		return st, err
	}
	st.Drafts = count
	if ok {
		st.LastDraft = &last
	}
	docs, err := cs.documentsAt(WorkTree)
	if err != nil {
		return st, err
	}
	st.Words = countWords(docs)
	for _, d := range cs.Config.Documents {
		if _, ok, err := cs.Repo.ReadWorkFile(d); err == nil && !ok {
			st.Missing = append(st.Missing, d)
		}
	}
	changes, err := cs.Repo.Changes()
	if err != nil {
		return st, err
	}
	if changes != nil {
		st.Unsaved = changes
	}
	return st, nil
}
