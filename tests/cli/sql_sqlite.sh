# sql/curves.sqlite.sql on SQLite (the sqlite3 shell): the demo alerts and
# a table of odd rows (no camera id, empty fields, NaN, a 17-digit score)
# give camtune's own summary and thresholds (tests/sql_lib.sh).  The alerts
# camtune compares with are the table's, exported with 17 digits: SQLite
# 3.40 reads some decimals one unit in the last place off (0.436427176).
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/sql_lib.sh"
command -v sqlite3 >/dev/null 2>&1 || skip_all "no sqlite3 shell (install sqlite3)"
DEMO=$(dirname "$CAMTUNE")/data/demo-alerts.csv.gz
[ -f "$DEMO" ] || skip_all "no demo data next to $CAMTUNE (make builds it)"
SQL="$top_srcdir/sql/curves.sqlite.sql"

for name in demo odd; do
	if [ $name = demo ]; then zcat "$DEMO" >"$TMPD/in.csv"; else
		cp "$DATA/cli/engines-odd.csv" "$TMPD/in.csv"; fi
	db="$TMPD/$name.db"
	sqlite3 "$db" "CREATE TABLE alerts (idx INTEGER, store TEXT, video_name TEXT,
		label TEXT, probability REAL)" ".mode csv" ".separator ;" \
		".import --skip 1 $TMPD/in.csv alerts" ||
		{ echo "Bail out! cannot load $name into SQLite"; exit 1; }
	# empty fields as NULL, as a loader of the warehouse would write them
	sqlite3 "$db" "UPDATE alerts SET store = NULLIF(store, ''), label = NULLIF(label, ''),
		probability = NULLIF(probability, '')"
	sqlite3 -header -csv -separator ';' "$db" ".read $SQL" >"$TMPD/$name-sum.csv"
	ok $? "sqlite3 runs curves.sqlite.sql on $name"
	sqlite3 -header -separator ';' "$db" "SELECT idx AS '', store, video_name, label,
		CASE WHEN typeof(probability) IN ('integer', 'real')
		THEN printf('%!.17g', probability) ELSE probability END AS probability
		FROM alerts ORDER BY idx" >"$TMPD/$name-alerts.csv"
	engine_check "sqlite $name" "$TMPD/$name-sum.csv" "$TMPD/$name-alerts.csv"
done
done_testing
