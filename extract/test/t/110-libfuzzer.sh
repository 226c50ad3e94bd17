#!/bin/sh
# Self-test: libFuzzer smoke run of the parsers and the front end (the
# binaries of `make fuzz-build`).
. "$(dirname "$0")/../lib.sh"
suite libfuzzer sh extract/test/fuzz/run.sh "${FUZZ_SMOKE_SECONDS:-10}"
finish
