# sql/curves.sql unchanged on PostgreSQL (a server of the test's own,
# tests/pg_lib.sh), run by psql as a team would run it, its COPY output
# saved and also piped into camtune: the demo alerts (labels an enum) and
# odd rows (integer stores, a float4 probability, no camera id, NaN) give
# camtune's own summary and thresholds (tests/sql_lib.sh).
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/pg_lib.sh"
. "$top_srcdir/tests/sql_lib.sh"
pg_start
DEMO=$(dirname "$CAMTUNE")/data/demo-alerts.csv.gz
[ -f "$DEMO" ] || skip_all "no demo data next to $CAMTUNE (make builds it)"
zcat "$DEMO" >"$TMPD/demo.csv"

pg_sql "CREATE TYPE label_t AS ENUM ('Client Normal', 'Gesture Into Body', 'Normal Bag',
	'Normal Stroller', 'Other Normal', 'Product Into Stroller', 'Staff Normal',
	'Store Normal Bag', 'Suspicious', 'Suspicious Bag', 'Theft')" &&
pg_sql "CREATE TABLE demo (idx bigint, store text, video_name text, label label_t,
	probability double precision)" &&
pg_sql "COPY demo FROM STDIN WITH (FORMAT csv, HEADER true, DELIMITER ';')" <"$TMPD/demo.csv" &&
pg_sql "CREATE TABLE odd_in (idx bigint, store text, video_name text, label text,
	probability text)" &&
pg_sql "COPY odd_in FROM STDIN WITH (FORMAT csv, HEADER true, DELIMITER ';')" \
	<"$DATA/cli/engines-odd.csv" &&
pg_sql "CREATE TABLE odd AS SELECT idx, CAST(substr(store, 2) AS integer) AS store, video_name,
	CAST(label AS label_t) AS label, CAST(probability AS real) AS probability FROM odd_in" ||
	{ echo "Bail out! cannot load the tables"; exit 1; }

for t in demo odd; do
	sed "s/FROM alerts -- camtune: source/FROM $t -- camtune: source/" \
		"$top_srcdir/sql/curves.sql" >"$TMPD/$t.sql"
	pg_sql "COPY ($(cat "$TMPD/$t.sql")
		) TO STDOUT WITH (FORMAT csv, HEADER true, DELIMITER ';')" >"$TMPD/$t-sum.csv"
	ok $? "psql runs curves.sql on $t"
	# the alerts as the server holds them (double precision's shortest
	# round-trip text)
	pg_sql "COPY (SELECT idx, store, video_name, label, CAST(probability AS double precision)
		AS probability FROM $t ORDER BY idx) TO STDOUT WITH (FORMAT csv, HEADER true,
		DELIMITER ';')" >"$TMPD/$t-alerts.csv"
	engine_check "postgresql $t" "$TMPD/$t-sum.csv" "$TMPD/$t-alerts.csv"
done

# Streamed: psql's COPY output piped into camtune, no file in between.
"$CAMTUNE" optimize -q -s exact -t 20% --json "$TMPD/demo-sum.csv" >"$TMPD/file.json"
pg_sql "COPY ($(cat "$TMPD/demo.sql")) TO STDOUT WITH (FORMAT csv, HEADER true,
	DELIMITER ';')" | "$CAMTUNE" optimize -q -s exact -t 20% --json - >"$TMPD/pipe.json"
ok $? "psql ... | camtune optimize -: exit 0"
cut_doc "$TMPD/file.json" >"$TMPD/a"
cut_doc "$TMPD/pipe.json" >"$TMPD/b"
same_file "$TMPD/b" "$TMPD/a" "a summary piped from psql: the thresholds of the file"
done_testing
