#!/bin/sh
# The IR text form round-trips: every spec variant's --dump=ir, read back
# by ir_parse (build/test/ir_parse_test FILE...), dumps identically.  (The
# committed extract/test/frontend/*.ir are round-tripped by the unit test
# itself, in 010-unit.sh.)
. "$(dirname "$0")/../lib.sh"
mkdir -p "$tmp/ir"
files=
for spec in $(all_specs); do
	stem=$(echo "${spec#spec/}" | sed 's|/|_|g; s|\.c$||')
	for variant in $("$LOCKSPIN" --list "$spec" 2>/dev/null | cut -d' ' -f1); do
		f=$tmp/ir/$stem.$variant.ir
		if "$LOCKSPIN" --dump=ir --variant "$variant" "$spec" >"$f" 2>"$tmp/err"; then
			files="$files $f"
		else
			bad "--dump=ir $spec $variant"; head -n 5 "$tmp/err"
		fi
	done
done
[ -n "$files" ] || bad "no spec variants to round-trip"
suite ir_parse build/test/ir_parse_test $files
finish
