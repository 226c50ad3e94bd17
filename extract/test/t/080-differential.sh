#!/bin/sh
# Self-test: differential, every variant against the real code.  Reuses the
# end-to-end check's output (its verdicts and replay counts, need_check).
. "$(dirname "$0")/../lib.sh"
need_check
LOCKSPIN=$LOCKSPIN suite differential sh extract/test/selftest/differential.sh "$LS_SCRATCH/check.out"
finish
