#!/bin/sh
# The front end scales and the slice keeps only the cone of influence, on
# the generated deep call tree (extract/test/scale/gen_deep.sh DEPTH 3):
# counts, not times.  The front end's locals grow with the inlined code
# (x3 per level: one copy per call path, each with its own locals) and
# nothing more; after the slice no bookkeeping local or state is left, and
# the verdicts are those of the whole model.
. "$(dirname "$0")/../lib.sh"
gen=extract/test/scale/gen_deep.sh
prev=
for d in 2 3 4 5; do
	sh $gen $d 3 >"$tmp/deep$d.c"
	"$LOCKSPIN" --dump=ir --variant ok "$tmp/deep$d.c" >"$tmp/ir$d" 2>"$tmp/err" || { bad "lower depth $d"; head -n 5 "$tmp/err"; }
	"$LOCKSPIN" --dump=sliced --variant ok "$tmp/deep$d.c" >"$tmp/sl$d" 2>"$tmp/err" || { bad "slice depth $d"; head -n 5 "$tmp/err"; }
	n=$(grep -c '^  local' "$tmp/ir$d")
	s=$(grep -c '^  local' "$tmp/sl$d")
	echo "depth $d: $n locals, $s after the slice"
	if [ -n "$prev" ]; then
		# linear in the inlined size: 3 times the copies, 3 times the locals
		[ $((n * 10)) -le $((prev * 31)) ] && ok "depth $d: $n locals, at most 3.1 x depth $((d - 1))'s $prev" ||
			bad "depth $d: $n locals grow faster than the inlined code ($prev at depth $((d - 1)))"
	fi
	prev=$n
	[ $((s * 5)) -le "$n" ] && ok "depth $d: the slice keeps $s of $n locals (at most a fifth)" ||
		bad "depth $d: the slice keeps $s of $n locals"
	grep -Eq '^  local %(pages|shift|flush|done)' "$tmp/sl$d" && bad "depth $d: a bookkeeping local is left" ||
		ok "depth $d: no bookkeeping local is left"
	grep -Eq '^var domain\.(dirty|last_order|hits) ' "$tmp/sl$d" && bad "depth $d: bookkeeping state is left" ||
		ok "depth $d: no bookkeeping state is left"
	grep -q '^var domain\.has_entries ' "$tmp/sl$d" && ok "depth $d: the state a lock decision reads is kept" ||
		bad "depth $d: has_entries was sliced"
done
"$LOCKSPIN" --explain --variant ok "$tmp/deep3.c" >"$tmp/explain" 2>&1
grep -Eq "deep3\.c:[0-9]+:[0-9]+: note: write to 'domain\.dirty' not modelled: .*\(sliced\)" "$tmp/explain" &&
	grep -q "note: 'domain.hits' not modelled" "$tmp/explain" && ok "--explain lists the sliced writes and state" ||
	{ bad "--explain lists what was sliced"; head -n 5 "$tmp/explain"; }
# the verdicts, sliced and whole
for mode in "" --no-slice; do
	"$LOCKSPIN" check --quiet $mode --results "$tmp/r$mode" "$tmp/deep2.c" >"$tmp/out" 2>&1 &&
		grep -q 'ok: ok' "$tmp/out" && grep -q 'bad: deadlock' "$tmp/out" &&
		ok "check ${mode:-(sliced)}: ok and deadlock as expected" ||
		{ bad "check ${mode:-(sliced)}"; tail -n 5 "$tmp/out"; }
done
# a state vector past pan's default VECTORSZ (1024 bytes): pan aborts and
# names the size it needs; lockspin rebuilds pan with it, never a "fatal"
cp extract/test/scale/big_vector.c "$tmp/big.c"
for run in cold warm; do
	"$LOCKSPIN" check --quiet --results "$tmp/rbig" --work "$tmp/wbig" "$tmp/big.c" >"$tmp/out" 2>&1 &&
		grep -q 'ok: ok' "$tmp/out" && grep -q '^[0-9]' "$tmp/wbig/big/ok/vectorsz" &&
		ok "a 1.3 KB state vector ($run): pan rebuilt with the VECTORSZ it asked for, ok" ||
		{ bad "a state vector past VECTORSZ ($run)"; tail -n 3 "$tmp/out"; }
done
finish
