// duckdb_summary.cjs -- run sql/curves.sql on DuckDB (the npm package
// @duckdb/node-api, whose engine it ships) over an alerts CSV, and write
// the summary as a ';' CSV with its header, as a team would export it.
//   node duckdb_summary.cjs MODULE_DIR curves.sql alerts.csv out.csv
// MODULE_DIR holds node_modules/@duckdb/node-api.  Exit 77 without it.
'use strict';
const fs = require('fs');
const path = require('path');
const [dir, sqlFile, alerts, out] = process.argv.slice(2);
let duckdb;
try {
	duckdb = require(path.resolve(dir, 'node_modules', '@duckdb', 'node-api'));
} catch (e) {
	console.error('no @duckdb/node-api in ' + dir + ': ' + e.message);
	process.exit(77);
}
const quote = (s) => "'" + s.replace(/'/g, "''") + "'";
(async () => {
	const db = await duckdb.DuckDBInstance.create(':memory:');
	const c = await db.connect();
	await c.run('CREATE TABLE alerts AS SELECT * FROM read_csv(' + quote(alerts) +
		", delim = ';', header = true, columns = {'idx': 'BIGINT', 'store': 'VARCHAR'," +
		" 'video_name': 'VARCHAR', 'label': 'VARCHAR', 'probability': 'DOUBLE'})");
	const sql = fs.readFileSync(sqlFile, 'utf8');
	await c.run('COPY (' + sql + '\n) TO ' + quote(out) + " (FORMAT csv, HEADER, DELIMITER ';')");
})().catch((e) => {
	console.error(e.message);
	process.exit(1);
});
