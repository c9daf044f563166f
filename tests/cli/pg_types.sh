# The column types real warehouses use (char(n), real, numeric, integers,
# enums) give, in every database path (--table, --query, --pushdown, a
# summary made from the table), what the file gives: the file being the
# table as camtune reads it, text names and double precision scores
# (doc/domain.md "Column types").  And thresholds exported from a real
# column hold in the database itself with probability >= threshold.
# Skipped without PostgreSQL (tests/pg_lib.sh).
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/pg_lib.sh"
pg_start

pg_demo
SMALL="$DATA/cli/small.csv"

# wh: the demo as a warehouse holds it, padded names and float4 scores
pg_sql "CREATE TABLE wh (idx bigint, store char(48), video_name varchar(255), label char(32),
	probability real)" &&
pg_sql "COPY wh FROM STDIN WITH (FORMAT csv, HEADER true, DELIMITER ';')" <"$TMPD/demo.csv" ||
	{ echo "Bail out! cannot load the demo"; exit 1; }
# the other types, made from it
pg_sql "DO \$\$ BEGIN EXECUTE format('CREATE TYPE lab AS ENUM (%s)', (SELECT string_agg(l, ',')
	FROM (SELECT DISTINCT quote_literal(rtrim(label)) AS l FROM wh WHERE label <> '') x)); END \$\$;
	CREATE TABLE wh_enum AS SELECT idx, store, video_name, CAST(rtrim(label) AS lab) AS label,
		CAST(CAST(probability AS double precision) AS numeric) AS probability FROM wh;
	CREATE TABLE wh_int AS SELECT idx, CAST(dense_rank() OVER (ORDER BY store) AS integer) AS store,
		CAST(substring(video_name from '_camera_([0-9]+)_') AS integer) AS cam,
		video_name, label, probability FROM wh" ||
	{ echo "Bail out! cannot make the typed tables"; exit 1; }

# A table as camtune reads it, to a file (the casts written out by hand).
as_file() { # as_file TABLE FILE [EXTRA-COLUMNS]
	pg_sql "SET extra_float_digits TO 3; COPY (SELECT idx, CAST(store AS text) AS store,
		CAST(video_name AS text) AS video_name, CAST(label AS text) AS label,
		CAST(probability AS double precision) AS probability ${3:-} FROM $1 ORDER BY idx)
		TO STDOUT WITH (FORMAT csv, HEADER true, DELIMITER ';')" >"$2"
}
as_file wh "$TMPD/wh.csv"
as_file wh_enum "$TMPD/wh_enum.csv"
as_file wh_int "$TMPD/wh_int.csv" ", CAST(cam AS text) AS cam"

# The thresholds and totals of a document (no source, no data quality).
# (each camera's expectations and history picture are the sketch's on
# the summary paths: not compared)
cut_json() {
	sed -n '/^	"totals":/,/^	}/p; /^	"cameras":/,$p' "$1" |
		sed '/^			"expected":/,/^			}/d; /^			"history":/,/^			}/d'
}
thefts() { sed -n 's/^		"baseline_tp":	\([0-9]*\),$/\1/p' "$1" | head -1; }

# Every path over TABLE equals the file, for strategy S.
paths() { # paths TABLE FILE S [OPTIONS...]
	t=$1 f=$2 s=$3
	shift 3
	"$CAMTUNE" optimize -q -s "$s" -t 20% --json "$@" "$f" >"$TMPD/file.json" 2>"$TMPD/file.err"
	cut_json "$TMPD/file.json" >"$TMPD/a"
	[ "$(thefts "$TMPD/file.json")" -gt 0 ] 2>/dev/null && n=0 || n=1
	ok $n "$t $s: the file has thefts ($(thefts "$TMPD/file.json"))"
	for how in "--table $t --no-pushdown" "--query SELECT_*_FROM_$t;" "--table $t --pushdown"; do
		# shellcheck disable=SC2086
		case $how in
		--query*) "$CAMTUNE" optimize -q -s "$s" -t 20% --json "$@" --query "SELECT * FROM $t;" \
			"$PG_URI" >"$TMPD/db.json" 2>"$TMPD/db.err" ;;
		*) "$CAMTUNE" optimize -q -s "$s" -t 20% --json "$@" $how "$PG_URI" >"$TMPD/db.json" \
			2>"$TMPD/db.err" ;;
		esac
		rc=$?
		cut_json "$TMPD/db.json" >"$TMPD/b"
		is "$rc" 0 "$t $s $how: exit 0"
		[ "$rc" -eq 0 ] || sed 's/^/# /' "$TMPD/db.err"
		same_file "$TMPD/b" "$TMPD/a" "$t $s $how: the file's thresholds and totals"
	done
	"$CAMTUNE" summarize -q "$@" --table "$t" "$PG_URI" >"$TMPD/sum.csv" 2>"$TMPD/db.err"
	"$CAMTUNE" optimize -q -s "$s" -t 20% --json "$TMPD/sum.csv" >"$TMPD/db.json" 2>>"$TMPD/db.err"
	cut_json "$TMPD/db.json" >"$TMPD/b"
	same_file "$TMPD/b" "$TMPD/a" "$t $s: a summary of the table gives the file's"
}

# (theft-score strategies: a summary is exact for them; uniform's bound on
# one is tests/cli/summary.sh's)
for s in exact hull; do
	paths wh "$TMPD/wh.csv" $s
done
paths wh_enum "$TMPD/wh_enum.csv" exact
paths wh_int "$TMPD/wh_int.csv" exact --camera-column cam

# char(n) store: trimmed names, the same in every path
run "$CAMTUNE" optimize -q -s exact -t 20% --json --table wh "$PG_URI"
grep '"store":' "$out" | sort -u >"$TMPD/stores-table"
run "$CAMTUNE" optimize -q -s exact -t 20% --json --pushdown --table wh "$PG_URI"
grep '"store":' "$out" | sort -u >"$TMPD/stores-push"
same_file "$TMPD/stores-push" "$TMPD/stores-table" "char(n) store: the same names with and without --pushdown"
grep -q ' ",$' "$TMPD/stores-table" && n=1 || n=0
ok $n "char(n) store: no padding left on a name"

# ---- a real score: the exported thresholds hold in the database ------------
# Each camera's threshold as a literal number, as a user pastes it into SQL.
for s in exact uniform robust; do
	run "$CAMTUNE" optimize -q -s $s -t 30% -o "$TMPD/th-$s.json" --table wh "$PG_URI"
	tp_kept=$(sed -n 's/^		"tp_kept":	\([0-9]*\),$/\1/p' "$TMPD/th-$s.json")
	fp_kept=$(sed -n 's/^		"fp_kept":	\([0-9]*\),$/\1/p' "$TMPD/th-$s.json")
	# (psql sets :'doc' in SQL read from its input, not in -c)
	values=$(PGPASSWORD=$PG_PASSWORD psql -X -q -At -v ON_ERROR_STOP=1 -h "$PG_DIR" -U camtune \
		-d camtune_test -v doc="$(cat "$TMPD/th-$s.json")" <<EOF
SELECT string_agg(format('(%L, %L, %s)', c->>'store', c->>'camera_id', c->>'threshold'), ', ')
FROM jsonb_array_elements(CAST(:'doc' AS jsonb)->'cameras') c
EOF
	)
	got=$(pg_sql "SELECT sum(CASE WHEN theft THEN 1 ELSE 0 END) || '/' ||
			sum(CASE WHEN theft THEN 0 ELSE 1 END)
		FROM (SELECT rtrim(store) AS store, substring(video_name from '_camera_([^_.]*)') AS cam,
			rtrim(label) IN ('Suspicious Bag', 'Suspicious', 'Theft', 'Gesture Into Body',
				'Product Into Stroller') AS theft, probability FROM wh
			WHERE probability IS NOT NULL AND label <> '') a
		JOIN (VALUES $values) AS t(store, cam, threshold) USING (store, cam)
		WHERE a.probability >= t.threshold" -At)
	is "$got" "$tp_kept/$fp_kept" "real, $s at 30%: probability >= threshold in SQL keeps camtune's TP/FP"
done

# ---- --pushdown where the loader works ----------------------------------------
# Rows the portable query got wrong: no "_camera_" (a negative substring
# length), a score above 1e308 (the loader keeps it), clip times the
# loader cannot read (left out under --since), two numerics that are one
# double, an integer label column.
pg_sql "CREATE TABLE odd (idx bigint, store text, video_name text, label text, probability float8);
	COPY odd FROM STDIN WITH (FORMAT csv, HEADER true, DELIMITER ';')" <"$SMALL"
pg_sql "INSERT INTO odd VALUES
	(100, 'pt-a', 'no-camera-here.mp4', 'Theft', 0.5),
	(101, 'pt-a', '2023-05-31_20h32m14s_to_x_camera_7_ip_1.mp4', 'Other Normal', 1.5e308),
	(102, 'pt-a', '2023-05-31_20h32m14s_to_x_camera_7_ip_1.mp4', 'Theft', 0.25),
	(103, 'pt-a', 'garbage_camera_7_ip_1.mp4', 'Theft', 0.75),
	(104, 'pt-a', '2023-02-30_20h32m14s_to_x_camera_7_ip_1.mp4', 'Theft', 0.75),
	(105, 'pt-a', '2023-05-31_25h32m14s_to_x_camera_7_ip_1.mp4', 'Theft', 0.75),
	(106, 'pt-a', '2023-05-31_2xh32m14s_to_x_camera_7_ip_1.mp4', 'Other Normal', 0.8)"
pg_sql "CREATE TABLE odd_num AS SELECT idx, store, video_name, label, CAST(probability AS numeric)
		AS probability FROM odd WHERE probability < 2;
	INSERT INTO odd_num VALUES
		(200, 'pt-a', '2023-05-31_20h32m14s_to_x_camera_7_ip_1.mp4', 'Other Normal', 0.12345678901234567890),
		(201, 'pt-a', '2023-05-31_20h32m14s_to_x_camera_7_ip_1.mp4', 'Other Normal', 0.12345678901234567891);
	CREATE TABLE odd_int AS SELECT idx, CAST(length(store) AS integer) AS store, video_name,
		CAST(CASE WHEN label = 'Theft' THEN 1 ELSE 0 END AS integer) AS label,
		CAST(substring(video_name from '_camera_([0-9]+)_') AS integer) AS cam, probability
		FROM odd WHERE probability < 2"
for case in "odd" "odd --since 2023-01-01" "odd --until 2024-01-01" "odd_num" \
	"odd_int --camera-column cam --theft-labels 1" "odd_int --theft-labels 1"; do
	# shellcheck disable=SC2086
	set -- $case
	t=$1
	shift
	run "$CAMTUNE" optimize -q -s exact -t 20% --json "$@" --table "$t" --no-pushdown "$PG_URI"
	rc_load=$status
	cut_json "$out" >"$TMPD/a"
	run "$CAMTUNE" optimize -q -s exact -t 20% --json "$@" --table "$t" --pushdown "$PG_URI"
	is "$rc_load/$status" "0/0" "--pushdown on $case: works where the loader works"
	[ "$status" -eq 0 ] || sed 's/^/# /' "$err"
	cut_json "$out" >"$TMPD/b"
	same_file "$TMPD/b" "$TMPD/a" "--pushdown on $case: the loader's thresholds and totals"
done

# ---- --pushdown counts the rows its SQL left out -----------------------------
skipped() { sed -n 's/^		"skipped_total":	\([0-9]*\),$/\1/p' "$1"; }
run "$CAMTUNE" optimize -q -s exact -t 20% --json --table wh --no-pushdown "$PG_URI"
want=$(skipped "$out")
run "$CAMTUNE" optimize -q -s exact -t 20% --json --table wh --pushdown "$PG_URI"
got=$(skipped "$out")
[ "${want:-0}" -gt 0 ] && n=0 || n=1
ok $n "the demo has skipped rows ($want)"
is "$got" "$want" "--pushdown: data_quality.skipped_total counts the rows the SQL left out"
for r in missing_probability missing_label; do
	run "$CAMTUNE" optimize -q -s exact -t 20% --json --table wh --no-pushdown "$PG_URI"
	a=$(grep -A1 "\"$r\":" "$out" | sed -n 's/.*"count":	\([0-9]*\).*/\1/p')
	run "$CAMTUNE" optimize -q -s exact -t 20% --json --table wh --pushdown "$PG_URI"
	b=$(grep -A1 "\"$r\":" "$out" | sed -n 's/.*"count":	\([0-9]*\).*/\1/p')
	is "$b" "$a" "--pushdown: $r counted as the loader counts it"
done
# odd: a row without a camera id, and a label-less, store-less row
pg_sql "INSERT INTO odd VALUES (300, 'pt-a', '2023-05-31_20h32m14s_to_x_camera_7_ip_1.mp4', NULL, 0.5),
	(301, NULL, '2023-05-31_20h32m14s_to_x_camera_7_ip_1.mp4', 'Theft', 0.5),
	(302, 'pt-a', '2023-05-31_20h32m14s_to_x_camera_7_ip_1.mp4', 'Theft', 'NaN')"
for r in skipped_total bad_camera missing_label missing_store bad_probability; do
	run "$CAMTUNE" optimize -q -s exact -t 20% --json --table odd --no-pushdown "$PG_URI"
	a=$(grep -A1 "\"$r\":" "$out" | sed -n 's/.*"count":	\([0-9]*\).*/\1/p; s/.*"skipped_total":	\([0-9]*\).*/\1/p')
	run "$CAMTUNE" optimize -q -s exact -t 20% --json --table odd --pushdown "$PG_URI"
	b=$(grep -A1 "\"$r\":" "$out" | sed -n 's/.*"count":	\([0-9]*\).*/\1/p; s/.*"skipped_total":	\([0-9]*\).*/\1/p')
	[ -n "$a" ] && [ "$a" != 0 ] && n=0 || n=1
	ok $n "odd: the loader counts $r ($a)"
	is "$b" "$a" "odd --pushdown: $r counted as the loader counts it"
done
run "$CAMTUNE" optimize -t 20% --table wh --pushdown "$PG_URI"
contains "$err" "left out" "--pushdown: stderr says how many rows were left out"
contains "$err" "missing probability" "... and why"

done_testing
