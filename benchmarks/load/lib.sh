# Shared by the issue 8 scripts (sourced, run from the repository root): builds the benchmarks uber-jar with the
# load harness (-Pload) and prints its path. The examples module is not in the reactor, so it is installed on its
# own first. BENCH_BUILD: "full" (default, what a clean clone needs: installs the parent and every library module
# with -DskipTests, then examples), "module" (examples and benchmarks only, against the modules already in
# ~/.m2), "none" (reuse the jar). MVN_FLAGS (e.g. -o) goes to every Maven call.
build_load_jar() {
  local mode=${BENCH_BUILD:-full}
  if [ "$mode" != none ]; then
    echo "== building benchmarks/target/benchmarks.jar with -Pload (BENCH_BUILD=$mode)" >&2
    if [ "$mode" = full ]; then
      # shellcheck disable=SC2086
      mvn -B -q ${MVN_FLAGS:-} install -DskipTests >&2
    fi
    # shellcheck disable=SC2086
    mvn -B -q ${MVN_FLAGS:-} -f examples/pom.xml install -DskipTests >&2
    # shellcheck disable=SC2086
    mvn -B -q ${MVN_FLAGS:-} -pl benchmarks -Pload package -DskipTests >&2
  fi
  echo benchmarks/target/benchmarks.jar
}
