#!/bin/sh
# swarm.sh - `make bench`, past one machine's exhaustive limit (run.sh calls
# it; it runs alone too: sh harness/bench/swarm.sh).  Not a test: figures.
#   A. pan's own multi-core searches beside one core, on the same model, the
#      cases interleaved (SW_ROUNDS rounds, the least disturbed kept): what
#      -DNCORE=2 and -DBFS_PAR buy on this machine, and so what lockspin
#      check uses (extract/swarm.c says why it stays on one core).
#   B. lockspin check --mode auto on SW_N philosophers (spec/scale/): the
#      exhaustive search runs out of SW_MEMORY MB or SW_TIMEOUT s, the swarm
#      takes over; the deadlock of the bad variant is found and replayed on
#      the real code, the ok variant gets no-violation-found with its hash
#      factor and coverage estimate, never ok.
# Environment: LOCKSPIN (default ./lockspin), SW_MC_N (philosophers for A,
# default 8), SW_MC_LIMIT (seconds a case of A may take, 60), SW_ROUNDS (2),
# SW_N ("10 11"), SW_MEMORY (512), SW_TIMEOUT (20: each of the exhaustive
# search and the swarm), SW_JOBS (swarm searches, default lockspin's).
# About 3 minutes on 2 CPUs.
cd "$(dirname "$0")/../.." || exit 2
LS=${LOCKSPIN:-./lockspin}
SW_MC_N=${SW_MC_N:-8}
SW_MC_LIMIT=${SW_MC_LIMIT:-60}
SW_ROUNDS=${SW_ROUNDS:-2}
SW_N=${SW_N:-10 11}
SW_MEMORY=${SW_MEMORY:-512}
SW_TIMEOUT=${SW_TIMEOUT:-20}
SPEC=spec/scale/philosophers.c
OUT=${TMPDIR:-/tmp}/lockspin-swarm.$$
mkdir -p "$OUT" || exit 2
trap 'rm -rf "$OUT"' EXIT
ms() { echo $(($(date +%s%N) / 1000000)); }
if [ ! -x "$LS" ] || [ ! -f "$SPEC" ] || ! command -v spin >/dev/null; then
	echo "   skipped: needs $LS, $SPEC and spin"; exit 0
fi

# ---- A. multi-core exhaustive search ----------------------------------------
echo "A. exhaustive search, one core against pan's multi-core searches: $SW_MC_N philosophers, ok"
echo "   variant (no violation: the whole state space), cc -O0 as check, $SW_ROUNDS rounds interleaved, min wall"
echo "   time; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
"$LS" --dump=pml -DN="$SW_MC_N" --variant ok "$SPEC" >"$OUT/model.pml" 2>/dev/null &&
	(cd "$OUT" && spin -a model.pml >/dev/null) || { echo "   skipped: no model"; exit 0; }
CASES="dfs bfs ncore2 bfspar"
flags() {
	case $1 in
	dfs) echo "-DSAFETY" ;;
	bfs) echo "-DSAFETY -DBFS" ;;
	ncore2) echo "-DSAFETY -DNCORE=2" ;;
	bfspar) echo "-DSAFETY -DBFS_PAR" ;;
	esac
}
what() {
	case $1 in
	dfs) echo "DFS, 1 core" ;;
	bfs) echo "BFS, 1 core (check's search)" ;;
	ncore2) echo "DFS, -DNCORE=2 (2 cores)" ;;
	bfspar) echo "BFS, -DBFS_PAR (2 cores)" ;;
	esac
}
for c in $CASES; do
	(cd "$OUT" && cc -O0 -w $(flags "$c") -DMEMLIM=4096 -o "pan_$c" pan.c) >"$OUT/cc_$c" 2>&1 || echo "   $c: does not build"
done
r=1
while [ "$r" -le "$SW_ROUNDS" ]; do
	for c in $CASES; do
		[ -x "$OUT/pan_$c" ] || continue
		t0=$(ms)
		(cd "$OUT" && timeout -s INT "$SW_MC_LIMIT" "./pan_$c" -m1000000 >"out_$c" 2>&1)
		t=$(($(ms) - t0))
		best=$(cat "$OUT/ms_$c" 2>/dev/null || echo "")
		if [ -z "$best" ] || [ "$t" -lt "$best" ]; then echo "$t" >"$OUT/ms_$c"; fi
	done
	r=$((r + 1))
done
printf '   %-30s %12s %9s %9s %10s\n' search states finished "min s" "vs 1 core"
base_dfs=$(cat "$OUT/ms_dfs" 2>/dev/null)
base_bfs=$(cat "$OUT/ms_bfs" 2>/dev/null)
for c in $CASES; do
	[ -f "$OUT/ms_$c" ] || continue
	st=$(sed -n 's/^ *\([0-9.e+]*\) states, stored.*/\1/p' "$OUT/out_$c" | head -1)
	fin=no
	grep -q "errors: 0" "$OUT/out_$c" && ! grep -q "Interrupted" "$OUT/out_$c" && fin=yes
	t=$(cat "$OUT/ms_$c")
	case $c in dfs | ncore2) b=$base_dfs ;; *) b=$base_bfs ;; esac
	printf '   %-30s %12s %9s %9s %10s\n' "$(what "$c")" "${st:-?}" "$fin" \
		"$(awk -v t="$t" 'BEGIN { printf "%.2f", t / 1000 }')" \
		"$(awk -v t="$t" -v b="$b" 'BEGIN { printf "%.2fx", b / t }')"
	echo "$c $t $fin" >>"$OUT/summary"
done
win=$(awk '$3 == "yes" && (best == "" || $2 < best) { best = $2; c = $1 } END { print c }' "$OUT/summary")
echo "   fastest finished search here: $(what "$win"); NCORE=2 over 1-core DFS and BFS_PAR over"
echo "   1-core BFS are the 'vs 1 core' column (below 1x: slower).  check stays on one core"
echo "   (extract/swarm.c); -DNCORE also loses partial order reduction: compare the states."

# ---- B. --mode auto past the exhaustive limit ------------------------------------
echo
echo "B. check --mode auto --memory $SW_MEMORY --timeout $SW_TIMEOUT --replay on N philosophers"
echo "   (exhaustive first, then the swarm; s: wall time of lockspin's whole run of the variant,"
echo "   states: of the search that found the deadlock, else of the largest search)"
printf '   %-3s %-4s %-42s %-19s %10s %8s %9s %6s %4s\n' N var "exhaustive search" verdict states "hash f." coverage s exit
for n in $SW_N; do
	for v in bad ok; do
		t0=$(ms)
		"$LS" check --quiet --mode auto --memory "$SW_MEMORY" --timeout "$SW_TIMEOUT" ${SW_JOBS:+--swarm-jobs "$SW_JOBS"} \
			--replay --variant "$v" --results "$OUT/r$n$v" --work "$OUT/w$n" -DN="$n" "$SPEC" \
			>"$OUT/check$n$v.out" 2>"$OUT/check$n$v.err"
		rc=$?
		t=$(($(ms) - t0))
		vt=$OUT/r$n$v/scale/philosophers/$v/verdict.txt
		[ -f "$vt" ] || { echo "   $n $v: no result (exit $rc)"; tail -n 3 "$OUT/check$n$v.err" | sed 's/^/     /'; continue; }
		f() { sed -n "s/^$1: //p" "$vt" | head -1; }
		search=$(f search)
		ex="finished"
		case $search in
		*"stopped ("*) ex=$(echo "$search" | sed 's/.*stopped (\(.*\))$/stopped: \1/')
			st=$(f detail | sed -n 's/^the exhaustive search stopped ([^)]*) after \([0-9]*\) states.*/\1/p')
			[ -n "$st" ] && [ "$st" != 0 ] && ex="$ex at $st states" ;;
		esac
		printf '   %-3s %-4s %-42s %-19s %10s %8s %9s %6s %4s\n' "$n" "$v" "$ex" "$(f verdict)" "$(f states)" \
			"$(f 'hash factor')" "$(f 'coverage estimate' | sed 's/ %//')" \
			"$(awk -v t="$t" 'BEGIN { printf "%.1f", t / 1000 }')" "$rc"
		grep -h "replayed on the real code" "$OUT/check$n$v.out" | sed "s/^ */       replay: /"
	done
done
echo "   no-violation-found is never ok: a bitstate search may skip a state it takes for a seen one;"
echo "   coverage estimate = 1 - (1 - e^(-3/hash factor))^3 for the searches' smallest hash factor"
