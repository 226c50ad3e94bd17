#!/bin/sh
# Replay through scheduling points between plain statements: state_assert's
# schedule has point steps, and its race is forced on the real code.
. "$(dirname "$0")/../lib.sh"
"$LOCKSPIN" check --quiet --results "$tmp/sa" --work "$tmp/saw" spec/basics/state_assert.c >/dev/null 2>&1
grep -q " point -" "$tmp/sa/basics/state_assert/bad/schedule.txt" && ok "schedule has point steps" ||
	bad "no point steps in state_assert's schedule"
"$LOCKSPIN" run spec/basics/state_assert.c --variant bad --replay "$tmp/sa/basics/state_assert/bad" --work "$tmp/saw" \
	--quiet >"$tmp/run.out" 2>&1 &&
	grep -q "replay: confirmed assertion at spec/basics/state_assert.c:29" "$tmp/run.out" &&
	ok "replay: state_assert's race between two plain assignments is forced on the real code" ||
	{ bad "replay state_assert"; cat "$tmp/run.out"; }
finish
