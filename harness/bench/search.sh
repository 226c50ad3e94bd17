#!/bin/sh
# search.sh - `make bench`, the search around pan (run.sh calls it; it runs
# alone too: sh harness/bench/search.sh).  Prints figures, tests nothing.
#   1. a spec with thousands of erroneous interleavings (spec/scale/
#      error_heavy.c): lockspin's check of each variant against pan's own
#      time for the searches it runs, and against replaying every trail
#   2. make check's specs, warm caches but without --reuse (every model
#      searched, every counterexample replayed): -j 1 against -j 2
# Environment: REPLAY_RUNS (section 2's --replay-runs, default 100, as make
# check), SEARCH_CHECK=0 skips section 2 (about 3 minutes on 2 cores).
cd "$(dirname "$0")/../.." || exit 2
LOCKSPIN=${LOCKSPIN:-./lockspin}
REPLAY_RUNS=${REPLAY_RUNS:-100}
OUT=${TMPDIR:-/tmp}/lockspin-search-bench.$$
mkdir -p "$OUT" || exit 2
trap 'rm -rf "$OUT"' EXIT
line() { printf '%s\n' "-------------------------------------------------------------------------------"; }
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1fx", a / b; else print "-" }'; }
[ -x "$LOCKSPIN" ] || { echo "search: skipped: no $LOCKSPIN (make lockspin)"; exit 0; }

# ---- 1. errors: cost grows with the interleavings ------------------------------
spec=spec/scale/error_heavy.c
work=$OUT/work
echo "search 1. one bug reached in many interleavings ($spec, warm: pan built; seconds)"
printf '   %-14s %-14s %9s %7s %9s %8s %8s %9s %8s\n' variant verdict errors distinct lockspin pan ratio \
	every-trail ratio
for v in $("$LOCKSPIN" --list "$spec" | cut -d' ' -f1); do
	"$LOCKSPIN" check --quiet --variant "$v" --results "$OUT/r" --work "$work" "$spec" >/dev/null 2>&1
	t0=$(now)
	"$LOCKSPIN" check --quiet --variant "$v" --results "$OUT/r" --work "$work" "$spec" >/dev/null 2>&1
	t1=$(now)
	vt=$OUT/r/scale/error_heavy/$v/verdict.txt
	verdict=$(sed -n 's/^verdict: //p' "$vt")
	errors=$(sed -n 's/^errors: \([0-9]*\) .*/\1/p' "$vt")
	distinct=$(sed -n 's/^errors: .*, \([0-9]*\) distinct.*/\1/p' "$vt")
	# pan's own time: the searches lockspin runs, run here directly (the
	# safety search; for a violation pan -e up to 256 trails, and without
	# -e to the end when it stopped there)
	d=$work/scale/error_heavy/$v
	p0=$(now)
	(cd "$d" && ./pan -m1000000 >/dev/null 2>&1
	 if [ -n "$errors" ]; then
		./pan -m1000000 -e -c256 >/dev/null 2>&1
		[ "$errors" -ge 256 ] && ./pan -m1000000 -c0 >/dev/null 2>&1
	 fi
	 rm -f model.pml*.trail)
	p1=$(now)
	# replaying every trail pan -e wrote, one spin -t each (up to 256)
	e0=$(now)
	LOCKSPIN_REPLAY_EVERY_TRAIL=1 "$LOCKSPIN" check --quiet --variant "$v" --results "$OUT/e" --work "$work" \
		"$spec" >/dev/null 2>&1
	e1=$(now)
	ls=$(secs "$t0" "$t1") pan=$(secs "$p0" "$p1") every=$(secs "$e0" "$e1")
	printf '   %-14s %-14s %9s %7s %9s %8s %8s %9s %8s\n' "$v" "$verdict" "${errors:--}" "${distinct:--}" "$ls" \
		"$pan" "$(ratio "$ls" "$pan")" "$every" "$(ratio "$every" "$pan")"
done
# what pan -e without a cap writes: one trail per error
v=double_unlock d=$work/scale/error_heavy/$v
if [ -x "$d/pan" ]; then
	a0=$(now)
	(cd "$d" && ./pan -m1000000 -e -c0 >/dev/null 2>&1)
	a1=$(now)
	n=$(ls "$d" | grep -c 'pml[0-9]*\.trail')
	kb=$(du -sk "$d" | cut -f1)
	find "$d" -name "model.pml*.trail" -delete
	echo "   uncapped pan -e -c0 on $v: $n trail files, $(secs "$a0" "$a1") s (work folder ${kb} KB with them)"
fi
line

# ---- 2. make check, serial against -j 2 ---------------------------------------------
if [ "${SEARCH_CHECK:-1}" = 0 ]; then
	echo "search 2. make check -j 1 against -j 2: skipped (SEARCH_CHECK=0)"
	exit 0
fi
specs=$(for f in spec/basics/*.c spec/selftest/*.c spec/kernel/*.c spec/*.c; do [ -f "$f" ] && echo "$f"; done)
check() { # JOBS: seconds of make check's command with -j JOBS, into $OUT/c
	c0=$(now)
	"$LOCKSPIN" check -j "$1" --quiet --replay-runs "$REPLAY_RUNS" --results "$OUT/c$1" --work build/pan $specs \
		>"$OUT/c$1.out" 2>&1
	c1=$(now)
	secs "$c0" "$c1"
}
echo "search 2. make check's specs (--replay-runs $REPLAY_RUNS, work build/pan), warm builds, no --reuse: every"
echo "   model searched and every counterexample replayed, wall seconds"
check 2 >/dev/null # warm-up: every pan and native build cached
s1=$(check 1)
s2=$(check 2)
same=$(diff -r -x timings.tsv "$OUT/c1" "$OUT/c2" >/dev/null && echo "results identical" || echo "RESULTS DIFFER")
printf '   -j 1 %8s   -j 2 %8s   speed-up %s   (%s; load average %s)\n' "$s1" "$s2" "$(ratio "$s1" "$s2")" "$same" \
	"$(cut -d' ' -f1-3 /proc/loadavg)"
line
