#!/bin/sh
# check --reuse (what make check runs): a warm check searches nothing and
# replays nothing yet writes the files of the cold one; every key that no
# longer matches is searched or replayed again and gives the new result:
# an edited spec, other search options, another lockspin binary, another
# replay program; and a replay that did not confirm every run is never
# kept.
. "$(dirname "$0")/../lib.sh"
mkdir -p "$tmp/spec"
cp spec/basics/abba.c "$tmp/spec/abba.c"
L=$LOCKSPIN
phase() { grep -c "^$1	" "$tmp/phases" 2>/dev/null || true; }
check() { # NAME ARGS...: results in $tmp/NAME, output in NAME.out, phases in $tmp/phases
	name=$1; shift
	rm -f "$tmp/phases"
	LOCKSPIN_PHASES=$tmp/phases "$L" check --reuse --replay-runs 3 --results "$tmp/$name" --work "$tmp/w" \
		"$@" "$tmp/spec/abba.c" >"$tmp/$name.out" 2>&1
	echo $? >"$tmp/$name.rc"
}
searched() { echo "pan $(phase ./pan), spin -t $(phase 'spin -t'), replay $(phase replay)"; }
verdict() { sed -n 's/^verdict: *//p' "$tmp/$1/abba/$2/verdict.txt" | head -n 1; }

check cold -j 2
s=$(searched)
[ "$(cat "$tmp/cold.rc")" = 0 ] && [ "$(phase ./pan)" -gt 0 ] && [ "$(phase replay)" = 1 ] &&
	grep -q "confirmed 3/3" "$tmp/cold.out" &&
	grep -q -- "--reuse: 0 verdicts and 0 of 1 replays from the cache" "$tmp/cold.out" &&
	ok "cold: both variants searched, the counterexample replayed 3/3 ($s)" ||
	{ bad "cold ($s)"; cat "$tmp/cold.out"; }

check warm -j 2
s=$(searched)
[ "$(cat "$tmp/warm.rc")" = 0 ] && [ "$s" = "pan 0, spin -t 0, replay 0" ] && grep -q "confirmed 3/3" "$tmp/warm.out" &&
	grep -q -- "--reuse: 2 verdicts and 1 of 1 replays from the cache" "$tmp/warm.out" &&
	ok "warm: nothing searched, nothing replayed, still confirmed 3/3" || { bad "warm ($s)"; cat "$tmp/warm.out"; }
diff -r -x timings.tsv "$tmp/cold" "$tmp/warm" >"$tmp/d" && ok "warm: the files of the cold check, byte for byte" ||
	{ bad "warm results differ from cold"; head -n 20 "$tmp/d"; }
check warm1 -j 1
diff -r -x timings.tsv "$tmp/cold" "$tmp/warm1" >"$tmp/d" && [ "$(searched)" = "pan 0, spin -t 0, replay 0" ] &&
	ok "warm -j 1: the same files" || { bad "warm -j 1"; head -n 20 "$tmp/d"; }
grep -q "reused" "$tmp/warm/SUMMARY.md" && bad "SUMMARY.md names reused verdicts without --changed" ||
	ok "SUMMARY.md does not say what --reuse reused"

# the spec: the bad variant made the ok one is searched again and is ok
sed 's/^#ifdef BAD$/#ifdef BAD_NEVER/' spec/basics/abba.c >"$tmp/spec/abba.c"
check edited -j 2
s=$(searched)
[ "$(verdict edited bad)" = ok ] && [ "$(verdict edited ok)" = ok ] && [ "$(phase ./pan)" -gt 0 ] &&
	[ "$(phase replay)" = 0 ] && [ "$(cat "$tmp/edited.rc")" = 1 ] &&
	grep -q -- "--reuse: 1 verdict and 0 of 0 replays" "$tmp/edited.out" &&
	ok "an edited spec: its changed variant searched again, now ok (differs), the other reused ($s)" ||
	{ bad "edited spec: bad is '$(verdict edited bad)' ($s)"; cat "$tmp/edited.out"; }
cp spec/basics/abba.c "$tmp/spec/abba.c"

# the search options: a depth bound the deadlock lies past
check shallow -j 2 --max-depth 3
s=$(searched)
[ "$(verdict shallow bad)" = inconclusive ] && [ "$(phase ./pan)" -gt 0 ] &&
	ok "--max-depth 3: searched again, inconclusive, not the cached deadlock ($s)" ||
	{ bad "--max-depth 3: bad is '$(verdict shallow bad)' ($s)"; cat "$tmp/shallow.out"; }

# another lockspin binary (the same one with a byte more): nothing reused
cp "$LOCKSPIN" "$tmp/lockspin2" && printf 'x' >>"$tmp/lockspin2"
L=$tmp/lockspin2
check other -j 2
s=$(searched)
L=$LOCKSPIN
[ "$(phase ./pan)" -gt 0 ] && [ "$(phase replay)" = 1 ] && grep -q "confirmed 3/3" "$tmp/other.out" &&
	diff -r -x timings.tsv "$tmp/cold" "$tmp/other" >"$tmp/d" &&
	ok "another lockspin binary: searched and replayed again, the same files ($s)" ||
	{ bad "another lockspin binary ($s)"; cat "$tmp/other.out"; head "$tmp/d"; }

# another replay program (its inputs unchanged, so not rebuilt): replayed
# again, and its result is what counts; one that did not confirm every run
# is run again next time
prog=$tmp/w/native/abba/bad/prog-replay
[ -x "$prog" ] && cp "$prog" "$tmp/prog.orig" || bad "no replay program at $prog"
printf '#!/bin/sh\necho "replay: 0 of 3 runs confirmed"\nexit 1\n' >"$prog"
check fake -j 2
s=$(searched)
[ "$(phase replay)" = 1 ] && [ "$(phase ./pan)" = 0 ] && grep -q "NOT confirmed 0/3" "$tmp/fake.out" &&
	grep -q "not confirmed\*\* 0/3" "$tmp/fake/SUMMARY.md" &&
	ok "another replay program: replayed again, NOT confirmed 0/3 as it says ($s)" ||
	{ bad "a changed replay program reused the old confirmation ($s)"; cat "$tmp/fake.out"; }
check fake2 -j 2
[ "$(phase replay)" = 1 ] && grep -q "NOT confirmed 0/3" "$tmp/fake2.out" &&
	ok "a replay not confirmed every run is not kept: replayed again" ||
	{ bad "an unconfirmed replay was reused"; cat "$tmp/fake2.out"; }
# the real program rebuilt: the compiler is deterministic here, so its bytes
# are usually those confirmed cold (then reused); if not, it is replayed
rm -f "$prog"
check rebuilt -j 2
if cmp -s "$prog" "$tmp/prog.orig"; then want=0; else want=1; fi
[ "$(phase native-build)" = 1 ] && [ "$(phase replay)" = $want ] && grep -q "confirmed 3/3" "$tmp/rebuilt.out" &&
	ok "the real program rebuilt: confirmed 3/3 ($want replays: the bytes confirmed cold are reused, others run)" ||
	{ bad "rebuilt (want $want replays)"; cat "$tmp/rebuilt.out"; }
# the IR beyond the model text: a column-only edit leaves the Promela the
# same bytes, but the lock-order edges' places (SARIF's startColumn) are the
# IR's: reused, they would be the old ones
mkdir -p "$tmp/cm"
cp spec/selftest/class_merge.c "$tmp/cm/class_merge.c"
cm() { # RESULTS WORK
	"$LOCKSPIN" check --reuse --variant bad --results "$tmp/$1" --work "$tmp/$2" "$tmp/cm/class_merge.c" \
		>"$tmp/$1.out" 2>&1
}
"$LOCKSPIN" --dump=pml --variant bad "$tmp/cm/class_merge.c" >"$tmp/cm/before.pml" 2>&1
cm cm0 wcm
sed -i '40s/^\tls_mutex_lock(&cfg);/\t    ls_mutex_lock(\&cfg);/' "$tmp/cm/class_merge.c"
"$LOCKSPIN" --dump=pml --variant bad "$tmp/cm/class_merge.c" >"$tmp/cm/after.pml" 2>&1
cm cm1 wcm
cm cm2 wfresh
cmp -s "$tmp/cm/before.pml" "$tmp/cm/after.pml" && ! cmp -s "$tmp/cm0/lockspin.sarif" "$tmp/cm1/lockspin.sarif" &&
	diff -r -x timings.tsv "$tmp/cm1" "$tmp/cm2" >"$tmp/d" &&
	ok "a column-only edit (the same Promela, another IR): the files of a fresh check, not the cached ones" ||
	{ bad "a column-only edit reused a stale result"; head "$tmp/d"; diff "$tmp/cm0/lockspin.sarif" "$tmp/cm1/lockspin.sarif" | head -4; }
"$LOCKSPIN" check --help | grep -q -- "--reuse" && ok "check --help lists --reuse" || bad "check --help lacks --reuse"
finish
