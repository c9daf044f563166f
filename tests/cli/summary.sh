# The per-camera summary (camtune summarize, and a summary as FILE).
#
# tests/golden/summary/small.csv checked by hand against
# tests/data/cli/small.csv: s1:1 has FP .1 .2 .5 .7 .95 and thefts .6 .9,
# so its .6 row has 2 FP at or above (.7, .95) and its .9 row 1 (.95);
# s2:1 has two thefts at .8 with FP .5 .85 .9 (2 at or above .8); s2:7 a
# theft at .3 tied with no FP, FP .2 .4 .6 .7 (3 at or above .3).
. "$top_srcdir/tests/lib.sh"
G="$top_srcdir/tests/golden/summary"
SMALL="$DATA/cli/small.csv"
DEMO=$(dirname "$CAMTUNE")/data/demo-alerts.csv.gz
[ -f "$DEMO" ] || skip_all "no demo data next to $CAMTUNE (make builds it)"

run "$CAMTUNE" summarize -q "$SMALL"
is "$status" 0 "summarize: exit 0"
same_file "$out" "$G/small.csv" "summarize small.csv: the hand-checked summary"
run "$CAMTUNE" summarize -q -o "$TMPD/small-sum.csv" "$SMALL"
same_file "$TMPD/small-sum.csv" "$G/small.csv" "summarize -o FILE: the same"
run "$CAMTUNE" summarize -q "$G/small.csv"
same_file "$out" "$G/small.csv" "the summary of a summary is itself"

# A complete summary (K above every camera's FP: every FP score a row):
# the same answers as from the alerts, every strategy, with the model's
# variance given (a summary has no periods to measure it: the prior).
"$CAMTUNE" summarize -q --sketch 1000000 -o "$TMPD/demo-sum.csv" "$DEMO"
V="--volume-cv 0.15"
# (per-day figures need alert times, which a summary has not; where the
# data came from differs: source, source_detail, theft_labels)
cut_doc() {
	grep -v '"source":\|"theft_labels":\|"days":\|"alerts_per_day' "$1" |
		sed '/"data_quality":/,/^	}/d; /"source_detail":/,/^	}/d'
}
for s in exact hull robust greedy lazy uniform; do
	run "$CAMTUNE" optimize -q $V -s $s -t 12% --json "$DEMO"
	cut_doc "$out" >"$TMPD/a"
	run "$CAMTUNE" optimize -q $V -s $s -t 12% --json "$TMPD/demo-sum.csv"
	is "$status" 0 "$s on the summary: exit 0"
	cut_doc "$out" >"$TMPD/b"
	same_file "$TMPD/b" "$TMPD/a" "$s: the same thresholds JSON from the summary as from the alerts"
done
for c in "frontier -s exact" "frontier -s hull" "frontier -s uniform" "compare -t 20%"; do
	# shellcheck disable=SC2086
	run "$CAMTUNE" $c -q $V "$DEMO"
	grep -v "time\|ms$" "$out" | sed 's/ *[0-9.]*$//' >"$TMPD/a"
	# shellcheck disable=SC2086
	run "$CAMTUNE" $c -q $V "$TMPD/demo-sum.csv"
	grep -v "time\|ms$" "$out" | sed 's/ *[0-9.]*$//' >"$TMPD/b"
	same_file "$TMPD/b" "$TMPD/a" "$c: the same from the summary"
done
run "$CAMTUNE" report -q --json "$DEMO"
sed '/"data_quality":/,/^	}/d' "$out" | grep -v '"source":' >"$TMPD/a"
run "$CAMTUNE" report -q --json "$TMPD/demo-sum.csv"
sed '/"data_quality":/,/^	}/d' "$out" | grep -v '"source":' >"$TMPD/b"
same_file "$TMPD/b" "$TMPD/a" "report --json: the same from the summary"
mkdir "$TMPD/pa" "$TMPD/pb"
"$CAMTUNE" plot -q -O "$TMPD/pa" --store be-city-5917-braga --camera 37 "$DEMO" >/dev/null 2>&1
"$CAMTUNE" plot -q -O "$TMPD/pb" --store be-city-5917-braga --camera 37 "$TMPD/demo-sum.csv" \
	>/dev/null 2>&1
ls "$TMPD/pa" >"$TMPD/la"
ls "$TMPD/pb" >"$TMPD/lb"
grep -q 'svg$' "$TMPD/la"
ok $? "plot: pictures written"
same_file "$TMPD/lb" "$TMPD/la" "plot: the same pictures from the summary"
for f in $(grep 'svg$' "$TMPD/la"); do
	sed 's/demo-sum\.csv/demo-alerts.csv.gz/g; s|[^ "<>]*/demo-alerts.csv.gz|demo-alerts.csv.gz|g' \
		"$TMPD/pb/$f" >"$TMPD/pb.svg"
	sed 's|[^ "<>]*/demo-alerts.csv.gz|demo-alerts.csv.gz|g' "$TMPD/pa/$f" >"$TMPD/pa.svg"
	same_file "$TMPD/pb.svg" "$TMPD/pa.svg" "plot $f: the same picture (but the file name)"
done

# The default summary: K = 256 FP quantiles a camera, every theft score.
run "$CAMTUNE" summarize -q -o "$TMPD/k256.csv" "$DEMO"
is "$status" 0 "summarize (K 256): exit 0"
alerts=$(zcat "$DEMO" | tail -n +2 | wc -l)
rows=$(($(wc -l <"$TMPD/k256.csv") - 1))
cams=$(tail -n +2 "$TMPD/k256.csv" | cut -d';' -f1,2 | sort -u | wc -l)
thefts=$(awk -F';' 'NR > 1 { t += $4 } END { print t }' "$TMPD/k256.csv")
[ "$rows" -le $((thefts + 258 * cams)) ] && n=0 || n=1
ok $n "K 256: $rows rows, at most thefts + (K + 2) x cameras ($thefts + 258 x $cams)"
[ $((rows * 10)) -le "$alerts" ] && n=0 || n=1
ok $n "K 256: at least 10 times fewer rows than alerts ($rows for $alerts)"
for k in 0 64; do
	"$CAMTUNE" summarize -q --sketch $k -o "$TMPD/k$k.csv" "$DEMO"
	r=$(($(wc -l <"$TMPD/k$k.csv") - 1))
	[ "$r" -le $((thefts + (k + 2) * cams)) ] && n=0 || n=1
	ok $n "--sketch $k: $r rows, at most thefts + $((k + 2)) x cameras"
done
for f in k0 k64 k256; do
	for s in exact hull greedy lazy; do
		for t in 12% 45%; do
			# (the history's FP quantiles are the sketch's, within 1/K)
			run "$CAMTUNE" optimize -q $V -s $s -t $t --json "$DEMO"
			cut_doc "$out" | grep -v '"fp_quantiles":' >"$TMPD/a"
			run "$CAMTUNE" optimize -q $V -s $s -t $t --json "$TMPD/$f.csv"
			cut_doc "$out" | grep -v '"fp_quantiles":' >"$TMPD/b"
			same_file "$TMPD/b" "$TMPD/a" "$f, $s at $t: exactly the alerts' thresholds"
		done
	done
done
run "$CAMTUNE" report -q "$DEMO"
grep 'AUC' "$out" >"$TMPD/a"
run "$CAMTUNE" report -q "$TMPD/k0.csv"
grep 'AUC' "$out" >"$TMPD/b"
same_file "$TMPD/b" "$TMPD/a" "--sketch 0: the report's AUC lines are the alerts'"
# uniform and robust from the sketch, applied to the alerts: a sketch
# counts a threshold's FP kept at most FP / K over, never under, so the
# target met on the sketch holds on the alerts.
for s in uniform robust; do
	for t in 10% 30% 60%; do
		"$CAMTUNE" optimize -q -s $s -t $t -o "$TMPD/sk.json" "$TMPD/k256.csv" >/dev/null
		run "$CAMTUNE" eval -q -T "$TMPD/sk.json" "$DEMO"
		line=$(grep '^total:' "$out")
		saved=$(echo "$line" | sed 's/total: \([0-9,]*\) FP saved of \([0-9,]*\).*/\1/' | tr -d ,)
		base=$(echo "$line" | sed 's/total: \([0-9,]*\) FP saved of \([0-9,]*\).*/\2/' | tr -d ,)
		awk -v s="$saved" -v b="$base" -v t="${t%%%}" 'BEGIN { exit !(s >= b * t / 100) }'
		ok $? "K 256, $s at $t: the target holds on the alerts ($saved FP saved of $base)"
	done
done
# robust from the sketch loses, in expectation, what robust from the
# alerts loses (both without alert times: the same variance source), to
# within 0.1 % of the fleet's thefts: the sketch's thresholds locked on
# the alerts, the model's expected loss of each.
zcat "$DEMO" | sed 's/;[0-9]\{4\}-[^;]*_to_[^;]*s_camera_/;x_camera_/' >"$TMPD/untimed.csv"
exp_lost() { sed -n '/"expected":/,/}/p' "$1" | sed -n 's/.*"tp_lost":	\([0-9.]*\),/\1/p'; }
for t in 10% 30% 50% 70%; do
	"$CAMTUNE" optimize -q -s robust -t $t --json "$TMPD/untimed.csv" >"$TMPD/ra.json"
	"$CAMTUNE" optimize -q -s robust -t $t -o "$TMPD/rs.json" "$TMPD/k256.csv" >/dev/null
	"$CAMTUNE" optimize -q -s robust -t $t --lock "$TMPD/rs.json" --json "$TMPD/untimed.csv" \
		>"$TMPD/rl.json"
	a=$(exp_lost "$TMPD/ra.json")
	b=$(exp_lost "$TMPD/rl.json")
	awk -v a="$a" -v b="$b" -v n="$thefts" 'BEGIN { d = b - a; if (d < 0) d = -d; exit !(a != "" && d <= 0.001 * n) }'
	ok $? "robust at $t from the sketch: expected loss $b against the alerts' $a, within 0.1 % of $thefts thefts"
done

# The format: a version, declared round-trip digits.
head -1 "$TMPD/k256.csv" >"$TMPD/head"
contains "$TMPD/head" "store;camera_id;score;thefts;fp;fp_at_or_above;camtune_summary_v2_round_trip" \
	"the header declares version 2 and round-trip scores"
printf 'store;camera_id;score;thefts;fp;fp_at_or_above\ns;1;0.5;1;1;1\n' >"$TMPD/v1.csv"
run "$CAMTUNE" optimize -t 10% "$TMPD/v1.csv"
is "$status" 0 "a version 1 summary (six columns): read"
contains "$err" "not declared round-trip" "... with a warning that its digits are not declared"
printf 'store;camera_id;score;thefts;fp;fp_at_or_above;camtune_summary_v2\ns;1;0.5;1;1;1;\n' \
	>"$TMPD/v2n.csv"
run "$CAMTUNE" optimize -t 10% "$TMPD/v2n.csv"
is "$status" 0 "version 2 without _round_trip: read"
contains "$err" "not declared round-trip" "... with the warning"
run "$CAMTUNE" optimize -t 10% "$TMPD/k256.csv"
lacks "$err" "not declared round-trip" "camtune's own summary: no warning"
printf 'store;camera_id;score;thefts;fp;fp_at_or_above;camtune_summary_v3_round_trip\ns;1;0.5;1;1;1;\n' \
	>"$TMPD/v3.csv"
run "$CAMTUNE" optimize "$TMPD/v3.csv"
is "$status" 65 "an unknown version: exit 65"
contains "$err" "summary format version 3; this camtune reads versions 1 to 2" "... says so"
printf 'store;camera_id;score;thefts;fp;fp_at_or_above;camtune_summary_vx\ns;1;0.5;1;1;1;\n' \
	>"$TMPD/vx.csv"
run "$CAMTUNE" optimize "$TMPD/vx.csv"
is "$status" 65 "a declaration camtune cannot read: exit 65"

# Counts are checked before anything is allocated: a 70-byte file that
# claims 4,294,967,295 FP is refused at once under a 300 MB limit.
printf '%s\ns;1;0.5;0;4294967295;4294967295;\n' \
	"store;camera_id;score;thefts;fp;fp_at_or_above;camtune_summary_v2_round_trip" >"$TMPD/huge.csv"
run sh -c "$ULIMIT_V 300000; exec \"\$0\" optimize \"\$1\"" "$CAMTUNE" "$TMPD/huge.csv"
is "$status" 65 "a version 2 summary claiming 4 G FP in 70 bytes: exit 65"
contains "$err" "4294967295 alerts, more than the memory here can hold" "... says how many it claims"
contains "$err" "nothing was allocated" "... and that nothing was allocated"

# A summary streamed: a pipe, gzip through a pipe, a file as stdin; and
# alerts through a pipe still read as alerts.
run "$CAMTUNE" optimize -q -s exact -t 20% --json "$TMPD/k256.csv"
cut_doc "$out" >"$TMPD/a"
for how in cat gzip; do
	if [ $how = cat ]; then cat "$TMPD/k256.csv"; else gzip -c "$TMPD/k256.csv"; fi |
		"$CAMTUNE" optimize -q -s exact -t 20% --json - >"$TMPD/p.json" 2>"$TMPD/p.err"
	ok $? "a summary from a pipe ($how): exit 0"
	cut_doc "$TMPD/p.json" >"$TMPD/b"
	same_file "$TMPD/b" "$TMPD/a" "a summary from a pipe ($how): the file's thresholds"
done
"$CAMTUNE" optimize -q -s exact -t 20% --json - <"$TMPD/k256.csv" >"$TMPD/p.json"
cut_doc "$TMPD/p.json" >"$TMPD/b"
same_file "$TMPD/b" "$TMPD/a" "a summary as standard input (a file): the same"
run "$CAMTUNE" optimize -q -s exact -t 20% --json "$SMALL"
cut_doc "$out" >"$TMPD/a"
cat "$SMALL" | "$CAMTUNE" optimize -q -s exact -t 20% --json - >"$TMPD/p.json"
cut_doc "$TMPD/p.json" | grep -v '"time":' >"$TMPD/b"
grep -v '"time":' "$TMPD/a" >"$TMPD/a2"
same_file "$TMPD/b" "$TMPD/a2" "alerts from a pipe: still read as alerts"
run "$CAMTUNE" summarize --sketch 1000001 "$SMALL"
is "$status" 64 "--sketch above 1000000: usage error"

# The quality summary says what a summary is, and what it lacks.
run "$CAMTUNE" optimize -t 12% "$TMPD/demo-sum.csv"
contains "$err" "a summary: " "a summary says so on stderr"
contains "$err" "no data-quality report of the alerts and no alert times" "... and what it lacks"
run "$CAMTUNE" optimize -q -t 12% --json "$TMPD/demo-sum.csv"
contains "$out" '"summary":	true' "thresholds JSON: data_quality says summary"
contains "$out" '"source":	"prior"' "thresholds JSON: a summary's variance is the prior"
run "$CAMTUNE" optimize -q -t 12% "$TMPD/demo-sum.csv"
contains "$out" "variance from the prior (no periods to measure)" "optimize says the variance is the prior"
run "$CAMTUNE" optimize -q -t 12% --json "$DEMO"
contains "$out" '"source":	"weeks"' "thresholds JSON: the alerts' variance from their weeks"

# The explorer's quality pane and fleet view say the same, and show no
# row counts or time range as if the alerts had been read.
printf '3\n' >"$TMPD/s-quality"
run "$CAMTUNE" tui --script "$TMPD/s-quality" --dump-screen - --size 120x40 "$TMPD/demo-sum.csv"
contains "$out" "a summary: 155,920 rows (camera, score) for 155,937 alerts" \
	"explorer, quality pane: a summary says so"
ok "$(printf '%s' "$out" | grep -c 'rows read\|every row was usable\|time range shown')" \
	"explorer, quality pane: no row report, no time range for a summary"
printf '4\n' >"$TMPD/s-fleet"
run "$CAMTUNE" tui --script "$TMPD/s-fleet" --dump-screen - --size 120x40 "$TMPD/demo-sum.csv"
contains "$out" "data quality      a summary: 155,920 rows" "explorer, fleet view: a summary says so"

# What a summary cannot answer, said plainly.
run "$CAMTUNE" backtest "$TMPD/demo-sum.csv"
is "$status" 65 "backtest on a summary: exit 65"
contains "$err" "a summary holds no alert times: backtest needs the alerts themselves" "... says why"
run "$CAMTUNE" optimize --since 2023-05-10 "$TMPD/demo-sum.csv"
is "$status" 65 "--since on a summary: exit 65"
contains "$err" "a summary holds no alert times: --since/--until need the alerts" "... says why"

# Another engine's output: comma-separated, CRLF, gzip, rows in any order.
{
	head -1 "$G/small.csv"
	tail -n +2 "$G/small.csv" | sort -r
} | tr ';' ',' | sed 's/$/\r/' | gzip -c >"$TMPD/other.csv.gz"
run "$CAMTUNE" summarize -q "$TMPD/other.csv.gz"
is "$status" 0 "a comma, CRLF, gzip, shuffled summary: exit 0"
same_file "$out" "$G/small.csv" "... read as the same"

# Malformed summaries: exit 65 with the line.
bad() { # bad DESCRIPTION MESSAGE ROWS: ROWS after the header, printf-escaped
	printf 'store;camera_id;score;thefts;fp;fp_at_or_above\n'"$3" >"$TMPD/bad.csv"
	run "$CAMTUNE" optimize "$TMPD/bad.csv"
	is "$status" 65 "$1: exit 65"
	contains "$err" "$2" "$1: says so"
}
bad "an FP missing above a theft" \
	"bad.csv: line 2: fp_at_or_above is 0, but the camera's rows at or above score 0.5 hold 1 FP" \
	's;1;0.5;1;0;0\ns;1;0.7;0;1;1\n'
bad "fp_at_or_above too high" \
	"line 2: fp_at_or_above is 2, but the camera's rows at or above score 0.5 hold 1 FP" \
	's;1;0.5;1;0;2\ns;1;0.7;0;1;1\n'
bad "a score twice" "line 3: the camera and score of line 2 again" 's;1;0.5;1;0;1\ns;1;0.5;0;1;1\n'
bad "a bad score" "line 2: score is not a number" 's;1;zero;1;0;0\n'
bad "a negative count" "line 2: thefts, fp and fp_at_or_above must be whole numbers" \
	's;1;0.5;-1;0;0\n'
bad "a short row" "line 2: 5 fields, 6 expected" 's;1;0.5;1;0\n'
bad "no store" "line 2: empty store or camera_id" ';1;0.5;1;0;0\n'
bad "an empty row" "line 2: a row with neither a theft nor an FP" 's;1;0.5;0;0;0\n'
bad "no rows" "a summary without rows" ''

# A header that is nearly a summary's is an alert file's problem.
printf 'store;camera_id;score;thefts;fp\ns;1;0.5;1;0\n' >"$TMPD/near.csv"
run "$CAMTUNE" optimize "$TMPD/near.csv"
is "$status" 65 "a near-summary header: read as alerts, exit 65"
contains "$err" "missing column" "... for its missing columns"

run "$CAMTUNE" summarize -q -o "$TMPD/no/such/dir/x.csv" "$SMALL"
is "$status" 73 "summarize -o into a missing directory: exit 73"

done_testing
