# sql/curves.sql unchanged on DuckDB (npm's @duckdb/node-api, run by node;
# scripts/dev installs it in _build/node, CAMTUNE_NODE_DIR says where
# else): the demo alerts and a file of odd rows give camtune's own summary
# and thresholds (tests/sql_lib.sh).  Skipped without node or the package.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/sql_lib.sh"
command -v node >/dev/null 2>&1 || skip_all "no node (install nodejs)"
NODE_DIR=${CAMTUNE_NODE_DIR:-$top_srcdir/_build/node}
[ -d "$NODE_DIR/node_modules/@duckdb/node-api" ] ||
	skip_all "no @duckdb/node-api in $NODE_DIR (scripts/dev build installs it)"
DEMO=$(dirname "$CAMTUNE")/data/demo-alerts.csv.gz
[ -f "$DEMO" ] || skip_all "no demo data next to $CAMTUNE (make builds it)"

for name in demo odd; do
	if [ $name = demo ]; then zcat "$DEMO" >"$TMPD/in.csv"; else
		cp "$DATA/cli/engines-odd.csv" "$TMPD/in.csv"; fi
	node "$top_srcdir/tests/cli/duckdb_summary.cjs" "$NODE_DIR" "$top_srcdir/sql/curves.sql" \
		"$TMPD/in.csv" "$TMPD/$name-sum.csv"
	ok $? "DuckDB runs curves.sql on $name"
	engine_check "duckdb $name" "$TMPD/$name-sum.csv" "$TMPD/in.csv"
done
done_testing
