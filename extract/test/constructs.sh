#!/bin/sh
# extract/test/constructs.sh - the construct corpus: every expression and
# statement kind libclang 19 gives for C is either modelled (and then has a
# verdict test: a bad variant and an ok twin) or rejected with exit 2 and
# an error naming the construct and its file:line:col.
#
#   extract/test/constructs/*.c       modelled constructs, one bad variant
#                                     per construct plus an ok twin
#   extract/test/frontend/reject_*.c  rejected constructs (+ .err goldens)
#
# The list of kinds is derived, not written here: c-index-test prints the
# cursor kind of every node of each corpus file (under each variant's
# defines), and the front end's allow-list fe_constructs[] in
# extract/frontend.c names the kinds it classifies.  A kind in the corpus
# that the table lacks fails ("unclassified"); so does a table entry that
# no corpus file exercises.
set -u
cd "$(dirname "$0")/../.." || exit 2
LOCKSPIN=${LOCKSPIN:-build/lockspin-asan}
CINDEX=${CINDEX:-c-index-test-19}
command -v "$CINDEX" >/dev/null 2>&1 || CINDEX=c-index-test
pass=0
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ok() { pass=$((pass + 1)); echo "ok - $*"; }
bad() { fail=$((fail + 1)); echo "FAIL - $*"; }

modelled=$(ls extract/test/constructs/*.c)
rejected=$(ls extract/test/frontend/reject_*.c)

# the front end's table: KIND HOW
sed -n 's/^[[:space:]]*{ CXCursor_\([A-Za-z]*\), FE_\([A-Z]*\),.*/\1 \2/p' extract/frontend.c >"$tmp/table"
[ -s "$tmp/table" ] && ok "fe_constructs[] has $(wc -l <"$tmp/table") kinds" || bad "no fe_constructs[] table in extract/frontend.c"

# the kinds each corpus file contains, under every variant's defines
# (c-index-test names the main file by its base name)
: >"$tmp/kinds"
for f in $modelled $rejected; do
	"$LOCKSPIN" --list "$f" 2>/dev/null | awk '{ print $2 }' >"$tmp/defs" || true
	[ -s "$tmp/defs" ] || echo - >"$tmp/defs"
	while read -r defs; do
		dflags=
		[ "$defs" = - ] || for d in $defs; do dflags="$dflags -D$d"; done
		# shellcheck disable=SC2086
		"$CINDEX" -test-load-source all -std=c11 -Iharness $dflags "$f" 2>/dev/null |
			grep "^// CHECK: $(basename "$f"):" | awk '{ sub(/=.*/, "", $4); print $4 }' |
			grep -E '(Expr|Stmt|Operator|Literal)$' | sed "s|\$| $f|" >>"$tmp/kinds"
	done <"$tmp/defs"
done
sort -u "$tmp/kinds" >"$tmp/kinds.u"
[ -s "$tmp/kinds.u" ] && ok "$(awk '{ print $1 }' "$tmp/kinds.u" | sort -u | wc -l) kinds in the corpus" ||
	bad "c-index-test gave no kinds for the corpus ($CINDEX)"

# every kind in the corpus is classified, every classified kind is in the corpus
for k in $(awk '{ print $1 }' "$tmp/kinds.u" | sort -u); do
	if grep -q "^$k " "$tmp/table"; then ok "kind $k: $(grep "^$k " "$tmp/table" | cut -d' ' -f2 | tr A-Z a-z)"; else
		bad "kind $k is unclassified (in $(grep "^$k " "$tmp/kinds.u" | head -n 1 | cut -d' ' -f2)): add it to fe_constructs[]"; fi
done
while read -r k how; do
	grep -q "^$k " "$tmp/kinds.u" && ok "kind $k is in the corpus" || bad "kind $k ($how) is in no corpus file"
	if [ "$how" = REJECTED ]; then
		grep -q "^$k extract/test/frontend/reject_" "$tmp/kinds.u" && ok "rejected kind $k has a rejection test" ||
			bad "rejected kind $k has no reject_*.c test"
	fi
done <"$tmp/table"

# modelled: each file has bad variants and an ok twin, every verdict as expected
for f in $modelled; do
	"$LOCKSPIN" --list "$f" >"$tmp/list" 2>&1
	nbad=$(grep -vc ' expect ok:' "$tmp/list")
	nok=$(grep -c ' expect ok:' "$tmp/list")
	[ "$nbad" -ge 1 ] && [ "$nok" -ge 1 ] && ok "$f: $nbad bad variants and an ok twin" ||
		bad "$f: needs bad variants and an ok twin ($nbad bad, $nok ok)"
	"$LOCKSPIN" check --quiet --results "$tmp/results" --work "$tmp/work" "$f" >"$tmp/out" 2>&1
	rc=$?
	while read -r spec variant rest; do
		variant=${variant%:}
		case "$rest" in
		*"(expected "*)
			got=${rest%%[: ]*}
			want=$(echo "$rest" | sed -E 's/.*\(expected ([a-z-]+)\).*/\1/')
			[ "$got" = "$want" ] && ok "$spec $variant: $got" || bad "$spec $variant: $got, expected $want"
			;;
		esac
	done <"$tmp/out"
	[ "$rc" -eq 0 ] && ok "$f: check exit 0" || { bad "$f: check exit $rc"; tail -n 5 "$tmp/out"; }
	grep -q "unclassified construct" "$tmp/out" && bad "$f: an unclassified construct"
done

# rejected: exit 2, every line 'file:line:col: error: ...'
for f in $rejected; do
	"$LOCKSPIN" --dump=ir "$f" >/dev/null 2>"$tmp/err"
	rc=$?
	if [ "$rc" -eq 2 ] && [ -s "$tmp/err" ] && ! grep -qv "^$f:[0-9]*:[0-9]*: error: " "$tmp/err" &&
		! grep -q "unclassified construct" "$tmp/err"; then
		ok "$f rejected: $(head -n 1 "$tmp/err" | sed 's/.*error: //')"
	else
		bad "$f: exit $rc, expected 2 with file:line:col errors"; head -n 5 "$tmp/err"
	fi
done

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
