/* source_pg.c -- the PostgreSQL source behind source.h: a table or a
 * query read with libpq through COPY (...) TO STDOUT.
 *
 * Owns the connection, the lookup of the columns by name (the same names
 * as a CSV header, doc/domain.md "Data format"), the SQL sent (the time
 * range in its WHERE clause) and the decoding of COPY's text format.
 * Knows nothing of what a label or a probability means (load.c does).
 *
 * Streaming: COPY sends one message per row and PQgetCopyData hands back
 * one row at a time, so memory stays one row whatever the table's size.
 * Rows come in the order the server produces them; a record's line is its
 * 1-based row in that result (counts_rows).
 *
 * Failures: no connection, authentication, a missing table at open (66);
 * a bad query or a missing column at open (65); the server gone or an
 * error mid-read (fail_code 66 for a lost connection, 65 for a server
 * error), after which the loader drops what it read.  Messages carry the
 * URI without its password (ct_source_display_name) and the server's
 * first line of text, never the connection string itself.
 */
#include "config.h"

#include "io/load.h" /* ct_format_time */
#include "io/source.h"

#include "io/exit.h"

#include <libpq-fe.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Result types whose text needs a conversion for ct_parse_time. */
#define OID_DATE 1082
#define OID_TIMESTAMP 1114
#define OID_TIMESTAMPTZ 1184

typedef struct pg_source {
	ct_source base; /* first: the interface */
	PGconn *conn;
	char *name;     /* the URI without its password */
	char *row;      /* the current COPY row (libpq's buffer) */
	int n_cols;     /* columns selected: the roles found */
	int col_of[CT_N_ROLES]; /* selected column of each role, -1 none */
	uint64_t rows, bytes;
	bool eof, failed;
	char err[1024];
} pg_source;

static void set_error(pg_source *s, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void set_error(pg_source *s, int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(s->err, sizeof s->err, fmt, ap);
	va_end(ap);
	s->failed = true;
	s->base.fail_code = code;
}

/* libpq's message: its first line, control characters as spaces (the
 * server's text may hold newlines and tabs; messages are one line). */
static const char *first_line(const char *msg, char *buf, size_t len)
{
	if (!msg)
		msg = "";
	while (strncmp(msg, "ERROR:  ", 8) == 0 || strncmp(msg, "FATAL:  ", 8) == 0)
		msg += 8;
	size_t k = 0;
	for (; *msg && *msg != '\n' && k + 1 < len; msg++)
		buf[k++] = (unsigned char)*msg < 0x20 || *msg == 0x7f ? ' ' : *msg;
	while (k && buf[k - 1] == ' ')
		k--;
	buf[k] = '\0';
	return k ? buf : "unknown error";
}

static const char *conn_message(PGconn *c, char *buf, size_t len)
{
	/* "connection to server ... failed: FATAL:  password authentication
	 * failed ...": keep what follows the last "failed: ". */
	const char *m = PQerrorMessage(c);
	const char *p = m, *q;
	while ((q = strstr(p, "failed: ")) != NULL && strchr(q, '\n') != q + 8)
		p = q + 8;
	return first_line(p, buf, len);
}

/* ---- the SQL ------------------------------------------------------------- */

typedef struct sqlbuf {
	char *s;
	size_t len, cap;
	bool oom;
} sqlbuf;

static void put(sqlbuf *b, const char *s)
{
	size_t n = strlen(s);
	if (b->oom)
		return;
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		while (cap < b->len + n + 1)
			cap *= 2;
		char *p = realloc(b->s, cap);
		if (!p) {
			b->oom = true;
			return;
		}
		b->s = p;
		b->cap = cap;
	}
	memcpy(b->s + b->len, s, n + 1);
	b->len += n;
}

static void put_ident(sqlbuf *b, PGconn *c, const char *name)
{
	char *q = PQescapeIdentifier(c, name, strlen(name));
	if (!q) {
		b->oom = true;
		return;
	}
	put(b, q);
	PQfreemem(q);
}

/* FROM's operand: --query as a subquery, else the table, each part of
 * SCHEMA.TABLE quoted as an identifier (no SQL from a table name). */
static void put_from(sqlbuf *b, PGconn *c, const ct_source_opts *o)
{
	if (o && o->query) {
		put(b, "(");
		put(b, o->query);
		put(b, ") AS camtune_query");
		return;
	}
	const char *t = o && o->table ? o->table : "alerts";
	char *copy = strdup(t);
	if (!copy) {
		b->oom = true;
		return;
	}
	char *part = copy;
	for (char *dot; (dot = strchr(part, '.')) != NULL; part = dot + 1) {
		*dot = '\0';
		put_ident(b, c, part);
		put(b, ".");
	}
	put_ident(b, c, part);
	free(copy);
}

/* The time range as SQL.  A date or timestamp column compares exactly
 * (the session's time zone is UTC); a text column (a video name, an ISO
 * text) is cut on its first ten characters, YYYY-MM-DD in both forms, in
 * byte order: a superset at day granularity, which the loader narrows to
 * the second.  Either way the loader's own filter decides. */
static void put_where(sqlbuf *b, PGconn *c, const ct_source_opts *o, const char *col, Oid type)
{
	bool typed = type == OID_DATE || type == OID_TIMESTAMP || type == OID_TIMESTAMPTZ;
	char t[32];
	bool first = true;
	for (int k = 0; k < 2; k++) {
		bool since = k == 0;
		if (since ? !o->has_since : !o->has_until)
			continue;
		put(b, first ? " WHERE " : " AND ");
		first = false;
		/* "YYYY-MM-DDTHH:MM:SS", a timestamp literal to PostgreSQL */
		ct_format_time(t, sizeof t, since ? o->since : o->until);
		if (typed) {
			put_ident(b, c, col);
			put(b, since ? " >= TIMESTAMP '" : " < TIMESTAMP '");
			put(b, t);
		} else {
			put(b, "substr(CAST(");
			put_ident(b, c, col);
			put(b, since ? " AS text), 1, 10) COLLATE \"C\" >= '"
			             : " AS text), 1, 10) COLLATE \"C\" <= '");
			t[10] = '\0';
			put(b, t);
		}
		put(b, "'");
	}
}

static void put_column(sqlbuf *b, PGconn *c, const char *col, Oid type, bool first)
{
	if (!first)
		put(b, ", ");
	if (type == OID_DATE || type == OID_TIMESTAMP || type == OID_TIMESTAMPTZ) {
		/* ISO text ct_parse_time reads, whole seconds, UTC */
		put(b, "to_char(");
		put_ident(b, c, col);
		put(b, ", 'YYYY-MM-DD\"T\"HH24:MI:SS')");
	} else {
		put_ident(b, c, col);
	}
}

/* ---- open ------------------------------------------------------------------ */

static int pg_next(ct_source *base, ct_record *rec);
static const char *pg_error(const ct_source *base);
static void pg_progress(const ct_source *base, uint64_t *done, uint64_t *total);
static void pg_close(ct_source *base);
static const ct_source_ops pg_ops = {pg_next, pg_error, pg_progress, pg_close};

static bool exec_ok(PGconn *c, const char *sql)
{
	PGresult *r = PQexec(c, sql);
	bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
	PQclear(r);
	return ok;
}

/* Find the roles among the columns of `SELECT * FROM src LIMIT 0`; then
 * start the COPY.  Returns 0, or an exit code with s->err set. */
static int start_copy(pg_source *s, const ct_source_opts *o)
{
	char msg[512];
	PGconn *c = s->conn;
	const char *what = o && o->query ? "--query" : NULL;
	char table_what[300];
	if (!what) {
		snprintf(table_what, sizeof table_what, "table %s", o && o->table ? o->table : "alerts");
		what = table_what;
	}
	sqlbuf b = {0};
	put(&b, "SELECT * FROM ");
	put_from(&b, c, o);
	put(&b, " LIMIT 0");
	if (b.oom) {
		free(b.s);
		set_error(s, CT_EXIT_NOMEM, "%s: out of memory", s->name);
		return CT_EXIT_NOMEM;
	}
	PGresult *r = PQexec(c, b.s);
	free(b.s);
	if (PQresultStatus(r) != PGRES_TUPLES_OK) {
		const char *state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
		/* 42P01 undefined_table, 3F000 invalid_schema_name: no such input */
		bool missing = state && (strcmp(state, "42P01") == 0 || strcmp(state, "3F000") == 0);
		int code = PQstatus(c) != CONNECTION_OK || missing ? CT_EXIT_NOINPUT : CT_EXIT_DATAERR;
		set_error(s, code, "%s: %s: %s", s->name, what,
		          first_line(PQresultErrorMessage(r), msg, sizeof msg));
		PQclear(r);
		return code;
	}

	const char *want[CT_N_ROLES];
	for (int k = 0; k < CT_N_ROLES; k++)
		want[k] = ct_role_default_name[k];
	if (o && o->camera_column)
		want[CT_ROLE_CAMERA] = o->camera_column;
	if (o && o->time_column)
		want[CT_ROLE_TIME] = o->time_column;
	int at[CT_N_ROLES];
	Oid type[CT_N_ROLES];
	for (int k = 0; k < CT_N_ROLES; k++)
		at[k] = -1, type[k] = 0;
	int n = PQnfields(r);
	for (int i = 0; i < n; i++)
		for (int k = 0; k < CT_N_ROLES; k++) {
			if (strcmp(PQfname(r, i), want[k]) != 0)
				continue;
			if (at[k] >= 0) {
				set_error(s, CT_EXIT_DATAERR, "%s: %s: duplicate column '%s' (columns %d and %d)", s->name,
				          what, want[k], at[k] + 1, i + 1);
				PQclear(r);
				return CT_EXIT_DATAERR;
			}
			at[k] = i;
			type[k] = PQftype(r, i);
		}
	char missing[200] = "";
	int n_missing = 0;
	for (int k = 0; k < CT_N_ROLES; k++)
		if (at[k] < 0 && (k != CT_ROLE_TIME || (o && o->time_column))) {
			size_t m = strlen(missing);
			snprintf(missing + m, sizeof missing - m, "%s'%s'", n_missing ? ", " : "", want[k]);
			n_missing++;
		}
	if (n_missing) {
		char found[400] = "";
		for (int i = 0; i < n; i++) {
			size_t m = strlen(found);
			snprintf(found + m, sizeof found - m, "%s%s", i ? ", " : "", PQfname(r, i));
		}
		for (char *p = found; *p; p++)
			if ((unsigned char)*p < 0x20 || *p == 0x7f)
				*p = '?';
		bool no_video = at[CT_ROLE_CAMERA] < 0 && !(o && o->camera_column) && n_missing == 1;
		set_error(s, CT_EXIT_DATAERR, "%s: %s: missing column%s %s (found: %s)%s", s->name, what,
		          n_missing > 1 ? "s" : "", missing, n ? found : "none",
		          no_video ? "; to read camera ids from another column, use --camera-column NAME"
		                   : "");
		PQclear(r);
		return CT_EXIT_DATAERR;
	}
	PQclear(r);

	b = (sqlbuf){0};
	put(&b, "COPY (SELECT ");
	s->n_cols = 0;
	for (int k = 0; k < CT_N_ROLES; k++) {
		s->col_of[k] = -1;
		if (at[k] < 0)
			continue;
		put_column(&b, c, want[k], type[k], s->n_cols == 0);
		s->col_of[k] = s->n_cols++;
	}
	put(&b, " FROM ");
	put_from(&b, c, o);
	if (o && (o->has_since || o->has_until) && at[CT_ROLE_TIME] >= 0)
		put_where(&b, c, o, want[CT_ROLE_TIME], type[CT_ROLE_TIME]);
	put(&b, ") TO STDOUT");
	if (b.oom) {
		free(b.s);
		set_error(s, CT_EXIT_NOMEM, "%s: out of memory", s->name);
		return CT_EXIT_NOMEM;
	}
	r = PQexec(c, b.s);
	free(b.s);
	if (PQresultStatus(r) != PGRES_COPY_OUT) {
		int code = PQstatus(c) != CONNECTION_OK ? CT_EXIT_NOINPUT : CT_EXIT_DATAERR;
		set_error(s, code, "%s: %s: %s", s->name, what,
		          first_line(PQresultErrorMessage(r), msg, sizeof msg));
		PQclear(r);
		return code;
	}
	PQclear(r);
	return 0;
}

ct_source *ct_source_open_pg(const char *uri, const ct_source_opts *opts, int *code,
                             char *err, size_t errlen)
{
	int dummy;
	if (!code)
		code = &dummy;
	pg_source *s = calloc(1, sizeof *s);
	if (!s || !(s->name = ct_source_display_name(uri))) {
		snprintf(err, errlen, "database: out of memory");
		*code = CT_EXIT_NOMEM;
		free(s);
		return NULL;
	}
	s->base.ops = &pg_ops;
	s->base.counts_rows = true;
	/* libpq takes the URI and the usual PG* variables, ~/.pgpass; never
	 * a prompt for a password (no terminal in scripts) */
	s->conn = PQconnectdb(uri);
	char msg[512];
	if (!s->conn || PQstatus(s->conn) != CONNECTION_OK) {
		snprintf(err, errlen, "%s: cannot connect: %s", s->name,
		         s->conn ? conn_message(s->conn, msg, sizeof msg) : "out of memory");
		*code = s->conn ? CT_EXIT_NOINPUT : CT_EXIT_NOMEM;
		pg_close(&s->base);
		return NULL;
	}
	/* Times as UTC ISO text, names as UTF-8 (the loader reads other bytes
	 * as Latin-1 anyway). */
	if (!exec_ok(s->conn, "SET TimeZone TO 'UTC'") ||
	    !exec_ok(s->conn, "SET DateStyle TO ISO") ||
	    PQsetClientEncoding(s->conn, "UTF8") != 0) {
		snprintf(err, errlen, "%s: cannot set up the session: %s", s->name,
		         first_line(PQerrorMessage(s->conn), msg, sizeof msg));
		*code = CT_EXIT_NOINPUT;
		pg_close(&s->base);
		return NULL;
	}
	*code = start_copy(s, opts);
	if (*code != 0) {
		snprintf(err, errlen, "%s", s->err);
		pg_close(&s->base);
		return NULL;
	}
	return &s->base;
}

/* ---- reading --------------------------------------------------------------- */

/* Decode COPY's text format in place: fields split by tabs, backslash
 * escapes, \N for NULL (an empty field: the loader calls it missing). */
static int split_row(pg_source *s, char *row, size_t len, ct_field *f, int max)
{
	if (len && row[len - 1] == '\n')
		len--;
	row[len] = '\0';
	int n = 0;
	char *in = row, *end = row + len;
	while (n < max) {
		char *start = in, *out = in;
		bool null = in + 2 <= end && in[0] == '\\' && in[1] == 'N' &&
		            (in + 2 == end || in[2] == '\t');
		if (null)
			in += 2;
		while (!null && in < end && *in != '\t') {
			if (*in != '\\' || in + 1 == end) {
				*out++ = *in++;
				continue;
			}
			in++;
			char e = *in++;
			switch (e) {
			case 'b': *out++ = '\b'; break;
			case 'f': *out++ = '\f'; break;
			case 'n': *out++ = '\n'; break;
			case 'r': *out++ = '\r'; break;
			case 't': *out++ = '\t'; break;
			case 'v': *out++ = '\v'; break;
			case 'x': {
				int v = 0, k = 0;
				while (k < 2 && in < end && strchr("0123456789abcdefABCDEF", *in) && *in) {
					char h = *in++;
					v = v * 16 + (h <= '9' ? h - '0' : (h | 0x20) - 'a' + 10);
					k++;
				}
				*out++ = k ? (char)v : 'x';
				break;
			}
			default:
				if (e >= '0' && e <= '7') {
					int v = e - '0', k = 1;
					while (k < 3 && in < end && *in >= '0' && *in <= '7')
						v = v * 8 + (*in++ - '0'), k++;
					*out++ = (char)v;
				} else {
					*out++ = e;
				}
			}
		}
		bool more = in < end; /* at a tab */
		*(null ? start : out) = '\0';
		f[n].s = start;
		f[n].len = null ? 0 : (size_t)(out - start);
		n++;
		if (!more)
			break;
		in++;
	}
	(void)s;
	return in < end ? -1 : n;
}

static int pg_next(ct_source *base, ct_record *rec)
{
	pg_source *s = (pg_source *)base;
	if (s->failed)
		return -1;
	if (s->eof)
		return 0;
	if (s->row) {
		PQfreemem(s->row);
		s->row = NULL;
	}
	char msg[512];
	int n = PQgetCopyData(s->conn, &s->row, 0);
	if (n > 0) {
		s->rows++;
		s->bytes += (uint64_t)n;
		ct_field f[CT_N_ROLES];
		int got = split_row(s, s->row, (size_t)n, f, s->n_cols);
		if (got != s->n_cols) {
			set_error(s, CT_EXIT_DATAERR, "%s: row %llu: %d fields from the server, %d expected", s->name,
			          (unsigned long long)s->rows, got, s->n_cols);
			return -1;
		}
		memset(rec, 0, sizeof *rec);
		rec->line = s->rows;
		rec->n_fields = got;
		ct_field *dst[CT_N_ROLES] = {&rec->store, &rec->camera, &rec->label,
		                             &rec->probability, &rec->time};
		for (int k = 0; k < CT_N_ROLES; k++)
			if (s->col_of[k] >= 0)
				*dst[k] = f[s->col_of[k]];
		return 1;
	}
	if (n == -1) {
		/* the end of the COPY: its result says whether it completed */
		PGresult *r = PQgetResult(s->conn);
		bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
		if (!ok) {
			bool lost = PQstatus(s->conn) != CONNECTION_OK;
			const char *state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
			/* 57P0x: the server shutting down, 08xxx: connection */
			lost = lost || (state && (strncmp(state, "57P", 3) == 0 || strncmp(state, "08", 2) == 0));
			set_error(s, lost ? CT_EXIT_NOINPUT : CT_EXIT_DATAERR, "%s: %s after %llu rows: %s", s->name,
			          lost ? "connection lost" : "server error", (unsigned long long)s->rows,
			          first_line(PQresultErrorMessage(r), msg, sizeof msg));
		}
		PQclear(r);
		while ((r = PQgetResult(s->conn)) != NULL)
			PQclear(r);
		if (!ok)
			return -1;
		s->eof = true;
		return 0;
	}
	set_error(s, PQstatus(s->conn) != CONNECTION_OK ? CT_EXIT_NOINPUT : CT_EXIT_DATAERR, "%s: connection lost after %llu rows: %s",
	          s->name, (unsigned long long)s->rows,
	          first_line(PQerrorMessage(s->conn), msg, sizeof msg));
	return -1;
}

static const char *pg_error(const ct_source *base)
{
	const pg_source *s = (const pg_source *)base;
	return s->err[0] ? s->err : "no error";
}

static void pg_progress(const ct_source *base, uint64_t *done, uint64_t *total)
{
	const pg_source *s = (const pg_source *)base;
	if (done)
		*done = s->bytes;
	if (total)
		*total = 0;
}

static void pg_close(ct_source *base)
{
	pg_source *s = (pg_source *)base;
	if (s->row)
		PQfreemem(s->row);
	if (s->conn)
		PQfinish(s->conn); /* mid-COPY: libpq drops the connection */
	free(s->name);
	free(s);
}
