#!/bin/sh
# Usage errors (the message is part of the contract too), per-command help,
# bad input in one file of several, and the unreached warnings.
. "$(dirname "$0")/../lib.sh"
expect_usage "spec/nonexistent.c: error: cannot open 'spec/nonexistent.c': No such file or directory" \
	"$LOCKSPIN" check spec/nonexistent.c
expect_usage "unknown option '--frobnicate'" "$LOCKSPIN" check --frobnicate spec/basics/aa.c
expect_usage "no variant named 'nope'" "$LOCKSPIN" --dump=ir --variant nope spec/basics/aa.c
expect_usage "--dump takes 'ir', 'sliced' or 'pml'" "$LOCKSPIN" --dump=xml spec/basics/aa.c
expect_usage "no spec file given" "$LOCKSPIN" check
expect_usage "trace takes MODEL.pml TRAIL" "$LOCKSPIN" trace only-one-arg
expect_usage "choose one with --variant" "$LOCKSPIN" run spec/basics/abba.c
expect_usage "unknown option '--strict' (try 'lockspin run --help')" "$LOCKSPIN" run --strict spec/basics/abba.c
# per-command help, from the one option table: each lists its own options
for c in check run trace; do
	"$LOCKSPIN" $c --help >"$tmp/help" 2>&1 && head -n 1 "$tmp/help" | grep -q "^usage: lockspin $c" &&
		ok "lockspin $c --help" || bad "lockspin $c --help"
done
grep -q -- "--iterations N" "$tmp/help" && bad "trace --help lists run's options" || true
"$LOCKSPIN" run --help | grep -q -- "--replay DIR" && "$LOCKSPIN" check --help | grep -q -- "--replay-runs N" &&
	! "$LOCKSPIN" check --help | grep -q -- "--iterations" && ok "check and run list their own options" ||
	bad "per-command option lists"
expect_usage "spec/basics: error: 'spec/basics' is a directory, not a C file" "$LOCKSPIN" check spec/basics
expect_usage "--max-depth is at most 2147483647 (pan's limit), got '2147483648'" \
	"$LOCKSPIN" check --max-depth 2147483648 spec/basics/aa.c
printf 'garbage\n' >"$tmp/garbage.trail"
"$LOCKSPIN" --dump=pml --variant bad spec/basics/aa.c >"$tmp/aa.pml"
expect_usage "$tmp/garbage.trail:1:1: error: not a pan trail: expected 'step:pid:transition', got 'garbage'" \
	"$LOCKSPIN" trace "$tmp/aa.pml" "$tmp/garbage.trail"
# bad input in one file of several: the others are still checked, the run
# exits 2, and an error met once per variant is printed once
multi() {
	bad_spec=$1; nerr=$2
	"$LOCKSPIN" check --quiet --results "$tmp/multi" --work "$tmp/multiw" "$bad_spec" spec/basics/aa.c \
		>"$tmp/multi.out" 2>"$tmp/multi.err"
	rc=$?
	got=$(grep -c ': error: ' "$tmp/multi.err")
	if [ "$rc" -eq 2 ] && grep -q '^spec/basics/aa.c ok: ok' "$tmp/multi.out" && [ "$got" -eq "$nerr" ]; then
		ok "multi-file check with bad $bad_spec"
	else
		bad "multi-file check with bad $bad_spec (exit $rc, $got errors, want $nerr)"; head -n 5 "$tmp/multi.out" "$tmp/multi.err"
	fi
}
multi extract/test/frontend/bad_twice.c 1
multi extract/test/frontend/bad_many.c 20

# the unreached warning is true as written: none on code that runs (lowering
# branches, dispatch arms, a helper whose every copy runs), each C statement
# nobody reaches once, and an unreached inlined copy by its call chain
unreached() {
	spec=$1; variant=$2; shift 2
	"$LOCKSPIN" check --quiet --variant "$variant" --results "$tmp/un" --work "$tmp/unw" "$spec" \
		>/dev/null 2>"$tmp/un.err"
	rc=$?
	printf '%s' "$*" | tr '|' '\n' >"$tmp/un.want"
	[ -s "$tmp/un.want" ] && echo >>"$tmp/un.want"
	grep 'warning:' "$tmp/un.err" >"$tmp/un.got"
	if [ "$rc" -eq 0 ] && diff -u "$tmp/un.want" "$tmp/un.got" >"$tmp/un.diff"; then
		ok "unreached warnings $spec $variant"
	else
		bad "unreached warnings $spec $variant (exit $rc)"; cat "$tmp/un.diff"
	fi
}
vac='(a vacuous check is not a proof)'
u=spec/selftest/unreached_true.c
unreached $u ok
unreached $u dead "$u:53:3: warning: lock operation never reached in any execution $vac|$u:54:3: warning: assertion never reached in any execution $vac|$u:55:3: warning: lock operation never reached in any execution $vac"
u=spec/selftest/unreached_chain.c
unreached $u ok
unreached $u bad "$u:24:2: warning: lock operation never reached through $u:34 -> $u:24 (other calls reach it) $vac|$u:26:2: warning: lock operation never reached through $u:34 -> $u:26 (other calls reach it) $vac"
finish
