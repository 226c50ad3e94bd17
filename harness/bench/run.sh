#!/bin/sh
# run.sh - `make bench`: build and run the runtime benchmarks, print one
# table.  Not a test: a missing tool skips its rows.  About 4 minutes, and
# section 5 (make check cold and warm) 3-5 more; section 4 is
# harness/bench/swarm.sh, its own variables are listed there; section 6 is
# harness/bench/search.sh (SEARCH_CHECK=0 skips its make check -j 1 / -j 2);
# section 7 (model sizes, philosophers up to 9 threads) about 2 more; section 8
# is harness/bench/frontend.sh (about a minute, its variables there).
#   sh harness/bench/run.sh            (from anywhere; all sections)
#   sh harness/bench/run.sh 1 5        (only sections 1 and 5)
# Environment: CC (default cc), ROUNDS (stress rounds per thread, 200000),
# GPC_SECONDS (per gpc run, 1), LB_ROUNDS and LB_PAIRS (section 1, one
# thread: 200 rounds of 100000 pairs), LB_CROUNDS, LB_CPAIRS and LB_THINK
# (section 1, contended: 200 short rounds of 2000 pairs per thread, 100 steps
# of work outside the lock between pairs), BENCH_CHECK (section 5,
# make check by phase: 1, or 0 to skip it; cold and warm at -j 2 and -j 1,
# about 2 minutes, and as long again per BENCH_BASE), BENCH_BASE (another
# lockspin binary, e.g. main's, timed in section 5 beside this one),
# MODELS_NMAX (section 7: philosophers 3..MODELS_NMAX, default 9; LIMIT
# seconds per search, 60).
cd "$(dirname "$0")/../.." || exit 2
CC=${CC:-cc}
ROUNDS=${ROUNDS:-200000}
GPC_SECONDS=${GPC_SECONDS:-1}
OUT=${TMPDIR:-/tmp}/lockspin-bench.$$
mkdir -p "$OUT" || exit 2
trap 'rm -rf "$OUT"' EXIT
RT="harness/runtime.c harness/validator.c harness/replay.c"
SECTIONS=" ${*:-1 2 3 4 5 6 7} "
want() { case $SECTIONS in *" $1 "*) return 0 ;; esac; return 1; }
have() { command -v "$1" >/dev/null 2>&1; }
ms() { echo $(($(date +%s%N) / 1000000)); }
line() { printf '%s\n' "-------------------------------------------------------------------------------"; }

printf 'lockspin bench: %s CPUs, %s\n' "$(nproc)" \
	"$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
printf 'compiler: %s\n' "$($CC --version | head -1)"
line

# ---- 1. lock+unlock pair, like for like ------------------------------------
# lockbench.c interleaves its cases (round-robin, many rounds: the load of
# this shared machine moves a median 2x between runs, so cases timed one
# after another are not comparable); min is the least disturbed round.
# Instructions: callgrind, the timed loop only, the empty loop subtracted:
# exact and independent of the load.
LB_ROUNDS=${LB_ROUNDS:-200} LB_PAIRS=${LB_PAIRS:-100000}
LB_CROUNDS=${LB_CROUNDS:-200} LB_CPAIRS=${LB_CPAIRS:-2000} LB_THINK=${LB_THINK:-100}
load() { cut -d' ' -f1-3 /proc/loadavg; }
if want 1; then
echo "1. lock+unlock pair: cases interleaved, $LB_ROUNDS rounds of $LB_PAIRS pairs each (ns per pair;"
echo "   +CAS: over the inline CAS lock in the same run; instr: per pair, callgrind)"
if $CC -std=c11 -O2 -Iharness harness/bench/lockbench.c $RT -lpthread -o "$OUT/lockbench"; then
	: >"$OUT/counts"
	if have valgrind; then
		for c in empty-loop cas pthread-spin pthread-mutex off ranks full off+1 full+1; do
			n=$(valgrind --tool=callgrind --collect-atstart=no --callgrind-out-file=/dev/null \
				"$OUT/lockbench" count $c 100000 2>&1 | sed -n 's/.*Collected : *\([0-9]*\).*/\1/p')
			[ -n "$n" ] && echo "$c $(awk -v n="$n" 'BEGIN { printf "%.1f", n / 100000 }')" >>"$OUT/counts"
		done
	fi
	[ -s "$OUT/counts" ] || echo "   (instructions: valgrind or valgrind/callgrind.h missing)"
	echo "   one thread, uncontended; load average before: $(load)"
	"$OUT/lockbench" uncontended "$LB_ROUNDS" "$LB_PAIRS" "$OUT/counts" | sed 's/^/   /'
	for n in 2 4; do
		echo "   $n threads on one lock, $LB_CROUNDS rounds of $LB_CPAIRS pairs per thread, each round started once"
		echo "   all are spinning at its start; between pairs $LB_THINK steps of work outside the lock, so that the"
		echo "   lock changes hands (ns per pair of all threads together: wall / pairs; handoffs: acquisitions"
		echo "   that took the lock from another thread; shared: rounds with >= 5% handoffs, the threads really"
		echo "   ran together, and the median ns and handoffs over those); load average before: $(load)"
		"$OUT/lockbench" contended $n "$LB_CROUNDS" "$LB_CPAIRS" "$LB_THINK" | sed 's/^/   /'
	done
	echo "   load average after: $(load)"
else
	echo "   skipped: lockbench does not build"
fi
line
fi

# ---- 2. seed bugs under each detector ---------------------------------------
# The same two programs, their scenario threads run one after the other
# (stress.c), each thread calling its function $ROUNDS times: an inversion
# every run, never a real deadlock.
if want 2; then
echo "2. seed bugs, $ROUNDS rounds per thread, threads run one after the other (stress.c)"
echo "   abba: spec/basics/abba.c -DBAD (ABBA inversion)"
echo "   rank: harness/bench/rank_bug.c (PoD lock rank 48, then p2m lock rank 16; no inversion)"
printf '   %-42s %-5s %9s  %s\n' "detector" "prog" "wall ms" "reported"
# row label prog cmd... : run, time, classify the output
row() {
	label=$1 prog=$2; shift 2
	t0=$(ms)
	timeout 120 "$@" >"$OUT/run.out" 2>&1
	rc=$?
	t1=$(ms)
	f=""
	grep -q "lockspin: potential-deadlock\|lockspin: deadlock" "$OUT/run.out" && f="$f ABBA inversion,"
	grep -q "lockspin: rank-violation" "$OUT/run.out" && f="$f rank violation,"
	grep -q "ThreadSanitizer: lock-order-inversion" "$OUT/run.out" && f="$f ABBA inversion (lock-order-inversion),"
	grep -q 'lock order ".*" violated' "$OUT/run.out" && f="$f ABBA inversion (lock order violated),"
	[ "$prog" = rank ] && ! grep -q "rank-violation" "$OUT/run.out" && f="$f rank violation not reported,"
	[ "$prog" = abba ] && [ -z "$f" ] && f=" ABBA inversion not reported,"
	[ $rc = 124 ] && f="$f timed out (120 s),"
	f=${f%,}
	printf '   %-42s %-5s %9d %s\n' "$label" "$prog" $((t1 - t0)) "$f"
}
PROGS="abba:spec/basics/abba.c rank:harness/bench/rank_bug.c"
for pp in $PROGS; do
	p=${pp%%:*} src=${pp#*:}
	$CC -std=c11 -O2 -Iharness -DBAD "$src" harness/bench/stress.c $RT -lpthread -o "$OUT/$p-ls" || continue
	$CC -std=c11 -D_GNU_SOURCE -O2 -DLS_SHIM -Iharness/bench/shim -DBAD "$src" harness/bench/stress.c \
		-lpthread -o "$OUT/$p-pt" || continue
	row "pthread locks, no detector" $p "$OUT/$p-pt" $ROUNDS
	if have clang; then
		if clang -std=c11 -D_GNU_SOURCE -O2 -g -fsanitize=thread -DLS_SHIM -Iharness/bench/shim -DBAD "$src" \
			harness/bench/stress.c -lpthread -o "$OUT/$p-tsan" 2>"$OUT/tsan.err"; then
			row "ThreadSanitizer (clang, pthread locks)" $p env TSAN_OPTIONS=exitcode=0 "$OUT/$p-tsan" $ROUNDS
		else
			printf '   %-42s %-5s %9s %s\n' "ThreadSanitizer" $p "-" "skipped: clang -fsanitize=thread fails"
		fi
	else
		printf '   %-42s %-5s %9s %s\n' "ThreadSanitizer" $p "-" "skipped: clang not installed"
	fi
	if have valgrind; then
		row "Helgrind (valgrind, pthread locks)" $p valgrind --tool=helgrind -q "$OUT/$p-pt" $ROUNDS
	else
		printf '   %-42s %-5s %9s %s\n' "Helgrind" $p "-" "skipped: valgrind not installed"
	fi
	for m in off ranks full; do
		row "lockspin runtime, validator $m" $p "$OUT/$p-ls" $ROUNDS $m
	done
	# the harness driver as a spec is really run: 100 forked runs with
	# seeded stress delays, threads concurrent (a real deadlock is reported)
	if $CC -std=c11 -O2 -Iharness -DBAD "$src" $RT harness/main.c -lpthread -o "$OUT/$p-drv"; then
		row "lockspin driver, 100 runs --seed 1, full" $p "$OUT/$p-drv" --iterations 100 --seed 1
	fi
done
echo "   (TSan and Helgrind know no lock ranks; on the lockspin runtime's own lock words"
echo "    they see no locks at all, so they get the same specs on pthread locks: shim/lockspin.h)"
line
fi

# ---- 3. gfn_to_pfn_cache readers under contention ------------------------------
if want 3; then
echo "3. KVM gfn_to_pfn_cache: 2 readers (read_lock, check valid, read khva) + 1 refresher,"
echo "   mapping 2 us of work under the design's locks, refresher sleeps 20 us between, ${GPC_SECONDS} s per run, median of 3 by reads/s (lockspin runtime)"
verdict() { # variant -> the spec's verdict (checked one if results/ has it)
	if [ -f "results/kvm_gpc_refresh/$1/verdict.txt" ]; then
		sed -n 's/^verdict: //p' "results/kvm_gpc_refresh/$1/verdict.txt" | head -1
	else
		sed -n "s/^LS_VARIANT($1, \"[^\"]*\", \"\([^\"]*\)\".*/\1 (expected)/p" spec/kvm_gpc_refresh.c
	fi
}
printf '   %-34s %-9s %12s %7s %11s  %s\n' "refresh design" "validator" "reads/s" "valid" "refreshes/s" "verdict (spec/kvm_gpc_refresh.c)"
if $CC -std=c11 -O2 -Iharness harness/bench/gpc_bench.c $RT -lpthread -o "$OUT/gpc"; then
	for d in drop hold; do
		case $d in
		drop) label="drops gpc->lock to map (v6.9)" var=refresh_lock_all ;;
		hold) label="holds write lock (Woodhouse)" var=no_lock_drop ;;
		esac
		v=$(verdict $var)
		for m in off full; do
			for k in 1 2 3; do "$OUT/gpc" $d $m "$GPC_SECONDS"; done >"$OUT/gpc.out"
			sort -n -k2 "$OUT/gpc.out" | sed -n 2p | awk -v label="$label" -v m=$m -v var=$var -v v="$v" \
				'{ printf "   %-34s %-9s %12.0f %6.1f%% %11.0f  %s: %s\n", label, m, $2 / $8, 100 * $4 / $2, $6 / $8, var, v }'
		done
	done
else
	echo "   skipped: gpc_bench does not build"
fi
line
fi

# ---- 4. past one machine's exhaustive limit -------------------------------------
# pan's multi-core searches beside one core, and check --mode auto (the swarm)
# on 10 and 11 philosophers: harness/bench/swarm.sh, which says what it runs.
if want 4; then
echo "4. past the exhaustive limit (harness/bench/swarm.sh)"
sh harness/bench/swarm.sh
line
fi

# ---- 5. make check, by phase ----------------------------------------------------
# make check's command (its specs in its order, --reuse, --replay-runs 100),
# cold (an empty --work: every pan and native program compiled, every
# model searched, every counterexample replayed) then warm (the same --work
# again: --reuse takes each verdict and replay whose key is unchanged), at
# -j 2 and at -j 1; and "searched": warm caches but without --reuse (every
# model searched and every counterexample replayed, only the builds
# cached), at -j 2.  With $LOCKSPIN_PHASES every program lockspin runs logs
# its phase, wall and CPU seconds (extract/proc.c; CPU from wait4: the
# program and its children).  The phase table is CPU seconds: at -j 2 two
# jobs' wall times overlap, so summed wall is not time spent, while CPU
# adds up.  "lockspin itself" is the pass's CPU (user + system of lockspin,
# its -j jobs and all they ran: the shell's `times` for the pass's
# children) less the programs' CPU, so it is lockspin's own, every job's.
# BENCH_BASE: a second lockspin, run the same way right after, so that both
# are measured under the same load.
if want 5 && [ "${BENCH_CHECK:-1}" != 0 ] && [ -x ./lockspin ]; then
	SPECS=$(for f in spec/basics/*.c spec/selftest/*.c spec/kernel/*.c spec/*.c; do [ -f "$f" ] && echo "$f"; done)
	echo "5. make check by phase: $(echo "$SPECS" | wc -l) specs (make check's), --replay-runs 100, cold then warm"
	echo "   load average before: $(load)"
	check_pass() { # lockspin tag jobs [--reuse]: one pass; phases into $OUT/ph.tag, wall ms into $OUT/wall.tag, CPU s into $OUT/cpu.tag
		rm -f "$OUT/ph.$2"
		t0=$(ms)
		(LOCKSPIN_PHASES=$OUT/ph.$2 "$1" check -j "$3" ${4:-} --quiet --replay-runs 100 --results "$OUT/res.${2%.*}" \
			--work "$OUT/work.${2%.*}" $SPECS >/dev/null 2>&1; times) >"$OUT/times.$2"
		echo $(($(ms) - t0)) >"$OUT/wall.$2"
		# times: the shell's user and system time, then its children's ("0m1.5s 0m0.2s")
		sed -n 2p "$OUT/times.$2" | awk '{ t = 0; for (i = 1; i <= 2; i++) { split($i, x, "m"); t += x[1] * 60 + x[2] }
			printf "%.2f\n", t }' >"$OUT/cpu.$2"
	}
	bins="this:./lockspin"
	[ -n "${BENCH_BASE:-}" ] && bins="$bins base:$BENCH_BASE"
	for b in $bins; do
		tag=${b%%:*} bin=${b#*:}
		# a base from before --reuse: its make check searched every time
		reuse=--reuse
		"$bin" check --help 2>&1 | grep -q -- --reuse || reuse=
		for j in 2 1; do
			rm -rf "$OUT/work.$tag-j$j"
			check_pass "$bin" "$tag-j$j.cold" $j $reuse
			check_pass "$bin" "$tag-j$j.warm" $j $reuse
		done
		check_pass "$bin" "$tag-j2.searched" 2
	done
	echo "   make check: wall and CPU seconds (user + system, lockspin and all it ran); searched: warm"
	echo "   caches, no --reuse (every model searched, every counterexample replayed)"
	printf '   %-8s %-5s %10s %10s %10s %10s %10s %10s\n' lockspin jobs "cold wall" "cold CPU" "warm wall" "warm CPU" \
		"srch wall" "srch CPU"
	for b in $bins; do
		tag=${b%%:*}
		for j in 2 1; do
			if [ $j = 2 ]; then
				sw=$(awk '{ printf "%.2f", $1 / 1000 }' "$OUT/wall.$tag-j2.searched") sc=$(cat "$OUT/cpu.$tag-j2.searched")
			else
				sw=- sc=-
			fi
			printf '   %-8s %-5s %10s %10s %10s %10s %10s %10s\n' "$tag" "-j $j" \
				"$(awk '{ printf "%.2f", $1 / 1000 }' "$OUT/wall.$tag-j$j.cold")" "$(cat "$OUT/cpu.$tag-j$j.cold")" \
				"$(awk '{ printf "%.2f", $1 / 1000 }' "$OUT/wall.$tag-j$j.warm")" "$(cat "$OUT/cpu.$tag-j$j.warm")" \
				"$sw" "$sc"
		done
	done
	echo "   by phase at -j 2: runs and CPU seconds (user + system of the program and its children)"
	# phase table: rows are phases, columns cold/warm/searched (runs, CPU s) per binary
	awk -v bins="$bins" -v dir="$OUT" '
	function label(p) {
		if (p == "native-build") return "cc of native programs (harness + replay)"
		if (p == "replay") return "replay runs (native program)"
		if (p == "native-run") return "native stress runs"
		if (p == "spin -t") return "spin -t trail decoding"
		if (p ~ /^\.\/pan/) return "pan searches"
		if (p == "cc") return "cc of pan.c (tcc, or cc -O0)"
		if (p == "spin -a") return "spin -a"
		return "other: " p
	}
	BEGIN {
		nb = split(bins, b, " ")
		nc = 0
		for (i = 1; i <= nb; i++) {
			split(b[i], tb, ":")
			for (w = 1; w <= 3; w++) {
				col = tb[1] "-j2." (w == 1 ? "cold" : w == 2 ? "warm" : "searched")
				cols[++nc] = col
				f = dir "/ph." col
				while ((getline line < f) > 0) {
					split(line, x, "\t")
					l = label(x[1])
					if (!(l in seen)) { seen[l] = 1; rows[++nr] = l }
					s[l, col] += x[3]; n[l, col]++; tot[col] += x[3]
				}
				close(f)
				getline cpu < (dir "/cpu." col); close(dir "/cpu." col)
				cpus[col] = cpu
				getline wall < (dir "/wall." col); close(dir "/wall." col)
				walls[col] = wall / 1000
			}
		}
		printf "   %-42s", "phase (CPU s)"
		for (c = 1; c <= nc; c++) printf " %17s", cols[c]
		printf "\n   %-42s", ""
		for (c = 1; c <= nc; c++) printf " %7s %9s", "runs", "s"
		printf "\n"
		for (r = 1; r <= nr; r++) {
			printf "   %-42s", rows[r]
			for (c = 1; c <= nc; c++) printf " %7d %9.2f", n[rows[r], cols[c]], s[rows[r], cols[c]]
			printf "\n"
		}
		printf "   %-42s", "lockspin itself (CPU - the above)"
		for (c = 1; c <= nc; c++) printf " %7s %9.2f", "", cpus[cols[c]] - tot[cols[c]]
		printf "\n   %-42s", "make check CPU"
		for (c = 1; c <= nc; c++) printf " %7s %9.2f", "", cpus[cols[c]]
		printf "\n   %-42s", "make check wall"
		for (c = 1; c <= nc; c++) printf " %7s %9.2f", "", walls[cols[c]]
		printf "\n"
	}' /dev/null
	for b in $bins; do
		tag=${b%%:*}
		diff -r -x timings.tsv "$OUT/res.$tag-j2" "$OUT/res.$tag-j1" >/dev/null &&
			echo "   results ($tag): -j 2 and -j 1 wrote the same bytes (timings.tsv aside)" ||
			echo "   results ($tag): -j 2 and -j 1 DIFFER (diff -r the two --results)"
	done
	if [ -n "${BENCH_BASE:-}" ]; then
		diff -r -x timings.tsv "$OUT/res.this-j2" "$OUT/res.base-j2" >/dev/null &&
			echo "   results: this and base wrote the same bytes (timings.tsv aside)" ||
			echo "   results: this and base differ (diff -r the two --results)"
	fi
	echo "   load average after: $(load)"
	line
fi

# ---- 6. the search around pan ---------------------------------------------------
# one bug in many interleavings against pan's own time, and make check
# -j 1 against -j 2: harness/bench/search.sh, which says what it runs.
if want 6; then
sh harness/bench/search.sh
fi

# ---- 7. model size against hand-minimal Promela ------------------------------
if want 7; then
echo "7. model size: states pan stores, lockspin's model against hand-minimal Promela (models.sh)"
sh harness/bench/models.sh "${MODELS_NMAX:-9}"
line
fi

# ---- 8. the front end on a deep call tree -----------------------------------------
# harness/bench/frontend.sh: lowering time, IR locals and states, sliced
# and whole; BENCH_BASE's lowering time beside this one.
if want 8 && [ -x ./lockspin ]; then
echo "8. the front end on a deep call tree (harness/bench/frontend.sh)"
sh harness/bench/frontend.sh
line
fi
