#!/usr/bin/env bash
# worddiff.sh times `casestudy diff 1 2` against `git diff --word-diff
# draft-1 draft-2` in the same case study, on the same pair of made-up
# 30,000-word drafts: first with a few hundred scattered word edits, then
# two unrelated drafts. Both read the two drafts from the repository's
# objects and compare them word by word; git diff --no-index on the two
# files, which reads no object, is shown too. Each time is the best of RUNS
# runs (default 20), output to /dev/null (not a terminal). The last line is
# the ratio casestudy/git on the edited pair, e.g.
#
#	ratio 1.52 (casestudy 4.60 ms, git 3.03 ms)
#
# and the script fails when it is 2.0 or more. Most of casestudy's time is
# starting a Go program that links go-git, go-github and goldmark (see
# casestudy --version in the README); the comparison itself is a fraction.
# casestudy is built as the README installs it (go install .).
#
# Usage: bench/worddiff.sh   (from anywhere; builds the casestudy binary)
set -euo pipefail

runs=${RUNS:-20}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cs=$tmp/casestudy

# Build and generate with the caller's Go environment, before HOME moves.
mkdir -p "$tmp/near" "$tmp/far"
(
	cd "$root"
	go build -o "$cs" .
	go run ./bench/gendrafts -words 30000 -edits 300 -seed 1 -out "$tmp/near"
	go run ./bench/gendrafts -words 30000 -seed 1 -different -out "$tmp/far"
)

# shellcheck source=bench/lib.sh
source "$root/bench/lib.sh"
throwaway_identity

# case_study DIR DRAFTS: a case-study repository at DIR whose drafts 1 and 2
# are DRAFTS/a.md and DRAFTS/b.md.
case_study() {
	"$cs" new --title "Benchmark case study" --mentee "Ana <ana@example.com>" \
		--mentor bob --reviewer craig "$1" >/dev/null
	cp "$2/a.md" "$1/case-study.md"
	(cd "$1" && "$cs" save -m a >/dev/null)
	cp "$2/b.md" "$1/case-study.md"
	(cd "$1" && "$cs" save -m b >/dev/null)
}

# best3 DIR: runs casestudy diff 1 2 and git diff --word-diff on the two
# drafts in the case study DIR, and git diff --no-index on the two files
# in DIR's drafts, by turns $runs times, so that all three meet the same
# load on a busy machine, and prints the fastest run of each in ms.
best3() {
	local a="" b="" c="" i
	for ((i = 0; i < runs; i++)); do
		a="$a $(cd "$1" && ms "$cs" diff 1 2)"
		b="$b $(cd "$1" && ms git_word_diff)"
		c="$c $(cd "$2" && ms git_files_word_diff)"
	done
	for list in "$a" "$b" "$c"; do
		tr ' ' '\n' <<<"$list" | awk 'NF { if (m == "" || $1 < m) m = $1 } END { printf "%.2f ", m }'
	done
	echo
}

# git diff --no-index exits 1 when the files differ, which is the point here.
git_files_word_diff() {
	git diff --no-index --word-diff a.md b.md || [[ $? -eq 1 ]]
}

git_word_diff() {
	git diff --word-diff draft-1 draft-2 -- case-study.md
}

case_study "$tmp/cs-near" "$tmp/near"
case_study "$tmp/cs-far" "$tmp/far"

read -r cs_near git_near files_near < <(best3 "$tmp/cs-near" "$tmp/near")
read -r cs_far git_far files_far < <(best3 "$tmp/cs-far" "$tmp/far")

echo "scattered edits (300 in 30,000 words), best of $runs:"
echo "  casestudy diff 1 2                       $cs_near ms"
echo "  git diff --word-diff draft-1 draft-2     $git_near ms"
echo "  git diff --no-index --word-diff a.md b.md $files_near ms"
echo "different drafts (30,000 words each), best of $runs:"
echo "  casestudy diff 1 2                       $cs_far ms"
echo "  git diff --word-diff draft-1 draft-2     $git_far ms"
echo "  git diff --no-index --word-diff a.md b.md $files_far ms"
awk -v c="$cs_near" -v g="$git_near" -v max=2.0 \
	'BEGIN {
		printf "ratio %.2f (casestudy %.2f ms, git %.2f ms)\n", c / g, c, g
		if (c / g >= max) { printf "casestudy diff is %.1f times git diff --word-diff: the bar is under %.1f\n", c / g, max; exit 1 }
	}'
