#!/bin/sh
# The README's worked example, run exactly as the README shows it, leaves
# every committed file alone (readme_example.sh says how).
. "$(dirname "$0")/../lib.sh"
suite readme-example env LOCKSPIN="$LOCKSPIN" sh extract/test/readme_example.sh
finish
