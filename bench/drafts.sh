#!/usr/bin/env bash
# drafts.sh saves drafts of a made-up 30,000-word case study one after the
# other and, at each of the counts given, measures what a writer waits for,
# whole process (the built binary, output to /dev/null):
#
#	drafts  status: best of RUNS runs (default 10), in ms
#	save: the best of the last 5 saves before the count, and the slowest
#	      save since the last count (one that packed the repository), in ms
#	.git: the size of the repository, and its loose objects
#	push: the first sync of a copy of the case study to an empty bare
#	      repository (one run): wall time and CPU time (user and system,
#	      git-receive-pack included) in ms, and the size that arrived there
#
# Usage: bench/drafts.sh [COUNT...]   (default: 10 100 1000)
# WORDS sets the size of the document (default 30000); CASESTUDY a built
# binary to measure instead of building this checkout.
set -euo pipefail

counts=("$@")
[[ ${#counts[@]} -gt 0 ]] || counts=(10 100 1000)
runs=${RUNS:-10}
words=${WORDS:-30000}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
gen=$tmp/gendrafts

(
	cd "$root"
	if [[ -z ${CASESTUDY:-} ]]; then
		go build -o "$tmp/casestudy" .
	fi
	go build -o "$gen" ./bench/gendrafts
	go run ./bench/gendrafts -words "$words" -edits 0 -seed 1 -out "$tmp"
)
cs=${CASESTUDY:-$tmp/casestudy}

# shellcheck source=bench/lib.sh
source "$root/bench/lib.sh"
throwaway_identity

# best_ms CMD...: the fastest of $runs runs of CMD, in ms.
best_ms() {
	local best="" t i
	for ((i = 0; i < runs; i++)); do
		t=$(ms "$@")
		best=$(awk -v t="$t" -v b="$best" 'BEGIN { if (b != "" && b < t) t = b; printf "%.1f", t }')
	done
	echo "$best"
}

"$cs" new --title "Benchmark case study" --mentee "Ana <ana@example.com>" \
	--mentor bob --reviewer craig "$tmp/cs" >/dev/null
cp "$tmp/a.md" "$tmp/cs/case-study.md"
cd "$tmp/cs"

printf '%-7s %9s %9s %9s %9s %11s %8s %9s %9s %11s\n' drafts "drafts" status save slowest .git loose push "push cpu" "pushed"
saved=0
saves=""
slowest=0
for n in "${counts[@]}"; do
	while ((saved < n)); do
		saved=$((saved + 1))
		"$gen" -edit case-study.md -edits 3 -seed "$saved"
		t=$(ms "$cs" save -m "draft $saved")
		((n - saved < 5)) && saves="$saves $t"
		slowest=$(awk -v t="$t" -v m="$slowest" 'BEGIN { print (t > m) ? t : m }')
	done
	save=$(tr ' ' '\n' <<<"$saves" | awk 'NF { if (b == "" || $1 < b) b = $1 } END { printf "%.1f", b }')
	saves=""
	drafts=$(best_ms "$cs" drafts)
	status=$(best_ms "$cs" status)
	size=$(du -sk .git | cut -f1)
	loose=$(find .git/objects/?? -type f 2>/dev/null | wc -l)
	# The first push, from a copy, so the case study keeps no remote.
	rm -rf "$tmp/copy" "$tmp/shared.git"
	cp -r "$tmp/cs" "$tmp/copy"
	git init --bare -q "$tmp/shared.git"
	read -r push push_cpu < <(cd "$tmp/copy" && { TIMEFORMAT='%R %U %S' && time "$cs" sync "$tmp/shared.git" >/dev/null 2>&1; } 2>&1 |
		awk '{ printf "%.0f %.0f\n", $1 * 1000, ($2 + $3) * 1000 }')
	pushed=$(du -sk "$tmp/shared.git" | cut -f1)
	printf '%-7s %6s ms %6s ms %6s ms %6s ms %8s KB %8s %6s ms %6s ms %8s KB\n' \
		"$n" "$drafts" "$status" "$save" "$slowest" "$size" "$loose" "$push" "$push_cpu" "$pushed"
	slowest=0
done
