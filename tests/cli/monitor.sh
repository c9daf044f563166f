#!/bin/sh
# monitor.sh -- camtune monitor, optimize --from and synth --break-cameras
# from the command line (camtune(1); doc/domain.md "After deployment").
. "${top_srcdir:-.}/tests/lib.sh"
W="$TMPD/w"
mkdir -p "$W"

"$CAMTUNE" synth -s 5 --month 1 -o "$W/m1.csv" &&
"$CAMTUNE" synth -s 5 --month 2 --break-cameras 5 -o "$W/m2.csv" &&
"$CAMTUNE" synth -s 5 --month 2 -o "$W/m2clean.csv"
ok $? "synth: months 1 and 2, month 2 with 5 broken cameras"

# synth --break-cameras: the same cameras, more FP, higher scores
run "$CAMTUNE" synth --break-cameras 5
is "$status" 64 "--break-cameras without --month: usage error"
contains "$err" "needs --month" "... saying it needs --month"
run "$CAMTUNE" synth --month 2 --break-shift 1
is "$status" 64 "--break-shift without --break-cameras: usage error"
run "$CAMTUNE" synth --month 2 --break-cameras 5 --break-volume -1
is "$status" 64 "--break-volume -1: usage error"
rows1=$(wc -l <"$W/m2.csv")
rows0=$(wc -l <"$W/m2clean.csv")
ok $([ "$rows1" -gt $((rows0 + 5000)) ] && echo 0 || echo 1) \
	"5 cameras at twice the FP: more rows ($rows1 against $rows0)"

# the thresholds file carries per-camera expectations and the history
run "$CAMTUNE" optimize -q -t 30% -o "$W/t1.json" "$W/m1.csv"
is "$status" 0 "optimize month 1"
contains "$W/t1.json" '"fp_kept_high":' "cameras[].expected in the export"
contains "$W/t1.json" '"fp_quantiles":' "cameras[].history in the export"
nq=$(awk '/"fp_quantiles"/ { sub(/.*\[/, ""); sub(/\].*/, ""); print gsub(/,/, ",") + 1; exit }' "$W/t1.json")
is "$nq" 32 "32 FP quantiles"
contains "$W/t1.json" '"volume_cv":' "the volume swing recorded"

# the explorer's export carries them too, and monitor reads it
printf ':target 30%%\n:export %s\n' "$W/tui.json" >"$W/keys"
run "$CAMTUNE" tui --script "$W/keys" --dump-screen "$W/screen" --size 120x40 "$W/m1.csv"
is "$status" 0 "the explorer exports"
contains "$W/tui.json" '"fp_quantiles":' "the explorer's export has the history picture"
contains "$W/tui.json" '"alerts_per_day_high":' "... and the expectations"
run "$CAMTUNE" monitor -q --json -T "$W/tui.json" "$W/m2.csv"
contains "$out" '"verdict":	"drifted"' "monitor judges against the explorer's export"

# monitor: text, sorted by how far outside, flagged cameras first
run "$CAMTUNE" monitor -q -T "$W/t1.json" "$W/m2.csv"
is "$status" 0 "monitor: exit 0 without --strict, whatever the verdicts"
contains "$out" "expectations scaled by 0.968" "31 days of history against 30: scaled"
contains "$out" "drifted, 0 new, 0 silent" "fleet counts"
first=$(awk '/^store/ { getline; print $3; exit }' "$out")
is "$first" drifted "the first camera listed drifted"
outs=$(awk '/^store/ { on = 1; next } on && NF >= 10 && $3 == "drifted" { print $4 }' "$out")
sorted=$(printf '%s\n' "$outs" | sort -gr)
is "$outs" "$sorted" "drifted cameras by how far outside, farthest first"
contains "$out" "normal alerts score higher" "the score-shift reason in words"
contains "$out" "volume x" "the volume reason in words"

run "$CAMTUNE" monitor -q --strict -T "$W/t1.json" "$W/m2.csv"
is "$status" 4 "--strict: exit 4 when a camera drifted"
contains "$err" "no longer hold" "... saying why"
run "$CAMTUNE" monitor -q --json -T "$W/t1.json" "$W/m2.csv"
is "$status" 0 "--json: exit 0"
for k in '"fleet":' '"target_met":' '"fp_saved":' '"baseline_fp":' '"tp_lost":' \
	'"target_fp_reduction":' '"expected_next":' '"verdict":' '"reasons":' '"score_shift"' \
	'"volume"' '"fp_kept_low":'; do
	contains "$out" "$k" "--json has $k"
done

# a camera gone and one new; no theft at all in NEW is a fact
gone=$(sed -n 2p "$W/m2clean.csv" | cut -d';' -f2)
{ head -1 "$W/m2clean.csv"; grep -v ";$gone;" "$W/m2clean.csv" | sed 1d |
	sed "s/;pt-/;zz-newstore-/"; } >"$W/moved.csv"
run "$CAMTUNE" monitor -q --json -T "$W/t1.json" "$W/moved.csv"
is "$status" 0 "monitor with cameras gone and new"
contains "$out" '"verdict":	"silent"' "a camera gone: silent"
contains "$out" '"verdict":	"new"' "a camera not in the file: new"
sed -e 's/;Suspicious Bag;/;Other Normal;/; s/;Suspicious;/;Other Normal;/; s/;Theft;/;Other Normal;/' \
	-e 's/;Gesture Into Body;/;Other Normal;/; s/;Product Into Stroller;/;Other Normal;/' \
	"$W/m2clean.csv" >"$W/nothefts.csv"
run "$CAMTUNE" monitor -q -T "$W/t1.json" "$W/nothefts.csv"
is "$status" 0 "no theft in NEW: not an error"
contains "$out" "no theft in the new data" "... said as a fact"

# a summary has no times: --days N
"$CAMTUNE" summarize -q -o "$W/m2.sum.csv" "$W/m2clean.csv"
run "$CAMTUNE" monitor -q -T "$W/t1.json" "$W/m2.sum.csv"
contains "$out" "lengths unknown" "a summary without --days: lengths unknown, said"
run "$CAMTUNE" monitor -q -T "$W/t1.json" --days 15 "$W/m2.sum.csv"
contains "$out" "expectations scaled by 0.484" "--days 15 against 31: scaled by 0.484"
run "$CAMTUNE" monitor -q -T "$W/t1.json" --days 0 "$W/m2.sum.csv"
is "$status" 64 "--days 0: usage error"
run "$CAMTUNE" monitor -q "$W/m2.csv"
is "$status" 64 "monitor without --thresholds: usage error"

# re-tune with few changes
run "$CAMTUNE" optimize -q -t 30% --from "$W/t1.json" --max-changes 5 -o "$W/t2.json" "$W/m2.csv"
is "$status" 0 "optimize --from --max-changes 5: exit 0"
contains "$out" "changes        5 of 45 cameras" "5 cameras changed"
arrows=$(grep -c '^  .* -> ' "$out")
is "$arrows" 5 "the output lists them, old -> new"
contains "$W/t2.json" '"max_changes":	5' "the export records the rule"
nchanged=$(grep -c '"changed":	true' "$W/t2.json")
is "$nchanged" 5 "the export marks 5 cameras changed"
contains "$W/t2.json" '"previous_threshold":' "... with their previous thresholds"
# the others keep their thresholds exactly
same=$(awk -F'\t' '/"threshold":/ { t = $NF } /"previous_threshold":/ { p = $NF }
	/"changed":	false/ { if (t != p) bad++ } END { print bad + 0 }' "$W/t2.json")
is "$same" 0 "unchanged cameras keep the deployed threshold exactly"

run "$CAMTUNE" optimize -q -t 30% -s exact --from "$W/t1.json" --max-changes 0 "$W/m2.csv"
is "$status" 3 "--max-changes 0 short of the target: exit 3"
contains "$err" "the fewest changes that reach it are" "... naming the fewest that can"
run "$CAMTUNE" optimize -q -t 30% -s exact --from "$W/t1.json" --change-cost 1000 "$W/m2.csv"
is "$status" 0 "--change-cost 1000: exit 0"
contains "$out" "a change worth 1000 thefts" "the rule in the output"
run "$CAMTUNE" optimize -q -t 30% -s exact --from "$W/t1.json" --change-cost 0 "$W/m2.csv"
c0=$(awk '/^changes/ { print $2 }' "$out")
run "$CAMTUNE" optimize -q -t 30% -s exact --from "$W/t1.json" --change-cost 1000 "$W/m2.csv"
c1=$(awk '/^changes/ { print $2 }' "$out")
ok $([ "$c1" -le "$c0" ] && echo 0 || echo 1) "a dear change: fewer changes ($c1 against $c0)"
run "$CAMTUNE" optimize -q --from "$W/t1.json" "$W/m2.csv"
is "$status" 64 "--from without a rule: usage error"
run "$CAMTUNE" optimize -q --max-changes 3 "$W/m2.csv"
is "$status" 64 "--max-changes without --from: usage error"
run "$CAMTUNE" optimize -q -s greedy --from "$W/t1.json" --max-changes 3 "$W/m2.csv"
is "$status" 64 "--from with greedy: usage error"
# a new camera is tuned freely and listed
run "$CAMTUNE" optimize -q -t 30% --from "$W/t1.json" --max-changes 5 "$W/moved.csv"
contains "$out" "(new) ->" "new cameras listed with their thresholds"
done_testing
