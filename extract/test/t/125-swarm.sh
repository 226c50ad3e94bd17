#!/bin/sh
# check --mode exhaustive|swarm|auto (extract/swarm.c): the option's errors,
# a swarm that finds a violation (a counterexample like any other: trace,
# diagram, schedule, replay on the real code), a swarm that finds none
# (no-violation-found with the hash factor and coverage estimate, exit 3,
# never ok), auto falling back when the exhaustive search runs out of memory,
# and the login list and file GNU parallel is given.  No sshd is assumed:
# the logins are ':' (parallel's name for this machine).  Not timed.
. "$(dirname "$0")/../lib.sh"
expect_usage "--mode takes 'exhaustive', 'swarm' or 'auto', not 'fast'" "$LOCKSPIN" check --mode fast spec/basics/aa.c
expect_usage "--mode takes 'exhaustive', 'swarm' or 'auto', not 'Swarm'" "$LOCKSPIN" check --mode=Swarm spec/basics/aa.c
expect_usage "--mode needs exhaustive|swarm|auto" "$LOCKSPIN" check spec/basics/aa.c --mode
expect_usage "--swarm-jobs needs a positive number, got '0'" "$LOCKSPIN" check --mode swarm --swarm-jobs 0 spec/basics/aa.c
expect_usage "--swarm-jobs is at most 100000, got '100001'" "$LOCKSPIN" check --swarm-jobs 100001 spec/basics/aa.c
expect_usage "--swarm-hosts needs a login list or a file, got ''" "$LOCKSPIN" check --swarm-hosts '' spec/basics/aa.c
expect_usage "unknown option '--mode' (try 'lockspin run --help')" "$LOCKSPIN" run --mode swarm spec/basics/aa.c
"$LOCKSPIN" check --help | grep -q -- "--mode exhaustive|swarm|auto" && ok "check --help lists --mode" ||
	bad "check --help lists --mode"

# field FILE KEY: the value of "KEY: value" in a verdict.txt
field() { sed -n "s/^$2: //p" "$1" | head -n 1; }

# a swarm that finds the deadlock: a normal counterexample, confirmed natively
r=$tmp/sw
"$LOCKSPIN" check --mode swarm --swarm-jobs 4 --replay --results "$r" --work "$tmp/w" spec/basics/abba.c \
	>"$tmp/sw.out" 2>"$tmp/sw.err"
echo $? >"$tmp/sw.rc"
v=$r/basics/abba/bad
if [ "$(field "$v/verdict.txt" verdict)" = deadlock ] && [ "$(field "$v/verdict.txt" search)" = swarm ] &&
	[ -s "$v/trace.txt" ] && [ -s "$v/trace.svg" ] && [ -s "$v/schedule.txt" ] &&
	grep -q "waits for" "$v/trace.txt" &&
	grep -q "^verdict deadlock" "$v/schedule.txt"; then ok "swarm: the deadlock with trace, diagram and schedule"; else
	bad "swarm: the deadlock with trace, diagram and schedule"; cat "$tmp/sw.out" "$tmp/sw.err" | head -n 20; fi
grep -A2 "^spec/basics/abba.c bad: deadlock" "$tmp/sw.out" | grep -q "replayed on the real code: confirmed 1/1" &&
	ok "swarm: its counterexample replays on the real code" || bad "swarm: its counterexample replays on the real code"
grep -q "found by swarm search" "$v/verdict.txt" && ok "swarm: verdict.txt says which search found it" ||
	bad "swarm: verdict.txt says which search found it"

# the ok twin: no-violation-found, with figures, and exit 3 (not verified)
v=$r/basics/abba/ok
hf=$(field "$v/verdict.txt" "hash factor")
cov=$(field "$v/verdict.txt" "coverage estimate")
if [ "$(field "$v/verdict.txt" verdict)" = no-violation-found ] && [ -n "$hf" ] && [ -n "$cov" ] &&
	field "$v/verdict.txt" detail | grep -q "4 bitstate searches on this machine found no violation" &&
	[ ! -e "$v/trace.txt" ] && [ ! -e "$v/schedule.txt" ]; then ok "swarm: ok twin is no-violation-found (hash factor $hf, coverage $cov)"
else bad "swarm: ok twin is no-violation-found"; cat "$v/verdict.txt"; fi
[ "$(cat "$tmp/sw.rc")" = 3 ] && ok "swarm: no-violation-found where ok is expected exits 3" ||
	bad "swarm: no-violation-found where ok is expected exits 3 (got $(cat "$tmp/sw.rc"))"
grep -q "^lockspin: 2 variants checked: 1 as expected, 0 differ, 1 inconclusive" "$tmp/sw.out" &&
	grep -q "^lockspin: 2 searched by swarm (0 after the exhaustive search ran out, --mode auto); of the inconclusive, 1 no-violation-found" "$tmp/sw.out" &&
	grep -q "1 no-violation-found: a swarm is not a proof" "$r/SUMMARY.md" &&
	ok "swarm: the summary line and SUMMARY.md say so" || { bad "swarm: the summary line and SUMMARY.md say so"; tail -n 3 "$tmp/sw.out"; }
python3 - "$r" <<'PY' && ok "swarm: verdict.json, SARIF and JUnit agree" || bad "swarm: verdict.json, SARIF and JUnit agree"
import json, sys, xml.etree.ElementTree as ET
r = sys.argv[1]
v = json.load(open(r + "/basics/abba/ok/verdict.json"))
assert v["verdict"] == "no-violation-found" and v["search"] == "swarm" and not v["complete"], v
assert v["hash_factor"] > 0 and 0 < v["coverage"] < 100, v
b = json.load(open(r + "/basics/abba/bad/verdict.json"))
assert b["verdict"] == "deadlock" and b["search"] == "swarm", b
s = json.load(open(r + "/lockspin.sarif"))["runs"][0]
rules = [x["id"] for x in s["tool"]["driver"]["rules"]]
assert "no-violation-found" in rules and "ok" not in rules
notes = [x for x in s["results"] if x["level"] == "note"]
assert len(notes) == 1 and notes[0]["ruleId"] == "no-violation-found", notes
err = [e.get("type") for e in ET.parse(r + "/junit.xml").iter("error")]
assert err == ["no-violation-found"], err
PY

# a spec may expect no-violation-found: then it is as expected (exit 0)
sed 's/LS_VARIANT(ok, "", "ok",/LS_VARIANT(ok, "", "no-violation-found",/' spec/basics/abba.c >"$tmp/abba_nvf.c"
"$LOCKSPIN" check -Iharness --mode swarm --swarm-jobs 2 --variant ok --results "$tmp/nvf" --work "$tmp/w" \
	"$tmp/abba_nvf.c" >"$tmp/nvf.out" 2>&1
rc=$?
[ "$rc" = 0 ] && grep -q "ok: no-violation-found: .*(expected no-violation-found)" "$tmp/nvf.out" &&
	ok "swarm: an expected no-violation-found exits 0" || { bad "swarm: an expected no-violation-found exits 0 (got $rc)"; cat "$tmp/nvf.out"; }
# the same spec searched exhaustively: ok, which differs from no-violation-found
"$LOCKSPIN" check -Iharness --mode exhaustive --variant ok --results "$tmp/nvfx" --work "$tmp/w" \
	"$tmp/abba_nvf.c" >"$tmp/nvfx.out" 2>&1
rc=$?
[ "$rc" = 1 ] && grep -q "ok: ok (expected no-violation-found)" "$tmp/nvfx.out" &&
	ok "exhaustive: ok is not no-violation-found (exit 1)" || { bad "exhaustive: ok is not no-violation-found (got $rc)"; cat "$tmp/nvfx.out"; }

# auto: the exhaustive search runs out of a 1 MB --memory, the swarm takes over
"$LOCKSPIN" check --mode auto --memory 1 --swarm-jobs 2 --results "$tmp/auto" --work "$tmp/w" spec/basics/abba.c \
	>"$tmp/auto.out" 2>&1
rc=$?
a=$tmp/auto/basics/abba
if [ "$rc" = 3 ] && [ "$(field "$a/bad/verdict.txt" verdict)" = deadlock ] &&
	[ "$(field "$a/bad/verdict.txt" search)" = "swarm after the exhaustive search stopped (out of memory)" ] &&
	[ "$(field "$a/ok/verdict.txt" verdict)" = no-violation-found ] &&
	field "$a/ok/verdict.txt" detail | grep -q "^the exhaustive search stopped (out of memory) after" &&
	grep -q "^  searched by swarm after the exhaustive search stopped (out of memory)" "$tmp/auto.out" &&
	grep -q "^lockspin: 2 searched by swarm (2 after the exhaustive search ran out, --mode auto)" "$tmp/auto.out" &&
	grep -q "=== exhaustive search (stopped: out of memory) ===" "$a/ok/spin.txt"; then
	ok "auto: falls back to swarm when the exhaustive search runs out of memory"
else bad "auto: falls back to swarm when the exhaustive search runs out of memory (exit $rc)"; cat "$tmp/auto.out"; fi
# auto with room enough: the exhaustive verdicts, nothing searched by swarm
"$LOCKSPIN" check --mode auto --results "$tmp/auto2" --work "$tmp/w" spec/basics/abba.c >"$tmp/auto2.out" 2>&1
rc=$?
[ "$rc" = 0 ] && grep -q "^spec/basics/abba.c ok: ok (expected ok)" "$tmp/auto2.out" && ! grep -q "swarm" "$tmp/auto2.out" &&
	! grep -q "^search:" "$tmp/auto2/basics/abba/ok/verdict.txt" &&
	ok "auto: a finished exhaustive search is the verdict" || { bad "auto: a finished exhaustive search is the verdict (exit $rc)"; cat "$tmp/auto2.out"; }
# a depth limit the swarm shares: still no-violation-found, never ok, and it says so
"$LOCKSPIN" check --mode auto --max-depth 5 --swarm-jobs 2 --variant ok --results "$tmp/auto3" --work "$tmp/w" \
	spec/basics/abba.c >"$tmp/auto3.out" 2>&1
rc=$?
[ "$rc" = 3 ] && [ "$(field "$tmp/auto3/basics/abba/ok/verdict.txt" verdict)" = no-violation-found ] &&
	field "$tmp/auto3/basics/abba/ok/verdict.txt" detail | grep -q "2 at a depth limit" &&
	ok "auto: a depth-limited swarm says so" || { bad "auto: a depth-limited swarm says so (exit $rc)"; cat "$tmp/auto3.out"; }

# the logins: a list and a --sshloginfile, both this machine (':')
printf ':\n' >"$tmp/hosts"
for h in "$tmp/hosts" "1/:"; do
	"$LOCKSPIN" check --mode swarm --swarm-jobs 2 --swarm-hosts "$h" --variant bad --results "$tmp/h" --work "$tmp/w" \
		spec/basics/abba.c >"$tmp/h.out" 2>&1
	rc=$?
	[ "$rc" = 0 ] && grep -q "^spec/basics/abba.c bad: deadlock" "$tmp/h.out" && ok "swarm: --swarm-hosts $h" ||
		{ bad "swarm: --swarm-hosts $h (exit $rc)"; cat "$tmp/h.out"; }
done

# never ok from a bitstate search: specs exhaustively ok (and their bad twins) under --mode swarm
for s in spec/basics/abba_helper.c spec/basics/rank.c; do
	"$LOCKSPIN" check --quiet --mode swarm --swarm-jobs 2 --results "$tmp/never" --work "$tmp/w" "$s" >/dev/null 2>&1
done
n=$(grep -l '"search": "swarm"' $(find "$tmp/never" -name verdict.json) | wc -l)
okv=$(grep -l '"verdict": "ok"' $(find "$tmp/never" -name verdict.json) | wc -l)
nvf=$(grep -l '"verdict": "no-violation-found"' $(find "$tmp/never" -name verdict.json) | wc -l)
[ "$n" -ge 3 ] && [ "$okv" = 0 ] && [ "$nvf" -ge 2 ] && ok "swarm: never ok ($n variants searched, $nvf no-violation-found)" ||
	bad "swarm: never ok ($n searched, $okv ok, $nvf no-violation-found)"
# a state vector past pan's default VECTORSZ (1024 bytes): the swarm's pan is
# built with the size the model needs, whether the exhaustive search of
# the same work folder recorded it first or the swarm's own pan asked for it
# a swarm search never says ok: expect its own verdict
sed 's/"ok", "a state vector/"no-violation-found", "a state vector/' extract/test/scale/big_vector.c >"$tmp/big.c"
"$LOCKSPIN" check -Iharness --quiet --mode exhaustive --results "$tmp/vx" --work "$tmp/wv1" "$tmp/big.c" >/dev/null 2>&1
for w in wv1 wv2; do
	case $w in wv1) how="recorded by the exhaustive search" ;; *) how="asked for by the swarm's pan" ;; esac
	"$LOCKSPIN" check -Iharness --quiet --mode swarm --swarm-jobs 2 --results "$tmp/v$w" --work "$tmp/$w" "$tmp/big.c" \
		>"$tmp/v$w.out" 2>&1
	rc=$?
	[ "$rc" = 0 ] && grep -q 'ok: no-violation-found' "$tmp/v$w.out" && grep -q '^[0-9]' "$tmp/$w/big/ok/vectorsz" &&
		! grep -q 'VECTORSZ too small' "$tmp/v$w/big/ok/spin.txt" &&
		ok "swarm: a 1.3 KB state vector, VECTORSZ $how" ||
		{ bad "swarm: a state vector past VECTORSZ, $how (rc $rc)"; tail -n 3 "$tmp/v$w.out"; }
done
finish
