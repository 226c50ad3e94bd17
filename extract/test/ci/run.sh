#!/bin/sh
# extract/test/ci/run.sh RESULTS - the pre-merge outputs of `lockspin check`
# (issue 10), on the results of run.sh's full check (RESULTS) and on small
# runs of its own:
#   - lockspin.sarif against the OASIS SARIF 2.1.0 schema, verdict.json
#     against verdict.txt, index.html's links (check_outputs.py);
#   - junit.xml well-formed and valid against junit.xsd, with failures for
#     a differing verdict and errors for an inconclusive search;
#   - index.html loaded in headless Chromium: a screenshot in
#     build/report.png, no console error;
#   - --strict's exit code; the checker itself fails on a broken link;
#   - make install DESTDIR=...: the installed lockspin checks and replays a
#     spec from another directory and writes only its results folder.
# Ends with "N passed, N failed".
set -u
cd "$(dirname "$0")/../../.." || exit 2
LOCKSPIN=${LOCKSPIN:-build/lockspin-asan}
RES=$1
SCHEMA=${SARIF_SCHEMA:-../shared/schemas/sarif-schema-2.1.0.json}
XSD=extract/test/ci/junit.xsd
pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok - $*"; }
bad() { fail=$((fail + 1)); echo "FAIL - $*"; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# check_outputs.py prints ok/FAIL lines: count them
outputs() {
	python3 extract/test/ci/check_outputs.py "$1" "$SCHEMA" >"$tmp/py.out" 2>&1
	while read -r line; do
		case "$line" in
		"ok - "*) ok "$2: ${line#ok - }" ;;
		"FAIL - "*) bad "$2: ${line#FAIL - }" ;;
		*) echo "  $line" ;;
		esac
	done <"$tmp/py.out"
	grep -qE '^(ok|FAIL) - ' "$tmp/py.out" || { bad "$2: check_outputs.py printed no result"; cat "$tmp/py.out"; }
}
junit() {
	if xmllint --noout --schema "$XSD" "$1/junit.xml" >"$tmp/xl.out" 2>&1; then ok "$2: junit.xml valid against junit.xsd"
	else bad "$2: junit.xml"; head -n 5 "$tmp/xl.out"; fi
}

[ -f "$SCHEMA" ] && ok "SARIF schema at $SCHEMA" || bad "no SARIF schema at $SCHEMA"

# ---- the full run
outputs "$RES" full
junit "$RES" full
n=$(find "$RES" -name verdict.json | wc -l)
cases=$(xmllint --xpath 'count(//testcase)' "$RES/junit.xml")
[ "$cases" = "$n" ] && ok "junit: $cases testcases, one per variant" || bad "junit: $cases testcases for $n variants"
f=$(xmllint --xpath 'count(//failure|//error)' "$RES/junit.xml")
[ "$f" = 0 ] && ok "junit: no failure when every verdict is as expected" || bad "junit: $f failures in a passing run"

# ---- the page in a real browser
mkdir -p build
prof=$(mktemp -d)
timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
	--disable-background-networking --disable-component-update --disable-sync --user-data-dir="$prof" \
	--enable-logging=stderr --v=0 --window-size=1400,2000 --screenshot="$PWD/build/report.png" \
	"file://$(cd "$RES" && pwd)/index.html" >"$tmp/chr.out" 2>"$tmp/chr.err"
rc=$?
rm -rf "$prof"
[ "$rc" -eq 0 ] && [ -s build/report.png ] && ok "chromium: screenshot build/report.png" ||
	{ bad "chromium: no screenshot (exit $rc)"; tail -n 5 "$tmp/chr.err"; }
if grep -q ':CONSOLE' "$tmp/chr.err"; then bad "chromium: console messages"; grep ':CONSOLE' "$tmp/chr.err" | head -n 5
else ok "chromium: no console error"; fi
# the console check itself: a page with an error must be caught
printf '<!DOCTYPE html><html><body><script>nosuch();</script></body></html>\n' >"$tmp/bad.html"
prof=$(mktemp -d)
timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
	--disable-background-networking --disable-component-update --disable-sync --user-data-dir="$prof" \
	--enable-logging=stderr --v=0 --dump-dom "file://$tmp/bad.html" >/dev/null 2>"$tmp/chr.err"
rm -rf "$prof"
grep -q ':CONSOLE.*nosuch' "$tmp/chr.err" && ok "chromium: a script error is seen" || bad "chromium: script error not seen"

# ---- the link checker fails on a broken link
mkdir -p "$tmp/broken" && cp -r "$RES"/. "$tmp/broken/"
rm -f "$tmp/broken/basics/abba/bad/trace.txt"
python3 extract/test/ci/check_outputs.py "$tmp/broken" "$SCHEMA" >"$tmp/py.out" 2>&1 &&
	bad "check_outputs.py passes a broken link" || { grep -q "FAIL - html" "$tmp/py.out" &&
	ok "check_outputs.py fails on a broken link" || bad "check_outputs.py failed for another reason"; }

# ---- a verdict that differs: a JUnit failure with the verdict line and trace
"$LOCKSPIN" check --quiet -DBAD --variant ok --results "$tmp/differs" --work "$tmp/w" spec/basics/abba.c >/dev/null 2>&1
rc=$?
[ "$rc" -eq 1 ] && ok "differs: exit 1" || bad "differs: exit $rc"
outputs "$tmp/differs" differs
junit "$tmp/differs" differs
msg=$(xmllint --xpath 'string(//testcase[@name="ok"]/failure/@message)' "$tmp/differs/junit.xml")
case "$msg" in
"spec/basics/abba.c ok: deadlock: "*"(expected ok)"*"; see basics/abba/ok/trace.txt") ok "junit: failure names the verdict line and the trace" ;;
*) bad "junit: failure message '$msg'" ;;
esac

# ---- an inconclusive search: a JUnit error and a SARIF note, not a pass
"$LOCKSPIN" check --quiet --max-depth 3 --results "$tmp/inc" --work "$tmp/w" spec/basics/abba.c >/dev/null 2>&1
rc=$?
[ "$rc" -eq 3 ] && ok "inconclusive: exit 3" || bad "inconclusive: exit $rc"
outputs "$tmp/inc" inconclusive
junit "$tmp/inc" inconclusive
e=$(xmllint --xpath 'count(//testcase/error[@type="inconclusive"])' "$tmp/inc/junit.xml")
[ "$e" = 2 ] && ok "junit: inconclusive is an error" || bad "junit: $e inconclusive errors, expected 2"
grep -q '"level": "note"' "$tmp/inc/lockspin.sarif" && grep -q 'this proves nothing' "$tmp/inc/lockspin.sarif" &&
	ok "sarif: inconclusive is a note that proves nothing" || bad "sarif: no note for inconclusive"

# ---- --strict
"$LOCKSPIN" check --quiet --results "$tmp/st" --work "$tmp/w" extract/test/ci/unreached.c >/dev/null 2>&1
rc=$?
"$LOCKSPIN" check --quiet --strict --results "$tmp/st" --work "$tmp/w" extract/test/ci/unreached.c >/dev/null 2>&1
src=$?
[ "$rc" -eq 0 ] && [ "$src" -eq 4 ] && ok "--strict: unreached code fails with exit 4 (0 without)" ||
	bad "--strict: exit $src (without: $rc)"
grep -q '"level": "warning"' "$tmp/st/lockspin.sarif" && ok "sarif: unreached code is a warning" ||
	bad "sarif: no warning for unreached code"
"$LOCKSPIN" check --quiet --strict --results "$tmp/st2" --work "$tmp/w" spec/basics/abba.c >/dev/null 2>&1
rc=$?
[ "$rc" -eq 0 ] && ok "--strict: a clean run still passes" || bad "--strict: clean run exit $rc"

# ---- --changed REV: unchanged specs reuse the cached verdict, byte for byte
g=$tmp/git
mkdir -p "$g" && cp spec/basics/abba.c spec/basics/aa.c "$g/" && here=$PWD &&
	(cd "$g" && git init -q && git add . && git -c user.name=t -c user.email=t@t commit -qm init)
L=$here/$LOCKSPIN
(cd "$g" && "$L" check --quiet --results r0 --work w abba.c aa.c >/dev/null 2>&1 &&
	"$L" check --changed HEAD --results r1 --work w abba.c aa.c >../ch1.out 2>&1)
rc=$?
n=$(grep -c "^  reused: " "$tmp/ch1.out")
[ "$rc" -eq 0 ] && [ "$n" -eq 4 ] && grep -q "4 verdicts reused from the cache (--changed), 0 searched" "$tmp/ch1.out" &&
	ok "--changed HEAD: all 4 verdicts reused" || { bad "--changed: $n reused (exit $rc)"; head -n 10 "$tmp/ch1.out"; }
diff -r -x timings.tsv -x SUMMARY.md "$g/r0" "$g/r1" >/dev/null && ok "--changed: reused results are the same bytes" ||
	bad "--changed: reused results differ"
grep -q "^Reused from the verdict cache" "$g/r1/SUMMARY.md" && ! grep -q "^Reused" "$g/r0/SUMMARY.md" &&
	ok "--changed: SUMMARY.md names the reused verdicts" || bad "--changed: SUMMARY.md"
echo "/* changed */" >>"$g/aa.c"
(cd "$g" && "$L" check --changed HEAD --results r2 --work w abba.c aa.c >../ch2.out 2>&1)
grep -q "2 verdicts reused from the cache (--changed), 2 searched" "$tmp/ch2.out" &&
	ok "--changed: the edited spec is searched again, the other reused" || { bad "--changed after an edit"; cat "$tmp/ch2.out"; }
(cd "$g" && "$L" check --changed nosuch --results r3 --work w aa.c >/dev/null 2>"$tmp/ch3.err")
rc=$?
[ "$rc" -eq 2 ] && grep -q "'nosuch' is not a revision" "$tmp/ch3.err" && ok "--changed: a bad revision is a usage error" ||
	bad "--changed nosuch: exit $rc"

# ---- install, and the installed lockspin from another directory
# (a deadlock replay is confirmed at the blocked acquisition of whichever
# thread closes the cycle on the real code: abba.c:28 or abba.c:38)
if make -s install DESTDIR="$tmp/root" PREFIX=/usr/local >"$tmp/inst.out" 2>&1; then
	ok "make install DESTDIR"
	bin=$tmp/root/usr/local/bin/lockspin
	for f in include/lockspin.h include/ls_kinds.h share/lockspin/harness/lockspin.h \
		share/lockspin/harness/ls_kinds.h share/lockspin/harness/ls_verdicts.h share/lockspin/harness/runtime.c \
		share/man/man1/lockspin.1; do
		[ -f "$tmp/root/usr/local/$f" ] || bad "install: no $f"
	done
	if groff -man -Tutf8 -ww "$tmp/root/usr/local/share/man/man1/lockspin.1" >/dev/null 2>"$tmp/groff.err" &&
		! [ -s "$tmp/groff.err" ]; then ok "lockspin.1: groff -man -ww clean"; else
		bad "lockspin.1: groff warnings"; head -n 5 "$tmp/groff.err"; fi
	mkdir -p "$tmp/elsewhere" "$tmp/cache"
	cp spec/basics/abba.c "$tmp/elsewhere/"
	(cd "$tmp/elsewhere" && XDG_CACHE_HOME=$tmp/cache "$bin" check --quiet --results out abba.c >../ec.out 2>&1 &&
		XDG_CACHE_HOME=$tmp/cache "$bin" run abba.c --variant bad --replay out/abba/bad >../er.out 2>&1)
	rc=$?
	[ "$rc" -eq 0 ] && grep -Eq "replay: confirmed deadlock at abba.c:(28|38)$" "$tmp/er.out" &&
		ok "installed lockspin checks and replays abba.c from another directory" ||
		{ bad "installed lockspin (exit $rc)"; cat "$tmp/ec.out" "$tmp/er.out" | head -n 10; }
	left=$(cd "$tmp/elsewhere" && ls -A | tr '\n' ' ')
	[ "$left" = "abba.c out " ] && ok "installed lockspin writes only its results folder (and its cache)" ||
		bad "installed lockspin left: $left"
else
	bad "make install"; head -n 10 "$tmp/inst.out"
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
