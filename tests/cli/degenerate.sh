# degenerate.sh -- data that gives a silent wrong answer unless camtune
# says so: no row with a theft label (a typo, another case), every camera
# muted or at baseline, no FP.
. "$top_srcdir/tests/lib.sh"

export LC_ALL=C.UTF-8 NO_COLOR=1
unset COLUMNS LINES
cd "$TMPD" || exit 1
"$CAMTUNE" synth --seed 7 --stores 3 --cameras-per-store 2 -n 800 -o f.csv >/dev/null 2>&1
ok $? "a small fleet is generated"
# the same alerts with lower-case labels: none matches the default list
awk -F';' -v OFS=';' 'NR > 1 { $4 = tolower($4) } { print }' f.csv >lower.csv

# Every run's summary names the labels and their class.
run "$CAMTUNE" optimize f.csv
is "$status" 0 "optimize: exit 0"
contains "$err" "labels counted as thefts: " "the summary lists the theft labels found"
contains "$err" "labels counted as normal: Other Normal " "... and the normal ones, most rows first"
run "$CAMTUNE" optimize -q --json f.csv
contains "$out" '"labels":' "the JSON's data_quality lists the labels"
contains "$out" '"label":	"Other Normal",' "... each with its name"
contains "$out" '"theft":	true' "... and how it was classed"

# No theft label matched: refused, 65, naming the labels seen.
for cmd in optimize frontier compare report backtest "plot -O pics"; do
	run "$CAMTUNE" $cmd lower.csv
	is "$status" 65 "$cmd, no row with a theft label: exit 65"
	contains "$err" "no row has a theft label" "$cmd: says why"
	contains "$err" "labels seen: other normal " "$cmd: names the labels seen, with counts"
	contains "$err" "none was taken as a theft" "$cmd: and which were thefts"
done
[ ! -e pics ]; ok $? "plot refused: no pictures written"
run "$CAMTUNE" optimize -o t.json --theft-labels 'Thef' f.csv
is "$status" 65 "a typo in --theft-labels: exit 65"
contains "$err" "(Thef)" "... naming the labels asked for"
[ ! -e t.json ]; ok $? "... nothing written"
printf '\n' >keys
run "$CAMTUNE" tui --script keys --dump-screen scr lower.csv
is "$status" 65 "the explorer, no theft label: exit 65"
contains "$err" "no row has a theft label" "the explorer: says why"
run "$CAMTUNE" optimize --allow-no-thefts lower.csv
is "$status" 0 "--allow-no-thefts: exit 0"
contains "$err" "warning: " "--allow-no-thefts: still a warning"
contains "$err" "labels seen: other normal " "... naming the labels seen"

# A new period without a theft is a fact: a warning.
"$CAMTUNE" optimize -q -o t.json f.csv
run "$CAMTUNE" eval -T t.json lower.csv
is "$status" 0 "eval on a period without a theft: exit 0"
contains "$err" "warning: " "eval: a warning"
contains "$err" "labels seen: other normal " "eval: names the labels seen"
run "$CAMTUNE" backtest --folds 20 f.csv
is "$status" 0 "backtest with folds of few alerts: exit 0"
contains "$err" "no theft in its" "backtest: a fold without a theft is a warning"
contains "$err" "labels of the data: Other Normal " "... naming the labels"
printf ':since 2023-05-31T23:00\n' >since.keys
run "$CAMTUNE" tui --script since.keys --dump-screen since.scr --size 200x30 f.csv
is "$status" 0 "the explorer, :since a range without a theft: exit 0"
contains since.scr "no theft in this range; labels of the data: Other Normal" \
	"the explorer: says so, naming the labels"

# Every camera muted, every camera at baseline: a warning with the reason.
run "$CAMTUNE" optimize -q -t 100% f.csv
contains "$err" "warning: every camera is muted: the target needs every alert removed" \
	"every camera muted: a warning with the reason"
awk -F';' 'NR == 1 || $4 ~ /Theft|Suspicious|Gesture|Product/' f.csv >nofp.csv
run "$CAMTUNE" optimize -q nofp.csv
is "$status" 0 "no FP at all: exit 0"
contains "$err" "warning: every camera stays at baseline: no FP in the history" \
	"every camera at baseline: a warning with the reason"
lacks "$out" "nan" "optimize, no FP: no nan in the text"
run "$CAMTUNE" compare -q nofp.csv
lacks "$out" "nan" "compare, no FP: no nan in the text"

done_testing
