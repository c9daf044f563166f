# Time in the data and `camtune backtest` on a hand-checked fixture
# (tests/data/time/times.csv: 14 rows over 2023-05-01..04, one with a
# malformed date on line 8, rows exactly at 2023-05-03T00:00 and
# 2023-05-04T00:00 for the boundaries).
#
# --train-until 2023-05-03, exact at 50%, by hand: train s1:1 {T .9; N .2
# .4}, s2:7 {N .3 .7}: no theft lost and all 4 FP saved (s1:1 at .9, s2:7
# muted).  Test s1:1 {T .5; N .25 .6 .1}, s2:7 {T .8; N .45 .35}, s3:5
# {T .5}: s1:1 at .9 loses .5 and saves 3; muted s2:7 loses .8, saves 2;
# s3:5, unknown, stays at baseline: 2 of 3 thefts lost, 5 of 5 FP saved.
# The test part's own optimum saving 5 must mute s1:1: 1 theft.
. "$top_srcdir/tests/lib.sh"
G="$top_srcdir/tests/golden/time"
cd "$DATA/time" || exit 99

run "$CAMTUNE" optimize -t 10% times.csv
is "$status" 0 "optimize: exit 0 with an unreadable time"
contains "$err" "times.csv: 14 rows, 14 alerts loaded, 0 skipped" "the untimed row is loaded"
contains "$err" "no readable time                    1  (line 8)" "... and warned about, with its line"
contains "$err" "time range loaded: 2023-05-01T10:00:00 to 2023-05-04T16:00:00 (UTC)" "the time range loaded"

# --since inclusive, --until exclusive; the untimed row is outside any range.
run "$CAMTUNE" optimize -t 10% --since 2023-05-03 --until 2023-05-04 times.csv
is "$status" 0 "--since/--until: exit 0"
contains "$err" "14 rows, 4 alerts loaded" "05-03 00:00 (since) in, 05-04 00:00 (until) out: 4 alerts"
contains "$err" "outside the time range             10  (lines 2, 3, 4, 8, 9, ...)" "rows outside counted with their lines"
contains "$err" "time range asked: 2023-05-03T00:00:00 to 2023-05-04T00:00:00 (exclusive)" "the range asked"
run "$CAMTUNE" optimize -q -t 10% --json --since 2023-05-03T00:00 --until 2023-05-04T00:01 times.csv
contains "$out" '"loaded":	5' "--until 00:01 takes the 00:00 row in"
contains "$out" '"since":	"2023-05-03T00:00:00"' "quality JSON: since"
contains "$out" '"first":	"2023-05-03T00:00:00"' "quality JSON: first time loaded"
contains "$out" '"last":	"2023-05-04T00:00:00"' "quality JSON: last time loaded"
contains "$out" '"no_time":' "quality JSON: the no_time warning"
run "$CAMTUNE" frontier -q --since 2023-05-04T00:00:01 times.csv
is "$status" 0 "frontier --since with seconds: exit 0"
run "$CAMTUNE" report --since 2023-06-01 times.csv
is "$status" 65 "nothing in the range: exit 65"
contains "$err" "no alert in the time range since 2023-06-01T00:00:00" "... says which range"
for bad in 2023-02-30 2023-5-1 "2023-05-01T25:00" yesterday ""; do
	run "$CAMTUNE" compare --since "$bad" times.csv
	is "$status" 64 "--since '$bad': usage error"
done
run "$CAMTUNE" eval -T x.json --until nope times.csv
is "$status" 64 "eval --until nope: usage error"
contains "$err" "--until: 'nope' is not a date" "... says so"
run "$CAMTUNE" optimize --since 2023-05-03 --until 2023-05-03 times.csv
is "$status" 64 "--since not before --until: usage error"

# --time-column: ISO and video-name forms in a column of their own.
cat >"$TMPD/col.csv" <<'CSV'
store;cam;when;label;probability
s1;1;2023-05-01T10:00;Theft;0.9
s1;1;2023-05-01 11:00:30;Other Normal;0.2
s1;1;2023-05-02_09h00m00s_to_x;Other Normal;0.4
s1;1;;Other Normal;0.3
s1;1;2023-05-03;Other Normal;0.5
CSV
run "$CAMTUNE" optimize -t 10% --camera-column cam --time-column when "$TMPD/col.csv"
is "$status" 0 "--time-column: exit 0"
contains "$err" "no readable time                    1  (line 5)" "--time-column: the empty time warned"
contains "$err" "time range loaded: 2023-05-01T10:00:00 to 2023-05-03T00:00:00" "--time-column: ISO and video forms"
run "$CAMTUNE" optimize -t 10% --camera-column cam --time-column nosuch "$TMPD/col.csv"
is "$status" 65 "--time-column of a missing column: exit 65"
contains "$err" "missing column 'nosuch'" "... names it"
run "$CAMTUNE" optimize -t 10% --camera-column cam "$TMPD/col.csv"
is "$status" 0 "--camera-column without a video_name column: loads"
contains "$err" "no readable time                    5" "... every row without a time"

# backtest: goldens, recounted by hand above.
run "$CAMTUNE" backtest -q --train-until 2023-05-03 -s exact,uniform -t 50%,2 times.csv
is "$status" 0 "backtest --train-until: exit 0"
same_file "$out" "$G/backtest-split.txt" "backtest --train-until: text"
contains "$out" "  exact    50%             0    100.0%           2   66.7%    100.0% yes          1" "exact 50%: the hand-checked row"
run "$CAMTUNE" backtest -q --train-until 2023-05-03 -s exact,uniform -t 50%,2 --json times.csv
same_file "$out" "$G/backtest-split.json" "backtest --train-until: JSON"
# An independent recount: optimize on the train part (--until), then awk
# applies its thresholds (>=, muted keeps nothing, unknown cameras at
# baseline) to the CSV rows from DATE on (the fixture's one bad date,
# day 32, is no time).
recount() { # DATE STRATEGY TARGET -> "tp_lost fp_saved"
	"$CAMTUNE" optimize -q -s "$2" -t "$3" --until "$1" --json times.csv |
		awk '{ gsub(/[",\t ]/, "") }
		     /^store:/ { split($0, a, ":"); s = a[2] }
		     /^camera_id:/ { split($0, a, ":"); c = a[2] }
		     /^threshold:/ { split($0, a, ":"); t = a[2] }
		     /^muted:/ { split($0, a, ":"); print s ":" c, t, a[2] }' >"$TMPD/thr"
	awk -F';' -v from="$1_00h00m00s" '
		NR == FNR { split($0, f, " "); thr[f[1]] = f[2]; muted[f[1]] = f[3] == "true"; next }
		FNR == 1 { next }
		{
			v = $3; d = substr(v, 1, 20)
			if (substr(d, 11, 1) != "_" || substr(d, 9, 2) + 0 > 31 || d < from) next
			match(v, /_camera_[^_]+_/); key = $2 ":" substr(v, RSTART + 8, RLENGTH - 9)
			theft = $4 == "Theft" || $4 == "Suspicious Bag" || $4 == "Suspicious" ||
			        $4 == "Gesture Into Body" || $4 == "Product Into Stroller"
			if (!(key in thr)) next
			if (muted[key] || $5 + 0 < thr[key] + 0) { if (theft) lost++; else saved++ }
		}
		END { print lost + 0, saved + 0 }' "$TMPD/thr" times.csv
}
for st in exact hull uniform greedy lazy; do
	for tg in 10% 50% 90%; do
		"$CAMTUNE" backtest -q --train-until 2023-05-03 -s "$st" -t "$tg" --json times.csv |
			awk '{ gsub(/[",\t ]/, "") } /^(tp_lost|fp_saved):/ { split($0, a, ":"); v[++n] = a[2] }
			     END { print v[3], v[4]; print v[1], v[2] }' >"$TMPD/bt"
		is "$(sed -n 1p "$TMPD/bt")" "$(recount 2023-05-03 "$st" "$tg")" \
			"backtest $st $tg: the test counts recount (optimize --until, awk from the CSV)"
		plan=$("$CAMTUNE" optimize -q -s "$st" -t "$tg" --until 2023-05-03 --json times.csv |
			awk '{ gsub(/[",\t ]/, "") } /^(tp_lost|fp_saved):/ && n < 2 { split($0, a, ":"); v[++n] = a[2] }
			     END { print v[1], v[2] }')
		is "$(sed -n 2p "$TMPD/bt")" "$plan" "backtest $st $tg: the plan is optimize --until's totals"
	done
done

run "$CAMTUNE" backtest -q --folds 2 -s exact times.csv
is "$status" 0 "backtest --folds 2: exit 0"
same_file "$out" "$G/backtest-folds.txt" "backtest --folds 2: text (the 14:00 theft opens fold 2's test)"
run "$CAMTUNE" backtest -q times.csv
is "$status" 0 "backtest with the defaults"
for s in $("$CAMTUNE" compare -q -t 10% times.csv | awk 'NR > 3 { print $1 }'); do
	contains "$out" "  $s " "default strategies include $s"
done
run "$CAMTUNE" backtest -q --folds 30 times.csv
is "$status" 0 "backtest --folds 30: some folds empty, still runs"
contains "$out" "skipped: the" "... an empty fold said plainly"
run "$CAMTUNE" backtest -q --train-until 2023-05-01 times.csv
is "$status" 65 "backtest: an empty train part: exit 65"
contains "$err" "the train part has no alert" "... said plainly"
run "$CAMTUNE" backtest -q --train-until 2023-05-05 times.csv
is "$status" 65 "backtest: an empty test part: exit 65"
run "$CAMTUNE" backtest -q --camera-column cam "$TMPD/col.csv" --since 2023-05-10
is "$status" 65 "backtest: nothing in range: exit 65"
sed 1q "$TMPD/col.csv" >"$TMPD/untimed.csv"
echo "s1;1;x;Theft;0.5" >>"$TMPD/untimed.csv"
run "$CAMTUNE" backtest -q --camera-column cam --time-column when "$TMPD/untimed.csv"
is "$status" 65 "backtest: no timed row: exit 65"
contains "$err" "no alert has a readable time" "... says why"
run "$CAMTUNE" backtest --folds 0 times.csv
is "$status" 64 "--folds 0: usage error"
run "$CAMTUNE" backtest --folds 2 --train-until 2023-05-02 times.csv
is "$status" 64 "--folds with --train-until: usage error"
run "$CAMTUNE" backtest -s exact,nosuch times.csv
is "$status" 64 "an unknown strategy: usage error"
contains "$err" "unknown strategy 'nosuch'" "... names it"
run "$CAMTUNE" backtest -t 10%,x times.csv
is "$status" 64 "a bad target: usage error"

# eval says what it measures on: next month's alerts are held-out time,
# the history's own are not (the thresholds file records its time span).
"$CAMTUNE" synth --seed 3 --month 1 -n 4000 -o m1.csv 2>/dev/null
"$CAMTUNE" synth --seed 3 --month 2 -n 4000 -o m2.csv 2>/dev/null
"$CAMTUNE" optimize -q -t 20% -o m1.json m1.csv >/dev/null 2>&1
run "$CAMTUNE" eval -q -T m1.json m2.csv
contains "$out" "measured on   m2.csv: 2023-06-01T" "eval: the data it measures on, with its time span"
contains "$out" "thresholds    m1.json, chosen on m1.csv: 2023-05-01T" "eval: the history of the thresholds"
contains "$out" "held-out time: every alert here comes after that history" "eval on next month: held out"
run "$CAMTUNE" eval -q -T m1.json m1.csv
contains "$out" "these alerts overlap that history: partly in-sample figures, not a forecast" \
	"eval on the history itself: in-sample, said so"
run "$CAMTUNE" eval -q --json -T m1.json m2.csv
contains "$out" '"held_out":	true' "eval --json on next month: held_out true"
run "$CAMTUNE" eval -q --json -T m1.json m1.csv
contains "$out" '"held_out":	false' "eval --json on the history: held_out false"

done_testing
