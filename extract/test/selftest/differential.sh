#!/bin/sh
# extract/test/selftest/differential.sh CHECK.OUT - the model against the real code.
#
# CHECK.OUT is the output of `lockspin check --replay-runs N` over all specs
# (run.sh's end-to-end check: reused, not checked twice).  For every variant:
#   - verdict ok: the native build, stressed with seeded delays
#     (`lockspin run --iterations $DIFF_ITERATIONS --seed 1`), must find no
#     problem and take no lock order the model lacks (conformance);
#   - a violation: its replay on the real code must have confirmed it in every
#     run (the "replayed on the real code" line check printed under it).
# A disagreement names both sides: spec, variant, the model's verdict and what
# the native run did.  Stress runs go two at a time (DIFF_JOBS).
# Prints ok/FAIL lines and "N passed, N failed".
set -u
cd "$(dirname "$0")/../../.." || exit 2
LOCKSPIN=${LOCKSPIN:-build/lockspin-asan}
ITER=${DIFF_ITERATIONS:-1000}
JOBS=${DIFF_JOBS:-2}
in=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok - $*"; }
bad() { fail=$((fail + 1)); echo "FAIL - $*"; }

# "spec variant verdict" per variant, and the replay line of each violation
: >"$tmp/variants"
spec= variant= verdict=
flush() {
	[ -n "$spec" ] && echo "$spec $variant $verdict ${replay:-none}" >>"$tmp/variants"
	spec=
}
replay=
while IFS= read -r line; do
	case "$line" in
	"  replayed on the real code: "*) replay=$(echo "${line#  replayed on the real code: }" | tr ' ' '_') ;;
	"  "*) ;;
	spec/*": warning: "*) ;;
	spec/*)
		flush
		replay=
		spec=${line%% *}
		rest=${line#* }
		variant=${rest%%:*}
		rest=${rest#*: }
		verdict=${rest%%[: ]*}
		;;
	esac
done <"$in"
flush
n=$(wc -l <"$tmp/variants")
[ "$n" -gt 0 ] || { bad "no variants in $in"; echo "$pass passed, $fail failed"; exit 1; }

# one stress run: writes "ok|FAIL line" to $tmp/out.<spec>.<variant>
cat >"$tmp/stress.sh" <<'EOS'
spec=$1 variant=$2 tmp=$3 iter=$4
out="$tmp/run.$(echo "$spec.$variant" | tr '/' '_')"
timeout 300 "$LOCKSPIN" run "$spec" --variant "$variant" --iterations "$iter" --seed 1 --timeout 20 \
	--work "$tmp/work.$(echo "$spec.$variant" | tr '/' '_')" --quiet >"$out" 2>&1
echo "$?" >"$out.rc"
EOS
export LOCKSPIN
# a potential deadlock has no trail to replay (it is a cycle in the order
# graph of all executions): the native run's own class graph must find it
awk '$3 == "ok" || ($3 == "potential-deadlock" && $4 == "none") { print $1, $2 }' "$tmp/variants" |
	xargs -P "$JOBS" -n 2 sh -c 'sh "$0" "$3" "$4" "$1" "$2"' "$tmp/stress.sh" "$tmp" "$ITER" 2>/dev/null
while read -r spec variant verdict replay; do
	key=$(echo "$spec.$variant" | tr '/' '_')
	if [ "$verdict" = ok ]; then
		out="$tmp/run.$key"
		rc=$(cat "$out.rc" 2>/dev/null || echo none)
		if [ "$rc" = 0 ] && grep -q "^stress: no problem in $ITER iterations" "$out"; then
			ok "differential $spec $variant: model ok, native stress clean in $ITER iterations"
		else
			what=$(grep -E '^(stress|conformance|replay):|error' "$out" 2>/dev/null | grep -v ' 0 missing from the model' | head -n 3 | tr '\n' ';')
			bad "differential $spec $variant: model ok, native stress (exit $rc): ${what:-no result}"
		fi
	elif [ "$verdict" = potential-deadlock ] && [ "$replay" = none ]; then
		out="$tmp/run.$key"
		rc=$(cat "$out.rc" 2>/dev/null || echo none)
		line=$(grep -E '^stress: potential-deadlock' "$out" 2>/dev/null | head -n 1)
		if [ "$rc" = 1 ] && [ -n "$line" ]; then
			ok "differential $spec $variant: model potential-deadlock, native ${line#stress: }"
		else
			what=$(grep -E '^(stress|conformance):|error' "$out" 2>/dev/null | head -n 3 | tr '\n' ';')
			bad "differential $spec $variant: model potential-deadlock, native stress (exit $rc) did not find it: ${what:-no result}"
		fi
	elif [ "$verdict" = inconclusive ]; then
		bad "differential $spec $variant: model inconclusive, nothing to compare"
	else
		case "$replay" in
		confirmed_*)
			a=$(echo "$replay" | sed -E 's/confirmed_([0-9]+)\/([0-9]+)/\1 \2/')
			set -- $a
			if [ "$1" = "$2" ]; then
				ok "differential $spec $variant: model $verdict, native replay confirmed $1/$2"
			else
				bad "differential $spec $variant: model $verdict, native replay confirmed only $1/$2"
			fi
			;;
		*) bad "differential $spec $variant: model $verdict, native replay: $(echo "$replay" | tr '_' ' ')" ;;
		esac
	fi
done <"$tmp/variants"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
