#!/bin/sh
# Runtime: stress the real code (`lockspin run`), and conformance with the
# model.  The last check reads the order graph of the end-to-end check
# ($LS_SCRATCH/results, need_check).
. "$(dirname "$0")/../lib.sh"
# stress must find the bad cases (and say in which iteration), and stay
# quiet on their ok twins: a detector is tested on false alarms too
stress() {
	want=$1; spec=$2; variant=$3
	"$LOCKSPIN" run "$spec" --variant "$variant" --iterations 200 --seed 1 --quiet >"$tmp/run.out" 2>&1
	rc=$?
	if [ "$want" = clean ]; then
		if [ "$rc" -eq 0 ] && grep -q "no problem" "$tmp/run.out"; then ok "stress $spec $variant: clean"; else
			bad "stress $spec $variant: expected no problem (exit $rc)"; head -n 10 "$tmp/run.out"; fi
	else
		line=$(grep -E "^stress: $want.*first in iteration" "$tmp/run.out" | head -n 1)
		if [ "$rc" -eq 1 ] && [ -n "$line" ]; then ok "stress $spec $variant: ${line#stress: }"; else
			bad "stress $spec $variant: expected $want (exit $rc)"; head -n 10 "$tmp/run.out"; fi
	fi
}
stress potential-deadlock spec/basics/abba.c bad
stress deadlock spec/basics/abba.c bad
stress clean spec/basics/abba.c ok
stress rank-violation spec/basics/rank.c bad
stress clean spec/basics/rank.c ok
stress deadlock spec/basics/ptr_param.c bad
stress clean spec/basics/ptr_param.c ok
# LS_CLASS: the registry takes the address of each lock (not of its class
# name), and the run-time validator merges the class as the model does
stress potential-deadlock spec/selftest/class_merge.c bad
stress clean spec/selftest/class_merge.c ok
# interrupts: lockdep's irq usage rule per CPU (a handler of CPU 0 against
# CPU 0 taking the lock with interrupts enabled), quiet with irqsave
stress irq-inversion spec/kernel/irq_inversion.c bad
stress clean spec/kernel/irq_inversion.c ok
# softirqs: the same rule against a softirq handler; spin_lock_bh() and a
# spin_lock() inside local_bh_disable() (the disables nest) are quiet
stress irq-inversion spec/kernel/softirq_inversion.c bad
stress clean spec/kernel/softirq_inversion.c nested
stress clean spec/kernel/softirq_inversion.c ok
# lockdep's subclasses: (class, subclass) is a class of its own, so swapped
# mutex_lock_nested() subclasses are a cycle, parent-then-child is quiet
stress potential-deadlock spec/kernel/mutex_nested.c swapped
stress clean spec/kernel/mutex_nested.c ok
# the lock-API headers build natively: guards, downgrade_write, mm-locks
stress deadlock spec/kernel/guard_switch.c bad
stress clean spec/kernel/guard_switch.c ok
stress clean spec/kernel/rwsem_downgrade.c ok
stress rank-violation spec/kernel/xen_mm_locks.c bad
# atomics build natively as __atomic builtins: unlocked set_bit()s, a
# test_and_set_bit() try-lock and an atomic_dec_and_test() refcount are
# quiet (their bad twins are forced by replay, 130-replay.sh)
stress clean spec/kernel/atomic_bits.c ok
stress clean spec/kernel/atomic_refcount.c ok
# the real code takes an order the model never does: an extraction bug
CC=gcc "$LOCKSPIN" run extract/test/native/conformance_bug.c --iterations 5 --quiet >"$tmp/run.out" 2>&1
rc=$?
if [ "$rc" -eq 1 ] && grep -q "conformance: model extraction bug: at run time 'b' is taken at extract/test/native/conformance_bug.c:16 while 'a' is held" "$tmp/run.out"; then
	ok "conformance: an edge missing from the model is reported with both places"
else
	bad "conformance: divergence not reported (exit $rc)"; head -n 10 "$tmp/run.out"
fi
grep -q "order.txt is absent (lockspin check writes it): searching the model" "$tmp/run.out" &&
	ok "conformance: without order.txt, run says so and searches the model" ||
	{ bad "conformance: no word on the missing order.txt"; head -n 10 "$tmp/run.out"; }
need_check
# run reads the order graph the end-to-end check wrote, and searches nothing
"$LOCKSPIN" run spec/basics/abba_helper.c --variant ok --iterations 20 --quiet --results "$LS_SCRATCH/results" \
	>"$tmp/run.out" 2>&1
grep -q "conformance: .* 0 missing from the model" "$tmp/run.out" && ! grep -q "searching the model" "$tmp/run.out" &&
	ok "conformance: abba_helper ok conforms, from check's order.txt" ||
	{ bad "conformance: abba_helper ok"; head -n 10 "$tmp/run.out"; }
finish
