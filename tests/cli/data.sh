#!/bin/sh
# data.sh -- the bundled demo data (data/README.md): committed in data/,
# exactly what `camtune synth --seed 1 --gzip` writes, and found by a
# built camtune when no FILE is given.
. "$top_srcdir/tests/lib.sh"
D="$top_srcdir/data/demo-alerts.csv.gz"
[ -s "$D" ]; ok $? "data/demo-alerts.csv.gz is in the source tree"

run "$CAMTUNE" synth --seed 1 --gzip -o "$TMPD/a.csv.gz"
is "$status" 0 "synth --seed 1 --gzip: exit 0"
"$CAMTUNE" synth --seed 1 --gzip -o "$TMPD/b.csv.gz"
cmp -s "$TMPD/a.csv.gz" "$TMPD/b.csv.gz"; ok $? "two runs write the same bytes"
is "$(od -A n -t x1 -N 10 "$TMPD/a.csv.gz" | tr -s ' ' | sed 's/^ //; s/ $//')" \
	"1f 8b 08 00 00 00 00 00 00 03" "gzip header: no time in it (mtime 0), Unix as the system"
gzip -dc "$TMPD/a.csv.gz" >"$TMPD/a.csv"
gzip -dc "$D" >"$TMPD/d.csv"
same_file "$TMPD/d.csv" "$TMPD/a.csv" "the committed data is synth's, row for row"
if cmp -s "$TMPD/a.csv.gz" "$D"; then
	ok 0 "the committed file is synth's, byte for byte"
elif cmp -s "$TMPD/a.csv" "$TMPD/d.csv"; then
	# The same rows compressed otherwise: another zlib (its deflate may
	# choose other bytes); the committed file is still the generator's.
	ok 0 "# SKIP the committed file is synth's, byte for byte: this zlib compresses the same rows otherwise"
else
	ok 1 "the committed file is synth's, byte for byte (make update-demo-data writes it again)"
fi
is "$(wc -l <"$TMPD/a.csv" | tr -d ' ')" 158137 "158,136 rows and the header"

# data/README.md's example rows are rows of the file.
grep '^    [0-9][0-9]*;' "$top_srcdir/data/README.md" | sed 's/^    //' >"$TMPD/example"
is "$(wc -l <"$TMPD/example" | tr -d ' ')" 3 "data/README.md shows three example rows"
while read -r line; do
	grep -qxF -- "$line" "$TMPD/a.csv"; ok $? "README example row ${line%%;*} is in the data"
done <"$TMPD/example"
contains "$top_srcdir/data/README.md" "$(head -n 1 "$TMPD/a.csv")" "data/README.md shows the header line"

# A built camtune finds it without FILE (cli_demo_path: beside the binary).
B="$(dirname "$CAMTUNE")/data/demo-alerts.csv.gz"
cmp -s "$B" "$D"; ok $? "the build tree has the demo data beside the binary"
CAMTUNE_DEMO='' "$CAMTUNE" tui --script /dev/null --dump-screen "$TMPD/screen" >"$out" 2>"$err"
is "$?" 0 "camtune without FILE opens the demo data: exit 0"
contains "$TMPD/screen" "demo-alerts.csv.gz | 45 cameras" "... the demo data's 45 cameras"
CAMTUNE_DEMO='' "$CAMTUNE" tui -v --script /dev/null --dump-screen /dev/null >"$out" 2>"$err"
contains "$err" "($B: 155,937 alerts on 45 cameras)" "... the copy beside the binary (-v names it)"
CAMTUNE_DEMO="$TMPD/a.csv.gz" "$CAMTUNE" tui -v --script /dev/null --dump-screen /dev/null >"$out" 2>"$err"
contains "$err" "($TMPD/a.csv.gz: 155,937 alerts" "CAMTUNE_DEMO names another file"

done_testing
