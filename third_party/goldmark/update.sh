#!/usr/bin/env bash
# update.sh VERSION replaces this copy of goldmark with VERSION from the Go
# module proxy and applies lazy-init.patch to it again (see README.md).
# Run it from anywhere; then build and test casestudy.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
version=${1:?usage: update.sh VERSION, e.g. update.sh v1.8.7}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
src=$(cd "$tmp" && go mod download -json "github.com/yuin/goldmark@$version" |
	sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
[ -d "$src" ] || { echo "update.sh: could not download goldmark $version" >&2; exit 1; }

# Everything but what only goldmark's own tests, tools and benchmarks use.
find "$here" -mindepth 1 -maxdepth 1 ! -name update.sh ! -name lazy-init.patch ! -name README.md \
	-exec rm -rf {} +
(cd "$src" && find . -name '*.go' ! -name '*_test.go' ! -path './_*' ! -path './fuzz/*' \
	! -path './testutil/*' ! -path '*/_test/*' -print0 |
	xargs -0 -I{} install -D -m 0644 {} "$here/{}")
install -m 0644 "$src/LICENSE" "$src/go.mod" "$here/"
(cd "$here" && patch -p1 --no-backup-if-mismatch <lazy-init.patch)
# Two generated files come unformatted; casestudy's CI checks gofmt everywhere.
gofmt -w "$here"
echo "goldmark $version copied to $here, lazy-init.patch applied, gofmt run"
