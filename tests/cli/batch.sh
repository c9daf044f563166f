# Golden tests of the batch CLI on a hand-checked fixture (tests/data/cli/
# small.csv: 4 cameras, 5 thefts, 14 normals; its exact frontier
# 7,10,11,12,13,14 was computed by hand).
. "$top_srcdir/tests/lib.sh"
G="$top_srcdir/tests/golden/cli"
cd "$DATA/cli" || exit 99
strip_time() { grep -v '^time ' "$out" >"$TMPD/got"; }

for t in 10 50% 80%; do
	n=$(echo "$t" | tr -d %)
	run "$CAMTUNE" optimize -q -s exact -t "$t" small.csv
	is "$status" 0 "optimize -t $t: exit 0"
	strip_time
	same_file "$TMPD/got" "$G/optimize-$n.txt" "optimize -t $t: summary"
done
contains "$out" "time " "optimize prints the time"

run "$CAMTUNE" optimize -q -s exact -t 80% --json small.csv
is "$status" 0 "optimize --json: exit 0"
same_file "$out" "$G/optimize-80.json" "optimize --json: document"

run "$CAMTUNE" optimize -q -t 80% -s greedy small.csv
is "$status" 3 "greedy stalls below 80%: exit 3"
strip_time
same_file "$TMPD/got" "$G/optimize-80-greedy.txt" "greedy: says what it reached"
contains "$err" "not reachable" "greedy: plain message on stderr"

run "$CAMTUNE" optimize -t 100% --min-recall 1 small.csv
is "$status" 3 "a target no setting reaches (100% keeping every theft): exit 3"

run "$CAMTUNE" optimize -t 80% small.csv
contains "$err" "small.csv: 19 rows, 19 alerts loaded, 0 skipped" "data-quality summary on stderr"

# -o writes the same document as --json; eval recounts it to the same totals.
run "$CAMTUNE" optimize -q -s exact -t 80% -o "$TMPD/t.json" small.csv
is "$status" 0 "optimize -o: exit 0"
same_file "$TMPD/t.json" "$G/optimize-80.json" "optimize -o: same document as --json"
contains "$out" "written        $TMPD/t.json" "optimize -o: confirms the path"
run "$CAMTUNE" eval -q -T "$TMPD/t.json" small.csv
is "$status" 0 "eval: exit 0"
contains "$out" "total: 12 FP saved of 14 (85.7%), 3 TP lost of 5 (recall 40.0%)" "eval recounts the exported totals"

for s in exact hull uniform greedy lazy robust; do
	run "$CAMTUNE" frontier -q -s "$s" --json small.csv
	is "$status" 0 "frontier -s $s: exit 0"
	same_file "$out" "$G/frontier-$s.json" "frontier -s $s: points"
done
run "$CAMTUNE" frontier -q -s exact small.csv
same_file "$out" "$G/frontier-exact.txt" "frontier: text table"

run "$CAMTUNE" compare -q -t 80% small.csv
is "$status" 0 "compare: exit 0 (exact meets 80%)"
sed 's/ *[0-9.]*$//' "$out" >"$TMPD/got"
same_file "$TMPD/got" "$G/compare-80.txt" "compare: table (time column stripped)"
run "$CAMTUNE" compare -q -t 14 --min-recall 1 small.csv
is "$status" 3 "compare: exit 3 when no strategy can reach the target"
run "$CAMTUNE" compare -q -t 15 small.csv
is "$status" 64 "compare: a target above the baseline's 14 FP is refused"

# eval against a thresholds file that misses one camera and names another.
cat >"$TMPD/partial.json" <<'JSON'
{"cameras": [
 {"store": "s1", "camera_id": "1", "threshold": 0.6},
 {"store": "s2", "camera_id": "7", "threshold": 0.30000000000000004},
 {"store": "s9", "camera_id": "3", "threshold": 0.5}
]}
JSON
run "$CAMTUNE" eval -q -T "$TMPD/partial.json" small.csv
is "$status" 0 "eval partial: exit 0"
sed "s|$TMPD/||" "$out" >"$TMPD/got"
same_file "$TMPD/got" "$G/eval-partial.txt" "eval partial: per camera, totals, both lists"
run "$CAMTUNE" eval -q --json -T "$TMPD/partial.json" small.csv
sed "s|$TMPD/||" "$out" >"$TMPD/got"
same_file "$TMPD/got" "$G/eval-partial.json" "eval partial: JSON"

# Constraints.
run "$CAMTUNE" frontier -q -s exact --json --exclude s2:7 small.csv
contains "$out" '"fp_saved":	6' "exclude s2:7: its free FP is no longer saved"
run "$CAMTUNE" optimize -q -s exact -t 80% --min-recall 0.5 small.csv
is "$status" 3 "min-recall 0.5 caps what 80% needs: exit 3"
contains "$out" "FP saved       8 " "min-recall 0.5: best is 8 FP saved (s1:1 may lose 1, others none)"
run "$CAMTUNE" optimize -q -s exact -t 50% --store s1 --camera 1 --json small.csv
is "$status" 0 "--store/--camera: exit 0"
contains "$out" '"baseline_fp":	5' "--store/--camera: only that camera's baseline"
contains "$out" '"fp_saved":	3' "--store/--camera: 50% of 5 FP is met for free (3 saved)"
run "$CAMTUNE" optimize -q -s exact -t 80% --lock "$TMPD/partial.json" --json small.csv
contains "$out" '"threshold":	0.6,' "--lock keeps s1:1 at 0.6"
contains "$out" '"threshold":	0.30000000000000004,' "--lock keeps s2:7 at its threshold, digit for digit"

# The default strategy, robust: the model's expected figures next to the
# history's, the FP target met in the history with the margin it needs.
run "$CAMTUNE" optimize -q -t 50% small.csv
is "$status" 0 "robust -t 50%: exit 0"
strip_time
same_file "$TMPD/got" "$G/optimize-50-robust.txt" "robust -t 50%: summary"
run "$CAMTUNE" optimize -q -t 50% --json small.csv
same_file "$out" "$G/optimize-50-robust.json" "robust -t 50%: document with \"expected\""
run "$CAMTUNE" optimize -q -t 50% --confidence 99% small.csv
contains "$out" "held with 99% confidence" "--confidence 99%: said in the summary"
run "$CAMTUNE" optimize -q -t 50% --confidence 0.3 small.csv
is "$status" 64 "--confidence below 0.5: exit 64"
contains "$err" "--confidence: '0.3'" "--confidence: names the bad value"
run "$CAMTUNE" optimize -q -t 50% --volume-cv -1 small.csv
is "$status" 64 "--volume-cv negative: exit 64"
# A real mute (doc/domain.md, "Thresholds JSON"): the 80% plan mutes s1:1,
# s1:2 and s2:7; next month's data scores them above the history's highest
# score (0.95, 0.4, 0.7), up to exactly 1 and an out-of-range 1.5: 5 TP
# and 4 FP, s2:1 (threshold 0.8) saves its one FP.
V='2023-06-01_10h00m00s_to_2023-06-01_10h00m20s'
{
	echo ';store;video_name;label;probability'
	i=0
	for row in "s1 1 Theft 0.99" "s1 1 Other_Normal 1" "s1 1 Theft 1.5" "s1 2 Theft 0.97" \
	           "s1 2 Other_Normal 0.5" "s2 7 Theft 0.98" "s2 7 Other_Normal 0.75" \
	           "s2 1 Theft 0.9" "s2 1 Other_Normal 0.1"; do
		set -- $row
		echo "$i;$1;${V}_camera_$2_ip_10.1.2.3_port_8000.mp4;$(echo "$3" | tr _ ' ');$4"
		i=$((i + 1))
	done
} >"$TMPD/next.csv"
run "$CAMTUNE" optimize -q -s exact -t 80% -o "$TMPD/mute.json" small.csv
is "$(grep -c '"muted":	true' "$TMPD/mute.json")" 3 "the 80% plan mutes 3 cameras"
is "$(grep -c '"threshold":	1.0000000000000002,' "$TMPD/mute.json")" 3 "... each exported at the next double above 1, not above its history"
run "$CAMTUNE" eval -q -T "$TMPD/mute.json" "$TMPD/next.csv"
is "$status" 0 "eval of the mutes on next month: exit 0"
contains "$out" "$(printf '%-24s %-8s %-22s %8u %8u' s1 1 muted 0 0)" "eval: muted s1:1 keeps nothing, not even 1 and 1.5"
contains "$out" "$(printf '%-24s %-8s %-22s %8u %8u' s1 2 muted 0 0)" "eval: muted s1:2 keeps nothing"
contains "$out" "$(printf '%-24s %-8s %-22s %8u %8u' s2 7 muted 0 0)" "eval: muted s2:7 keeps nothing"
contains "$out" "total: 4 FP saved of 4 (100.0%), 4 TP lost of 5 (recall 20.0%)" "eval: totals of the mutes on next month"
run "$CAMTUNE" eval -q --json -T "$TMPD/mute.json" "$TMPD/next.csv"
is "$(grep -c '"muted":	true' "$out")" 3 "eval --json: the three mutes say muted"
# A file from an older camtune: muted, but its threshold just above the old maximum.
cat >"$TMPD/oldmute.json" <<'JSON'
{"cameras": [{"store": "s1", "camera_id": "1", "threshold": 0.9500000000000001, "muted": true},
             {"store": "s1", "camera_id": "2", "threshold": 0.4000000000000001, "muted": false}]}
JSON
run "$CAMTUNE" eval -q -T "$TMPD/oldmute.json" "$TMPD/next.csv"
contains "$out" "$(printf '%-24s %-8s %-22s %8u %8u' s1 1 muted 0 0)" "eval honours muted whatever the file's threshold"
contains "$out" "$(printf '%-24s %-8s %-22s %8u %8u' s1 2 0.4000000000000001 1 1)" "a threshold without muted is applied as it is"
# Round trip: export -> --lock on next month -> export.
run "$CAMTUNE" optimize -q -t 0 --lock "$TMPD/mute.json" -o "$TMPD/relock.json" "$TMPD/next.csv"
is "$status" 0 "--lock the mutes on next month: exit 0"
is "$(grep -c '"muted":	true' "$TMPD/relock.json")" 3 "--lock: the three cameras stay muted"
contains "$TMPD/relock.json" '"threshold":	1.5000000000000002,' "--lock: s1:1 mutes above its new 1.5"
contains "$TMPD/relock.json" '"tp_lost":	4,' "--lock: every theft of the muted cameras lost (4)"
run "$CAMTUNE" eval -q -T "$TMPD/relock.json" "$TMPD/next.csv"
contains "$out" "total: 4 FP saved of 4 (100.0%), 4 TP lost of 5 (recall 20.0%)" "round trip: eval recounts the relocked file"

# Usage and I/O errors.
run "$CAMTUNE" optimize
is "$status" 64 "no FILE: exit 64"
contains "$err" "missing FILE" "no FILE: says so"
run "$CAMTUNE" optimize -t ten small.csv
is "$status" 64 "bad target: exit 64"
contains "$err" "'ten' is not a count" "bad target: names it"
run "$CAMTUNE" optimize -s best small.csv
is "$status" 64 "unknown strategy: exit 64"
run "$CAMTUNE" optimize --bogus small.csv
is "$status" 64 "unknown option: exit 64"
run "$CAMTUNE" optimize no-such-file.csv
is "$status" 66 "missing input: exit 66"
contains "$err" "no-such-file.csv" "missing input: names the file"
run "$CAMTUNE" optimize -q -o "$TMPD/no/such/dir/t.json" small.csv
is "$status" 73 "unwritable output: exit 73"
test ! -e "$TMPD/no/such/dir/t.json"
ok $? "unwritable output: nothing created"
echo keep >"$TMPD/keep.json"
chmod 0555 "$TMPD" 2>/dev/null
if [ "$(id -u)" -ne 0 ]; then
	run "$CAMTUNE" optimize -q -o "$TMPD/keep.json" small.csv
	is "$status" 73 "read-only directory: exit 73"
fi
chmod 0755 "$TMPD"
is "$(cat "$TMPD/keep.json")" keep "an existing file is not clobbered by a failed run"
run "$CAMTUNE" eval small.csv
is "$status" 64 "eval without --thresholds: exit 64"
# a target above 100 % of baseline FP is refused, as a count or a percentage
run "$CAMTUNE" optimize -t 101% small.csv
is "$status" 64 "--target 101%: usage error"
contains "$err" "above the baseline's" "says it is above the baseline's FP"
fp=$("$CAMTUNE" optimize --json small.csv 2>/dev/null | sed -n 's/.*"baseline_fp":[[:space:]]*\([0-9]*\).*/\1/p' | head -n 1)
run "$CAMTUNE" optimize -t "$((fp + 1))" small.csv
is "$status" 64 "--target of one FP more than baseline ($((fp + 1))): usage error"
run "$CAMTUNE" optimize -q -t "$fp" small.csv
is "$status" 0 "--target of exactly the baseline's $fp FP is taken"
# ---- a count target that looks like a percentage (issue 9) ------------------
"$CAMTUNE" synth --stores 4 -n 40000 -o "$TMPD/many.csv" 2>/dev/null
run "$CAMTUNE" optimize -q -t 30 "$TMPD/many.csv"
is "$status" 0 "--target 30 on ~40,000 FP: exit 0 (a count is still a target)"
contains "$err" "warning: target 30 is a count of FP (0.0 % of baseline); write 30% for a percentage" \
	"--target 30: warns it is a count, suggests 30%"
run "$CAMTUNE" optimize -q -t 0.3 "$TMPD/many.csv"
contains "$err" "warning: target 0.3 is a count of FP (0.0 % of baseline); write 0.3% for a percentage, or 30% for the fraction 0.3" \
	"--target 0.3: warns, suggests 0.3% or 30%"
for t in 30% 10% 5000 0; do
	run "$CAMTUNE" optimize -q -t "$t" "$TMPD/many.csv"
	lacks "$err" "is a count of FP" "--target $t: no warning"
done
run "$CAMTUNE" frontier -q -t 30 "$TMPD/many.csv"
run "$CAMTUNE" compare -q -t 30 "$TMPD/many.csv"
contains "$err" "target 30 is a count of FP" "compare warns too (one check for every analysis command)"
run "$CAMTUNE" optimize -q -t 3 small.csv
lacks "$err" "is a count of FP" "--target 3 of 14 FP (21 %): no warning"

# ---- eval: no camera in common; names that are long, wide or escaped --------
printf '{"cameras": [{"store": "elsewhere", "camera_id": "9", "threshold": 0.5},
 {"store": "s1", "camera_id": "99", "threshold": 0.6}]}\n' >"$TMPD/other.json"
run "$CAMTUNE" eval -q -T "$TMPD/other.json" small.csv
is "$status" 65 "eval: no camera of the file in the data: exit 65"
contains "$err" "no camera of $TMPD/other.json is in small.csv: the file names 2 cameras (e.g. elsewhere:9), the data 4 (e.g. s1:1); thresholds for other data?" \
	"eval: says no camera is in common, with an example of each"
is "$(wc -c <"$out")" 0 "eval: no table for nothing in common"
printf '{"cameras": []}\n' >"$TMPD/empty.json"
run "$CAMTUNE" eval -q -T "$TMPD/empty.json" small.csv
is "$status" 65 "eval: a thresholds file without cameras: exit 65"
contains "$err" "empty.json: no camera in it" "eval: says the file has no camera"

V1=2023-05-31_20h32m14s_to_2023-05-31_20h32m30s_camera_1_ip_10.1.2.3_port_8000.mp4
LONG="a-store-name-of-forty-characters-exactly"
ESC=$(printf 'a\033[2Jb')
CAFE=$(printf 'cafe\314\201') # e and a combining acute accent
{
	echo ";store;video_name;label;probability"
	i=0
	for st in "$LONG" "東京駅前店" "$CAFE" "$ESC" s1; do
		printf '%d;%s;%s;Theft;0.9\n%d;%s;%s;Other;0.2\n' $i "$st" "$V1" $((i + 1)) "$st" "$V1"
		i=$((i + 2))
	done
} >"$TMPD/names.csv"
"$CAMTUNE" optimize -q -s exact -t 100% -o "$TMPD/names.json" "$TMPD/names.csv" >/dev/null 2>&1
run "$CAMTUNE" eval -q -T "$TMPD/names.json" "$TMPD/names.csv"
is "$status" 0 "eval on long, wide and escaped names: exit 0"
# The store column is as wide as the longest name (40) plus one; padding
# counts columns: 東京駅前店 is 5 characters, 15 bytes, 10 columns; café
# (with a combining accent) 4 columns; the ESC shows as \x1b (9 columns).
pad() { printf '%s%*s' "$1" "$2" ""; }
rest="1        0.9                           1        0        0        1"
{
	printf '%s%s\n' "$(pad store 36)" "camera   threshold               TP kept  FP kept  TP lost FP saved"
	printf '%s%s\n' "$(pad 'a\x1b[2Jb' 32)" "$rest"
	printf '%s%s\n' "$(pad "$LONG" 1)" "$rest"
	printf '%s%s\n' "$(pad "$CAFE" 37)" "$rest"
	printf '%s%s\n' "$(pad s1 39)" "$rest"
	printf '%s%s\n' "$(pad "東京駅前店" 31)" "$rest"
} >"$TMPD/want"
sed -n "/^store /,\$p" "$out" | head -n 6 >"$TMPD/got"
same_file "$TMPD/got" "$TMPD/want" "eval: columns stay aligned (display columns, escaped names)"
lacks "$out" "$(printf '\033')" "eval: no raw escape character reaches the terminal"

# ---- -v: stages with their times and per-camera detail on stderr -------------
run "$CAMTUNE" optimize -v -q -s exact -t 80% -o "$TMPD/v.json" small.csv
is "$status" 0 "optimize -v: exit 0"
grep -v '^time \|^model ' "$out" >"$TMPD/got-v"
for stage in load prepare solve write total; do
	is "$(grep -c "^camtune: $stage: [0-9]*\.[0-9]* s" "$err")" 1 "optimize -v: the $stage stage and its time"
done
contains "$err" "camtune: load: " "optimize -v: load names the file"
contains "$err" "(small.csv: 19 alerts on 4 cameras)" "optimize -v: load says what it loaded"
contains "$err" "camtune:   camera s1:1: 7 alerts, 2 TP, 5 FP" "optimize -v: each camera as loaded"
is "$(grep -c '^camtune:   camera .*alerts' "$err")" 4 "optimize -v: the four cameras as loaded"
is "$(grep -c '^camtune:   camera .*threshold .* TP lost, .* FP saved$' "$err")" 4 \
	"optimize -v: the four cameras' settings"
contains "$err" "camtune: solve: " "optimize -v: the solve stage"
contains "$err" "(exact, target 80%)" "optimize -v: solve says what it solved"
contains "$err" "camtune: write: " "optimize -v: the write stage"
awk '/^camtune: (load|prepare|solve|write|total):/ { print $2 }' "$err" | tr '\n' ' ' >"$TMPD/order"
is "$(cat "$TMPD/order")" "load: prepare: solve: write: total: " "optimize -v: the stages in order"
run "$CAMTUNE" optimize -q -s exact -t 80% -o "$TMPD/v.json" small.csv
strip_time
same_file "$TMPD/got-v" "$TMPD/got" "optimize -v: standard output as without -v (but the model line)"
is "$(wc -c <"$err" | tr -d ' ')" 0 "optimize without -v (and -q): nothing on stderr"
run "$CAMTUNE" optimize -s exact -t 80% small.csv
lacks "$err" "camtune: load:" "optimize without -v: no stage"
lacks "$err" "camtune:   camera" "optimize without -v: no per-camera detail"
for c in "frontier" "compare -t 50%" "eval -T $TMPD/v.json" "report" "backtest --folds 2" "summarize -o $TMPD/sum.csv"; do
	# shellcheck disable=SC2086
	"$CAMTUNE" $c -v -q small.csv >/dev/null 2>"$err"
	contains "$err" "camtune: load: " "$c -v: the load stage"
	contains "$err" "camtune: total: " "$c -v: the total"
	# shellcheck disable=SC2086
	"$CAMTUNE" $c -q small.csv >/dev/null 2>"$err"
	lacks "$err" "camtune: load: " "$c without -v: no stage"
done
"$CAMTUNE" frontier -v -q small.csv 2>"$err" >/dev/null
contains "$err" "camtune: frontier: " "frontier -v: the frontier stage"
"$CAMTUNE" compare -v -q -t 50% small.csv 2>"$err" >/dev/null
is "$(grep -c '^camtune: solve: ' "$err")" 6 "compare -v: one solve stage per strategy"
"$CAMTUNE" eval -v -q -T "$TMPD/v.json" small.csv 2>"$err" >/dev/null
contains "$err" "camtune: read thresholds: " "eval -v: reading the thresholds file"
contains "$err" "camtune: apply and print: " "eval -v: the apply stage"

run "$CAMTUNE" optimize --help
is "$status" 0 "--help: exit 0"
contains "$out" "Usage: camtune optimize" "--help on stdout"
run "$CAMTUNE" --version
contains "$out" "camtune " "--version on stdout"

# Rewriting an existing -o file keeps its mode (a private file stays
# private) and, as root, its owner; a new file gets the umask's mode.
rm -f "$TMPD/m.json"
(umask 022 && "$CAMTUNE" optimize -q -t 50% -o "$TMPD/m.json" small.csv)
is "$(stat -c %a "$TMPD/m.json")" 644 "-o a new file: the umask's mode"
chmod 600 "$TMPD/m.json"
(umask 022 && "$CAMTUNE" optimize -q -t 50% -o "$TMPD/m.json" small.csv)
is "$(stat -c %a "$TMPD/m.json")" 600 "-o over a 0600 file: still 0600"
chmod 640 "$TMPD/m.json"
ln -s m.json "$TMPD/link.json"
"$CAMTUNE" optimize -q -t 50% -o "$TMPD/link.json" small.csv
is "$(stat -c %a "$TMPD/m.json")" 640 "-o through a link: the file it names keeps 0640"
if [ "$(id -u)" -eq 0 ] && id nobody >/dev/null 2>&1; then
	chown nobody "$TMPD/m.json"
	"$CAMTUNE" optimize -q -t 50% -o "$TMPD/m.json" small.csv
	is "$(stat -c %U "$TMPD/m.json")" nobody "-o as root over nobody's file: still nobody's"
fi

done_testing
