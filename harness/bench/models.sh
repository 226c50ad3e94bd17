#!/bin/sh
# models.sh - model size: states pan stores for a lockspin-extracted model
# against a hand-minimal Promela model of the same scenario, both searched
# the same way in one run (the search lockspin's check runs first:
# cc -O0 -DSAFETY -DBFS, pan -m1000000; a bad variant's search stops at its
# first error, as lockspin's does).  Called by run.sh (`make bench`, section 6);
# alone: sh harness/bench/models.sh [NMAX] (philosophers 3..NMAX, default 9).
# Pairs: ../shared/bench/NAME.c / NAME.pml (hand flag = the variant's
# defines), spec/scale/philosophers.c / harness/bench/philosophers.pml.
# A search that takes more than LIMIT seconds (default 60) stops that
# philosopher column, and the table says so.
cd "$(dirname "$0")/../.." || exit 2
LIMIT=${LIMIT:-60}
NMAX=${1:-9}
LOCKSPIN=${LOCKSPIN:-./lockspin}
SHARED=${SHARED:-../shared/bench}
OUT=${TMPDIR:-/tmp}/lockspin-models.$$
mkdir -p "$OUT" || exit 2
trap 'rm -rf "$OUT"' EXIT
[ -x "$LOCKSPIN" ] || { echo "   skipped: $LOCKSPIN not built (make lockspin)"; exit 0; }
command -v spin >/dev/null 2>&1 || { echo "   skipped: spin not installed"; exit 0; }

# search DIR MODEL [spin -D flags...] -> "states errors seconds" (or "- - >LIMIT")
search() {
	d=$1 m=$2; shift 2
	mkdir -p "$d" && cp "$m" "$d/model.pml" || return 1
	(cd "$d" && spin -a "$@" model.pml >spin.out 2>&1 &&
		cc -O0 -w -DSAFETY -DBFS -DMEMLIM=4096 -o pan pan.c) || { echo "- - build-failed"; return; }
	t0=$(date +%s%N)
	(cd "$d" && timeout "$LIMIT" ./pan -m1000000 >pan.out 2>&1)
	rc=$?
	t1=$(date +%s%N)
	if [ $rc = 124 ]; then echo "- - >$LIMIT"; return; fi
	s=$(sed -n 's/^ *\([0-9.e+]*\) states, stored.*/\1/p' "$d/pan.out" | head -1)
	e=$(sed -n 's/.*errors: \([0-9]*\).*/\1/p' "$d/pan.out" | head -1)
	grep -q "max search depth too small\|out of memory" "$d/pan.out" && e="$e(incomplete)"
	echo "${s:--} ${e:--} $(awk -v n=$((t1 - t0)) 'BEGIN { printf "%.2f", n / 1e9 }')"
}
# row LABEL HAND_RESULT EXTRACTED_RESULT
row() {
	set -- "$1" $2 $3
	awk -v l="$1" -v hs="$2" -v he="$3" -v ht="$4" -v xs="$5" -v xe="$6" -v xt="$7" 'BEGIN {
		r = (hs + 0 > 0 && xs + 0 > 0) ? sprintf("%.2f", xs / hs) : "-"
		printf "   %-22s %10s %4s %7s  %10s %4s %7s  %6s\n", l, hs, he, ht, xs, xe, xt, r }'
}
header() {
	printf '   %-22s %10s %4s %7s  %10s %4s %7s  %6s\n' "$1" "hand" "err" "s" "extracted" "err" "s" "ratio"
}

echo "   states stored, hand-minimal Promela against lockspin's model (cc -O0 -DSAFETY -DBFS;"
echo "   err: pan's error count, 1 for a bad variant's first error; ratio: extracted / hand)"
header "pair variant"
for c in "$SHARED"/*.c; do
	[ -f "${c%.c}.pml" ] || continue
	name=$(basename "${c%.c}")
	sed -n 's/^LS_VARIANT(\([a-z_0-9]*\), "\([^"]*\)".*/\1 \2/p' "$c" >"$OUT/variants"
	while read -r v defs; do
		hflags=""
		for f in $defs; do hflags="$hflags -D$f"; done
		"$LOCKSPIN" --dump=pml "$c" --variant "$v" >"$OUT/$name-$v.pml" 2>"$OUT/err" ||
			{ echo "   $name $v: lockspin failed: $(head -1 "$OUT/err")"; continue; }
		# shellcheck disable=SC2086
		h=$(search "$OUT/h-$name-$v" "${c%.c}.pml" $hflags)
		x=$(search "$OUT/x-$name-$v" "$OUT/$name-$v.pml")
		row "$name $v" "$h" "$x"
	done <"$OUT/variants"
done
echo
echo "   N dining philosophers, spec/scale/philosophers.c -DN=n against harness/bench/philosophers.pml"
header "philosophers variant"
for v in bad ok; do
	case $v in bad) hflag="" ;; ok) hflag="-DOK" ;; esac
	n=3
	while [ $n -le "$NMAX" ]; do
		"$LOCKSPIN" --dump=pml -DN=$n spec/scale/philosophers.c --variant $v >"$OUT/ph.pml" 2>"$OUT/err" ||
			{ echo "   N=$n $v: lockspin failed: $(head -1 "$OUT/err")"; break; }
		# shellcheck disable=SC2086
		h=$(search "$OUT/h-ph-$v-$n" harness/bench/philosophers.pml -DN=$n $hflag)
		x=$(search "$OUT/x-ph-$v-$n" "$OUT/ph.pml")
		row "N=$n $v" "$h" "$x"
		rm -rf "$OUT/h-ph-$v-$n" "$OUT/x-ph-$v-$n"
		case "$h $x" in *">$LIMIT"*)
			echo "   (N > $n $v not run: a search above took more than $LIMIT s)"; break ;;
		esac
		n=$((n + 1))
	done
done
