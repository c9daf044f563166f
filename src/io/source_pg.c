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
#include "io/summary.h"

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

static bool time_typed(Oid type)
{
	return type == OID_DATE || type == OID_TIMESTAMP || type == OID_TIMESTAMPTZ;
}

/* The time range as SQL.  A date or timestamp column compares exactly
 * (the session's time zone is UTC).  A text column is compared in byte
 * order on its fixed-width start: with video_form, the video name's
 * "YYYY-MM-DD_HHhMMmSSs", exact to the second for that form (the
 * push-down, which has no loader filter after it); else the first ten
 * characters, YYYY-MM-DD in the video name and ISO forms alike, a superset
 * at day granularity that the loader narrows to the second. */
static void put_where(sqlbuf *b, PGconn *c, const ct_source_opts *o, const char *col, Oid type,
                      bool video_form)
{
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
		if (time_typed(type)) {
			put_ident(b, c, col);
			put(b, since ? " >= TIMESTAMP '" : " < TIMESTAMP '");
		} else {
			put(b, "substr(CAST(");
			put_ident(b, c, col);
			if (video_form) {
				t[10] = '_', t[13] = 'h', t[16] = 'm', t[19] = 's', t[20] = '\0';
				put(b, since ? " AS text), 1, 20) COLLATE \"C\" >= '"
				             : " AS text), 1, 20) COLLATE \"C\" < '");
			} else {
				t[10] = '\0';
				put(b, since ? " AS text), 1, 10) COLLATE \"C\" >= '"
				             : " AS text), 1, 10) COLLATE \"C\" <= '");
			}
		}
		put(b, t);
		put(b, "'");
	}
}

static void put_column(sqlbuf *b, PGconn *c, const char *col, Oid type, bool first)
{
	if (!first)
		put(b, ", ");
	if (time_typed(type)) {
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
static const ct_source_ops pg_ops = {pg_next, pg_error, pg_progress, pg_close,
                                     NULL /* no ct_source_run: rows come in order */};

static bool exec_ok(PGconn *c, const char *sql)
{
	PGresult *r = PQexec(c, sql);
	bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
	PQclear(r);
	return ok;
}

/* The input's columns by role. */
typedef struct roles {
	const char *want[CT_N_ROLES]; /* the names looked for */
	int at[CT_N_ROLES];           /* their column, -1 absent */
	Oid type[CT_N_ROLES];
	char what[300];               /* "table NAME" or "--query", for messages */
} roles;

/* Find the roles among the columns of `SELECT * FROM src LIMIT 0`.
 * Returns 0, or an exit code with s->err set. */
static int describe(pg_source *s, const ct_source_opts *o, roles *rl)
{
	char msg[512];
	PGconn *c = s->conn;
	if (o && o->query)
		snprintf(rl->what, sizeof rl->what, "--query");
	else
		snprintf(rl->what, sizeof rl->what, "table %s", o && o->table ? o->table : "alerts");
	const char *what = rl->what;
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

	const char **want = rl->want;
	int *at = rl->at;
	Oid *type = rl->type;
	for (int k = 0; k < CT_N_ROLES; k++)
		want[k] = ct_role_default_name[k];
	if (o && o->camera_column)
		want[CT_ROLE_CAMERA] = o->camera_column;
	if (o && o->time_column)
		want[CT_ROLE_TIME] = o->time_column;
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
	return 0;
}

/* Describe, then start the COPY of the roles' columns.  Returns 0, or an
 * exit code with s->err set. */
static int start_copy(pg_source *s, const ct_source_opts *o)
{
	char msg[512];
	PGconn *c = s->conn;
	roles rl;
	int rc = describe(s, o, &rl);
	if (rc)
		return rc;
	const char **want = rl.want;
	const int *at = rl.at;
	const Oid *type = rl.type;
	const char *what = rl.what;
	PGresult *r;
	sqlbuf b = {0};
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
		put_where(&b, c, o, want[CT_ROLE_TIME], type[CT_ROLE_TIME], false);
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

/* A new source connected and set up, or NULL with err and *code. */
static pg_source *pg_connect(const char *uri, int *code, char *err, size_t errlen)
{
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
	return s;
}

ct_source *ct_source_open_pg(const char *uri, const ct_source_opts *opts, int *code,
                             char *err, size_t errlen)
{
	int dummy;
	if (!code)
		code = &dummy;
	pg_source *s = pg_connect(uri, code, err, errlen);
	if (!s)
		return NULL;
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

/* ---- push-down: the summary computed by the server -------------------------- */

/* sql/curves.sql, as a C string (generated at build time). */
static const char curves_sql[] =
#include "sql_curves.h"
	;

/* One host of a libpq host list: local when a socket directory, empty
 * (libpq's default socket) or a loopback name. */
static bool host_is_local(const char *h, size_t n)
{
	static const char *const local[] = {"localhost", "127.0.0.1", "::1", "[::1]"};
	if (n == 0 || h[0] == '/' || h[0] == '@')
		return true;
	for (size_t i = 0; i < sizeof local / sizeof *local; i++)
		if (strlen(local[i]) == n && memcmp(local[i], h, n) == 0)
			return true;
	return false;
}

bool ct_pg_is_remote(const char *uri)
{
	char *msg = NULL;
	PQconninfoOption *opts = PQconninfoParse(uri, &msg);
	if (!opts) {
		PQfreemem(msg);
		return false; /* the connection will say what is wrong */
	}
	const char *host = NULL;
	for (PQconninfoOption *o = opts; o->keyword; o++)
		if (strcmp(o->keyword, "host") == 0 && o->val && *o->val)
			host = o->val;
	if (!host)
		host = getenv("PGHOST");
	bool remote = false;
	for (const char *p = host ? host : ""; !remote;) {
		size_t n = strcspn(p, ",");
		remote = !host_is_local(p, n);
		if (!p[n])
			break;
		p += n + 1;
	}
	PQconninfoFree(opts);
	return remote;
}

static bool numeric_type(Oid t)
{
	/* int2, int4, int8, float4, float8, numeric */
	return t == 21 || t == 23 || t == 20 || t == 700 || t == 701 || t == 1700;
}

static bool ends_with(const char *s, size_t n, const char *suffix)
{
	size_t k = strlen(suffix);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		n--;
	return n >= k && memcmp(s + n - k, suffix, k) == 0;
}

/* sql/curves.sql with its marked parts replaced (see its header). */
static void put_summary_query(sqlbuf *b, PGconn *c, const ct_load_opts *lo, const roles *rl)
{
	const ct_source_opts *o = &lo->source;
	static const char begin[] = "-- camtune: camera begin, with --camera-column: ";
	bool in_block = false;
	for (const char *line = curves_sql; *line;) {
		size_t n = strcspn(line, "\n");
		const char *t = line;
		while (t < line + n && (*t == ' ' || *t == '\t'))
			t++;
		size_t tn = (size_t)(line + n - t);
		char *copy = strndup(line, n);
		if (!copy) {
			b->oom = true;
			return;
		}
		if (o->camera_column && tn > sizeof begin - 1 && memcmp(t, begin, sizeof begin - 1) == 0) {
			put(b, "        ");
			put(b, copy + (t - line) + sizeof begin - 1);
			put(b, "\n");
			in_block = true;
		} else if (in_block) {
			in_block = !ends_with(line, n, "-- camtune: camera end");
		} else if (ends_with(line, n, "-- camtune: source")) {
			put(b, "    SELECT ");
			static const char *const alias[CT_N_ROLES] = {"store", "video_name", "label",
			                                              "probability", NULL};
			for (int k = 0; k < CT_ROLE_TIME; k++) {
				if (k)
					put(b, ", ");
				put_ident(b, c, rl->want[k]);
				put(b, " AS ");
				put(b, alias[k]);
			}
			put(b, " FROM ");
			put_from(b, c, o);
			if (o->has_since || o->has_until)
				put_where(b, c, o, rl->want[CT_ROLE_TIME], rl->type[CT_ROLE_TIME], true);
			put(b, "\n");
		} else if (ends_with(line, n, "-- camtune: theft labels")) {
			const char *const *labels = lo->theft_labels ? lo->theft_labels
			                                             : ct_default_theft_labels;
			put(b, "            ");
			for (size_t i = 0; labels[i]; i++) {
				char *lit = PQescapeLiteral(c, labels[i], strlen(labels[i]));
				if (!lit) {
					b->oom = true;
					break;
				}
				put(b, i ? ", " : "");
				put(b, lit);
				PQfreemem(lit);
			}
			put(b, "\n");
		} else {
			put(b, copy);
			put(b, "\n");
		}
		free(copy);
		line += n + (line[n] == '\n');
	}
}

int ct_pg_summary(const char *uri, const ct_load_opts *lo, ct_dataset **ds, ct_quality *q,
                  char *err, size_t errlen)
{
	int code = 0;
	memset(q, 0, sizeof *q);
	*ds = NULL;
	q->time_first = q->time_last = CT_NO_TIME;
	pg_source *s = pg_connect(uri, &code, err, errlen);
	if (!s)
		return code;
	const ct_source_opts *o = &lo->source;
	roles rl;
	code = describe(s, o, &rl);
	if (code) {
		snprintf(err, errlen, "%s", s->err);
		goto out;
	}
	/* What the portable query cannot do exactly as the loader does. */
	const char *why = NULL;
	if (!numeric_type(rl.type[CT_ROLE_PROBABILITY]))
		why = "its probability column is not numeric";
	else if ((o->has_since || o->has_until) && rl.at[CT_ROLE_TIME] < 0)
		why = "it has no time column";
	else if ((o->has_since || o->has_until) && o->time_column && !time_typed(rl.type[CT_ROLE_TIME]))
		why = "--since/--until on a text --time-column";
	if (why) {
		snprintf(err, errlen, "%s: %s: --pushdown cannot compute the summary exactly: %s "
		                      "(read it whole with --no-pushdown)", s->name, rl.what, why);
		code = CT_PUSHDOWN_UNSUPPORTED;
		goto out;
	}
	sqlbuf b = {0};
	put(&b, "COPY (");
	put_summary_query(&b, s->conn, lo, &rl);
	put(&b, ") TO STDOUT WITH (FORMAT csv, HEADER true, DELIMITER ';')");
	if (b.oom) {
		free(b.s);
		snprintf(err, errlen, "%s: out of memory", s->name);
		code = CT_EXIT_NOMEM;
		goto out;
	}
	char msg[512];
	PGresult *r = PQexec(s->conn, b.s);
	free(b.s);
	if (PQresultStatus(r) != PGRES_COPY_OUT) {
		code = PQstatus(s->conn) != CONNECTION_OK ? CT_EXIT_NOINPUT : CT_EXIT_DATAERR;
		snprintf(err, errlen, "%s: %s: --pushdown: %s", s->name, rl.what,
		         first_line(PQresultErrorMessage(r), msg, sizeof msg));
		PQclear(r);
		goto out;
	}
	PQclear(r);
	ct_summary_parser *sp = ct_summary_parser_new(s->name, ';');
	if (!sp || !(q->source = strdup(s->name))) {
		ct_summary_parser_free(sp);
		snprintf(err, errlen, "%s: out of memory", s->name);
		code = CT_EXIT_NOMEM;
		goto out;
	}
	q->is_summary = q->pushed_down = true;
	int n;
	while (code == 0 && (n = PQgetCopyData(s->conn, &s->row, 0)) > 0) {
		s->bytes += (uint64_t)n;
		code = ct_summary_parser_feed(sp, s->row, (size_t)n);
		PQfreemem(s->row);
		s->row = NULL;
		if (code)
			snprintf(err, errlen, "%s", ct_summary_parser_error(sp));
	}
	if (code == 0) {
		/* the end of the COPY: its result says whether it completed */
		r = n == -1 ? PQgetResult(s->conn) : NULL;
		if (!r || PQresultStatus(r) != PGRES_COMMAND_OK) {
			const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
			bool lost = PQstatus(s->conn) != CONNECTION_OK ||
			            (state && (strncmp(state, "57P", 3) == 0 || strncmp(state, "08", 2) == 0));
			code = lost ? CT_EXIT_NOINPUT : CT_EXIT_DATAERR;
			snprintf(err, errlen, "%s: %s: --pushdown: %s: %s", s->name, rl.what,
			         lost ? "connection lost" : "server error",
			         first_line(r ? PQresultErrorMessage(r) : PQerrorMessage(s->conn), msg,
			                    sizeof msg));
		}
		PQclear(r);
		while ((r = PQgetResult(s->conn)) != NULL)
			PQclear(r);
	}
	if (code == 0)
		code = ct_summary_parser_finish(sp, lo, ds, q, err, errlen);
	q->bytes_in = s->bytes;
	ct_summary_parser_free(sp);
out:
	pg_close(&s->base);
	if (code != 0)
		ct_quality_free(q);
	return code;
}
