#!/bin/sh
# Self-test: random protocols, lockspin against the generator's own oracle.
. "$(dirname "$0")/../lib.sh"
LOCKSPIN=./lockspin suite protogen python3 extract/test/selftest/protogen.py run 1 "${PROTOGEN_COUNT:-30}"
grep -E '^protogen:' "$tmp/suite.out"
# the seeds that once disagreed (extract/test/selftest/protogen-regress.txt)
LOCKSPIN=./lockspin suite protogen-regress python3 extract/test/selftest/protogen.py regress
finish
