#!/bin/sh
# Front-end goldens: --dump=ir (NAME.ir), --explain (NAME.explain) and bad
# input, message and exit 2 (NAME.err), for each extract/test/frontend/NAME.c.
# `make golden` rewrites them from what lockspin prints now.
. "$(dirname "$0")/../lib.sh"
for c in extract/test/frontend/*.c; do
	n=${c%.c}
	if [ -f "$n.ir" ]; then
		"$LOCKSPIN" --dump=ir "$c" >"$tmp/out" 2>"$tmp/err" &&
			diff -u "$n.ir" "$tmp/out" >"$tmp/diff" && ok "dump=ir $c" ||
			{ bad "dump=ir $c"; head -n 30 "$tmp/diff" "$tmp/err"; }
	fi
	if [ -f "$n.explain" ]; then
		"$LOCKSPIN" --explain "$c" >"$tmp/out" 2>"$tmp/err" &&
			diff -u "$n.explain" "$tmp/out" >"$tmp/diff" && ok "explain $c" ||
			{ bad "explain $c"; head -n 30 "$tmp/diff" "$tmp/err"; }
	fi
	if [ -f "$n.err" ]; then
		"$LOCKSPIN" --dump=ir "$c" >"$tmp/out" 2>"$tmp/err"
		rc=$?
		if [ "$rc" -ne 2 ]; then
			bad "$c: exit $rc, expected 2"; head -n 10 "$tmp/err"
		elif ! diff -u "$n.err" "$tmp/err" >"$tmp/diff"; then
			bad "$c: message differs"; cat "$tmp/diff"
		else
			ok "error $c"
		fi
	fi
done
finish
