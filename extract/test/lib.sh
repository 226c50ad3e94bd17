# extract/test/lib.sh - sourced by every extract/test/t/NNN-*.sh script.
#
# Each script is one group of tests, runnable on its own from anywhere
# (`sh extract/test/t/040-frontend-goldens.sh`); run.sh runs them all in
# order.  A script prints one "[PASS] name" or "[FAIL] name" line per test
# and ends with "N passed, N failed" (finish); it exits non-zero when a
# test failed.
#
# Shared scratch folder: $LS_SCRATCH (run.sh makes a fresh one per run; on
# its own a script uses build/test/scratch).  070-end-to-end.sh writes there
# what later scripts reuse instead of checking every spec again:
#   $LS_SCRATCH/check.out   stdout of the full `lockspin check`
#   $LS_SCRATCH/check.err   its stderr
#   $LS_SCRATCH/check.rc    its exit status
#   $LS_SCRATCH/results/    its results folder (verdict.txt per variant,
#                           order.txt, lockspin.sarif, junit.xml, ...)
# need_check runs that check when check.rc is missing (a script run alone).
set -u
# the repository root: the folder above the sourcing script that holds this file
root=$(cd "$(dirname "$0")" && pwd)
while [ "$root" != / ] && [ ! -f "$root/extract/test/lib.sh" ]; do root=$(dirname "$root"); done
cd "$root" || exit 2
LOCKSPIN=${LOCKSPIN:-build/lockspin-asan}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$PWD/extract/test/lsan.supp:print_suppressions=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
REPLAY_RUNS=${REPLAY_RUNS:-100}
LS_SCRATCH=${LS_SCRATCH:-$PWD/build/test/scratch}
mkdir -p "$LS_SCRATCH" || exit 2
export LS_SCRATCH
pass=0
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

ok() { pass=$((pass + 1)); echo "[PASS] $*"; }
bad() { fail=$((fail + 1)); echo "[FAIL] $*"; }

# Run a suite that prints its own ok/FAIL lines and "N passed, N failed";
# its lines become [PASS]/[FAIL] lines named after it, and its counts (from
# its result line, as it counts them) are added.
suite() {
	name=$1; shift
	"$@" >"$tmp/suite.out" 2>&1
	rc=$?
	sed -nE -e "s/^ok( -|[ ]+)(.*)$/[PASS] $name: \2/p" -e "s/^(FAIL|not ok)( -|[ ]+)?(.*)$/[FAIL] $name: \3/p" \
		"$tmp/suite.out"
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$tmp/suite.out" | tail -n 1)
	if [ -z "$line" ]; then
		bad "$name: no result line (exit $rc)"
		tail -n 20 "$tmp/suite.out" | sed 's/^/    /'
		return
	fi
	p=$(echo "$line" | sed -E 's/^([0-9]+) passed.*/\1/')
	f=$(echo "$line" | sed -E 's/.* ([0-9]+) failed.*/\1/')
	pass=$((pass + p))
	fail=$((fail + f))
	echo "$name: $line"
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		bad "$name exited $rc"
		tail -n 20 "$tmp/suite.out" | sed 's/^/    /'
	fi
}

# expect_usage MESSAGE CMD...: CMD exits 2 (bad input or usage) and its
# stderr holds MESSAGE (the message is part of the contract too).
expect_usage() {
	want=$1; shift
	"$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ "$rc" -eq 2 ] && grep -qF -- "$want" "$tmp/err"; then ok "usage: $*"; else
		bad "usage: $* (exit $rc)"; head -n 5 "$tmp/err"; fi
}

# The specs in the order of the Makefile's SPECS (ls would sort all four
# lists as one).
all_specs() {
	for f in spec/basics/*.c spec/selftest/*.c spec/kernel/*.c spec/*.c; do [ -f "$f" ] && echo "$f"; done
}

# The full check of every spec, with the same flags as `make check` so that
# results/ can be compared byte for byte; into $LS_SCRATCH.
run_check() {
	rm -rf "$LS_SCRATCH/results" "$LS_SCRATCH/work"
	"$LOCKSPIN" check --quiet --replay-runs "$REPLAY_RUNS" --results "$LS_SCRATCH/results" \
		--work "$LS_SCRATCH/work" $(all_specs) >"$LS_SCRATCH/check.out" 2>"$LS_SCRATCH/check.err"
	echo $? >"$LS_SCRATCH/check.rc"
}

# For scripts that reuse the end-to-end check's output.
need_check() {
	[ -f "$LS_SCRATCH/check.rc" ] && return
	echo "(no end-to-end check output in $LS_SCRATCH: running it)"
	run_check
}

finish() {
	echo "$pass passed, $fail failed"
	[ "$fail" -eq 0 ]
	exit
}
