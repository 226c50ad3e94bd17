#!/bin/sh
# A thread that deadlocks at its first statement has no step in the trail:
# its acquisition's tag comes after the guard (promela.c, PmlMap.first_lock),
# and the verdict, trace and diagram must still show it waiting there.
. "$(dirname "$0")/../lib.sh"
spec=extract/test/trail/first_wait.c
"$LOCKSPIN" check --quiet --replay-runs 5 --results "$tmp/fw" --work "$tmp/fww" "$spec" >"$tmp/fw.out" 2>&1
r=$tmp/fw/first_wait/bad
grep -q "'waiter(NULL)' waits for 'a' held by 'ab(NULL)' (expected deadlock)" "$tmp/fw.out" &&
	ok "deadlock names the thread waiting at its first acquisition" || { bad "first_wait verdict"; cat "$tmp/fw.out"; }
grep -q "T3 waits for .a. at $spec:32 (held by T1)" "$r/trace.txt" 2>/dev/null &&
	ok "trace: the waiter is stuck at $spec:32" || { bad "first_wait trace"; cat "$r/trace.txt"; }
grep -q "replayed on the real code: confirmed" "$tmp/fw.out" &&
	ok "the deadlock is confirmed on the real code" || bad "first_wait replay"
finish
