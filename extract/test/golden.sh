#!/bin/sh
# extract/test/golden.sh - `make golden`: accept what lockspin prints now as
# the new expected output.  Rewrites
#   extract/test/frontend/NAME.ir, .explain, .err   (--dump=ir, --explain,
#       the error message of bad input: each file that exists is rewritten)
#   extract/test/golden/trace/*                      (trace_test)
#   extract/test/golden/promela/NAME.pml             (ir_parse_test: the
#       Promela of the committed text IR NAME.ir, an input kept as it is)
#   models/                                          (make models)
# Then review `git diff` and commit what is right.  Bad input must still
# exit 2: an .err golden is not rewritten from a run that did not.
. "$(dirname "$0")/lib.sh"
for c in extract/test/frontend/*.c; do
	n=${c%.c}
	if [ -f "$n.ir" ]; then
		"$LOCKSPIN" --dump=ir "$c" >"$n.ir" && ok "wrote $n.ir" || bad "$n.ir: lockspin --dump=ir $c failed"
	fi
	if [ -f "$n.explain" ]; then
		"$LOCKSPIN" --explain "$c" >"$n.explain" && ok "wrote $n.explain" || bad "$n.explain: lockspin --explain $c failed"
	fi
	if [ -f "$n.err" ]; then
		"$LOCKSPIN" --dump=ir "$c" >/dev/null 2>"$tmp/err"
		rc=$?
		if [ "$rc" -eq 2 ]; then cp "$tmp/err" "$n.err" && ok "wrote $n.err"; else
			bad "$c: exit $rc, expected 2 (bad input): $n.err left as it is"; head -n 5 "$tmp/err"; fi
	fi
done
suite trace_test env UPDATE_GOLDEN=1 build/test/trace_test
suite ir_parse_test env UPDATE_GOLDEN=1 build/test/ir_parse_test
suite models sh extract/test/models.sh update
finish
