# The pass/fail count of the example scripts (examples/interop.sh, examples/proxy-interop.sh), sourced by them from
# the repository's root, not run: check NAME COMMAND... runs the command with its output in "$work/out" (the caller's
# temporary directory) and prints "ok   NAME", or "FAIL NAME" and the output's last 20 lines.
passed=0
failed=0
check() { # name, command...
  local name=$1; shift
  if "$@" >"$work/out" 2>&1; then
    passed=$((passed + 1)); echo "ok   $name"
  else
    failed=$((failed + 1)); echo "FAIL $name"; sed 's/^/     /' "$work/out" | tail -n 20
  fi
}
