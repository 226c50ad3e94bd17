#!/bin/sh
# extract/test/models.sh update|check - models/<spec>/<variant>.pml is the
# Promela lockspin emits for each variant of each spec in spec/.  "update"
# rewrites them (make models); "check" regenerates and diffs (make test).
set -u
cd "$(dirname "$0")/../.." || exit 2
mode=${1:-check}
LOCKSPIN=${LOCKSPIN:-./lockspin}
pass=0
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
: >"$tmp/expected"
for spec in spec/basics/*.c spec/kernel/*.c spec/*.c; do
	[ -f "$spec" ] || continue
	stem=${spec#spec/}
	stem=${stem%.c}
	if ! "$LOCKSPIN" --list "$spec" >"$tmp/variants" 2>"$tmp/err"; then
		echo "FAIL - $spec: cannot list variants"; cat "$tmp/err"; fail=$((fail + 1)); continue
	fi
	while read -r variant rest; do
		out="models/$stem/$variant.pml"
		echo "$out" >>"$tmp/expected"
		if ! "$LOCKSPIN" --dump=pml --variant "$variant" "$spec" >"$tmp/model.pml" 2>"$tmp/err"; then
			echo "FAIL - $out: extraction failed"; cat "$tmp/err"; fail=$((fail + 1)); continue
		fi
		if [ "$mode" = update ]; then
			mkdir -p "$(dirname "$out")" && cp "$tmp/model.pml" "$out" && pass=$((pass + 1))
		elif [ -f "$out" ] && cmp -s "$out" "$tmp/model.pml"; then
			echo "ok - $out"; pass=$((pass + 1))
		else
			echo "FAIL - $out differs from what spec/ gives now (run 'make models')"
			diff -u "$out" "$tmp/model.pml" 2>&1 | head -n 20
			fail=$((fail + 1))
		fi
	done <"$tmp/variants"
done
# a model whose spec or variant is gone is stale
find models -name '*.pml' 2>/dev/null | sort >"$tmp/present"
sort "$tmp/expected" >"$tmp/expected.sorted"
for stale in $(comm -23 "$tmp/present" "$tmp/expected.sorted"); do
	if [ "$mode" = update ]; then rm -f "$stale"; else
		echo "FAIL - $stale has no spec variant (run 'make models')"; fail=$((fail + 1)); fi
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
