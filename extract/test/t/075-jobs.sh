#!/bin/sh
# check -j: N variants at once give the stdout, stderr and files of -j 1
# (also with stdout and stderr one stream, and with reused verdicts); and
# the all-violations search that replays a trail only when it can show a
# new violation finds what replaying every trail finds.
. "$(dirname "$0")/../lib.sh"
specs="spec/basics/abba.c spec/selftest/cleanup_attr.c spec/selftest/array_bounds.c spec/xen_log_dirty.c
	spec/xen_vgic_rank.c"
for s in $specs; do [ -f "$s" ] || bad "no spec $s"; done
run() { # NAME ARGS...: results in $tmp/NAME, stdout and stderr in NAME.out/.err
	name=$1; shift
	# --quiet: -j 1 alone shows progress lines, after a second of search
	"$LOCKSPIN" check --quiet --replay-runs 1 --results "$tmp/$name" --work "$tmp/work" "$@" $specs \
		>"$tmp/$name.out" 2>"$tmp/$name.err"
	echo $? >"$tmp/$name.rc"
}
same() { # A B WHAT
	sed "s|$tmp/$1|RESULTS|" "$tmp/$1.out" >"$tmp/a"
	sed "s|$tmp/$2|RESULTS|" "$tmp/$2.out" >"$tmp/b"
	if cmp -s "$tmp/$1.rc" "$tmp/$2.rc" && cmp -s "$tmp/a" "$tmp/b" && cmp -s "$tmp/$1.err" "$tmp/$2.err" &&
		diff -r -x timings.tsv "$tmp/$1" "$tmp/$2" >"$tmp/d"; then
		ok "$3"
	else
		bad "$3"
		diff "$tmp/a" "$tmp/b" | head -n 10
		diff "$tmp/$1.err" "$tmp/$2.err" | head -n 10
		head -n 10 "$tmp/d"
	fi
}
run j1 -j 1
run j2 -j 2
[ -s "$tmp/j1.out" ] && grep -q "erroneous interleavings" "$tmp/j1.out" && ok "-j 1 checked $(wc -l <"$tmp/j1.out") lines" ||
	bad "-j 1 printed no verdicts"
same j1 j2 "-j 2: stdout, stderr, exit status and results/ of -j 1"
run j3 -j3 --changed HEAD
run j1r -j 1 --changed HEAD
grep -q "reused" "$tmp/j1r.out" && ok "--changed reuses verdicts" || bad "--changed reused nothing"
same j1r j3 "-j3 --changed: the output of -j 1 --changed"
# a reused verdict warns as the search did: the call chain of an unreached
# inlined copy is kept ("never reached through ...", not "in any execution")
grep 'never reached' "$tmp/j1.err" | sort >"$tmp/w1"
grep 'never reached' "$tmp/j1r.err" | sort >"$tmp/w2"
[ -s "$tmp/w1" ] && grep -q 'never reached through' "$tmp/w1" && cmp -s "$tmp/w1" "$tmp/w2" &&
	ok "--changed: reused verdicts give the searched warnings ($(wc -l <"$tmp/w1") lines)" ||
	{ bad "--changed: reused verdicts warn differently"; diff "$tmp/w1" "$tmp/w2" | head -n 6; wc -l "$tmp/w1" "$tmp/w2"; }
# one stream: the lines in the order a serial run interleaves them
"$LOCKSPIN" check --quiet --replay-runs 1 --results "$tmp/m1" --work "$tmp/work" -j 1 $specs >"$tmp/m1.out" 2>&1
"$LOCKSPIN" check --quiet --replay-runs 1 --results "$tmp/m2" --work "$tmp/work" -j 2 $specs >"$tmp/m2.out" 2>&1
sed -i "s|$tmp/m[12]|RESULTS|" "$tmp/m1.out" "$tmp/m2.out"
cmp -s "$tmp/m1.out" "$tmp/m2.out" && ok "-j 2 2>&1: the lines of -j 1 2>&1" ||
	{ bad "-j 2 2>&1 differs"; diff "$tmp/m1.out" "$tmp/m2.out" | head; }
[ -z "$(ls "$tmp/work/jobs" 2>/dev/null)" ] && ok "-j leaves no job files" || bad "job files left in $tmp/work/jobs"
# the trails left unreplayed show nothing new
LOCKSPIN_REPLAY_EVERY_TRAIL=1 run every -j 2
same j1 every "all-violations search: replaying every trail finds the same violations"
# cleanup_attr's double unlock is reached in more interleavings than pan -e's
# 256 trails: counted to the end by the search without trails
n=$(sed -n 's/^errors: \([0-9]*\) erroneous interleavings, 1 distinct violation$/\1/p' \
	"$tmp/j1/selftest/cleanup_attr/double_unlock/verdict.txt")
[ -n "$n" ] && [ "$n" -gt 256 ] && ok "verdict.txt counts the erroneous interleavings past pan -e's cap ($n)" ||
	bad "cleanup_attr double_unlock: $(grep '^errors' "$tmp/j1/selftest/cleanup_attr/double_unlock/verdict.txt")"
"$LOCKSPIN" check -j 0 spec/basics/aa.c >"$tmp/out" 2>"$tmp/err"
[ $? -eq 2 ] && grep -q -- "-j needs a positive number" "$tmp/err" && ok "usage: -j 0" || bad "usage: -j 0"
"$LOCKSPIN" check --help | grep -q -- "-j N" && ok "check --help lists -j" || bad "check --help lacks -j"
finish
