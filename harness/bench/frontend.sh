#!/bin/sh
# frontend.sh - section 7 of `make bench`: the front end on a deep call tree.
# extract/test/scale/gen_deep.sh DEPTH 3 (3^DEPTH inlined call paths, every
# helper with locals and bookkeeping state, a few leaves with lock
# decisions), for each DEPTH in $FE_DEPTHS (default 3 4 5 6): the time to
# lower it (--dump=ir), the IR locals the front end makes and the locals
# and variables left after the slice (--dump=sliced), and the states of the
# ok variant's search, sliced and whole (--no-slice; depths up to
# $FE_WHOLE_MAX, default 3: the whole model of depth 4 has 1,130 locals).
# BENCH_BASE (another lockspin, e.g. main's): its lowering time beside this
# one, each depth timed by both, one after the other, under the same load.
cd "$(dirname "$0")/../.." || exit 2
LOCKSPIN=${LOCKSPIN:-./lockspin}
FE_DEPTHS=${FE_DEPTHS:-3 4 5 6}
FE_WHOLE_MAX=${FE_WHOLE_MAX:-3}
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
ms() { echo $(($(date +%s%N) / 1000000)); }
lower_ms() { # binary spec: ms to lower the ok variant, or "-" if it fails
	t0=$(ms)
	"$1" --dump=ir --variant ok "$2" >"$OUT/ir" 2>/dev/null || { echo -; return; }
	echo $(($(ms) - t0))
}
states() { # spec [--no-slice]: states of the ok variant's search, or "fails" (pan did not finish)
	rm -rf "$OUT/res"
	"$LOCKSPIN" check --quiet --variant ok ${2:-} --results "$OUT/res" --work "$OUT/work" "$1" >"$OUT/check" 2>&1
	awk -F'\t' 'NR == 2 { print $4 }' "$OUT/res/timings.tsv" 2>/dev/null | grep . || echo fails
}
printf '   %-5s %6s %9s %9s %8s %7s %9s %11s %11s\n' depth paths "lower ms" "base ms" locals sliced "vars" \
	"states" "whole"
for d in $FE_DEPTHS; do
	spec=$OUT/deep$d.c
	sh extract/test/scale/gen_deep.sh "$d" 3 >"$spec"
	this=$(lower_ms "$LOCKSPIN" "$spec")
	locals=$(grep -c '^  local' "$OUT/ir")
	vars=$(grep -c '^var ' "$OUT/ir")
	base=-
	[ -n "${BENCH_BASE:-}" ] && base=$(lower_ms "$BENCH_BASE" "$spec")
	"$LOCKSPIN" --dump=sliced --variant ok "$spec" >"$OUT/sl" 2>/dev/null
	sliced=$(grep -c '^  local' "$OUT/sl")
	svars=$(grep -c '^var ' "$OUT/sl")
	st=$(states "$spec")
	whole=-
	[ "$d" -le "$FE_WHOLE_MAX" ] && whole=$(states "$spec" --no-slice)
	printf '   %-5s %6s %9s %9s %8s %7s %9s %11s %11s\n' "$d" "$(awk -v d="$d" 'BEGIN { print 3 ^ d }')" "$this" "$base" "$locals" "$sliced" \
		"$svars/$vars" "${st:--}" "${whole:--}"
done
echo "   (locals: the front end's, for both threads; sliced: left in the model; vars: modelled"
echo "   variables left / made; states: the ok variant's search, sliced; whole: --no-slice;"
echo "   fails: no verdict, e.g. pan's state vector over its VECTORSZ)"
