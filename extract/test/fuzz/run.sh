#!/bin/sh
# extract/test/fuzz/run.sh SECONDS - run each libFuzzer target SECONDS seconds.
#
# Targets (built by `make fuzz-build` into build/fuzz/): fuzz_trail (the
# decoders of spin's and pan's output), fuzz_schedule (the harness's
# schedule.txt parser), fuzz_frontend (the front end on random C).  Each
# starts from a corpus of real inputs (results/*/spin.txt, schedule.txt, the
# specs) kept in build/fuzz/corpus/; a crash leaves its input in
# build/fuzz/crashes/ and fails.  Prints ok/FAIL per target and
# "N passed, N failed".
set -u
cd "$(dirname "$0")/../../.." || exit 2
secs=${1:-10}
pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok - $*"; }
bad() { fail=$((fail + 1)); echo "FAIL - $*"; }
export ASAN_OPTIONS=${FUZZ_ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export LSAN_OPTIONS=suppressions=$PWD/extract/test/lsan.supp:print_suppressions=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
mkdir -p build/fuzz/crashes
seed() {
	d=build/fuzz/corpus/$1
	shift
	mkdir -p "$d"
	for f in "$@"; do
		[ -f "$f" ] && cp "$f" "$d/$(echo "$f" | tr '/' '_')"
	done
}
# one trail per spec (its first variant's): fuzz_trail decodes each against
# the model of the spec it names
seed fuzz_trail $(ls results/*/*/spin.txt results/*/*/*/spin.txt 2>/dev/null |
	awk '{ k = $0; sub("/[^/]*/spin.txt$", "", k); if (!(k in seen)) { seen[k] = 1; print } }')
seed fuzz_schedule $(ls results/*/*/schedule.txt results/*/*/*/schedule.txt 2>/dev/null | head -n 40)
seed fuzz_frontend spec/basics/*.c spec/*.c extract/test/frontend/*.c
for t in fuzz_trail fuzz_schedule fuzz_frontend; do
	bin=build/fuzz/$t
	if [ ! -x "$bin" ]; then
		bad "$t: not built"
		continue
	fi
	log=build/fuzz/$t.log
	"$bin" -max_total_time="$secs" -timeout=20 -rss_limit_mb=4096 -max_len=8192 \
		-artifact_prefix=build/fuzz/crashes/$t- build/fuzz/corpus/$t >"$log" 2>&1
	rc=$?
	runs=$(grep -Eo 'Done [0-9]+ runs' "$log" | grep -Eo '[0-9]+' | tail -n 1)
	if [ "$rc" -eq 0 ] && [ -n "$runs" ]; then
		ok "libFuzzer $t: $runs inputs in ${secs}s, no crash"
	else
		bad "libFuzzer $t: exit $rc; see $log and build/fuzz/crashes/$t-*"
		grep -E 'ERROR|SUMMARY|BUG|crashed|Test unit written' "$log" | head -n 8 | sed 's/^/    /'
	fi
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
