# Shared by the load scripts (sourced, run from the repository root): builds the benchmarks uber-jar, which holds
# the load harness (dev.missive.benchmarks.load) in every build, and prints its path. BENCH_BUILD: "full" (default,
# what a clean clone needs: installs the parent and every module with -DskipTests), "module" (benchmarks only,
# against the modules already installed in the local repository), "none" (reuse the jar). MVN_FLAGS (e.g. -o) goes
# to every Maven call.
build_load_jar() {
  local mode=${BENCH_BUILD:-full}
  if [ "$mode" != none ]; then
    echo "== building benchmarks/target/benchmarks.jar (BENCH_BUILD=$mode)" >&2
    if [ "$mode" = full ]; then
      # shellcheck disable=SC2086
      mvn -B -q ${MVN_FLAGS:-} install -DskipTests >&2
    else
      # shellcheck disable=SC2086
      mvn -B -q ${MVN_FLAGS:-} -pl benchmarks package -DskipTests >&2
    fi
  fi
  echo benchmarks/target/benchmarks.jar
}
