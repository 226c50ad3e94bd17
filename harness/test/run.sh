#!/bin/sh
# run.sh - build the harness and its tests under ASan+UBSan and run them:
#   bash harness/test/run.sh        (from the repository root)
# Ends with "N passed, N failed"; exits non-zero on any failure.
cd "$(dirname "$0")/../.." || exit 2
CC=${CC:-gcc}
CFLAGS="-std=c11 -Wall -Wextra -Werror -g -fsanitize=address,undefined -Iharness"
OUT=${TMPDIR:-/tmp}/lockspin-harness-test.$$
mkdir -p "$OUT" || exit 2
trap 'rm -rf "$OUT"' EXIT
LIB="harness/runtime.c harness/validator.c harness/replay.c"
pass=0 fail=0

build() { # name sources...
	n=$1; shift
	$CC $CFLAGS "$@" -lpthread -o "$OUT/$n" || { echo "FAIL build $n"; fail=$((fail + 1)); return 1; }
}
# check name expected-status grep-pattern command...
check() {
	n=$1 want=$2 pat=$3; shift 3
	"$@" >"$OUT/out" 2>&1; got=$?
	if [ "$got" = "$want" ] && { [ -z "$pat" ] || grep -q -- "$pat" "$OUT/out"; }; then
		echo "ok $n"; pass=$((pass + 1))
	else
		echo "FAIL $n (status $got, want $want, pattern '$pat')"; sed 's/^/  /' "$OUT/out" | head -20
		fail=$((fail + 1))
	fi
}

# the header compiles with both compilers
for c in gcc clang; do
	command -v $c >/dev/null || continue
	check "header-$c" 0 "" $c -std=c11 -Wall -Wextra -Werror -Iharness -fsyntax-only harness/test/specs/abba.c
done

# with optimisation the uncontended lock and unlock are inlined at the call
# site: the spec's code calls only the out-of-line slow paths
for c in gcc clang; do
	command -v $c >/dev/null || continue
	check "inline-fast-path-$c" 0 "" sh -c "$c -std=c11 -O2 -Iharness -S harness/test/specs/abba.c -o '$OUT/inline-$c.s' &&
		grep -q 'ls__acquire_slow' '$OUT/inline-$c.s' &&
		! grep -E '^[[:space:]]+(call|jmp|bl|b)[a-z]*[[:space:]]+ls__(acquire|release)(@PLT)?([[:space:]]|\$)' '$OUT/inline-$c.s'"
done

for u in test_runtime test_lazy; do
	build $u harness/test/$u.c $LIB || continue
	"$OUT/$u" >"$OUT/unit" 2>&1
	grep -v ' passed, .* failed$' "$OUT/unit"
	p=$(sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1/p' "$OUT/unit")
	f=$(sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\2/p' "$OUT/unit")
	[ -n "$p" ] || { p=0; f=1; echo "FAIL $u did not finish"; }
	pass=$((pass + p)); fail=$((fail + f))
done

for s in abba abba_ok check_then_act points; do
	build $s harness/test/specs/$s.c $LIB harness/main.c
done
D=harness/test/specs
check stress-finds-abba 1 "deadlock harness/test/specs/abba.c:15 harness/test/specs/abba.c:24: first in iteration" \
	"$OUT/abba" --iterations 200 --seed 1 --quiet
check stress-reports-inversion 1 "potential-deadlock chain pair.a --> pair.b --> pair.a" \
	"$OUT/abba" --iterations 5 --quiet
check stress-ok-twin 0 "stress: no problem in 100 iterations" "$OUT/abba_ok" --iterations 100
check stress-finds-assertion 1 "stress: assertion harness/test/specs/check_then_act.c:23" \
	"$OUT/check_then_act" --iterations 500 --quiet
check stress-validate-off 0 "no problem" "$OUT/abba_ok" --iterations 10 --validate off
check replay-abba-deadlock 0 "replay: confirmed deadlock at harness/test/specs/abba.c:" \
	"$OUT/abba" --replay $D/abba.sched
check replay-assertion 0 "replay: confirmed assertion at harness/test/specs/check_then_act.c:23" \
	"$OUT/check_then_act" --replay $D/check_then_act.sched
check replay-not-confirmed 1 "replay: not confirmed: expected assertion in thread 1" \
	"$OUT/check_then_act" --replay $D/check_then_act_ok.sched
check replay-diverged 1 "replay: diverged at step 2: thread 0 reached" \
	"$OUT/check_then_act" --replay $D/diverge.sched
# fine-grained points: t_fill is held between its two plain statements
for i in 1 2 3 4 5; do
	check replay-point-$i 0 "replay: confirmed assertion at harness/test/specs/points.c:30" \
		"$OUT/points" --replay $D/points.sched
done
# points the code reaches fewer times than the schedule names (a loop test
# evaluated again) pass at the next named point or annotation step
check replay-point-lenient 0 "replay: confirmed assertion at harness/test/specs/points.c:30" \
	"$OUT/points" --replay $D/points_lenient.sched
# once busy = 0 has run (its point step), the assertion holds
check replay-point-ok-twin 1 "replay: not confirmed: expected assertion in thread 1" \
	"$OUT/points" --replay $D/points_ok.sched
check report-file 0 "confirmed" env LOCKSPIN_REPORT="$OUT/rep" "$OUT/check_then_act" --replay $D/check_then_act.sched --quiet
check report-file-line 0 "^assertion 1 harness/test/specs/check_then_act.c:23 busy == 0" cat "$OUT/rep"
check usage-help 0 "usage:" "$OUT/abba" --help
check usage-bad-option 2 "unknown option" "$OUT/abba" --frobnicate x
check usage-bad-schedule 2 "not a lockspin schedule" "$OUT/abba" --replay harness/test/run.sh

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
