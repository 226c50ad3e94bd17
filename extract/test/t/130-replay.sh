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
# atomics: test_bit() then set_bit() lets both threads in, a read and a
# separate atomic_set() lose a put; each schedule is forced on the real code
"$LOCKSPIN" check --quiet --results "$tmp/at" --work "$tmp/atw" spec/kernel/atomic_bits.c spec/kernel/atomic_refcount.c \
	>/dev/null 2>&1
replay() {
	spec=$1; variant=$2; want=$3
	"$LOCKSPIN" run "spec/kernel/$spec.c" --variant "$variant" --replay "$tmp/at/kernel/$spec/$variant" --work "$tmp/atw" \
		--quiet >"$tmp/run.out" 2>&1 && grep -q "replay: confirmed $want" "$tmp/run.out" &&
		ok "replay: $spec $variant: confirmed $want" ||
		{ bad "replay $spec $variant"; cat "$tmp/run.out"; }
}
replay atomic_bits bad_trylock "assertion at spec/kernel/atomic_bits.c:50"
replay atomic_refcount bad_nonatomic "assertion at spec/kernel/atomic_refcount.c:51"
# __set_bit() is not atomic: the model finds the lost bit, set_bit()'s twin
# is ok, and replay says it cannot stop inside the macro's one statement
# (never a claim of confirmed, never a silent pass)
"$LOCKSPIN" check --quiet --replay-runs 5 --results "$tmp/sb" --work "$tmp/atw" extract/test/native/set_bit_lost.c \
	>"$tmp/sb.out" 2>&1
grep -q "set_bit_lost.c bad: assertion: assertion 'BUG_ON(flags != 3)' failed .*(expected assertion)" "$tmp/sb.out" &&
	grep -q "set_bit_lost.c ok: ok (expected ok)" "$tmp/sb.out" &&
	grep -q "replayed on the real code: not reproducible natively: another thread runs between the read of modelled state at extract/test/native/set_bit_lost.c:21" "$tmp/sb.out" &&
	ok "__set_bit() loses a bit in the model, set_bit() does not; the replay says it cannot stop inside __set_bit()" ||
	{ bad "set_bit_lost"; cat "$tmp/sb.out"; }
finish
