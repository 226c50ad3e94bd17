#!/bin/sh
# Self-test: mutation score of the seed and basics specs.
. "$(dirname "$0")/../lib.sh"
# the optimized build: hundreds of checks; pans are kept in build/mutants
LOCKSPIN=./lockspin suite mutation python3 extract/test/selftest/mutate.py $(ls spec/basics/*.c spec/*.c)
grep -E '^(mutation score|  survivor|  equivalent|  invalid|  inconclusive)' "$tmp/suite.out"

# The negative control: the suite cannot pass with a survivor.  Its one
# survivor fails the suite unlisted and listed as TEMP, and passes only
# listed as equivalent.
ctl=extract/test/selftest/mutate-control.c
mutant="$ctl ok unlock-earlier 21:2"
control() {
	printf '%s\n' "$1" >"$tmp/equiv.txt"
	LOCKSPIN=./lockspin MUTATE_EQUIV="$tmp/equiv.txt" MUTATE_DIR=build/mutants/control \
		python3 extract/test/selftest/mutate.py "$ctl" >"$tmp/control.out" 2>&1
	echo $?
}
rc=$(control "")
if [ "$rc" -eq 1 ] && grep -q "^  survivor: $mutant " "$tmp/control.out" &&
	grep -q '^mutation score: 2 of 3 ' "$tmp/control.out"; then
	ok "mutation control: an unlisted survivor fails the suite and the score"
else
	bad "mutation control: an unlisted survivor did not fail (exit $rc)"
	sed 's/^/    /' "$tmp/control.out"
fi
rc=$(control "$mutant # TEMP: under review")
if [ "$rc" -eq 1 ] && grep -q "^FAIL - equivalent-mutants.txt: '$mutant' is marked TEMP" "$tmp/control.out" &&
	grep -q "^  survivor: $mutant " "$tmp/control.out"; then
	ok "mutation control: a survivor parked as TEMP fails the suite"
else
	bad "mutation control: a TEMP entry did not fail (exit $rc)"
	sed 's/^/    /' "$tmp/control.out"
fi
rc=$(control "$mutant # n = 1 after the unlock: no assertion reads n")
if [ "$rc" -eq 0 ] && grep -q '^1 passed, 0 failed' "$tmp/control.out"; then
	ok "mutation control: the same mutant listed as equivalent passes"
else
	bad "mutation control: a listed equivalent mutant did not pass (exit $rc)"
	sed 's/^/    /' "$tmp/control.out"
fi
finish
