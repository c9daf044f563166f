# outputs.sh -- every output is checked as -o is: never the input, the
# script or the session file; a write error on standard output is 74; a
# closed pipe ends camtune quietly, by SIGPIPE.
. "$top_srcdir/tests/lib.sh"

export LC_ALL=C.UTF-8 NO_COLOR=1
unset COLUMNS LINES
cd "$TMPD" || exit 1
"$CAMTUNE" synth --seed 7 --stores 3 --cameras-per-store 2 -n 500 -o f.csv >/dev/null 2>&1
ok $? "a small fleet is generated"
cp f.csv keep.csv

# summarize -o onto its input: refused like any other command's -o.
run "$CAMTUNE" summarize -o f.csv f.csv
is "$status" 64 "summarize -o FILE FILE: exit 64"
contains "$err" "is the input file" "summarize -o onto its input: says why"
cmp -s f.csv keep.csv; ok $? "summarize -o onto its input: the alerts are untouched"

# tui --dump-screen OUT: the same checks and writer as -o.
printf ':export out.json\n' >keys
cp keys keys.keep
ln -s f.csv link.csv
printf '{"explorer": {"strategy": "exact", "target": "10%%"}, "cameras": []}\n' >session.json
cp session.json session.keep
# dumps DESCRIPTION OUT [OPTIONS...]: --dump-screen OUT refused, 64.
dump_refused() {
	desc=$1 dump=$2
	shift 2
	run "$CAMTUNE" tui --script keys --dump-screen "$dump" --size 100x30 "$@" f.csv
	is "$status" 64 "--dump-screen onto $desc: exit 64"
	contains "$err" "is $desc" "--dump-screen onto $desc: says why"
}
dump_refused "the input file" f.csv
dump_refused "the input file" link.csv
dump_refused "the script" keys
dump_refused "the --resume file" session.json --resume session.json
dump_refused "the -o file" o.json -o o.json
printf 'old\n' >o.json
dump_refused "the -o file" o.json -o o.json
cmp -s f.csv keep.csv && cmp -s keys keys.keep && cmp -s session.json session.keep
ok $? "--dump-screen refused: the data, the script and the session untouched"
is "$(cat o.json)" old "--dump-screen refused: the -o file untouched"
printf ':export shot.txt\n' >keys2
run "$CAMTUNE" tui --script keys2 --dump-screen shot.txt --size 100x30 f.csv
is "$status" 64 "--dump-screen onto the file the script exported: exit 64"
contains shot.txt '"cameras":' "... the thresholds stay"
ls -A | grep -q 'tmp' && ok 1 "no temporary file left" || ok 0 "no temporary file left"

# an export of the script that fails: the script's exit says so
printf ':export nodir/t.json\n' >keys3
run "$CAMTUNE" tui --script keys3 --dump-screen s3 --size 100x30 f.csv
is "$status" 73 "tui --script with a failed export: exit 73"
contains "$err" "1 export failed" "... and says so on stderr"
printf ':export f.csv\n' >keys4
run "$CAMTUNE" tui --script keys4 --size 100x30 f.csv
is "$status" 73 "tui --script with an export refused (the data file): exit 73"
printf ':export good.json\n' >keys5
run "$CAMTUNE" tui --script keys5 --size 100x30 f.csv
is "$status" 0 "tui --script with a good export: exit 0"

# a write error on standard output: 74
if [ -w /dev/full ]; then
	"$CAMTUNE" summarize -q f.csv >/dev/full 2>"$err"
	is "$?" 74 "summarize >/dev/full: exit 74"
	"$CAMTUNE" tui --script /dev/null --dump-screen - --size 100x30 f.csv >/dev/full 2>"$err"
	is "$?" 74 "tui --dump-screen - >/dev/full: exit 74"
	"$CAMTUNE" --help >/dev/full 2>"$err"
	is "$?" 74 "camtune --help >/dev/full: exit 74"
	"$CAMTUNE" --version >/dev/full 2>"$err"
	is "$?" 74 "camtune --version >/dev/full: exit 74"
	"$CAMTUNE" optimize --help >/dev/full 2>"$err"
	is "$?" 74 "camtune optimize --help >/dev/full: exit 74"
else
	ok 0 "# SKIP no /dev/full"
fi

# a closed pipe: ended by SIGPIPE (128 + 13 in the shell), no message,
# even when the shell ignores SIGPIPE for its children
"$CAMTUNE" synth --seed 3 -n 60000 -o big.csv >/dev/null 2>&1
for cmd in frontier summarize report; do
	# the reader is gone before camtune, busy loading, writes a byte
	st=$( (trap '' PIPE; "$CAMTUNE" $cmd -q big.csv 2>"$err"; echo $? >"$TMPD/st") | true; cat "$TMPD/st")
	is "$st" 141 "$cmd | head, SIGPIPE ignored by the shell: ended by SIGPIPE"
	is "$(wc -c <"$err" | tr -d ' ')" 0 "$cmd | head: no message"
done

done_testing
