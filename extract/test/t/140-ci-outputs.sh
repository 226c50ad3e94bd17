#!/bin/sh
# Pre-merge outputs: SARIF, JUnit, verdict.json, the HTML report in
# Chromium, --strict, install (extract/test/ci/run.sh), on the end-to-end
# check's results (need_check).
. "$(dirname "$0")/../lib.sh"
need_check
if [ -f "$LS_SCRATCH/results/lockspin.sarif" ]; then
	suite ci env LOCKSPIN="$LOCKSPIN" sh extract/test/ci/run.sh "$LS_SCRATCH/results"
else
	bad "no lockspin.sarif from the full check"
fi
finish
