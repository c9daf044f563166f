# The thresholds JSON against doc/thresholds.schema.json (strict: no field
# it does not list): every document the commands write here (every
# strategy, a summary, a time range, locks, a minimum recall, an
# unreachable target, a one-camera run, the explorer's export with cameras
# set by hand) and the golden ones; a document with a field more, or a
# field of the wrong type, fails; camtune refuses a format_version it does
# not know.  Skipped without python3 and its jsonschema module.
. "$top_srcdir/tests/lib.sh"
command -v python3 >/dev/null 2>&1 || skip_all "no python3"
python3 -c 'import jsonschema' 2>/dev/null || skip_all "no python3-jsonschema"
SCHEMA="$top_srcdir/doc/thresholds.schema.json"
V="$top_srcdir/tests/validate_schema.py"
SMALL="$DATA/cli/small.csv"
cd "$TMPD" || exit 1
"$CAMTUNE" synth --seed 3 --stores 5 --cameras-per-store 2 -n 4000 -o fleet.csv >/dev/null 2>&1
"$CAMTUNE" summarize -q -o fleet-sum.csv fleet.csv

n=0
write() { # write ARGS...: optimize ARGS -o doc$n.json
	n=$((n + 1))
	"$CAMTUNE" optimize -q "$@" -o "doc$n.json" >/dev/null 2>&1
	[ -s "doc$n.json" ] || echo "# optimize $* wrote nothing"
}
for s in exact hull robust greedy lazy uniform; do
	write -s $s -t 20% fleet.csv
done
write -s exact -t 30% fleet-sum.csv
write -s robust -t 30% fleet-sum.csv
write -s exact -t 20% --since 2023-05-05 --until 2023-05-20 fleet.csv
write -s exact -t 20% --min-recall 0.8 fleet.csv
write -s exact -t 99.9% fleet.csv
write -s robust -t 20% --lock doc1.json fleet.csv
write -s exact -t 10% "$SMALL"
write -s exact -t 1 --exclude s1 "$SMALL"
cat >keys <<'KEYS'
:target 15%
:strategy exact
L
j
x
j
m
:export tui.json
KEYS
"$CAMTUNE" tui --script keys --dump-screen screen --size 120x40 fleet.csv >/dev/null 2>&1
[ -s tui.json ]; ok $? "the explorer exported a document"
grep -q '"hand_set"' tui.json; ok $? "... with cameras set by hand"

docs=$(ls doc*.json tui.json "$top_srcdir"/tests/golden/cli/optimize-*.json 2>/dev/null)
is "$(echo "$docs" | wc -l)" $((n + 3)) "$n written, the explorer's and the golden documents to check"
for f in $docs; do
	python3 "$V" "$SCHEMA" "$f" >v.out 2>&1
	ok $? "valid: $(basename "$f") $(grep -v '^ok' v.out)"
done

# The schema can fail: a field more, at the top and in a camera; a wrong
# type; a missing stable field; an unknown version.
sed 's/^	"rule":/	"surprise":	1,\n	"rule":/' doc1.json >extra.json
sed '0,/"few_thefts":/s/"few_thefts":/"colour":	"red",\n			"few_thefts":/' doc1.json >extra-cam.json
sed '0,/"muted":	false/s/"muted":	false/"muted":	"no"/' doc1.json >type.json
sed '0,/"threshold":/{/"threshold":/d}' doc1.json >missing.json
sed 's/"format_version":	1/"format_version":	2/' doc1.json >v2.json
for f in extra extra-cam type missing v2; do
	grep -q . "$f.json" && ! cmp -s "$f.json" doc1.json
	ok $? "$f.json differs from the document"
	python3 "$V" "$SCHEMA" "$f.json" >v.out 2>&1
	is "$?" 1 "invalid: $f.json ($(cat v.out))"
done
run "$CAMTUNE" eval -q -T v2.json fleet.csv
is "$status" 65 "eval of format_version 2: exit 65"
contains "$err" "format_version not 1: this camtune reads version 1" "... says which it reads"
grep -v '"format_version"' doc1.json >v0.json
run "$CAMTUNE" eval -q -T v0.json fleet.csv
is "$status" 0 "a document without format_version (older camtune): read as version 1"
done_testing
