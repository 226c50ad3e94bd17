#!/bin/sh
# C unit tests of each stage (build/test/*_test, built with ASan + UBSan by
# `make test`), each run as a suite.
. "$(dirname "$0")/../lib.sh"
found=
for t in build/test/*_test; do
	[ -x "$t" ] || continue
	found=1
	suite "$(basename "$t")" "$t"
done
[ -n "$found" ] || bad "no unit tests in build/test (make build/test/ir_test ...)"
finish
