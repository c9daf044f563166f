#!/bin/sh
# synth.sh -- `camtune synth` end to end, and its output read back through
# the CLI (exit codes and messages of the loader as a user sees them).
. "$top_srcdir/tests/lib.sh"
L="$top_srcdir/tests/data/load"

run "$CAMTUNE" synth --help
is "$status" 0 "synth --help: exit 0"
contains "$out" "--cameras-per-store" "synth --help on stdout"

run "$CAMTUNE" synth --bogus
is "$status" 64 "unknown option: 64"
run "$CAMTUNE" synth --stores 0
is "$status" 64 "--stores 0: 64"
contains "$err" "--stores: '0' is not a whole number" "--stores 0: message"
run "$CAMTUNE" synth --alerts 12x
is "$status" 64 "--alerts 12x: 64"
run "$CAMTUNE" synth extra-argument
is "$status" 64 "stray argument: 64"

run "$CAMTUNE" synth -o "$TMPD/missing/dir/x.csv"
is "$status" 73 "output in a missing directory: 73"
contains "$err" "missing/dir/x.csv" "message names the output"

"$CAMTUNE" synth --seed 3 --stores 5 --alerts 2000 > "$TMPD/a.csv"
is "$?" 0 "small file on stdout"
run "$CAMTUNE" synth --seed 3 --stores 5 --alerts 2000 -o "$TMPD/b.csv"
is "$status" 0 "small file with -o"
same_file "$TMPD/b.csv" "$TMPD/a.csv" "-o and stdout write the same bytes"
is "$(ls "$TMPD" | grep -c tmp)" 0 "no temporary file left behind"
is "$(head -n 1 "$TMPD/a.csv")" ";store;video_name;label;probability" "header"
is "$(($(wc -l < "$TMPD/a.csv") - 1))" 2000 "--alerts rows"
is "$(cut -d';' -f2 "$TMPD/a.csv" | sed 1d | sort -u | wc -l | tr -d ' ')" 5 "--stores stores"
"$CAMTUNE" synth --seed 4 --stores 5 --alerts 2000 > "$TMPD/c.csv"
if cmp -s "$TMPD/a.csv" "$TMPD/c.csv"; then ok 1 "another seed differs"; else ok 0 "another seed differs"; fi

run "$CAMTUNE" synth --seed 3 --stores 5 --alerts 2000 --gzip -o "$TMPD/a.gz"
is "$status" 0 "--gzip"
is "$(od -An -tx1 -N2 "$TMPD/a.gz" | tr -d ' ')" "1f8b" "gzip magic"
gzip -dc "$TMPD/a.gz" > "$TMPD/a2.csv" 2>/dev/null
same_file "$TMPD/a2.csv" "$TMPD/a.csv" "gzip holds the same text"

# Months of the same cameras.
run "$CAMTUNE" synth --month 0
is "$status" 64 "--month 0: 64"
contains "$err" "--month: '0' is not a whole number from 1 to 993" "--month 0: message"
run "$CAMTUNE" synth --drift 0.1
is "$status" 64 "--drift without --month: 64"
contains "$err" "--drift needs --month" "--drift without --month: message"
run "$CAMTUNE" synth --month 2 --drift x
is "$status" 64 "--drift x: 64"
run "$CAMTUNE" synth --volume-swing 0.3
is "$status" 64 "--volume-swing without --month: 64"
run "$CAMTUNE" synth --month 2 --score-drift 3
is "$status" 64 "--score-drift 3: 64"
"$CAMTUNE" synth --seed 3 --stores 5 --alerts 2000 --month 2 --score-drift 0.25 \
    --truth "$TMPD/truth.tsv" > "$TMPD/w2.csv"
is "$?" 0 "--month 2 --score-drift --truth"
is "$(sed -n 1p "$TMPD/truth.tsv" | cut -f1-5)" "$(printf 'store\tcamera\tmonth\tfp_mean\ttp_mean')" "--truth: header"
is "$(sed 1d "$TMPD/truth.tsv" | cut -f1 | sort -u)" "$(cut -d';' -f2 "$TMPD/w2.csv" | sed 1d | sort -u)" "--truth: one line per store"
is "$(sed 1d "$TMPD/truth.tsv" | cut -f3 | sort -u)" "2" "--truth: the month"
"$CAMTUNE" synth --seed 3 --stores 5 --alerts 2000 --month 2 > "$TMPD/m2.csv"
is "$?" 0 "--month 2"
"$CAMTUNE" synth --seed 3 --stores 5 --alerts 2000 --month 2 --drift 0 > "$TMPD/m2b.csv"
same_file "$TMPD/m2b.csv" "$TMPD/m2.csv" "--drift 0 is no drift"
is "$(cut -d';' -f3 "$TMPD/m2.csv" | sed 1d | cut -c1-7 | sort -u)" "2023-06" "month 2 is June 2023"
is "$(cut -d';' -f2 "$TMPD/m2.csv" | sed 1d | sort -u)" "$(cut -d';' -f2 "$TMPD/a.csv" | sed 1d | sort -u)" "month 2: the same stores"

# Read back through the CLI: file, gzip, stdin.
run "$CAMTUNE" optimize "$TMPD/a.csv"
ok "$([ "$status" -eq 0 ] || [ "$status" -eq 3 ]; echo $?)" "optimize reads synth output (exit $status)"
contains "$err" "2,000 rows" "quality summary counts the rows"
run "$CAMTUNE" optimize "$TMPD/a.gz"
contains "$err" "2,000 rows" "gzip detected by content"
"$CAMTUNE" optimize - < "$TMPD/a.gz" > "$out" 2> "$err"
contains "$err" "2,000 rows" "gzip on standard input"

# The loader's refusals as exit codes.
run "$CAMTUNE" optimize "$L/missing_column.csv"
is "$status" 65 "missing column: 65"
contains "$err" "missing_column.csv: line 1: missing column 'probability' (found: " "missing column: message"
run "$CAMTUNE" optimize "$L/header_only.csv"
is "$status" 65 "header only: 65"
contains "$err" "no data rows" "header only: message"
: > "$TMPD/empty.csv"
run "$CAMTUNE" optimize "$TMPD/empty.csv"
is "$status" 65 "empty file: 65"
contains "$err" "empty.csv: empty file (no header)" "empty file: message"
run "$CAMTUNE" optimize "$L/unterminated.csv"
is "$status" 65 "unterminated quote: 65"
contains "$err" "unterminated.csv: line 3: unterminated quoted field" "unterminated quote: message"
run "$CAMTUNE" optimize "$TMPD"
is "$status" 66 "directory: 66"
run "$CAMTUNE" optimize "$TMPD/nope.csv"
is "$status" 66 "missing file: 66"
contains "$err" "nope.csv: cannot open" "missing file: message"
head -c 30000 "$TMPD/a.gz" > "$TMPD/cut.gz"
run "$CAMTUNE" optimize "$TMPD/cut.gz"
is "$status" 65 "truncated gzip: 65"
contains "$err" "cut.gz: truncated gzip data" "truncated gzip: message"
run "$CAMTUNE" optimize --camera-column cam "$L/camera_column.csv"
contains "$err" "4 rows, 3 alerts loaded, 1 skipped" "--camera-column"
run "$CAMTUNE" optimize --theft-labels 'Grab,Theft' "$L/labels.csv"
contains "$out" "2 TP" "--theft-labels"
done_testing
