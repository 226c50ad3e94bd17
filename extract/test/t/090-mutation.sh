#!/bin/sh
# Self-test: mutation score of the seed and basics specs.
. "$(dirname "$0")/../lib.sh"
# the optimized build: hundreds of checks; pans are kept in build/mutants
LOCKSPIN=./lockspin suite mutation python3 extract/test/selftest/mutate.py $(ls spec/basics/*.c spec/*.c)
grep -E '^(mutation score|  survivor|  KNOWN SURVIVOR|  equivalent|  invalid|  inconclusive)' "$tmp/suite.out"
finish
