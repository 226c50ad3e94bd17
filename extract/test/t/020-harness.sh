#!/bin/sh
# The runtime harness tests (harness/test/run.sh).
. "$(dirname "$0")/../lib.sh"
if [ -f harness/test/run.sh ]; then
	suite harness sh harness/test/run.sh
else
	bad "harness/test/run.sh is missing"
fi
finish
