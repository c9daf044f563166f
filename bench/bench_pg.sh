#!/bin/sh
# bench_pg.sh -- the PostgreSQL and summary figures of `make bench`.
#
#   bench_pg.sh CAMTUNE RUNSTAT [PG_BINDIR]
#
# Starts a private PostgreSQL server (tests/pg_lib.sh: initdb + pg_ctl in
# a temporary directory, a Unix socket there), loads the real-shaped file
# and a big one (BENCH_ALERTS, default 10 M, as bench.sh generates them)
# into tables with COPY, then measures the whole `camtune optimize
# --strategy exact` (wall, CPU of camtune's threads, peak RSS from
# runstat; bytes received from the data-quality summary):
#   - from the CSV file (the reference, in the same run);
#   - from the table, every alert read (--no-pushdown);
#   - from the table, the summary computed by the server (--pushdown);
#   - from the summary file (camtune summarize), exact and --sketch 64.
# and the summary's size against the alerts'.  The server's own CPU is
# not in camtune's CPU column; the wall column includes it.  Skips with a
# line saying why when PostgreSQL or runstat is missing.
set -u

CAMTUNE=${1:?usage: bench_pg.sh CAMTUNE RUNSTAT [PG_BINDIR]}
RUNSTAT=${2:-}
PG_BINDIR=${3:-${PG_BINDIR:-}}
ALERTS=${BENCH_ALERTS:-10000000}
here=$(cd "$(dirname "$0")" && pwd)

TMPD=$(mktemp -d "${TMPDIR:-/tmp}/camtune-benchpg.XXXXXX") || exit 1
skip_all() {
	echo "PostgreSQL and summary figures: skipped ($1)"
	rm -rf "$TMPD"
	exit 0
}
[ -n "$RUNSTAT" ] && [ -x "$RUNSTAT" ] || skip_all "no runstat"
# shellcheck source=../tests/pg_lib.sh
. "$here/../tests/pg_lib.sh"
pg_start
echo
echo "== PostgreSQL source and the per-camera summary (exact, whole camtune optimize)"

field() { sed -n "s/.*$1=\([^ ]*\).*/\1/p"; }
mb() { awk -v b="$1" 'BEGIN { if (b == "" || b == "n/a") print "n/a"; else printf "%.1f", b / 1e6 }'; }

# one row: label, then the command; figures from runstat and the summary
measure() { # measure LABEL CMD...
	label=$1
	shift
	"$RUNSTAT" "$@" >/dev/null 2>"$TMPD/m.err"
	st=$(grep '^runstat:' "$TMPD/m.err" | tail -1)
	bytes=$(sed -n 's/.*bytes received  *\([0-9][0-9]*\).*/\1/p; s/.*, \([0-9][0-9]*\) bytes received;.*/\1/p' \
		"$TMPD/m.err" | head -1)
	printf '%-34s %8s %8s %9s %12s\n' "$label" "$(echo "$st" | field wall)" \
		"$(echo "$st" | field cpu)" \
		"$(awk -v k="$(echo "$st" | field maxrss_kb)" 'BEGIN { printf "%.0f", k / 1024 }')" \
		"${bytes:+$(mb "$bytes")}"
}

for set in real big; do
	if [ $set = real ]; then
		"$CAMTUNE" synth --seed 1 >"$TMPD/$set.csv" 2>/dev/null
	else
		"$CAMTUNE" synth --seed 1 --stores 10000 --cameras-per-store 4 --alerts "$ALERTS" \
			>"$TMPD/$set.csv" 2>/dev/null
	fi
	rows=$(($(wc -l <"$TMPD/$set.csv") - 1))
	pg_sql "CREATE TABLE a_$set (idx bigint, store text, video_name text, label text,
		probability double precision)" &&
		pg_sql "COPY a_$set FROM STDIN WITH (FORMAT csv, HEADER true, DELIMITER ';')" \
			<"$TMPD/$set.csv" && pg_sql "VACUUM ANALYZE a_$set" ||
		skip_all "cannot load the $set table"
	"$CAMTUNE" summarize -q -o "$TMPD/$set-summary.csv" "$TMPD/$set.csv"
	"$CAMTUNE" summarize -q --sketch 64 -o "$TMPD/$set-sketch.csv" "$TMPD/$set.csv"
	echo
	echo "$set: $rows alerts; CSV $(mb "$(wc -c <"$TMPD/$set.csv")") MB," \
		"summary $(mb "$(wc -c <"$TMPD/$set-summary.csv")") MB" \
		"($(($(wc -l <"$TMPD/$set-summary.csv") - 1)) rows)," \
		"--sketch 64 $(mb "$(wc -c <"$TMPD/$set-sketch.csv")") MB" \
		"($(($(wc -l <"$TMPD/$set-sketch.csv") - 1)) rows);" \
		"gzip -1: $(mb "$(gzip -1 -c "$TMPD/$set.csv" | wc -c)") MB and" \
		"$(mb "$(gzip -1 -c "$TMPD/$set-summary.csv" | wc -c)") MB"
	printf '%-34s %8s %8s %9s %12s\n' "optimize -s exact from" "wall s" "cpu s" "peak MB" "received MB"
	measure "CSV file (reference)" "$CAMTUNE" optimize -s exact "$TMPD/$set.csv"
	measure "table, every alert (--no-pushdown)" "$CAMTUNE" optimize -s exact --no-pushdown \
		--table "a_$set" "$PG_URI"
	measure "table, summary (--pushdown)" "$CAMTUNE" optimize -s exact --pushdown \
		--table "a_$set" "$PG_URI"
	measure "summary file" "$CAMTUNE" optimize -s exact "$TMPD/$set-summary.csv"
	measure "summary file, --sketch 64" "$CAMTUNE" optimize -s exact "$TMPD/$set-sketch.csv"
	pg_sql "DROP TABLE a_$set"
	rm -f "$TMPD/$set.csv"
done
