#!/usr/bin/env bash
# worddiff.sh times `casestudy diff` against `git diff --word-diff` on the
# same pair of made-up 30,000-word drafts: first with a few hundred scattered
# word edits, then two unrelated drafts. Each time is the best of RUNS runs
# (default 20), output to /dev/null (not a terminal). The last line is the
# ratio on the edited pair, e.g.
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
export LC_ALL=C # EPOCHREALTIME and awk agree on the decimal point

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

# A throwaway identity, so the run neither needs nor touches the user's.
export HOME=$tmp/home XDG_CONFIG_HOME=$tmp/home/.config
mkdir -p "$XDG_CONFIG_HOME"
printf '[user]\n\tname = Ana Bench\n\temail = ana@example.com\n' >"$HOME/.gitconfig"
export GIT_AUTHOR_NAME="Ana Bench" GIT_AUTHOR_EMAIL=ana@example.com
export GIT_COMMITTER_NAME="Ana Bench" GIT_COMMITTER_EMAIL=ana@example.com
export GIT_CONFIG_NOSYSTEM=1 NO_COLOR=1

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

# best_ms CMD...: runs CMD $runs times and prints the fastest run in ms.
best_ms() {
	local best="" start end i
	for ((i = 0; i < runs; i++)); do
		start=$EPOCHREALTIME
		"$@" >/dev/null
		end=$EPOCHREALTIME
		best=$(awk -v s="$start" -v e="$end" -v b="$best" \
			'BEGIN { t = (e - s) * 1000; if (b != "" && b < t) t = b; printf "%.2f", t }')
	done
	echo "$best"
}

# git diff exits 1 when the files differ, which is the point here.
git_word_diff() {
	git diff --no-index --word-diff a.md b.md || [[ $? -eq 1 ]]
}

case_study "$tmp/cs-near" "$tmp/near"
case_study "$tmp/cs-far" "$tmp/far"

cs_near=$(cd "$tmp/cs-near" && best_ms "$cs" diff 1 2)
git_near=$(cd "$tmp/near" && best_ms git_word_diff)
cs_far=$(cd "$tmp/cs-far" && best_ms "$cs" diff 1 2)
git_far=$(cd "$tmp/far" && best_ms git_word_diff)

echo "scattered edits (300 in 30,000 words), best of $runs:"
echo "  casestudy diff 1 2          $cs_near ms"
echo "  git diff --word-diff        $git_near ms"
echo "different drafts (30,000 words each), best of $runs:"
echo "  casestudy diff 1 2          $cs_far ms"
echo "  git diff --word-diff        $git_far ms"
awk -v c="$cs_near" -v g="$git_near" -v max=2.0 \
	'BEGIN {
		printf "ratio %.2f (casestudy %.2f ms, git %.2f ms)\n", c / g, c, g
		if (c / g >= max) { printf "casestudy diff is %.1f times git diff --word-diff: the bar is under %.1f\n", c / g, max; exit 1 }
	}'
