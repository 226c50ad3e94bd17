#!/bin/sh
# readme_example.sh - the README's worked example, run as the README shows it,
# must not touch a committed file (issue 8, item 9):
#   - in a scratch clone of HEAD, with the lockspin under test as ./lockspin,
#     run the README's "$ ./lockspin check ..." line and its
#     "$ ./lockspin run ... --replay ..." line exactly as written;
#   - the check prints the lines the README shows under it, and exits 0;
#   - the replay finds the schedule where the README says and confirms it;
#   - `git status --porcelain` is the same before and after: the results go
#     to the default results folder, which .gitignore keeps out of git, and
#     results/ (which only `make check` writes) is left alone.
# Prints ok/FAIL lines and "N passed, N failed"; exits non-zero on a failure.
#   LOCKSPIN=build/lockspin-asan sh extract/test/readme_example.sh
set -u
cd "$(dirname "$0")/../.." || exit 2
LOCKSPIN=${LOCKSPIN:-./lockspin}
# as run.sh has them, for a sanitized lockspin run on its own
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$PWD/extract/test/lsan.supp:print_suppressions=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok - $*"; }
bad() { fail=$((fail + 1)); echo "FAIL - $*"; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# the commands as the README writes them (the first of each)
check_cmd=$(sed -n 's/^\$ \(\.\/lockspin check .*\)$/\1/p' README.md | head -n 1)
replay_cmd=$(sed -n 's/^\$ \(\.\/lockspin run .* --replay .*\)$/\1/p' README.md | head -n 1)
# the output the README shows under the check: the lines up to the fence
awk -v c="\$ $check_cmd" 'f && /^```/ { exit } f { print } $0 == c { f = 1 }' README.md >"$tmp/want"

if [ -z "$check_cmd" ] || [ -z "$replay_cmd" ] || ! [ -s "$tmp/want" ]; then
	bad "README: no '\$ ./lockspin check' example with its output, or no '\$ ./lockspin run ... --replay' line"
elif ! git clone -q "$PWD" "$tmp/clone" 2>"$tmp/clone.err"; then
	bad "cannot clone the repository for the README example"; head -n 5 "$tmp/clone.err"
else
	cp "$LOCKSPIN" "$tmp/clone/lockspin"
	before=$(cd "$tmp/clone" && git status --porcelain)
	(cd "$tmp/clone" && XDG_CACHE_HOME=$tmp/cache sh -c "$check_cmd") >"$tmp/out" 2>"$tmp/err"
	rc=$?
	[ "$rc" -eq 0 ] && ok "README example '$check_cmd': exit 0" ||
		{ bad "README example '$check_cmd': exit $rc"; head -n 10 "$tmp/err"; }
	if diff -u "$tmp/want" "$tmp/out" >"$tmp/diff"; then
		ok "README example: the output is the one the README shows"
	else
		bad "README example: the output differs from the README's"; head -n 20 "$tmp/diff"
	fi
	(cd "$tmp/clone" && XDG_CACHE_HOME=$tmp/cache sh -c "$replay_cmd") >"$tmp/rout" 2>&1
	rc=$?
	[ "$rc" -eq 0 ] && grep -q '^replay: confirmed' "$tmp/rout" &&
		ok "README example '$replay_cmd': confirmed, from the folder the check wrote" ||
		{ bad "README example '$replay_cmd': exit $rc"; head -n 10 "$tmp/rout"; }
	after=$(cd "$tmp/clone" && git status --porcelain)
	if [ "$before" = "$after" ]; then
		ok "README example: git status unchanged (no committed file rewritten)"
	else
		bad "README example: git status changed:"
		echo "$after" | head -n 10 | sed 's/^/    /'
	fi
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
