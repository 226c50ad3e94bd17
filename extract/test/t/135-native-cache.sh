#!/bin/sh
# The native build cache (native.c) and replays in one program start
# (harness/main.c --runs): a warm check compiles no native program and still
# confirms every run on the real code; a changed header rebuilds the program
# and only it; a schedule the real code does not follow is counted so.
. "$(dirname "$0")/../lib.sh"
mkdir -p "$tmp/spec"
sed 's|#include "lockspin.h"|#include "lockspin.h"\n#include "local.h"|' spec/basics/abba.c >"$tmp/spec/abba.c"
echo '/* a header of the spec: the cache must see it */' >"$tmp/spec/local.h"
builds() { grep -c "^native-build	" "$tmp/phases" 2>/dev/null || true; }
check() { # the variant bad, 3 replays, phases into $tmp/phases
	rm -f "$tmp/phases"
	LOCKSPIN_PHASES=$tmp/phases "$LOCKSPIN" check --quiet --variant bad --replay-runs 3 --results "$tmp/r" \
		--work "$tmp/w" "$tmp/spec/abba.c" >"$tmp/out" 2>&1
}
check
n=$(builds)
[ "$n" = 2 ] && grep -q "confirmed 3/3" "$tmp/out" &&
	ok "cold: the harness objects and the replay program are built (2 compiles), 3/3 confirmed" ||
	{ bad "cold: $n native compiles, want 2"; cat "$tmp/out"; }
check
n=$(builds)
[ "$n" = 0 ] && grep -q "confirmed 3/3" "$tmp/out" && [ "$(grep -c '^replay	' "$tmp/phases")" = 1 ] &&
	ok "warm: no native compile, the 3 replays in one program start, 3/3 confirmed" ||
	{ bad "warm: $n native compiles, want 0"; cat "$tmp/out" "$tmp/phases"; }
echo '/* changed */' >>"$tmp/spec/local.h"
check
n=$(builds)
[ "$n" = 1 ] && grep -q "confirmed 3/3" "$tmp/out" &&
	ok "a changed header rebuilds the program, not the harness (1 compile)" ||
	{ bad "changed header: $n native compiles, want 1"; cat "$tmp/out"; }

prog=$tmp/w/native/abba/bad/prog-replay
sched=$tmp/r/abba/bad/schedule.txt
[ -x "$prog" ] && [ -f "$sched" ] || bad "no replay program or schedule (prog '$prog')"
"$prog" --replay "$sched" --runs 4 >"$tmp/runs.out" 2>&1
rc=$?
[ $rc = 0 ] && [ "$(grep -c '^replay: run [0-9]*: confirmed deadlock' "$tmp/runs.out")" = 4 ] &&
	grep -qx "replay: 4 of 4 runs confirmed" "$tmp/runs.out" &&
	ok "--runs 4: each run's line, then 4 of 4 runs confirmed" || { bad "--runs 4 (exit $rc)"; cat "$tmp/runs.out"; }
sed 's/^verdict deadlock/verdict assertion/' "$sched" >"$tmp/wrong.txt"
"$prog" --replay "$tmp/wrong.txt" --runs 3 --quiet >"$tmp/runs.out" 2>&1
rc=$?
[ $rc = 1 ] && [ "$(grep -c '^replay: run [0-9]*: not confirmed' "$tmp/runs.out")" = 3 ] &&
	grep -qx "replay: 0 of 3 runs confirmed" "$tmp/runs.out" &&
	ok "--runs 3 of a verdict the run does not reach: each counted not confirmed, exit 1" ||
	{ bad "--runs with a wrong verdict (exit $rc)"; cat "$tmp/runs.out"; }
"$prog" --runs 3 >"$tmp/runs.out" 2>&1
[ $? = 2 ] && grep -q -- "--runs needs --replay" "$tmp/runs.out" && ok "--runs without --replay: usage error" ||
	bad "--runs without --replay"
finish
