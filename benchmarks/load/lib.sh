# Shared by the issue 8 scripts (sourced, run from the repository root): builds the benchmarks uber-jar with the
# load harness (-Pload) after installing the examples module, which is not in the reactor; BENCH_BUILD=none reuses
# the jar, MVN_FLAGS (e.g. -o) goes to Maven. Prints the jar's path.
build_load_jar() {
  if [ "${BENCH_BUILD:-module}" != "none" ]; then
    echo "== building the examples (installed) and benchmarks/target/benchmarks.jar with -Pload" >&2
    # shellcheck disable=SC2086
    mvn -B -q ${MVN_FLAGS:-} -f examples/pom.xml install -DskipTests >&2
    # shellcheck disable=SC2086
    mvn -B -q ${MVN_FLAGS:-} -pl benchmarks -Pload package -DskipTests >&2
  fi
  echo benchmarks/target/benchmarks.jar
}
