#!/bin/sh
# End to end: every spec checked (sanitized lockspin, the flags of `make
# check`), each variant's verdict as expected (read from its verdict.txt),
# every counterexample replayed on the real code and confirmed every time,
# a trace.svg beside every trace.txt, and results/ reproduced byte for byte.
# Leaves the check's output in $LS_SCRATCH for 080-differential.sh,
# 120-stress.sh and 140-ci-outputs.sh (lib.sh).
. "$(dirname "$0")/../lib.sh"
run_check
rc=$(cat "$LS_SCRATCH/check.rc")
res=$LS_SCRATCH/results
# every counterexample replayed on the real code, confirmed every time (the
# replay count is only on the console: verdict.txt has no replay line)
prev=
while read -r line; do
	case "$line" in
	"replayed on the real code: confirmed $REPLAY_RUNS/$REPLAY_RUNS") ok "replay $prev: confirmed $REPLAY_RUNS/$REPLAY_RUNS" ;;
	"replayed on the real code:"*) bad "replay $prev: ${line#replayed on the real code: }" ;;
	spec*) prev=$(echo "$line" | cut -d' ' -f1-2 | sed 's/:$//') ;;
	esac
done <"$LS_SCRATCH/check.out"
# each variant's verdict.txt: "verdict: V" and "expected: E (as expected)"
n=0
for spec in $(all_specs); do
	stem=${spec#spec/}
	stem=${stem%.c}
	for variant in $("$LOCKSPIN" --list "$spec" 2>/dev/null | cut -d' ' -f1); do
		n=$((n + 1))
		v=$res/$stem/$variant/verdict.txt
		if [ ! -f "$v" ]; then
			bad "check $spec $variant: no verdict.txt"
			continue
		fi
		got=$(sed -n 's/^verdict: //p' "$v")
		want=$(sed -n 's/^expected: \([^ ]*\).*/\1/p' "$v")
		if [ -n "$got" ] && [ "$got" = "$want" ] && grep -q '^expected: .* (as expected)$' "$v"; then
			ok "check $spec $variant: $got"
		else
			bad "check $spec $variant: ${got:-no verdict}, expected ${want:-nothing}"
		fi
	done
done
[ "$n" -gt 0 ] || bad "no variants listed"
[ "$rc" -eq 0 ] && ok "lockspin check exit 0" || { bad "lockspin check exit $rc"; tail -n 20 "$LS_SCRATCH/check.err"; }
for tr in "$res"/*/*/trace.txt "$res"/*/*/*/trace.txt; do
	[ -f "$tr" ] || continue
	d=$(dirname "$tr")
	[ -s "$d/trace.svg" ] && head -c 200 "$d/trace.svg" | grep -q '<svg\|<?xml' && ok "svg ${d#$res/}" ||
		bad "no trace.svg in ${d#$res/}"
done
if [ -d results ]; then
	if diff -r -x timings.tsv results "$res" >"$tmp/rdiff"; then
		ok "results/ reproduced byte for byte"
	else
		bad "results/ differ from a fresh run (run 'make check' and commit, or find the drift)"
		head -n 40 "$tmp/rdiff"
	fi
fi
finish
