#!/usr/bin/env bash
# Runs every test of every module: the command the README gives and CI calls.
set -euo pipefail
cd "$(dirname "$0")"
exec mvn -B verify "$@"
