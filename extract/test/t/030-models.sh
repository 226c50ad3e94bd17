#!/bin/sh
# Golden models: models/ regenerated from spec/ and diffed (make models
# accepts new output).
. "$(dirname "$0")/../lib.sh"
suite models sh extract/test/models.sh check
finish
