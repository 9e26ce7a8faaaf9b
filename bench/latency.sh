#!/usr/bin/env bash
# What people wait for on GitHub: the three-person story against the
# emulator with 200 ms added to every request (a real network), each
# command's requests, sequential waves and wall time against its target.
# Flags go to bench/latency (e.g. --strict, --casestudy OLD-BINARY).
set -euo pipefail
cd "$(dirname "$0")/.."
exec go run ./bench/latency "$@"
