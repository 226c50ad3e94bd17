#!/bin/sh
# Self-test: random protocols, lockspin against the generator's own oracle;
# then seeds from 100000, which copy state into state and into bookkeeping
# nothing reads (what the slice removes must hide no bug).
. "$(dirname "$0")/../lib.sh"
LOCKSPIN=./lockspin suite protogen python3 extract/test/selftest/protogen.py run 1 "${PROTOGEN_COUNT:-30}"
grep -E '^protogen:' "$tmp/suite.out"
LOCKSPIN=./lockspin suite protogen-slice python3 extract/test/selftest/protogen.py run 100000 "${PROTOGEN_SLICE_COUNT:-20}"
grep -E '^protogen:' "$tmp/suite.out"
# the seeds that once disagreed (extract/test/selftest/protogen-regress.txt)
LOCKSPIN=./lockspin suite protogen-regress python3 extract/test/selftest/protogen.py regress
finish
