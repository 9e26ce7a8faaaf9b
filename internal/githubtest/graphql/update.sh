#!/bin/sh
# Regenerates schema.graphql, the trimmed copy of GitHub's public GraphQL
# schema the emulator validates its GraphQL traffic against, from the
# pinned @octokit/graphql-schema package. Run it after editing fields.txt
# or the version below; it needs npm and go.
set -eu
version=15.26.1
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "@octokit/graphql-schema@$version" >/dev/null && tar xzf "octokit-graphql-schema-$version.tgz")
cd "$here"
go run ./trim -fields fields.txt -o schema.graphql "$tmp/package/schema.graphql"
