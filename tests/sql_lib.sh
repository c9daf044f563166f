# sql_lib.sh -- checks shared by the tests that run sql/curves.sql (or its
# SQLite variant) on a database engine (sourced after lib.sh).
#
#   engine_check ENGINE SUMMARY ALERTS
#       SUMMARY is the engine's result exported as CSV with its header,
#       ALERTS the same alerts as the engine holds them, as an alerts CSV.
#       Checks that the summary declares its version and round-trip scores,
#       keeps at most thefts + (K + 2) x cameras rows, is the summary
#       camtune computes itself (read back and written again, the same
#       bytes), and gives every strategy the thresholds camtune's own
#       summary gives (exact, hull, greedy and lazy also the alerts').
# where the data came from differs (source, source_detail, theft_labels);
# the model's variance given, as a summary has no periods to measure it
# (and per-day figures need alert times; the history's FP quantiles are
# the sketch's)
cut_doc() {
	grep -v '"source":\|"theft_labels":\|"days":\|"alerts_per_day\|"fp_quantiles":' "$1" |
		sed '/"data_quality":/,/^	}/d; /"source_detail":/,/^	}/d'
}
V="--volume-cv 0.15"

engine_check() {
	e=$1 sum=$2 alerts=$3
	head -1 "$sum" | tr -d '\r' >"$TMPD/$e-head"
	is "$(cat "$TMPD/$e-head")" \
		"store;camera_id;score;thefts;fp;fp_at_or_above;camtune_summary_v2_round_trip" \
		"$e: the summary's header declares version 2 and round-trip scores"
	run "$CAMTUNE" summarize -o "$TMPD/$e-again.csv" "$sum"
	is "$status" 0 "$e: camtune reads the summary"
	lacks "$err" "not declared round-trip" "$e: ... without a warning about its digits"
	run "$CAMTUNE" summarize -q -o "$TMPD/$e-own.csv" "$alerts"
	same_file "$TMPD/$e-again.csv" "$TMPD/$e-own.csv" \
		"$e: the engine's summary is camtune's own summary of the same alerts"
	rows=$(($(wc -l <"$sum") - 1))
	thefts=$(awk -F';' 'NR > 1 { t += $4 } END { print t + 0 }' "$TMPD/$e-own.csv")
	cams=$(tail -n +2 "$TMPD/$e-own.csv" | cut -d';' -f1,2 | sort -u | wc -l)
	[ "$rows" -le $((thefts + 258 * cams)) ] && n=0 || n=1
	ok $n "$e: $rows rows, at most thefts + (K + 2) x cameras = $thefts + 258 x $cams"
	for s in exact hull greedy lazy uniform robust; do
		for t in 10% 40%; do
			"$CAMTUNE" optimize -q $V -s $s -t $t --json "$TMPD/$e-own.csv" >"$TMPD/$e-x.json"
			"$CAMTUNE" optimize -q $V -s $s -t $t --json "$sum" >"$TMPD/$e-y.json"
			cut_doc "$TMPD/$e-x.json" >"$TMPD/$e-x"
			cut_doc "$TMPD/$e-y.json" >"$TMPD/$e-y"
			same_file "$TMPD/$e-y" "$TMPD/$e-x" \
				"$e, $s at $t: the thresholds of camtune's own summary"
			case $s in exact | hull | greedy | lazy)
				"$CAMTUNE" optimize -q $V -s $s -t $t --json "$alerts" >"$TMPD/$e-z.json"
				cut_doc "$TMPD/$e-z.json" >"$TMPD/$e-z"
				same_file "$TMPD/$e-y" "$TMPD/$e-z" "$e, $s at $t: the alerts' thresholds"
				;;
			esac
		done
	done
}
