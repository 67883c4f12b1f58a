#!/usr/bin/env bash
# Runs every test of the project: the command the README gives and CI calls.
#   0. .ci/no-outside-references.sh: no file cites a document outside the repository (a grep, before the build);
#   1. mvn -B install: every module's unit, property, transcript and loopback interop tests, the sources and
#      Javadoc jars, and the shaded examples/target/missive-server.jar;
#   1b. .ci/package-cycles.sh: no package cycle among any module's main classes (jdeps on target/classes);
#   2. .ci/consumer.sh: a separate Maven project uses the installed jars on the class path and the module path;
#   3. examples/interop.sh: curl and Python's smtplib/poplib against the server jar.
# Extra arguments go to every Maven call (for example -o for offline).
set -euo pipefail
cd "$(dirname "$0")"
.ci/no-outside-references.sh
mvn -B install "$@"
.ci/package-cycles.sh
.ci/consumer.sh "$@"
examples/interop.sh
