# escape.sh -- names from the data never reach a terminal raw.
#
# A fleet whose store names, camera ids, labels and file name hold
# terminal controls (C0, ESC with OSC and CSI, BEL, BS, CR, DEL, C1 as
# UTF-8 and as raw bytes, bidi overrides, zero-width characters) goes
# through every command that prints text for people and through their
# messages; none may print one of those raw on stdout or stderr (the shown
# form of escape.h: \x1b, \u202e, ...).  The data formats (summarize's and
# synth's CSV, JSON) keep the names as they are, in their own quoting:
# `summarize | optimize -` gives the same thresholds as the alerts.
. "$top_srcdir/tests/lib.sh"

export LC_ALL=C.UTF-8 NO_COLOR=1
unset COLUMNS LINES
cd "$TMPD" || exit 1

# raw FILE...: the raw controls in FILEs, one line per kind found.
raw() {
	for f in "$@"; do
		n=$(LC_ALL=C tr -dc '\000-\010\013-\037\177' <"$f" | wc -c)
		[ "$n" -eq 0 ] || echo "$f: $n C0 or DEL bytes"
		iconv -f UTF-8 -t UTF-8 "$f" >/dev/null 2>&1 || echo "$f: bytes that are not UTF-8"
		# C1, soft hyphen, zero-width, bidi, line separators, BOM as UTF-8
		pat=$(printf '\302[\200-\237\255]\\|\330\234\\|\342\200[\213-\217\250-\256]\\|\342\201[\240-\244\246-\251]\\|\357\273\277')
		n=$(LC_ALL=C grep -c -- "$pat" "$f")
		[ "$n" -eq 0 ] || echo "$f: $n lines with a C1, bidi or invisible character"
	done
}
# clean DESCRIPTION FILE...: no raw control in the FILEs.
clean() {
	desc=$1
	shift
	found=$(raw "$@")
	if [ -z "$found" ]; then ok 0 "$desc: no raw control"; else
		ok 1 "$desc: no raw control"
		diag "$found"
		for f in "$@"; do head -c 600 "$f" | od -c | head -12 | sed 's/^/#   /'; done
	fi
}
# checks DESCRIPTION CODE CMD...: run CMD; its exit code and both streams.
checks() {
	desc=$1 code=$2
	shift 2
	run "$@"
	is "$status" "$code" "$desc: exit $code"
	clean "$desc" "$out" "$err"
}

# ---- the hostile fleet ------------------------------------------------------
"$CAMTUNE" synth --seed 3 --stores 7 --cameras-per-store 1 -n 4000 -o base.csv >/dev/null 2>&1
ok $? "the fleet is generated"
# one hostile name per store, in the order the stores first appear
{
	printf 'x\033]0;pwned\007\033[2J\n'        # OSC title, BEL, CSI clear screen
	printf 'cr\rFAKE\010\010del\177\001\n'      # CR, BS, DEL, SOH
	printf 'c1\302\233' ; printf '31m\302\205utf8\n' # C1 CSI and NEL as UTF-8
	printf 'raw\233\2051m\n'                    # raw bytes 0x9b 0x85 (not UTF-8)
	printf 'bidi\342\200\256live\342\200\252\342\201\246x\342\201\251\n' # RLO, LRE, LRI, PDI
	printf 'zw\342\200\213\342\200\215\342\200\217\357\273\277x\n'     # ZWSP, ZWJ, RLM, BOM
	printf 'tab\tand\033[1m"quote"\n'
} >names
awk -F';' -v OFS=';' '
	NR == FNR { name[++n] = $0; next }
	FNR == 1 { print; next }
	$2 != "" {
		if (!($2 in map)) map[$2] = name[++k]
		s = map[$2]
		gsub(/"/, "\"\"", s)
		s = "\"" s "\""
		$2 = s
		if (k == 1) sub(/_camera_[0-9]+_/, "_camera_9\033[31m_", $3)
		if ($4 == "Other Normal" && NR % 7 == 0) $4 = "Other\033]0;L\007Normal"
	}
	{ print }' names base.csv >"h.csv"
is "$(cut -d';' -f2 base.csv | sort -u | wc -l)" 8 "seven stores and the header"
F=$(printf 'f\033[2Jile\302\233.csv')
cp h.csv "$F"

# ---- every command that prints text -----------------------------------------
checks "optimize" 0 "$CAMTUNE" optimize "$F"
contains "$err" 'f\x1b[2Jile\u009b.csv' "optimize: the file name shown escaped in the summary"
checks "optimize -v" 0 "$CAMTUNE" optimize -v "$F"
contains "$err" ':9\x1b[31m:' "optimize -v: a camera id shown escaped"
checks "optimize -s greedy" 0 "$CAMTUNE" optimize -s greedy "$F"
checks "optimize, unreachable" 3 "$CAMTUNE" optimize -s greedy -t 90% "$F"
checks "optimize -o" 0 "$CAMTUNE" optimize -q -o t.json "$F"
n=$(LC_ALL=C tr -dc '\000-\010\013-\037' <t.json | wc -c)
is "$n" 0 "the thresholds JSON: no raw C0 control (JSON's own escaping)"
contains t.json 'x\u001b]0;pwned\u0007\u001b[2J' "the JSON keeps the name, JSON-escaped"
checks "frontier" 0 "$CAMTUNE" frontier "$F"
checks "frontier -s uniform" 0 "$CAMTUNE" frontier -s uniform "$F"
checks "compare" 0 "$CAMTUNE" compare "$F"
checks "eval" 0 "$CAMTUNE" eval -T t.json "$F"
checks "backtest" 0 "$CAMTUNE" backtest "$F"
checks "report" 0 "$CAMTUNE" report "$F"
contains "$out" 'cr\rFAKE\x08\x08del\x7f\x01' "report: the camera table shows the store escaped"
checks "report --markdown" 0 "$CAMTUNE" report --markdown "$F"
contains "$out" 'bidi\\u202elive' "report --markdown: a bidi override shown escaped"
run "$CAMTUNE" report --json "$F"
is "$status" 0 "report --json: exit 0"
clean "report --json: its messages" "$err"
n=$(LC_ALL=C tr -dc '\000-\010\013-\037' <"$out" | wc -c)
is "$n" 0 "report --json: no raw C0 control (JSON's own escaping)"
checks "plot" 0 "$CAMTUNE" plot -O pics "$F"
checks "plot, a file that is not there" 66 "$CAMTUNE" plot -O pics2 "$(printf 'no\033]0;x\007.csv')"
checks "summarize: its messages" 0 "$CAMTUNE" summarize -o sum.csv "$F"
checks "synth: its messages" 73 "$CAMTUNE" synth -n 100 -o "$(printf 'nodir\033[2J/x.csv')"
checks "the explorer (--script, --dump-screen)" 0 \
	"$CAMTUNE" tui --script /dev/null --dump-screen screen --size 160x40 "$F"
clean "the explorer's screen" screen
printf ':goto x\n:sort name\n:filter r\n:filter\n:view quality\n' >keys
checks "the explorer, views and messages" 0 \
	"$CAMTUNE" tui --script keys --dump-screen screen2 --dump-every --size 160x40 "$F"
clean "the explorer's screens" screen2

# ---- messages ---------------------------------------------------------------
checks "cannot open" 66 "$CAMTUNE" optimize "$(printf 'no\033]0;x\007such.csv')"
contains "$err" 'no\x1b]0;x\x07such.csv' "cannot open: the file name shown escaped"
{ printf ';store;video\033[2J_name;lab\302\233el;probability\n0;s;v;Theft;0.5\n'; } >hdr.csv
checks "a missing column" 65 "$CAMTUNE" optimize hdr.csv
contains "$err" "found: " "a missing column: the header found is named"
contains "$err" 'video\x1b[2J_name' "a missing column: the header field shown escaped"
printf '{"cameras": [{"store": "ev\\u001b]0;X\\u0007il", "camera_id": "1", "threshold": 0.5}]}\n' >lock.json
checks "--lock, a camera not in the data" 0 "$CAMTUNE" optimize --lock lock.json "$F"
contains "$err" 'ev\x1b]0;X\x07il' "--lock: the camera shown escaped"
checks "--store, not in the data" 65 "$CAMTUNE" optimize --store "$(printf 'no\033[2J')" --camera 1 "$F"
checks "--exclude, not in the data" 0 "$CAMTUNE" optimize --exclude "$(printf 'ex\033[2J')" "$F"
printf '{"cameras": [{"store": "ot\\u001b[2Jher", "camera_id": "1", "threshold": 0.5}]}\n' >other.json
checks "eval, a thresholds file for other data" 65 "$CAMTUNE" eval -T other.json "$F"
checks "an unknown option" 64 "$CAMTUNE" optimize "$(printf -- '--x\033[2J')" "$F"
checks "a bad target" 64 "$CAMTUNE" optimize -t "$(printf '1\033[2J')" "$F"
checks "-o onto the input" 64 "$CAMTUNE" optimize -o "$F" "$F"
# the session read back by --resume: strategy and target from the file
printf '{"explorer": {"strategy": "ex\\u001b[2Jact", "target": "10%%"}, "cameras": []}\n' >s1.json
checks "--resume, a bad strategy" 65 "$CAMTUNE" tui --resume s1.json --script /dev/null "$F"
contains "$err" 'ex\x1b[2Jact' "--resume: the strategy shown escaped"
printf '{"explorer": {"strategy": "exact", "target": "1\\u001b]0;X\\u0007%%"}, "cameras": []}\n' >s2.json
checks "--resume, a bad target" 65 "$CAMTUNE" tui --resume s2.json --script /dev/null "$F"
contains "$err" 's2.json' "--resume, a bad target: names the file"
contains "$err" '1\x1b]0;X\x07%' "--resume: the target shown escaped"

# A 20 MB store name in a message: cut, with an ellipsis.
{ printf '%s\n' ';store;video_name;label;probability'
  printf '0;'; head -c 20000000 /dev/zero | tr '\0' a
  printf ';2023-05-01_10h00m00s_to_x_camera_1_ip_1_port_1.mp4;Theft;0.5\n'
  printf '1;s;2023-05-01_10h00m00s_to_x_camera_1_ip_1_port_1.mp4;Other;0.4\n'; } >long.csv
run "$CAMTUNE" optimize --store "$(head -c 100000 /dev/zero | tr "\0" b)" --camera 1 long.csv
is "$status" 65 "--store of a 100 kB name: exit 65"
n=$(wc -c <"$err")
[ "$n" -lt 3000 ]; ok $? "--store of a 100 kB name: the message is cut ($n bytes)"
contains "$err" "$(printf '\342\200\246')" "--store of a 100 kB name: an ellipsis says so"
printf '{"cameras": [{"store": "' >long.json
head -c 20000000 /dev/zero | tr '\0' a >>long.json
printf '", "camera_id": "7", "threshold": 0.5}]}\n' >>long.json
run "$CAMTUNE" optimize -q --lock long.json long.csv
n=$(wc -c <"$err")
[ "$n" -lt 3000 ]; ok $? "--lock naming a 20 MB store not in the data: the warning is cut ($n bytes)"
contains "$err" "is not in the data" "... and still says what is wrong"

# ---- data formats keep the data as it is --------------------------------------
run "$CAMTUNE" summarize "$F"
is "$status" 0 "summarize: exit 0"
cp "$out" sum-out.csv
if grep -q "$(printf 'x\033]0;pwned')" sum-out.csv; then ok 0 "summarize: the CSV keeps the names raw"; else
	ok 1 "summarize: the CSV keeps the names raw"; fi
# a complete summary (K above every camera's FP): robust, the default, exactly
# the model's variance given: a summary has no alert times to measure it
"$CAMTUNE" optimize -q --volume-cv 0.15 -o ta.json "$F" >/dev/null 2>&1
"$CAMTUNE" summarize --sketch 1000000 "$F" 2>/dev/null | "$CAMTUNE" optimize -q --volume-cv 0.15 -o rt.json - >/dev/null 2>&1
ok $? "summarize | optimize -: exit 0"
grep -q '"cameras"' rt.json && ok 0 "summarize | optimize -: thresholds written" ||
	ok 1 "summarize | optimize -: thresholds written"
# (per-day figures need alert times, which a summary has not)
sed -n '/"cameras":[[:space:]]*\[/,$p' ta.json | grep -v '"days":\|"alerts_per_day' >ca.json
sed -n '/"cameras":[[:space:]]*\[/,$p' rt.json | grep -v '"days":\|"alerts_per_day' >cb.json
grep -q 'pwned' cb.json; ok $? "summarize | optimize -: the hostile names are there"
same_file cb.json ca.json "summarize | optimize -: the same cameras and thresholds as from the alerts"
"$CAMTUNE" synth -n 50 --seed 2 -o - 2>/dev/null | "$CAMTUNE" optimize -q - >/dev/null 2>&1
ok $? "synth -o - | optimize -: exit 0"

done_testing
