#!/bin/sh
# The construct corpus: every C construct modelled (with a verdict test) or
# rejected by name (extract/test/constructs.sh).
. "$(dirname "$0")/../lib.sh"
suite constructs env LOCKSPIN="$LOCKSPIN" sh extract/test/constructs.sh
finish
