# limits.sh -- what a long line, a huge count or a far month costs: a
# refusal or an answer in time, never a hang or an exhausted machine.
. "$top_srcdir/tests/lib.sh"

export LC_ALL=C.UTF-8 NO_COLOR=1
unset COLUMNS LINES
cd "$TMPD" || exit 1
"$CAMTUNE" synth --seed 7 --stores 3 --cameras-per-store 2 -n 500 -o f.csv >/dev/null 2>&1
ok $? "a small fleet is generated"

# The explorer's prompt: a 100,000-character line (pasted, or a script's)
# is answered at once; it used to take the cube of its length.
{ printf ':goto '; head -c 100000 /dev/zero | tr '\0' a; printf '\n'; } >long.keys
run timeout 10 "$CAMTUNE" tui --script long.keys --dump-screen screen --size 100x30 f.csv
is "$status" 0 "a 100,000-character prompt line: answered (exit 0, within the 10 s watchdog)"
contains screen "no camera 'aaaa" "... and the line was read whole and run"

# A summary claiming 4,294,967,295 FP in a few bytes: refused before the
# alerts are allocated (here under a 1 GB address-space limit).
printf 'store;camera_id;score;thefts;fp;fp_at_or_above\ns;1;0.5;1;4294967295;4294967295\n' >big.csv
run sh -c "$ULIMIT_V 1000000 && exec \"\$0\" optimize \"\$1\"" "$CAMTUNE" big.csv
is "$status" 65 "a summary claiming 4 G FP in 79 bytes: exit 65, under ulimit -v"
contains "$err" "big.csv: line 2:" "... naming the file and line"
contains "$err" "more than the memory here can hold" "... saying why"

# synth --month: only months whose clip times camtune can read.
run "$CAMTUNE" synth --month 993 -n 200 --stores 2 --cameras-per-store 1 -o m993.csv
is "$status" 0 "synth --month 993 (January 2106): exit 0"
run "$CAMTUNE" optimize m993.csv
lacks "$err" "no readable time" "month 993: every clip time can be read"
run "$CAMTUNE" synth --month 994 -n 200 -o m994.csv
is "$status" 64 "synth --month 994: exit 64"
contains "$err" "from 1 to 993" "synth --month 994: says the range"
[ ! -e m994.csv ]; ok $? "synth --month 994: nothing written"

done_testing
