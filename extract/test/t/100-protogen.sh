#!/bin/sh
# Self-test: random protocols, lockspin against the generator's own oracle.
. "$(dirname "$0")/../lib.sh"
LOCKSPIN=./lockspin suite protogen python3 extract/test/selftest/protogen.py run 1 "${PROTOGEN_COUNT:-30}"
grep -E '^protogen:' "$tmp/suite.out"
finish
