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
# control LINE EXIT NAME PATTERN...: mutate.py on the control spec, with LINE
# as its equivalent-mutants.txt, exits EXIT and prints each PATTERN
control() {
	printf '%s\n' "$1" >"$tmp/equiv.txt"
	want=$2
	name=$3
	shift 3
	LOCKSPIN=./lockspin MUTATE_EQUIV="$tmp/equiv.txt" MUTATE_DIR=build/mutants/control \
		python3 extract/test/selftest/mutate.py "$ctl" >"$tmp/control.out" 2>&1
	rc=$?
	good=$([ "$rc" -eq "$want" ] && echo 1 || echo 0)
	for pat in "$@"; do
		grep -q -- "$pat" "$tmp/control.out" || good=0
	done
	if [ "$good" -eq 1 ]; then
		ok "mutation control: $name"
	else
		bad "mutation control: $name (exit $rc)"
		sed 's/^/    /' "$tmp/control.out"
	fi
}
control "" 1 "an unlisted survivor fails the suite and the score" \
	"^  survivor: $mutant " '^mutation score: 2 of 3 '
control "$mutant # TEMP: under review" 1 "a survivor parked as TEMP fails the suite" \
	"^FAIL - equivalent-mutants.txt: '$mutant' is marked TEMP" "^  survivor: $mutant "
control "$mutant # n = 1 after the unlock: no assertion reads n" 0 \
	"the same mutant listed as equivalent passes" '^1 passed, 0 failed'
finish
