package review

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/less-trainers/casestudy/gitops"
	"github.com/less-trainers/casestudy/prose"
)

func remoteBranchRef(branch, remote string) string {
	return "refs/remotes/" + remote + "/" + branch
}

// SyncResult says what Sync exchanged.
type SyncResult struct {
	Remote  string
	Added   bool     // the location became this case study's origin
	Updated []string // local branches moved forward to the remote's
	Pushed  []string // branches the remote received
	// Kept are branches this copy has ahead of the remote but does not
	// send: the drafting branch, in a copy of someone who is not the mentee.
	Kept []string
}

// Sync exchanges the case study with its forge's remote: branches move
// forward either way (never backwards: a diverged branch is reported, not
// overwritten), tags are shared, and the review data the forge keeps in
// the repository is merged with the remote's (see InRepo). A case study
// shared nowhere yet has nothing to exchange.
func (cs *CaseStudy) Sync(ctx context.Context, f Forge) (SyncResult, error) {
	rem, ok := f.Remote()
	if !ok {
		return SyncResult{}, nil
	}
	return cs.syncWith(rem, f.InRepo(), cs.Progress, time.Now())
}

// SyncRemote is Sync with a git remote the user names ("" for the default
// one), carrying in; the first one named becomes origin.
func (cs *CaseStudy) SyncRemote(remoteArg string, in InRepo, progress io.Writer, now time.Time) (SyncResult, error) {
	// One writer at a time, across the whole read-modify-write.
	unlock, err := cs.Repo.Lock()
	if err != nil {
		return SyncResult{}, err
	}
	defer unlock()
	var added bool
	if remoteArg != "" && !cs.Repo.HasRemote(remoteArg) && !cs.Repo.HasRemote("origin") {
		if err := cs.Repo.AddRemote("origin", absoluteLocation(remoteArg)); err != nil {
			return SyncResult{}, err
		}
		remoteArg, added = "origin", true
	}
	rem, err := cs.Repo.FindRemote(remoteArg)
	if err != nil {
		return SyncResult{}, err
	}
	res, err := cs.syncWith(rem, in, progress, now)
	if err != nil && added {
		// A first sync that fails (a mistyped path, a server down) must not
		// leave a wrong origin behind for every later command.
		cs.Repo.RemoveRemote("origin")
		return res, err
	}
	res.Added = added
	return res, err
}

// syncWith is Sync with a remote already resolved, e.g. one that needs a
// token.
func (cs *CaseStudy) syncWith(rem gitops.Remote, in InRepo, progress io.Writer, now time.Time) (SyncResult, error) {
	// One writer at a time, across the whole read-modify-write.
	unlock, err := cs.Repo.Lock()
	if err != nil {
		return SyncResult{Remote: rem.Label()}, err
	}
	defer unlock()
	res := SyncResult{Remote: rem.Label()}
	name := rem.Name
	if name == "" {
		name = "anonymous"
	}
	who, err := cs.Identity()
	if err != nil {
		return res, err
	}
	// Someone may push review data between our fetch and our push; the
	// push is then refused as not fast-forward, and one more round settles
	// it.
	for attempt := 0; ; attempt++ {
		err = cs.syncOnce(rem, name, in, progress, who, now, &res)
		if err == nil || attempt == 2 || !errors.Is(err, gitops.ErrNotFastForward) {
			return res, err
		}
	}
}

func (cs *CaseStudy) syncOnce(rem gitops.Remote, name string, in InRepo, progress io.Writer, who gitops.Identity, now time.Time, res *SyncResult) error {
	// What the last sync staged of the remote's tags goes first, so a tag
	// deleted there is not taken to be there still.
	staged, err := cs.Repo.RefsUnder(remoteTagRef("", name))
	if err != nil {
		return err
	}
	for ref := range staged {
		if err := cs.Repo.DeleteRef(ref); err != nil {
			return err
		}
	}
	err = cs.Repo.Fetch(rem, fetchSpecs(name, in), progress)
	if err != nil && !errors.Is(err, gitops.ErrEmptyRemote) {
		return err
	}
	for _, ref := range refsOf(in) {
		if err := in.Merge(cs.Repo, ref, in.Fetched(ref, name), who, now); err != nil {
			return err
		}
	}
	tags, err := cs.syncTags(name)
	if err != nil {
		return err
	}
	var push []string
	for _, branch := range []string{DraftBranch, PublishBranch} {
		moved, needsPush, err := cs.reconcile(branch, name)
		if err != nil {
			return err
		}
		if moved {
			res.Updated = append(res.Updated, branch)
		}
		if needsPush && branch == DraftBranch && cs.isReader() {
			res.Kept = append(res.Kept, branch)
			continue
		}
		if needsPush {
			push = append(push, "refs/heads/"+branch+":refs/heads/"+branch)
			res.Pushed = append(res.Pushed, branch)
		}
	}
	push = append(push, tags...)
	for _, ref := range refsOf(in) {
		ours, _ := cs.Repo.Ref(ref)
		if theirs, _ := cs.Repo.Ref(in.Fetched(ref, name)); ours != "" && ours != theirs {
			push = append(push, ref+":"+ref)
		}
	}
	if len(push) == 0 {
		return nil // nothing the remote lacks: no round trip
	}
	return cs.Repo.Push(rem, push, progress)
}

// fetchSpecs fetch all a sync needs in one fetch. Wildcards, because
// go-git refuses a whole fetch when one exact ref is missing, and a new
// remote has no review data yet. The remote's tags land beside ours, not
// on them: a draft-N there that differs from the one here must not
// replace it (see syncTags).
func fetchSpecs(remote string, in InRepo) []string {
	specs := []string{
		"+refs/heads/*:" + remoteBranchRef("*", remote),
		"+refs/tags/*:" + remoteTagRef("*", remote),
	}
	if in != nil {
		specs = append(specs, in.FetchSpec(remote))
	}
	return specs
}

// refsOf are the refs of the review data in the repository; none for a
// forge that keeps the review on a server.
func refsOf(in InRepo) []string {
	if in == nil {
		return nil
	}
	return in.Refs()
}

// Share sends branches, and the tags the remote lacks, to the forge's
// remote in one push, before the forge acts on them: a forge that keeps
// the review on a server reads the drafts there. One that keeps it in the
// repository reads them here, and they go with the next sync.
func (cs *CaseStudy) Share(ctx context.Context, f Forge, branches ...string) error {
	rem, ok := f.Remote()
	if !ok || f.InRepo() != nil {
		return nil
	}
	return cs.shareWith(rem, branches, cs.Progress)
}

// Send sends what a command wrote here that the remote lacks. Branches
// that only moved forward and new tags go by one push, with no fetch
// first; review data in the repository, which must be merged with the
// remote's, and anything the remote may have moved too, go by a whole
// sync.
func (cs *CaseStudy) Send(ctx context.Context, f Forge) error {
	if cs.NothingToShare(f) {
		return nil
	}
	rem, _ := f.Remote()
	in := f.InRepo()
	for _, ref := range refsOf(in) {
		ours, _ := cs.Repo.Ref(ref)
		if theirs, _ := cs.Repo.Ref(in.Fetched(ref, rem.Name)); ours != theirs {
			_, err := cs.Sync(ctx, f)
			return err
		}
	}
	var push []string
	for _, branch := range []string{DraftBranch, PublishBranch} {
		ours, _ := cs.Repo.Ref("refs/heads/" + branch)
		theirs, _ := cs.Repo.Ref(remoteBranchRef(branch, rem.Name))
		if ours == theirs || ours == "" || branch == DraftBranch && cs.isReader() {
			continue
		}
		if ahead, err := cs.Repo.IsAncestor(theirs, ours); theirs == "" || err != nil || !ahead {
			_, err := cs.Sync(ctx, f)
			return err
		}
		push = append(push, branch)
	}
	return cs.shareWith(rem, push, nil)
}

// NothingToShare says, without asking the forge's remote, that everything
// here is there already as far as the last sync with it saw: no branch,
// tag or review data it lacks. A command that wrote nothing here (a
// comment sent to GitHub, say) then has nothing to send; nor has a case
// study shared nowhere.
func (cs *CaseStudy) NothingToShare(f Forge) bool {
	rem, ok := f.Remote()
	if !ok {
		return true
	}
	remote, in := rem.Name, f.InRepo()
	for _, branch := range []string{DraftBranch, PublishBranch} {
		ours, err1 := cs.Repo.Ref("refs/heads/" + branch)
		theirs, err2 := cs.Repo.Ref(remoteBranchRef(branch, remote))
		if err1 != nil || err2 != nil || ours != theirs {
			return false
		}
	}
	for _, ref := range refsOf(in) {
		ours, err1 := cs.Repo.Ref(ref)
		theirs, err2 := cs.Repo.Ref(in.Fetched(ref, remote))
		if err1 != nil || err2 != nil || ours != "" && ours != theirs {
			return false
		}
	}
	theirs, ours, err := cs.tagSets(remote)
	if err != nil {
		return false
	}
	for ref, sha := range ours {
		if theirs[remoteTagRef(strings.TrimPrefix(ref, "refs/tags/"), remote)] != sha {
			return false
		}
	}
	return true
}

func remoteTagRef(tag, remote string) string {
	return "refs/casestudy/" + remote + "/tags/" + tag
}

// syncTags takes the remote's tags this clone lacks and returns the push
// specs of the tags the remote lacks. A tag both have but differently (two
// clones each saved a draft-3) is never replaced either way: it is
// reported, ours stays under refs/tags, theirs stays reachable where the
// fetch put it. A tag that leads to no commit (on a blob or a tree) is
// named and neither taken nor sent.
func (cs *CaseStudy) syncTags(remote string) ([]string, error) {
	theirs, ours, err := cs.tagSets(remote)
	if err != nil {
		return nil, err
	}
	for ref, sha := range theirs {
		tag := strings.TrimPrefix(ref, remoteTagRef("", remote))
		mine, have := ours["refs/tags/"+tag]
		switch {
		case have && mine == sha:
		case have:
			cs.Warnf("the tag %s on %s differs from yours; kept yours, and theirs is at %s (compare with: git diff %s %s)",
				prose.Clean(tag), remote, prose.Clean(ref), prose.Clean(tag), prose.Clean(ref))
		default:
			if err := cs.Repo.CheckCommitish(sha); err != nil {
				cs.Warnf("skipped the tag %s on %s: %v", prose.Clean(tag), remote, err)
				continue
			}
			if err := cs.Repo.SetRef("refs/tags/"+tag, sha); err != nil {
				return nil, err
			}
		}
	}
	return cs.unsentTags(remote)
}

// tagSets are the remote's tags as the last fetch staged them, and ours.
func (cs *CaseStudy) tagSets(remote string) (theirs, ours map[string]gitops.SHA, err error) {
	if theirs, err = cs.Repo.RefsUnder(remoteTagRef("", remote)); err != nil {
		return nil, nil, err
	}
	ours, err = cs.Repo.RefsUnder("refs/tags/")
	return theirs, ours, err
}

// unsentTags are the push specs of the tags the remote lacks, as far as
// the last sync with it saw.
func (cs *CaseStudy) unsentTags(remote string) ([]string, error) {
	theirs, ours, err := cs.tagSets(remote)
	if err != nil {
		return nil, err
	}
	return cs.tagsTheyLack(remote, theirs, ours), nil
}

// tagsTheyLack are the push specs of our tags missing from theirs; a tag
// that leads to no commit is named and not sent.
func (cs *CaseStudy) tagsTheyLack(remote string, theirs, ours map[string]gitops.SHA) []string {
	var push []string
	for ref, sha := range ours {
		tag := strings.TrimPrefix(ref, "refs/tags/")
		if _, there := theirs[remoteTagRef(tag, remote)]; there {
			continue
		}
		if err := cs.Repo.CheckCommitish(sha); err != nil {
			cs.Warnf("did not send the tag %s: %v; delete it with: git tag -d %s", prose.Clean(tag), err, prose.Clean(tag))
			continue
		}
		push = append(push, ref+":"+ref)
	}
	sort.Strings(push)
	return push
}

// shareWith pushes branches and the tags the remote lacks, in one push,
// and remembers that the remote has them now.
func (cs *CaseStudy) shareWith(rem gitops.Remote, branches []string, progress io.Writer) error {
	tags, err := cs.unsentTags(rem.Name)
	if err != nil {
		return err
	}
	var push []string
	for _, b := range branches {
		push = append(push, "refs/heads/"+b+":refs/heads/"+b)
	}
	push = append(push, tags...)
	if err := cs.Repo.Push(rem, push, progress); err != nil {
		return err
	}
	for _, b := range branches {
		if sha, err := cs.Repo.Ref("refs/heads/" + b); err == nil && sha != "" {
			if err := cs.Repo.SetRef(remoteBranchRef(b, rem.Name), sha); err != nil {
				return err
			}
		}
	}
	for _, spec := range tags {
		ref, _, _ := strings.Cut(spec, ":")
		if sha, err := cs.Repo.Ref(ref); err == nil && sha != "" {
			if err := cs.Repo.SetRef(remoteTagRef(strings.TrimPrefix(ref, "refs/tags/"), rem.Name), sha); err != nil {
				return err
			}
		}
	}
	return nil
}

// reconcile brings a local branch and the remote's copy together: the one
// behind moves forward; diverged branches are an error that names the way
// out, since merging writing is the writer's call.
func (cs *CaseStudy) reconcile(branch, remote string) (moved, push bool, err error) {
	local, err := cs.Repo.Ref("refs/heads/" + branch)
	if err != nil {
		return false, false, err
	}
	theirs, err := cs.Repo.Ref(remoteBranchRef(branch, remote))
	if err != nil {
		return false, false, err
	}
	switch {
	case local == theirs:
		return false, false, nil
	case theirs == "":
		return false, local != "", nil
	case local == "":
		return true, false, cs.Repo.SetBranch(branch, theirs)
	}
	if ok, err := cs.Repo.IsAncestor(theirs, local); err != nil || ok {
		return false, ok, err
	}
	if ok, err := cs.Repo.IsAncestor(local, theirs); err != nil || ok {
		if err != nil {
			return false, false, err
		}
		return true, false, cs.Repo.SetBranch(branch, theirs)
	}
	return false, false, fmt.Errorf("branch %s has changes here and on the remote that the other does not have; only one person writes on %s, so keep the right copy with git (e.g. git reset --hard %s/%s after saving what you need)", branch, branch, remote, branch)
}

// Get brings a case study to this machine for review: it clones location
// into dir (or, when dir already holds it, syncs it), with the review data
// in kept in the repository, and checks out the drafting branch. The
// caller says what in is, since the case study, which names its forge,
// is not here yet.
func Get(location string, auth gitops.Auth, dir string, in InRepo, progress io.Writer, now time.Time) (*CaseStudy, bool, error) {
	if _, err := os.Stat(filepath.Join(dir, ConfigFile)); err == nil {
		cs, err := Open(dir)
		if err != nil {
			return nil, false, err
		}
		rem, err := cs.Repo.FindRemote("")
		if err != nil {
			return nil, false, err
		}
		rem.Auth = auth
		_, err = cs.syncWith(rem, in, progress, now)
		return cs, false, err
	}
	if err := CheckNewDir(dir); err != nil {
		return nil, false, err
	}
	if fi, err := os.Stat(location); err == nil && !fi.IsDir() {
		return nil, false, fmt.Errorf("%s is a file; name the shared git repository the case study is in", location)
	}
	_, statErr := os.Stat(dir)
	existed := statErr == nil // empty, as CheckNewDir found it: the user's, to keep
	// One fetch brings everything, staged as a sync stages it, so the
	// copy starts in step with the remote and the next command knows what
	// it has to send.
	fail := func(err error) (*CaseStudy, bool, error) {
		if existed {
			emptyDir(dir)
		} else {
			os.RemoveAll(dir)
		}
		return nil, false, err
	}
	repo, err := gitops.Init(dir, DraftBranch)
	if err != nil {
		return fail(err)
	}
	if err := repo.AddRemote("origin", absoluteLocation(location)); err != nil {
		return fail(err)
	}
	if err := repo.Fetch(gitops.Remote{Name: "origin", URL: location, Auth: auth}, fetchSpecs("origin", in), progress); err != nil {
		if errors.Is(err, gitops.ErrEmptyRemote) {
			err = fmt.Errorf("%s has no branch %s: it is not a case study made by casestudy new (or nothing was shared there yet)", location, DraftBranch)
		}
		return fail(err)
	}
	heads := map[string]gitops.SHA{}
	for _, branch := range []string{PublishBranch, DraftBranch} {
		sha, err := repo.Ref(remoteBranchRef(branch, "origin"))
		if err != nil {
			return fail(err)
		}
		if sha == "" {
			return fail(fmt.Errorf("%s has no branch %s: it is not a case study made by casestudy new (or nothing was shared there yet)", location, branch))
		}
		heads[branch] = sha
	}
	for _, ref := range refsOf(in) {
		if sha, _ := repo.Ref(in.Fetched(ref, "origin")); sha != "" {
			if err := repo.SetRef(ref, sha); err != nil {
				return fail(err)
			}
		}
	}
	tags, err := repo.RefsUnder(remoteTagRef("", "origin"))
	if err != nil {
		return fail(err)
	}
	for ref, sha := range tags {
		if repo.CheckCommitish(sha) == nil {
			if err := repo.SetRef("refs/tags/"+strings.TrimPrefix(ref, remoteTagRef("", "origin")), sha); err != nil {
				return fail(err)
			}
		}
	}
	if err := repo.CheckoutFresh(DraftBranch, heads[DraftBranch]); err != nil {
		return fail(err)
	}
	if err := repo.SetBranchRef(PublishBranch, heads[PublishBranch]); err != nil {
		return fail(err)
	}
	cs, err := Open(dir)
	return cs, true, err
}

// emptyDir removes what a failed clone left in dir, and keeps dir.
func emptyDir(dir string) {
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		os.RemoveAll(filepath.Join(dir, e.Name()))
	}
}

// absoluteLocation makes a remote that is a path on this machine absolute,
// as git clone records it, so it still resolves from any directory.
func absoluteLocation(location string) string {
	if strings.Contains(location, "://") || isSCPLike(location) {
		return location
	}
	if _, err := os.Stat(location); err != nil {
		return location
	}
	if abs, err := filepath.Abs(location); err == nil {
		return abs
	}
	return location
}

// isSCPLike recognises git's user@host:path form.
func isSCPLike(s string) bool {
	colon := strings.Index(s, ":")
	slash := strings.Index(s, "/")
	return colon > 0 && (slash < 0 || colon < slash)
}
