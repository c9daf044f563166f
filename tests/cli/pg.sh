# The PostgreSQL source against a real server of the test's own
# (tests/pg_lib.sh): the same thresholds from a table as from the CSV file
# it was loaded from, bad rows counted as in the file, the time range in
# SQL, the failures (password, table, column, query, server gone), and the
# password never in an output.  Skipped without PostgreSQL.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/pg_lib.sh"
pg_start

pg_demo
SMALL="$DATA/cli/small.csv"

# Fixtures: each file into a table by COPY, its columns as in the header
# (the first, unnamed, as idx).  probability is a double in "alerts" and
# "demo", text in "dirty" (unparsable values must reach camtune).
load_table() { # load_table TABLE FILE PROBTYPE
	pg_sql "CREATE TABLE $1 (idx bigint, store text, video_name text, label text,
		probability $3)" &&
	pg_sql "COPY $1 FROM STDIN WITH (FORMAT csv, HEADER true, DELIMITER ';')" <"$2"
}
load_table alerts "$SMALL" "double precision" || { echo "Bail out! cannot load small.csv"; exit 1; }
load_table demo "$TMPD/demo.csv" "double precision" || { echo "Bail out! cannot load demo"; exit 1; }
# The time as a timestamp column too (a view: an UPDATE would move rows,
# and their order is what row numbers count).
pg_sql "CREATE VIEW demo_ts AS SELECT *, to_timestamp(substr(video_name, 1, 20),
		'YYYY-MM-DD_HH24\"h\"MI\"m\"SS\"s\"') AT TIME ZONE 'UTC' AS ts FROM demo" ||
	{ echo "Bail out! cannot create demo_ts"; exit 1; }

# A thresholds JSON but its source, and the example line numbers (rows in
# a database, checked on the dirty table below).
strip_source() { sed '/"source_detail":/,/^	}/d' "$1" | grep -v '"source":\|"first_lines":\|"first_rows":'; }

# ---- the same thresholds from the table and from the file -----------------
run "$CAMTUNE" optimize -q -s exact -t 80% --json "$PG_URI"
is "$status" 0 "optimize on the default table alerts: exit 0"
strip_source "$out" >"$TMPD/db.json"
strip_source "$top_srcdir/tests/golden/cli/optimize-80.json" >"$TMPD/golden.json"
same_file "$TMPD/db.json" "$TMPD/golden.json" "table alerts: the CSV golden document, but the source"
contains "$out" "\"source\":	\"table alerts on host=$PG_DIR dbname=camtune_test user=camtune\"" \
	"source: the table and the connection without the password"

for s in exact hull robust greedy lazy; do
	run "$CAMTUNE" optimize -q -s $s -t 10% -o "$TMPD/file-$s.json" "$TMPD/demo.csv"
	rc_file=$status
	run "$CAMTUNE" optimize -q -s $s -t 10% -o "$TMPD/db-$s.json" --table demo "$PG_URI"
	is "$rc_file/$status" "0/0" "$s: exit 0 from the file and from the table"
	strip_source "$TMPD/file-$s.json" >"$TMPD/a.json"
	strip_source "$TMPD/db-$s.json" >"$TMPD/b.json"
	same_file "$TMPD/b.json" "$TMPD/a.json" "$s: the same thresholds JSON from the table as from the file"
done

run "$CAMTUNE" frontier -q --table demo "$PG_URI"
cp "$out" "$TMPD/db-frontier"
run "$CAMTUNE" frontier -q "$TMPD/demo.csv"
same_file "$TMPD/db-frontier" "$out" "frontier: the same from the table"

run "$CAMTUNE" summarize -q --table demo "$PG_URI"
cp "$out" "$TMPD/db-summary.csv"
run "$CAMTUNE" summarize -q "$TMPD/demo.csv"
same_file "$TMPD/db-summary.csv" "$out" "summarize: the same summary from the table as from the file"

# --query: any SELECT, columns by name
run "$CAMTUNE" optimize -q -s exact -t 80% --json \
	--query "SELECT store, video_name, label, probability FROM alerts WHERE idx < 1000" "$PG_URI"
strip_source "$out" >"$TMPD/q.json"
same_file "$TMPD/q.json" "$TMPD/golden.json" "--query: the same document"
run "$CAMTUNE" optimize -q -s exact -t 80% --json --table public.alerts "$PG_URI"
is "$status" 0 "--table SCHEMA.TABLE"

# --camera-column and --time-column on a view
pg_sql "CREATE VIEW renamed AS SELECT store, substring(video_name from '_camera_([^_]*)_') AS cam,
	video_name AS clip, label, probability FROM alerts"
run "$CAMTUNE" optimize -q -s exact -t 80% --json --table renamed --camera-column cam \
	--time-column clip "$PG_URI"
strip_source "$out" >"$TMPD/r.json"
same_file "$TMPD/r.json" "$TMPD/golden.json" "--camera-column on a view: the same document"

# ---- bad rows, counted as in the file --------------------------------------
# dirty.csv but for the rows a table cannot hold (too few fields, blank
# lines): a file line L is row L-1 of the table.
grep -v '^$' "$DATA/load/dirty.csv" | awk -F';' 'NR == 1 || NF == 5' >"$TMPD/dirty.csv"
load_table dirty "$TMPD/dirty.csv" text
run "$CAMTUNE" optimize -s exact "$TMPD/dirty.csv"
is "$status" 0 "dirty file: exit 0"
sed -n 's/^\(  [a-z].*[0-9]\)  (lines\{0,1\} .*/\1/p' "$err" >"$TMPD/file-counts"
sed -n 's/.*  (lines\{0,1\} \(.*\))$/\1/p' "$err" | tr -d ' .' >"$TMPD/file-lines"
run "$CAMTUNE" optimize -s exact --table dirty "$PG_URI"
is "$status" 0 "dirty table: exit 0"
sed -n 's/^\(  [a-z].*[0-9]\)  (rows\{0,1\} .*/\1/p' "$err" >"$TMPD/db-counts"
[ -s "$TMPD/db-counts" ] && n=0 || n=1
ok $n "dirty table: the report has counts by reason, with rows"
same_file "$TMPD/db-counts" "$TMPD/file-counts" "dirty table: every reason counted as in the file"
sed -n 's/.*  (rows\{0,1\} \(.*\))$/\1/p' "$err" | tr -d ' .' >"$TMPD/db-rows"
# each file line number minus one (the header)
tr ',' '\n' <"$TMPD/file-lines" | awk 'NF { print $1 - 1 }' >"$TMPD/want-rows"
tr ',' '\n' <"$TMPD/db-rows" | awk 'NF { print $1 }' >"$TMPD/got-rows"
same_file "$TMPD/got-rows" "$TMPD/want-rows" "dirty table: rows are the result's rows (file line - 1)"
head -1 "$err" >"$TMPD/first"
contains "$TMPD/first" "table dirty on host=$PG_DIR dbname=camtune_test user=camtune: " \
	"the summary names the table and the connection"
run "$CAMTUNE" optimize -q -s exact --json --table dirty "$PG_URI"
contains "$out" '"first_rows":' "thresholds JSON: first_rows for a database"

# ---- --since/--until in SQL equal the file's filter -------------------------
cut_doc() { sed -n '/"totals":/,/}/p; /"cameras":.\[/,$p' "$1" | grep -v '"days":\|"alerts_per_day'; }
for range in "--since 2023-05-10" "--until 2023-05-20T12:30" "--since 2023-05-05T08:00 --until 2023-05-25"; do
	# shellcheck disable=SC2086
	run "$CAMTUNE" optimize -q -s exact -t 20% --json $range "$TMPD/demo.csv"
	cut_doc "$out" >"$TMPD/a"
	# shellcheck disable=SC2086
	run "$CAMTUNE" optimize -q -s exact -t 20% --json $range --table demo "$PG_URI"
	cut_doc "$out" >"$TMPD/b"
	same_file "$TMPD/b" "$TMPD/a" "$range: the table's thresholds equal the file's (video_name text)"
	# shellcheck disable=SC2086
	run "$CAMTUNE" optimize -q -s exact -t 20% --json $range --table demo_ts --time-column ts "$PG_URI"
	cut_doc "$out" >"$TMPD/c"
	same_file "$TMPD/c" "$TMPD/a" "$range: the same through a timestamp column"
done
run "$CAMTUNE" optimize -s exact -t 20% --since 2023-05-10 --table demo "$PG_URI"
rows_db=$(sed -n 's/.*: \([0-9,]*\) rows,.*/\1/p' "$err" | head -1 | tr -d ,)
run "$CAMTUNE" optimize -s exact -t 20% --since 2023-05-10 "$TMPD/demo.csv"
rows_file=$(sed -n 's/.*: \([0-9,]*\) rows,.*/\1/p' "$err" | head -1 | tr -d ,)
[ "${rows_db:-0}" -gt 0 ] && [ "$rows_db" -lt "$rows_file" ] && n=0 || n=1
ok $n "--since: the server sends fewer rows than the file has ($rows_db < $rows_file)"

# ---- failures: message and exit code, never the password --------------------
bad_uri="postgresql://camtune:wrong-$PG_PASSWORD@/camtune_test?host=$PG_DIR"
run "$CAMTUNE" optimize "$bad_uri"
is "$status" 66 "wrong password: exit 66"
contains "$err" "cannot connect: password authentication failed for user" "wrong password: says so"
lacks "$err" "wrong-" "wrong password: not in the message"

run "$CAMTUNE" optimize --table nosuch "$PG_URI"
is "$status" 66 "missing table: exit 66"
contains "$err" 'table nosuch: relation "nosuch" does not exist' "missing table: says which"

pg_sql "CREATE TABLE noprob (store text, video_name text, label text, score real)"
run "$CAMTUNE" optimize --table noprob "$PG_URI"
is "$status" 65 "missing column: exit 65"
contains "$err" "table noprob: missing column 'probability' (found: store, video_name, label, score)" \
	"missing column: says which, and what was found"

run "$CAMTUNE" optimize --query "SELEC nothing" "$PG_URI"
is "$status" 65 "bad --query: exit 65"
contains "$err" '--query: syntax error at or near' "bad --query: the server's message"

run "$CAMTUNE" optimize --query "SELECT store, video_name, label, 1/(idx - 3) AS probability FROM alerts" "$PG_URI"
is "$status" 65 "server error mid-read: exit 65"
contains "$err" "server error after" "server error mid-read: says so"
contains "$err" "division by zero" "server error mid-read: the server's message"

run "$CAMTUNE" optimize --table empty_t "$PG_URI"
pg_sql "CREATE TABLE empty_t (store text, video_name text, label text, probability float8)"
run "$CAMTUNE" optimize --table empty_t "$PG_URI"
is "$status" 65 "empty table: exit 65"
contains "$err" "user=camtune: no rows" "empty table: says no rows"

run "$CAMTUNE" optimize --table alerts "$SMALL"
is "$status" 64 "--table with a file: usage error"
run "$CAMTUNE" optimize --table a --query "SELECT 1" "$PG_URI"
is "$status" 64 "--table and --query: usage error"

run "$CAMTUNE" tui "$PG_URI" </dev/null
is "$status" 64 "explorer without a terminal on a URI: usage error"
lacks "$err" "$PG_PASSWORD" "explorer: the password not in its message"

# No output of this script's runs showed the password.
cat "$TMPD"/*.json >"$TMPD/all-json"
lacks "$TMPD/all-json" "$PG_PASSWORD" "no thresholds JSON holds the password"

# ---- --pushdown: the server computes the summary (sql/curves.sql) ----------
# the model's variance given: a summary has no periods to measure it
V="--volume-cv 0.15"
# (per-day figures need alert times, which a summary has not; where the
# data came from differs: source, source_detail, theft_labels)
# (each camera's expectations and history picture are the sketch's
# against the alerts': not compared)
cut_json() {
	grep -v '"source":\|"theft_labels":\|"days":\|"alerts_per_day' "$1" |
		sed '/"data_quality":/,/^	}/d; /"source_detail":/,/^	}/d
		     /^			"expected":/,/^			}/d; /^			"history":/,/^			}/d'
}
# the server's summary is camtune's own (K 256 FP quantiles a camera):
# exact, hull, greedy and lazy the alerts' answers, robust and uniform
# those of the summary
"$CAMTUNE" summarize -q -o "$TMPD/demo-sum.csv" "$TMPD/demo.csv"
for s in exact hull robust greedy lazy uniform; do
	ref="$TMPD/demo.csv"
	case $s in robust | uniform) ref="$TMPD/demo-sum.csv" ;; esac
	run "$CAMTUNE" optimize -q $V -s $s -t 15% --json "$ref"
	cut_json "$out" >"$TMPD/a"
	run "$CAMTUNE" optimize -q $V -s $s -t 15% --json --pushdown --table demo "$PG_URI"
	is "$status" 0 "--pushdown $s: exit 0"
	cut_json "$out" >"$TMPD/b"
	same_file "$TMPD/b" "$TMPD/a" "--pushdown $s: the same thresholds JSON as from $(basename "$ref")"
done
run "$CAMTUNE" optimize -t 15% --pushdown --table demo "$PG_URI"
contains "$err" "a summary computed by the server (--pushdown): 12,987 rows (camera, score) for 155,937 alerts" \
	"--pushdown: the summary says what it received"
for opts in "--since 2023-05-05T08:00 --until 2023-05-25" "--theft-labels Theft,Suspicious"; do
	# shellcheck disable=SC2086
	run "$CAMTUNE" optimize -q $V -s exact -t 15% --json $opts "$TMPD/demo.csv"
	cut_json "$out" >"$TMPD/a"
	# shellcheck disable=SC2086
	run "$CAMTUNE" optimize -q $V -s exact -t 15% --json $opts --pushdown --table demo "$PG_URI"
	cut_json "$out" >"$TMPD/b"
	same_file "$TMPD/b" "$TMPD/a" "--pushdown $opts: the same as the file"
done
run "$CAMTUNE" optimize -q $V -s exact -t 15% --json --since 2023-05-05T08:00 --until 2023-05-25 \
	--pushdown --table demo_ts --time-column ts "$PG_URI"
cut_json "$out" >"$TMPD/b"
run "$CAMTUNE" optimize -q $V -s exact -t 15% --json --since 2023-05-05T08:00 --until 2023-05-25 \
	"$TMPD/demo.csv"
cut_json "$out" >"$TMPD/a"
same_file "$TMPD/b" "$TMPD/a" "--pushdown --since/--until on a timestamp column: the same"
run "$CAMTUNE" optimize -q -s exact -t 80% --json --pushdown --table renamed --camera-column cam "$PG_URI"
cut_json "$out" >"$TMPD/b"
cut_json "$top_srcdir/tests/golden/cli/optimize-80.json" >"$TMPD/a"
same_file "$TMPD/b" "$TMPD/a" "--pushdown --camera-column: the golden document"
run "$CAMTUNE" optimize -q -s exact -t 80% --json --pushdown \
	--query "SELECT store, video_name, label, probability FROM alerts" "$PG_URI"
cut_json "$out" >"$TMPD/b"
same_file "$TMPD/b" "$TMPD/a" "--pushdown --query: the golden document"
run "$CAMTUNE" optimize --pushdown --table dirty "$PG_URI"
is "$status" 65 "--pushdown on a text probability: exit 65"
contains "$err" "--pushdown cannot compute the summary exactly: its probability column is not numeric" \
	"... says why, and what to do"
run "$CAMTUNE" optimize --pushdown "$SMALL"
is "$status" 64 "--pushdown with a file: usage error"
run "$CAMTUNE" backtest --pushdown --table demo "$PG_URI"
is "$status" 65 "backtest --pushdown: a summary has no times, exit 65"
run "$CAMTUNE" backtest -q --table demo "$PG_URI"
is "$status" 0 "backtest on a database reads the alerts: exit 0"

# sql/curves.sql as it stands, run by the server's own client: a summary
# every command reads with the alerts' answers.
pg_sql "COPY ($(cat "$top_srcdir/sql/curves.sql" | sed 's/FROM alerts -- camtune: source/FROM demo/'))
	TO STDOUT WITH (FORMAT csv, HEADER true, DELIMITER ';')" >"$TMPD/sql-summary.csv"
for s in exact robust; do
	ref="$TMPD/demo.csv"
	[ $s = robust ] && ref="$TMPD/demo-sum.csv"
	run "$CAMTUNE" optimize -q $V -s $s -t 15% --json "$ref"
	cut_json "$out" >"$TMPD/a"
	run "$CAMTUNE" optimize -q $V -s $s -t 15% --json "$TMPD/sql-summary.csv"
	cut_json "$out" >"$TMPD/b"
	same_file "$TMPD/b" "$TMPD/a" "sql/curves.sql by psql, $s: the same as the file"
done

# ---- --query: one statement, in a READ ONLY transaction ---------------------
pg_sql "CREATE TABLE victim AS SELECT * FROM alerts"
before=$(pg_sql "SELECT count(*) FROM victim" -At)
run "$CAMTUNE" optimize -q --query "SELECT * FROM victim) q; DELETE FROM victim; SELECT * FROM (SELECT * FROM victim" "$PG_URI"
is "$status" 65 "--query smuggling a second statement: exit 65"
is "$(pg_sql "SELECT count(*) FROM victim" -At)" "$before" "... and nothing deleted ($before rows still there)"
run "$CAMTUNE" optimize -q --query "DELETE FROM victim RETURNING *" "$PG_URI"
is "$(pg_sql "SELECT count(*) FROM victim" -At)" "$before" "--query DELETE ... RETURNING: nothing deleted"
pg_sql "CREATE FUNCTION wipe() RETURNS double precision LANGUAGE sql AS
	'DELETE FROM victim; SELECT 0.5::double precision'"
run "$CAMTUNE" optimize -q --query "SELECT store, video_name, label, wipe() AS probability FROM alerts" "$PG_URI"
is "$status" 65 "--query calling a function that writes: exit 65"
contains "$err" "read-only transaction" "... the server refuses it in the read-only transaction"
is "$(pg_sql "SELECT count(*) FROM victim" -At)" "$before" "... and nothing deleted"
run "$CAMTUNE" optimize -q -s exact -t 80% --json --query "SELECT * FROM alerts WHERE idx < 1000;" "$PG_URI"
strip_source "$out" >"$TMPD/q.json"
same_file "$TMPD/q.json" "$TMPD/golden.json" "--query with a trailing ;: the same document"
run "$CAMTUNE" optimize -q -s exact -t 80% --json --query "SELECT * FROM alerts -- all of them" "$PG_URI"
strip_source "$out" >"$TMPD/q.json"
same_file "$TMPD/q.json" "$TMPD/golden.json" "--query with a -- comment: the same document"
run "$CAMTUNE" optimize -q -s exact -t 80% --json --query "SELECT * FROM alerts WHERE store <> '--x'; -- c" "$PG_URI"
strip_source "$out" >"$TMPD/q.json"
same_file "$TMPD/q.json" "$TMPD/golden.json" "--query with '--' in a string, a ; and a comment"
run "$CAMTUNE" optimize -q -s exact -t 80% --json --pushdown --query "SELECT * FROM alerts; -- c" "$PG_URI"
is "$status" 0 "--pushdown --query with a ; and a comment: exit 0"

# ---- --table as SQL writes it ------------------------------------------------
pg_sql "CREATE SCHEMA shop; CREATE TABLE shop.alerts AS SELECT * FROM alerts;
	CREATE TABLE \"Mixed Case\" AS SELECT * FROM alerts; CREATE TABLE \"a.b\" AS SELECT * FROM alerts"
for t in '"Mixed Case"' ALERTS Alerts shop.alerts SHOP.Alerts '"shop"."alerts"' '"a.b"' 'public."alerts"'; do
	run "$CAMTUNE" optimize -q -s exact -t 80% --json --table "$t" "$PG_URI"
	is "$status" 0 "--table $t: exit 0"
	strip_source "$out" >"$TMPD/t.json"
	same_file "$TMPD/t.json" "$TMPD/golden.json" "--table $t: the table's document"
done
for t in 'Mixed Case' '"unclosed' 'a..b' 'x;DROP TABLE alerts' '1abc' ''; do
	run "$CAMTUNE" optimize --table "$t" "$PG_URI"
	is "$status" 64 "--table '$t': not a table name, exit 64"
done
run "$CAMTUNE" optimize --table '"mixed case"' "$PG_URI"
is "$status" 66 "--table \"mixed case\": a quoted name is taken as it is (no such table, 66)"
is "$(pg_sql "SELECT count(*) FROM alerts" -At)" 19 "the table alerts is still there"

# ---- a permission error is exit 66 -------------------------------------------
pg_sql "CREATE ROLE reader LOGIN PASSWORD 'reader-pw'"
run "$CAMTUNE" optimize "postgresql://reader:reader-pw@/camtune_test?host=$PG_DIR"
is "$status" 66 "no permission on the table: exit 66"
contains "$err" "permission denied" "... the server's message"
run "$CAMTUNE" optimize --pushdown "postgresql://reader:reader-pw@/camtune_test?host=$PG_DIR"
is "$status" 66 "--pushdown, no permission: exit 66"

# ---- the thresholds JSON says where the data came from -----------------------
detail() { sed -n '/^	"source_detail":/,/^	},/p' "$1"; }
run "$CAMTUNE" optimize -q -t 80% --json --table demo "$PG_URI"
detail "$out" >"$TMPD/got"
printf '\t"source_detail":\t{\n\t\t"kind":\t"table",\n\t\t"table":\t"demo",\n\t\t"connection":\t"%s",\n\t\t"pushdown":\tfalse\n\t},\n' \
	"host=$PG_DIR dbname=camtune_test user=camtune" >"$TMPD/want"
same_file "$TMPD/got" "$TMPD/want" "source_detail: a table, its connection without the password"
contains "$out" '"theft_labels":	["Suspicious Bag", "Suspicious", "Theft", "Gesture Into Body", "Product Into Stroller"]' \
	"theft_labels: the labels counted as thefts"
run "$CAMTUNE" optimize -q -t 80% --json --pushdown --theft-labels Theft --query "SELECT * FROM demo" "$PG_URI"
detail "$out" >"$TMPD/got"
printf '\t"source_detail":\t{\n\t\t"kind":\t"query",\n\t\t"query":\t"SELECT * FROM demo",\n\t\t"connection":\t"%s",\n\t\t"pushdown":\ttrue\n\t},\n' \
	"host=$PG_DIR dbname=camtune_test user=camtune" >"$TMPD/want"
same_file "$TMPD/got" "$TMPD/want" "source_detail: a query, pushed down"
contains "$out" '"theft_labels":	["Theft"]' "theft_labels: --theft-labels"
lacks "$out" "$PG_PASSWORD" "... never the password"

# ---- the server's notices: escaped, and none under -q ------------------------
pg_sql "CREATE FUNCTION noisy(p double precision) RETURNS double precision LANGUAGE plpgsql AS
	\$\$ BEGIN RAISE WARNING 'from the server %', E'x\\033]0;pwned\\007y\\r\\nFAKE'; RETURN p; END \$\$"
q="SELECT store, video_name, label, noisy(probability) AS probability FROM alerts WHERE idx = 0
	UNION ALL SELECT store, video_name, label, probability FROM alerts WHERE idx > 0"
run "$CAMTUNE" optimize --query "$q" "$PG_URI"
is "$status" 0 "a query that raises a WARNING: exit 0"
contains "$err" 'server WARNING: from the server x\x1b]0;pwned\x07y\r\nFAKE' "the WARNING shown, escaped"
tr -d '\n' <"$err" | LC_ALL=C grep -q "$(printf '[\001-\010\013-\037\177]')" && n=1 || n=0
ok $n "... no raw control byte on stderr"
run "$CAMTUNE" optimize -q --query "$q" "$PG_URI"
lacks "$err" "from the server" "-q: no notice"

# ---- SIGINT/SIGTERM cancel the server's query; application_name -------------
for sig in INT TERM; do
	"$CAMTUNE" optimize -q --query "SELECT * FROM alerts, pg_sleep(60) AS s" "$PG_URI" \
		>/dev/null 2>&1 &
	pid=$!
	is "$(pg_wait busy)" 1 "SIG$sig: the query runs as application_name camtune"
	kill -$sig $pid
	wait $pid
	is "$(pg_wait idle)" 0 "SIG$sig: the server's query cancelled (none left in pg_stat_activity)"
done

# ---- the server stopped mid-read (last: it takes the server down) -----------
# A query slow enough to be stopped while it streams; wait until the
# server runs it, then stop the server.
# (10 ms every 100 rows: 16 s for the whole table, never reached)
"$CAMTUNE" optimize -q --query "SELECT store, video_name, label, probability
	FROM demo LEFT JOIN LATERAL (SELECT pg_sleep(0.01) WHERE demo.idx % 100 = 0) AS slow ON true" \
	"$PG_URI" >"$TMPD/mid.out" 2>"$TMPD/mid.err" &
pid=$!
n=0
while [ $n -lt 200 ]; do
	c=$(pg_sql "SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'COPY%'
		AND pid <> pg_backend_pid()" -At 2>/dev/null)
	[ "${c:-0}" -gt 0 ] && break
	sleep 0.1
	n=$((n + 1))
done
sleep 0.5
pg_as "$PG_BINDIR/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null 2>&1
wait $pid
status=$?
is "$status" 66 "server stopped mid-read: exit 66"
contains "$TMPD/mid.err" "connection lost after" "server stopped mid-read: says so"
[ -s "$TMPD/mid.out" ] && n=1 || n=0
ok $n "server stopped mid-read: no result printed"

done_testing
