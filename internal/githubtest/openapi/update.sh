#!/bin/sh
# Regenerates api.github.com.json, the trimmed copy of GitHub's REST
# description that the emulator's tests validate against, from the pinned
# @octokit/openapi package. Run it from anywhere after editing
# operations.txt or the version below; it needs npm and go.
set -eu
version=23.0.2
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "@octokit/openapi@$version" >/dev/null && tar xzf "octokit-openapi-$version.tgz")
cd "$here"
go run ./trim -ops operations.txt -o api.github.com.json "$tmp/package/generated/api.github.com.json"
