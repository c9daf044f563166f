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
