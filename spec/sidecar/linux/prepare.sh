#!/bin/sh
# prepare.sh OUT [GIT_DIR] - the upstream Linux files these side-cars check,
# unmodified, under OUT with their upstream paths (OUT/lib/dec_and_lock.c,
# OUT/lib/ratelimit.c, OUT/lib/refcount.c, OUT/drivers/uio/uio_pdrv_genirq.c).  Nothing here is Linux's code: each file is read
# from a clone of Linux's repository (GIT_DIR, a .git directory or a bare
# clone) by the git blob the side-car was written against, so every line a
# trace cites is the line the side-car's author read.  A file whose blob
# the clone lacks is an error (it is in the history of any clone of
# torvalds/linux that has the commit named in README.md).
#
# With no GIT_DIR, OUT must already hold the files (fetched another way):
# they are checked against the same blobs.
set -eu
[ $# -ge 1 ] || { echo "usage: prepare.sh OUT [GIT_DIR]" >&2; exit 2; }
out=$1 git_dir=${2:-}
# path  blob  (the commit it was read at is in README.md)
files='lib/dec_and_lock.c 9555b68bb774cc3277dca434d19880286d71df0e
lib/ratelimit.c 7a7ba4835639fd37540d82d83687b84e9cac7c2a
lib/refcount.c ebcf8cd49e05e3a93218ebe2ba728c63e02d77be
drivers/uio/uio_pdrv_genirq.c 960809f010d7fa6d2089dbc0f94677bd6df22154'
rc=0
echo "$files" | while read -r path blob; do
	mkdir -p "$out/$(dirname "$path")"
	if [ -n "$git_dir" ]; then
		git --git-dir="$git_dir" cat-file blob "$blob" >"$out/$path" ||
			{ echo "prepare.sh: $git_dir has no blob $blob ($path)" >&2; exit 1; }
	fi
	[ -f "$out/$path" ] || { echo "prepare.sh: $out/$path: no such file" >&2; exit 1; }
	got=$(git hash-object "$out/$path")
	if [ "$got" != "$blob" ]; then
		echo "prepare.sh: $out/$path is blob $got, the side-car was written against $blob" >&2
		exit 1
	fi
	echo "$out/$path $blob"
done || rc=1
exit $rc
