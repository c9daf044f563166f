#!/bin/sh
# resume.sh -- a what-if session continues: the explorer's export records
# its strategy, target and hand-set cameras ("explorer", "hand_set"), and
# `camtune --resume T.json FILE` reopens it in that state, through
# `camtune tui --script`.  Bad files fail as the thresholds reader says.
. "$top_srcdir/tests/lib.sh"

export LC_ALL=C.UTF-8 NO_COLOR=1
unset COLUMNS LINES
cd "$TMPD" || exit 1
"$CAMTUNE" synth --seed 7 --stores 6 --cameras-per-store 2 -n 3000 -o fleet.csv >/dev/null 2>&1
ok $? "the fleet is generated"

cat >s1 <<'KEYS'
:target 15%
:strategy exact
:goto pt-hiper-6656-nazare:30
L
:goto pt-hiper-6071-braga:35
x
:goto es-hiper-3148-tomar:35
m
:goto es-mini-3966-namur:30
<Right><Right>
:export first.json
KEYS
run "$CAMTUNE" tui --script s1 --dump-screen screen1 --size 120x40 fleet.csv
is "$status" 0 "a session is exported"
contains screen1 "exported 12 thresholds to first.json" "the export says so"
contains first.json '"explorer":' "the file records the session"
contains first.json '"strategy":	"exact"' "its strategy"
contains first.json '"target":	"15%"' "its target"
is "$(grep -c '"hand_set"' first.json)" 4 "four cameras set by hand"
is "$(grep -c '"hand_set":	"locked"' first.json)" 2 "locked and stepped: locked"
is "$(grep -c '"hand_set":	"muted"' first.json)" 1 "one muted"
is "$(grep -c '"hand_set":	"excluded"' first.json)" 1 "one excluded"

# resume: same state, nothing to export yet; export again: the same file
printf ':export second.json\n' >s2
run "$CAMTUNE" --resume first.json tui --script s2 --dump-screen screen2 --size 120x40 fleet.csv
is "$status" 64 "--resume before the subcommand is not an option of camtune"
run "$CAMTUNE" tui --resume first.json --script s2 --dump-screen screen2 --size 120x40 fleet.csv
is "$status" 0 "camtune tui --resume first.json"
contains screen2 "target 440 (15%) | strategy exact | 4 manual" "strategy, target and hand-set cameras again"
run "$CAMTUNE" --resume first.json --script s2 --dump-screen screen3 --size 120x40 fleet.csv
is "$status" 0 "camtune --resume first.json FILE (no subcommand)"
strip() { grep -v '"source"\|"time"\|camtune_version' "$1"; }
strip first.json >a.json
strip second.json >b.json
if cmp -s a.json b.json; then ok 0 "exported again after resume: the same thresholds and session"; else
	ok 1 "exported again after resume: the same thresholds and session"
	diag "$(diff a.json b.json | head -20)"
fi
printf '\n' >s0
run "$CAMTUNE" tui --resume first.json --script s0 --dump-screen screen4 --size 120x40 fleet.csv
if grep -q "not exported" screen4; then ok 1 "a resumed session is not a change"; else
	ok 0 "a resumed session is not a change"; fi
run "$CAMTUNE" tui --resume first.json -t 20% --script s0 --dump-screen screen5 --size 120x40 fleet.csv
contains screen5 "(20%)" "-t on the command line wins over the session's target"

# only the hand-set cameras are set: a plain optimize file sets none
"$CAMTUNE" optimize -q -o plain.json fleet.csv
run "$CAMTUNE" tui --resume plain.json --script s0 --dump-screen screen6 --size 120x40 fleet.csv
is "$status" 0 "--resume of a file not from the explorer"
contains "$err" "was not exported by the explorer" "says it has no session"
if grep -q "manual" screen6; then ok 1 "and sets no camera"; else ok 0 "and sets no camera"; fi

# the time window, the confidence and the expected block: a session on
# the first part of the data (:since/:until) exports that part's span;
# eval on the rest calls it held out, --resume reopens the window
first=$(sed -n 's/.*"first":[[:space:]]*"\([^"]*\)".*/\1/p' plain.json | head -1)
last=$(sed -n 's/.*"last":[[:space:]]*"\([^"]*\)".*/\1/p' plain.json | head -1)
ok "$([ -n "$first" ] && [ -n "$last" ] && echo 0 || echo 1)" "the data has times ($first to $last)"
cut=$(awk -v f="$first" -v l="$last" 'BEGIN {
	# the day after the first alert: a cut inside the data
	split(substr(f, 1, 10), d, "-"); printf "%04d-%02d-%02d", d[1], d[2], d[3] + 1 }')
cat >s3 <<KEYS
:until $cut
:goto pt-hiper-6656-nazare:30
L
:export window.json
KEYS
run "$CAMTUNE" tui --script s3 --dump-screen screen7 --size 120x40 --confidence 80% fleet.csv
is "$status" 0 "a session on the alerts before $cut is exported"
contains window.json '"until":	"'"$cut"'T00:00:00"' "the export records the window's end"
contains window.json '"confidence":	0.8' "and the confidence asked"
contains window.json '"expected":' "and what the model expects, as optimize -o writes it"
contains window.json '"p_target_met":' "with P(target holds)"
wlast=$(sed -n 's/.*"last":[[:space:]]*"\([^"]*\)".*/\1/p' window.json | head -1)
ok "$([ "$wlast" \< "$cut" ] && echo 0 || echo 1)" "its history ends before $cut ($wlast), not at $last"
run "$CAMTUNE" eval --since "$cut" -T window.json fleet.csv
is "$status" 0 "eval of the window's thresholds on the alerts from $cut"
contains "$out" "held-out time" "eval calls them held out"
if [ "$status" -ne 0 ] || printf '%s' "$out" | grep -q "partly in-sample"; then
	ok 1 "not partly in-sample"; else ok 0 "not partly in-sample"; fi
run "$CAMTUNE" tui --resume window.json --script s0 --dump-screen screen8 --size 120x40 fleet.csv
is "$status" 0 "--resume window.json"
contains screen8 "1 manual" "the lock again"
printf ':export window2.json\n' >s4
run "$CAMTUNE" tui --resume window.json --script s4 --dump-screen screen9 --size 120x40 fleet.csv
contains window2.json '"until":	"'"$cut"'T00:00:00"' "the window is restored: exported again"
contains window2.json '"confidence":	0.8' "and the confidence"
# the data-quality block is the load's (the resumed one loads the window)
strip_dq() { sed '/^	"data_quality":/,/^	},$/d' "$1" | grep -v '"source"\|camtune_version'; }
strip_dq window.json >c.json
strip_dq window2.json >d.json
if cmp -s c.json d.json; then ok 0 "the resumed session exports the same file"; else
	ok 1 "the resumed session exports the same file"
	diag "$(diff c.json d.json | head -20)"
fi
run "$CAMTUNE" tui --resume window.json --since "$cut" --script s4 --dump-screen screen10 --size 120x40 fleet.csv
contains window2.json '"since":	"'"$cut"'T00:00:00"' "--since on the command line replaces the session's window"
if grep -q '"until":' window2.json; then ok 1 "the session's until is not kept then"; else
	ok 0 "the session's until is not kept then"; fi

run "$CAMTUNE" tui --resume missing.json --script s0 fleet.csv
is "$status" 66 "--resume of a missing file: exit 66"
contains "$err" "missing.json" "names it"
sed 's/"hand_set":	"muted"/"hand_set":	"frozen"/' first.json >bad.json
run "$CAMTUNE" tui --resume bad.json --script s0 fleet.csv
is "$status" 65 "an unknown hand_set: exit 65"
contains "$err" "hand_set" "names the field"
sed 's/"strategy":	"exact"/"strategy":	"psychic"/' first.json >bad2.json
run "$CAMTUNE" tui --resume bad2.json --script s0 fleet.csv
is "$status" 65 "an unknown session strategy: exit 65"
done_testing
