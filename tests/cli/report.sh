#!/bin/sh
# report.sh -- `camtune report`: text, Markdown and JSON against golden
# files, round-trip thresholds, -o written atomically, exit codes.
. "$top_srcdir/tests/lib.sh"
GOLD="$top_srcdir/tests/golden/report"

# Run from the fixture directory so the source name is the same in every
# build tree; the version is masked.
report() { # report ARGS... -> $out, $err, $status
	(cd "$DATA/report" && "$CAMTUNE" report "$@") >"$out" 2>"$err"
	status=$?
}
mask_version() { sed 's/"camtune_version":[^,]*,/"camtune_version": "X",/' "$1"; }

report small.csv
is "$status" 0 "text report exits 0"
same_file "$out" "$GOLD/small.txt" "text report matches the golden file"
contains "$err" "1 skipped" "data-quality summary on stderr"

report --markdown -q small.csv
is "$status" 0 "markdown report exits 0"
same_file "$out" "$GOLD/small.md" "markdown report matches the golden file"
is "$(wc -c <"$err" | tr -d ' ')" 0 "-q: nothing on stderr"

report --json -q small.csv
is "$status" 0 "json report exits 0"
mask_version "$out" >"$TMPD/small.json"
same_file "$TMPD/small.json" "$GOLD/small.json" "json report matches the golden file"
for key in '"data_quality":' '"cameras":' '"summary":' '"store":' '"camera_id":' \
	'"alerts":' '"tp":' '"fp":' '"auc":' '"average_precision":' '"free_fp":'; do
	contains "$out" "$key" "json has key $key"
done
# Hand-computed (doc/domain.md "Threshold rule", see tests/unit/test_stats.c camera A).
contains "$out" '"max":	0.6666666666666666' "store-a AUC 2/3, in the fleet's spread"
grep -A12 '"store":	"store-a"' "$out" >"$TMPD/a"
contains "$TMPD/a" '"auc":	null,' "store-a: 4 thefts, its AUC withheld"
contains "$TMPD/a" '"auc_withheld":	"withheld: fewer than 5 thefts",' "... with the reason"
contains "$TMPD/a" '"few_thefts":	true,' "... and marked as few thefts"
contains "$out" '"average_precision":	0.5666666666666667' "store-a AP as scikit-learn"
contains "$out" '"level":	"not_uniform"' "verdict level"
grep -A3 '"recall_50"' "$out" | head -4 >"$TMPD/r50"
contains "$TMPD/r50" '"threshold":	0.8,' "store-a recall 50 % threshold 0.8"
contains "$TMPD/r50" '"fp_kept":	1,' "store-a recall 50 % keeps 1 FP"

# Thresholds print so that they read back to the same double.
report --json -q digits.csv
is "$status" 0 "digits: exit 0"
# 0.4123456789012345 needs 16 digits: cJSON's default 15 would print
# 0.412345678901235, a different number.
contains "$out" '"threshold":	0.4123456789012345,' "16-digit threshold printed exactly"
contains "$out" '"free_threshold":	0.4123456789012345,' "free threshold printed exactly"
contains "$out" '"fp_kept":	1,' "the FP just below the theft is not kept"

# -o writes the same document atomically (no temporary file left).
report -q --json -o "$TMPD/r.json" small.csv
is "$status" 0 "-o: exit 0"
is "$(wc -c <"$out" | tr -d ' ')" 0 "-o: nothing on stdout"
report --json -q small.csv
cmp -s "$out" "$TMPD/r.json"; ok $? "-o: same document as stdout"
is "$(ls "$TMPD" | grep -c 'tmp')" 0 "-o: no temporary file left"

# Wide characters take two columns: a CJK store name as wide as an
# eight-letter one gets the same padding, so the numbers stay in line.
V=2023-05-31_20h32m14s_to_2023-05-31_20h32m30s_camera_1_ip_10.1.2.3_port_8000.mp4
printf ';store;video_name;label;probability\n0;店舗東京;%s;Theft;0.9\n1;店舗東京;%s;Normal;0.2\n2;abcdefgh;%s;Theft;0.8\n3;abcdefgh;%s;Normal;0.1\n' \
	"$V" "$V" "$V" "$V" >"$TMPD/wide.csv"
run env LC_ALL=C.UTF-8 "$CAMTUNE" report -q "$TMPD/wide.csv"
a=$(printf '%s\n' "$out" | grep '^abcdefgh ' | sed 's/^abcdefgh//')
w=$(printf '%s\n' "$out" | grep '^店舗東京 ' | sed 's/^店舗東京//')
is "$(printf '%s' "$w" | cut -c1-12)" "$(printf '%s' "$a" | cut -c1-12)" \
	"report table: a CJK store name is padded by its display width"

# Errors.
run "$CAMTUNE" report -q -o "$TMPD/no/such/dir/r.txt" "$DATA/report/small.csv"
is "$status" 73 "-o into a missing directory: exit 73"
contains "$err" "no/such/dir" "... and the message names the file"
run "$CAMTUNE" report --json --markdown "$DATA/report/small.csv"
is "$status" 64 "--json with --markdown: exit 64"
run "$CAMTUNE" report
is "$status" 64 "no FILE: exit 64"
run "$CAMTUNE" report "$TMPD/missing.csv"
is "$status" 66 "missing input: exit 66"
run "$CAMTUNE" report --help
is "$status" 0 "--help exits 0"
contains "$out" "Usage: camtune report" "--help on stdout"

done_testing
