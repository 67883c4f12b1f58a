#!/usr/bin/env bash
# Fails when a file of the repository cites a document that is not in it. The project's notes are
# docs/architecture.md and docs/security.md; code and build files cite an RFC section or one of those by section
# name (CONTRIBUTING.md, "Design and rules"; issue 14), never the design note or attack list kept outside the checkout.
# Fast (a grep, no build); test.sh runs it first.
set -euo pipefail
cd "$(dirname "$0")/.."
pattern='(DESIGN|SECURITY)\.md'
self=.ci/no-outside-references.sh
hits=$(grep -rnIE "$pattern" --exclude-dir=.git --exclude-dir=target --exclude-dir=node_modules . \
  | grep -v "^\./$self:" || true)
if [ -n "$hits" ]; then
  echo "== files citing documents outside the repository (cite an RFC section or docs/architecture.md /"
  echo "   docs/security.md by section name instead):"
  echo "$hits"
  exit 1
fi
echo "== no references to documents outside the repository"
