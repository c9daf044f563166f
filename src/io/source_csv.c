/* source_csv.c -- the CSV source behind source.h: libcsv, streaming, plain
 * or gzip input, several parser threads.
 *
 * Owns the input stream, the header (delimiter detection, BOM, column
 * lookup by name) and the record batches handed to the caller.  Knows
 * nothing of what a label or a probability means (load.c does).
 *
 * Why threads: libcsv parses about 430 MB/s on one core (doc/domain.md "Library notes"), and
 * loading must reach 400 MB/s with the loader's own per-row work on top.  So the input
 * is read in chunks of about 1 MiB cut at line boundaries; while no quote
 * character has been seen, a chunk cannot end inside a quoted field, so
 * each worker parses its chunk independently, with split_chunk (a direct
 * splitter that gives libcsv's results for quote-free input, faster).
 * The caller receives the chunks strictly in input order, so records come
 * out in file order and line numbers are exact.  Once a chunk holds a
 * quote character (or a line longer than a chunk), the rest of the input
 * is parsed in "sequential mode": one parser, chunks parsed in order while
 * holding the read lock, records allowed to straddle chunks.
 *
 * Line numbers: an independent chunk holds no quote, so a record never
 * spans lines; on_record counts the LFs that split_chunk (or libcsv with
 * CSV_REPALL_NL) reports.  In sequential mode chunks are fed to libcsv one
 * physical line at a time, and a record's line is the line at whose start
 * the parser was between records.  Lines are counted relative to the
 * chunk; the caller adds the number of LFs before the chunk.
 *
 * Memory: at most 2 x workers + 2 chunks (input + the fields the loader
 * needs) are alive at once, whatever the file size; about 10 MB with two
 * workers.
 *
 * Testing knobs (environment): CAMTUNE_CSV_CHUNK=bytes (default 1 MiB)
 * and CAMTUNE_CSV_THREADS=n (default: online CPUs, at most 4), so tests
 * can force tiny chunks and chunk boundaries everywhere.
 */
#include "config.h"

#include "io/source.h"

#include "io/exit.h"

#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

/* libcsv keeps these in libcsv.c; csv.h exposes the state as an int.  0 is
 * "between records" in every libcsv 3.x. */
#define CSV_ROW_NOT_BEGUN 0

#define DEFAULT_CHUNK (1u << 20)
#define MIN_CHUNK 16u
#define MAX_WORKERS 4
#define N_SLOTS (2 * MAX_WORKERS + 2)
/* A single field longer than this is refused rather than grown without
 * bound (binary garbage with no delimiter at all). */
#define MAX_FIELD ((size_t)256 << 20)
#define ABSENT UINT32_MAX
/* A header wider than this is not an alert export (and each name costs a
 * malloc). */
#define MAX_COLUMNS 100000u
/* The header line is buffered whole before parsing: bound it. */
#define MAX_HEADER_LINE ((size_t)64 << 20)

/* ROLE_TIME is the only optional role (see assign_roles). */
enum {
	ROLE_STORE = CT_ROLE_STORE, ROLE_CAMERA = CT_ROLE_CAMERA, ROLE_LABEL = CT_ROLE_LABEL,
	ROLE_PROB = CT_ROLE_PROBABILITY, ROLE_TIME = CT_ROLE_TIME, N_ROLES = CT_N_ROLES
};
#define N_REQUIRED_ROLES CT_N_REQUIRED_ROLES
#define role_default_name ct_role_default_name

enum { SLOT_FREE, SLOT_BUSY, SLOT_READY };

typedef struct rec {
	int64_t line; /* 0-based, relative to the chunk's first line */
	uint32_t off[N_ROLES], len[N_ROLES];
	uint32_t n_fields;
} rec;

typedef struct chunk {
	int state;
	uint64_t seq;
	char *in;
	size_t in_len, in_cap;
	rec *recs;
	size_t n_recs, recs_cap;
	char *arena;
	size_t arena_len, arena_cap;
	uint64_t nl;       /* LFs in this chunk's input */
	uint64_t raw_end;  /* input offset after this chunk (progress) */
	bool last;
	bool failed;
	int64_t err_line;  /* relative; INT64_MIN: no line */
	int code;          /* with failed: the exit code (io/exit.h) */
	char err[200];
} chunk;

struct csv_source;

/* One libcsv parser and where its records go. */
typedef struct pctx {
	struct csv_parser p;
	bool p_init;
	struct csv_source *src;
	chunk *out;
	bool fast;         /* whole chunks, lines counted by on_record */
	int64_t line;      /* current line, relative to out */
	int64_t row_line;  /* line where the current record began */
	uint32_t field;    /* fields so far in the current record */
	size_t rec_start;  /* arena offset of the current record's fields */
	uint32_t off[N_ROLES], len[N_ROLES];
	bool oom;
} pctx;

typedef struct worker {
	pthread_t tid;
	bool started;
	pctx pc;
	struct csv_source *src;
} worker;

typedef struct csv_source {
	ct_source base;    /* first: the interface (source.h) */
	char *name;        /* for messages: the path, or "standard input" */
	gzFile gz;
	uint64_t total;    /* file size if regular, else 0 */
	char delim;
	bool forced_delim;
	bool libcsv_only;  /* see ct_source_csv_test_libcsv_only */
	unsigned char cls[256]; /* CL_* per byte, for split_chunk */
	char *camera_column;
	char *time_column;
	int time_alias;    /* role whose field is also the time, or -1 */

	/* header */
	bool header_done;
	uint32_t n_cols;
	int8_t *role;      /* per column: ROLE_* or -1 */
	uint64_t header_nl;

	/* reading: under rd */
	pthread_mutex_t rd;
	char *carry;
	size_t carry_len, carry_cap;
	bool seq_mode;
	pctx seq;          /* the sequential-mode parser */
	uint64_t prev_nl;  /* LFs of the previous chunk parsed in seq mode */
	uint64_t raw_read; /* decompressed bytes read (progress fallback) */
	uint64_t next_seq;
	size_t chunk_size;

	/* ring: under mu */
	pthread_mutex_t mu;
	pthread_cond_t slot_free, slot_ready;
	chunk ring[N_SLOTS];
	unsigned n_slots;  /* in use: enough for every worker to run ahead */
	bool input_done;   /* the last chunk has been claimed */
	bool stop;

	worker workers[MAX_WORKERS];
	int n_workers;
	bool threads;      /* workers running */

	/* consumer side */
	chunk *cur;
	size_t cur_idx;
	uint64_t cur_seq;
	uint64_t base_nl;  /* LFs before cur */
	uint64_t done_bytes;
	bool eof, failed;
	char err[512];
} csv_source;

/* ---- messages ------------------------------------------------------------ */

static void set_error(csv_source *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void set_error(csv_source *s, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(s->err, sizeof s->err, fmt, ap);
	va_end(ap);
	s->failed = true;
	s->base.fail_code = CT_EXIT_DATAERR;
}

static void source_oom(csv_source *s)
{
	set_error(s, "%s: out of memory", s->name);
	s->base.fail_code = CT_EXIT_NOMEM;
}

static void chunk_fail(chunk *c, int64_t line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static const char *csv_problem(const struct csv_parser *p);
static void chunk_fail(chunk *c, int64_t line, const char *fmt, ...)
{
	if (c->failed)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(c->err, sizeof c->err, fmt, ap);
	va_end(ap);
	c->err_line = line;
	c->failed = true;
	c->code = CT_EXIT_DATAERR;
}

static void chunk_oom(chunk *c)
{
	bool first = !c->failed;
	chunk_fail(c, INT64_MIN, "out of memory");
	if (first)
		c->code = CT_EXIT_NOMEM;
}

/* libcsv's failure: bad data, or its own out of memory. */
static void chunk_csv_fail(chunk *c, int64_t line, const struct csv_parser *p)
{
	bool first = !c->failed;
	chunk_fail(c, line, "%s", csv_problem(p));
	if (first && csv_error((struct csv_parser *)p) == CSV_ENOMEM)
		c->code = CT_EXIT_NOMEM;
}

static const char *csv_problem(const struct csv_parser *p)
{
	switch (csv_error((struct csv_parser *)p)) {
	case CSV_EPARSE:
		return "malformed quoted field (a quote inside an unquoted field, or text after a closing quote)";
	case CSV_ENOMEM:
		return "out of memory";
	case CSV_ETOOBIG:
		return "field too large";
	default:
		return "malformed CSV";
	}
}

/* ---- growing buffers ----------------------------------------------------- */

static bool grow(void **buf, size_t *cap, size_t need, size_t elem)
{
	if (need <= *cap)
		return true;
	size_t n = *cap ? *cap : 64;
	while (n < need)
		n *= 2;
	void *p = realloc(*buf, n * elem);
	if (!p)
		return false;
	*buf = p;
	*cap = n;
	return true;
}

/* ---- libcsv callbacks for data records ----------------------------------- */

static void reset_record(pctx *c)
{
	c->field = 0;
	c->rec_start = c->out ? c->out->arena_len : 0;
	for (int r = 0; r < N_ROLES; r++)
		c->off[r] = ABSENT, c->len[r] = 0;
}

/* One field of the current record, from libcsv or from split_chunk. */
static void add_field(pctx *c, const char *data, size_t len)
{
	uint32_t i = c->field++;
	const csv_source *s = c->src;
	if (i >= s->n_cols || s->role[i] < 0 || c->oom)
		return;
	int r = s->role[i];
	chunk *o = c->out;
	if (c->off[r] != ABSENT)
		return;
	if (len >= UINT32_MAX - 1 ||
	    !grow((void **)&o->arena, &o->arena_cap, o->arena_len + len + 1, 1)) {
		c->oom = true;
		return;
	}
	/* Terminated here, not copied from libcsv's CSV_APPEND_NULL byte:
	 * split_chunk's data is followed by the delimiter. */
	memcpy(o->arena + o->arena_len, data, len);
	o->arena[o->arena_len + len] = '\0';
	c->off[r] = (uint32_t)(o->arena_len - c->rec_start);
	c->len[r] = (uint32_t)len;
	o->arena_len += len + 1;
}

static void on_field(void *data, size_t len, void *ctx)
{
	add_field(ctx, data, len);
}

static void on_record(int term, void *ctx)
{
	pctx *c = ctx;
	chunk *o = c->out;
	if (c->fast) {
		/* CSV_REPALL_NL reports every LF outside a record too (blank
		 * lines, the LF of CRLF), so counting LFs here counts lines. */
		bool lf = term == '\n';
		if (c->field == 0) {
			if (lf)
				c->line++, o->nl++;
			return;
		}
		c->row_line = c->line;
		if (lf)
			c->line++, o->nl++;
	}
	if (c->oom)
		return;
	if (!grow((void **)&o->recs, &o->recs_cap, o->n_recs + 1, sizeof *o->recs)) {
		c->oom = true;
		return;
	}
	rec *r = &o->recs[o->n_recs++];
	r->line = c->row_line;
	r->n_fields = c->field;
	for (int k = 0; k < N_ROLES; k++) {
		/* Offsets become absolute in the arena now that the record
		 * cannot move to another chunk any more. */
		r->off[k] = c->off[k] == ABSENT ? ABSENT : (uint32_t)(c->rec_start + c->off[k]);
		r->len[k] = c->len[k];
	}
	reset_record(c);
}

static bool pctx_init(pctx *c, csv_source *s, bool fast)
{
	memset(c, 0, sizeof *c);
	c->src = s;
	c->fast = fast;
	if (csv_init(&c->p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL |
	                        (fast ? CSV_REPALL_NL : 0)) != 0)
		return false;
	c->p_init = true;
	csv_set_delim(&c->p, (unsigned char)s->delim);
	reset_record(c);
	return true;
}

static void pctx_free(pctx *c)
{
	if (c->p_init)
		csv_free(&c->p);
	c->p_init = false;
}

/* Start writing into chunk o.  A record begun in the previous chunk (only
 * in sequential mode) moves along with its fields so far. */
static bool pctx_retarget(pctx *c, chunk *o, uint64_t prev_nl)
{
	chunk *old = c->out;
	bool mid = c->p.pstate != CSV_ROW_NOT_BEGUN || c->field > 0;
	c->out = o;
	c->line = 0;
	if (!old || !mid) {
		reset_record(c);
		return true;
	}
	c->row_line -= (int64_t)prev_nl;
	size_t n = old->arena_len - c->rec_start;
	if (!grow((void **)&o->arena, &o->arena_cap, o->arena_len + n, 1))
		return false;
	if (n)
		memcpy(o->arena + o->arena_len, old->arena + c->rec_start, n);
	old->arena_len = c->rec_start;
	c->rec_start = o->arena_len;
	o->arena_len += n;
	return true;
}

/* Feed buf to c's parser one physical line at a time.  false: c->out is
 * marked failed. */
static bool feed_lines(pctx *c, const char *buf, size_t len)
{
	const char *p = buf, *end = buf + len;
	chunk *o = c->out;
	while (p < end) {
		const char *lf = memchr(p, '\n', (size_t)(end - p));
		const char *stop = lf ? lf + 1 : end;
		size_t n = (size_t)(stop - p);
		if (c->p.pstate == CSV_ROW_NOT_BEGUN)
			c->row_line = c->line;
		if (csv_parse(&c->p, p, n, on_field, on_record, c) != n) {
			chunk_csv_fail(o, c->line, &c->p);
			return false;
		}
		if (c->oom) {
			chunk_oom(o);
			return false;
		}
		if (c->p.entry_pos > MAX_FIELD) {
			chunk_fail(o, c->row_line, "field longer than %zu MiB", MAX_FIELD >> 20);
			return false;
		}
		if (lf) {
			c->line++;
			o->nl++;
		}
		p = stop;
	}
	return true;
}

/* A chunk without quote characters, in one call: every record lies within
 * one line (about 18 % cheaper than a call per line).  Only in tests
 * (ct_source_csv_test_libcsv_only); split_chunk does this otherwise. */
static bool feed_chunk(pctx *c, const char *buf, size_t len)
{
	if (csv_parse(&c->p, buf, len, on_field, on_record, c) != len) {
		chunk_csv_fail(c->out, c->line, &c->p);
		return false;
	}
	if (c->oom) {
		chunk_oom(c->out);
		return false;
	}
	return true;
}

/* Byte classes for split_chunk. */
enum { CL_STOP = 1, CL_LEAD = 2 };

/* Chunk o (no quote character anywhere) split by hand instead of by
 * csv_parse, which copies every byte into its own buffer and was about two
 * thirds of the loading time.  The results must be exactly libcsv 3.0.3's
 * with CSV_REPALL_NL on quote-free input (test_load.c compares the two):
 *  - a field's leading spaces and tabs are skipped unless the delimiter is
 *    one of them (libcsv tests the delimiter first); trailing ones are
 *    trimmed (the delimiter cannot be inside the field);
 *  - CR and LF each end a record; one seen between records (the LF of
 *    CRLF, a blank line, a line of blanks) is reported as a record without
 *    fields, which on_record counts as a line;
 *  - a trailing delimiter makes an empty last field;
 *  - the end of input inside a record ends it as csv_fini does (term -1),
 *    blanks alone there make nothing.
 * No MAX_FIELD check, as with csv_parse here: a field cannot outgrow the
 * chunk.  false: c->out is marked failed. */
static bool split_chunk(pctx *c, chunk *o)
{
	const unsigned char *cls = c->src->cls;
	const unsigned char d = (unsigned char)c->src->delim;
	const unsigned char *p = (const unsigned char *)o->in, *end = p + o->in_len;
	/* A stop byte after the data ends the inner loops without a bound
	 * test; fill_chunk allocates one byte more than it reads. */
	o->in[o->in_len] = '\n';
	while (p < end) {
		while (cls[*p] & CL_LEAD)
			p++;
		if (p == end)
			break;
		if (*p != d && (cls[*p] & CL_STOP)) {
			on_record(*p++, c);
			continue;
		}
		for (;;) {
			const unsigned char *f = p;
			while (!(cls[*p] & CL_STOP))
				p++;
			const unsigned char *e = p;
			while (e > f && (e[-1] == ' ' || e[-1] == '\t'))
				e--;
			add_field(c, (const char *)f, (size_t)(e - f));
			if (p == end) {
				on_record(-1, c);
				break;
			}
			if (*p++ != d) {
				on_record(p[-1], c);
				break;
			}
			while (cls[*p] & CL_LEAD)
				p++;
		}
	}
	if (c->oom) {
		chunk_oom(o);
		return false;
	}
	return true;
}

/* End of input for parser c: flush the last record, catch an open quote. */
static bool finish_parser(pctx *c)
{
	if (csv_fini(&c->p, on_field, on_record, c) != 0) {
		/* csv_error() may still say success here: the return value is
		 * what tells an unterminated quote. */
		chunk_fail(c->out, c->row_line,
		           "unterminated quoted field (a quote opened here is never closed)");
		return false;
	}
	if (c->oom) {
		chunk_oom(c->out);
		return false;
	}
	return true;
}

/* ---- reading ------------------------------------------------------------- */

/* A failed gzread (zerr from gzerror): the message, and minus its exit
 * code. */
static long read_failure(int zerr, const char *m, char *msg, size_t msglen)
{
	switch (zerr) {
	case Z_ERRNO:
		snprintf(msg, msglen, "read error: %s", strerror(errno));
		return -CT_EXIT_IOERR;
	case Z_MEM_ERROR:
		snprintf(msg, msglen, "out of memory");
		return -CT_EXIT_NOMEM;
	case Z_BUF_ERROR:
		snprintf(msg, msglen, "truncated gzip data (unexpected end of file)");
		return -CT_EXIT_DATAERR;
	default:
		snprintf(msg, msglen, "corrupt gzip data: %s", m ? m : "unknown error");
		return -CT_EXIT_DATAERR;
	}
}

/* Read up to want bytes into buf.  Returns bytes read; *eof set at end of
 * input; on error msg and minus the exit code (io/exit.h): bad data (a
 * truncated or corrupt gzip stream), a failed read, out of memory. */
static long read_some(csv_source *s, char *buf, size_t want, bool *eof,
                      char *msg, size_t msglen)
{
	size_t got = 0;
	while (got < want) {
		size_t ask = want - got;
		if (ask > (1u << 30))
			ask = 1u << 30;
		int r = gzread(s->gz, buf + got, (unsigned)ask);
		if (r < 0) {
			int zerr;
			const char *m = gzerror(s->gz, &zerr);
			/* a failed gzread always has an error, but Z_BUF_ERROR
			 * here is not a truncation */
			return read_failure(zerr == Z_BUF_ERROR ? Z_DATA_ERROR : zerr, m, msg, msglen);
		}
		got += (size_t)r;
		if ((size_t)r < ask) {
			int zerr = Z_OK;
			const char *m = gzerror(s->gz, &zerr);
			if (zerr != Z_OK && zerr != Z_STREAM_END)
				return read_failure(zerr, m, msg, msglen);
			if (r == 0 || gzeof(s->gz)) {
				*eof = true;
				break;
			}
		}
	}
	s->raw_read += got;
	return (long)got;
}

static uint64_t raw_offset(csv_source *s)
{
	z_off_t o = gzoffset(s->gz);
	return o >= 0 ? (uint64_t)o : s->raw_read;
}

/* ---- the header ---------------------------------------------------------- */

typedef struct hdr {
	char **names;
	uint32_t n;
	size_t cap;
	bool done, oom, too_many;
} hdr;

static void on_hfield(void *data, size_t len, void *ctx)
{
	hdr *h = ctx;
	if (h->done || h->oom || h->too_many)
		return;
	if (h->n >= MAX_COLUMNS) {
		h->too_many = true;
		return;
	}
	if (!grow((void **)&h->names, &h->cap, (size_t)h->n + 1, sizeof *h->names)) {
		h->oom = true;
		return;
	}
	/* Trim surrounding blanks (a quoted name keeps them in libcsv). */
	const char *p = data, *e = p + len;
	while (p < e && (*p == ' ' || *p == '\t'))
		p++;
	while (e > p && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		e--;
	char *name = malloc((size_t)(e - p) + 1);
	if (!name) {
		h->oom = true;
		return;
	}
	memcpy(name, p, (size_t)(e - p));
	name[e - p] = '\0';
	h->names[h->n++] = name;
}

static void on_hrecord(int term, void *ctx)
{
	(void)term;
	((hdr *)ctx)->done = true;
}

/* ';' unless ',' or tab is more frequent outside quotes. */
static char detect_delimiter(const char *line, size_t len)
{
	size_t semi = 0, comma = 0, tab = 0;
	bool q = false;
	for (size_t i = 0; i < len; i++) {
		char ch = line[i];
		if (ch == '"')
			q = !q;
		else if (!q)
			semi += ch == ';', comma += ch == ',', tab += ch == '\t';
	}
	if (comma > semi && comma >= tab)
		return ',';
	if (tab > semi && tab > comma)
		return '\t';
	return ';';
}

static bool blank_line(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != '\n' && p[i] != '\r' && p[i] != ' ' && p[i] != '\t')
			return false;
	return true;
}

static void append_found(char *buf, size_t len, const hdr *h)
{
	size_t at = strlen(buf);
	for (uint32_t i = 0; i < h->n && at + 40 < len; i++) {
		if (i == 12 && h->n > 14) {
			snprintf(buf + at, len - at, ", ... %u more", h->n - i);
			return;
		}
		int w = snprintf(buf + at, len - at, "%s'%.40s'", i ? ", " : "", h->names[i]);
		if (w < 0)
			return;
		at += (size_t)w;
	}
}

/* Map the header names to roles.  false: error set. */
static bool assign_roles(csv_source *s, hdr *h, uint64_t line)
{
	const char *want[N_ROLES];
	for (int r = 0; r < N_ROLES; r++)
		want[r] = role_default_name[r];
	if (s->camera_column)
		want[ROLE_CAMERA] = s->camera_column;
	/* The time: --time-column (required), else video_name.  A column that
	 * already has a role (video_name as the camera) is shared: the record's
	 * time is that role's field.  Without --time-column and with
	 * --camera-column, a video_name column is used when there is one. */
	bool time_required = s->time_column != NULL;
	if (s->time_column)
		want[ROLE_TIME] = s->time_column;
	s->time_alias = -1;
	for (int r = 0; r < N_REQUIRED_ROLES; r++)
		if (strcmp(want[r], want[ROLE_TIME]) == 0)
			s->time_alias = r;
	int n_roles = s->time_alias >= 0 ? N_REQUIRED_ROLES : N_ROLES;
	s->n_cols = h->n;
	s->role = malloc(h->n ? h->n : 1);
	if (!s->role) {
		source_oom(s);
		return false;
	}
	uint32_t at[N_ROLES];
	for (int r = 0; r < N_ROLES; r++)
		at[r] = UINT32_MAX;
	for (uint32_t i = 0; i < h->n; i++) {
		s->role[i] = -1;
		for (int r = 0; r < n_roles; r++) {
			if (strcmp(h->names[i], want[r]) != 0)
				continue;
			if (at[r] != UINT32_MAX) {
				set_error(s, "%s: line %llu: duplicate column '%s' (columns %u and %u)",
				          s->name, (unsigned long long)line, want[r], at[r] + 1, i + 1);
				return false;
			}
			at[r] = i;
			s->role[i] = (int8_t)r;
		}
	}
	char missing[200] = "";
	int n_missing = 0;
	for (int r = 0; r < n_roles; r++)
		if (at[r] == UINT32_MAX && (r != ROLE_TIME || time_required)) {
			size_t m = strlen(missing);
			snprintf(missing + m, sizeof missing - m, "%s'%s'", n_missing ? ", " : "", want[r]);
			n_missing++;
		}
	if (n_missing) {
		char found[400] = "";
		append_found(found, sizeof found, h);
		char d[8];
		if (s->delim == '\t')
			strcpy(d, "tab");
		else
			snprintf(d, sizeof d, "'%c'", s->delim);
		bool no_video = at[ROLE_CAMERA] == UINT32_MAX && !s->camera_column && n_missing == 1;
		set_error(s, "%s: line %llu: missing column%s %s (found: %s; delimiter %s)%s",
		          s->name, (unsigned long long)line, n_missing > 1 ? "s" : "", missing,
		          found, d,
		          no_video ? "; to read camera ids from another column, use --camera-column NAME"
		                   : n_missing >= N_REQUIRED_ROLES ? "; is the delimiter right? (see --delimiter)"
		                                          : "");
		return false;
	}
	return true;
}

static void hdr_free(hdr *h)
{
	for (uint32_t i = 0; i < h->n; i++)
		free(h->names[i]);
	free(h->names);
}

/* Read the header record; leave what follows it in s->carry. */
static bool read_header(csv_source *s)
{
	char msg[200];
	bool eof = false;
	size_t len = 0, pos = 0, scan = 0;
	/* s->carry doubles as the header buffer. */
	const size_t step = 64 << 10;
	hdr h = {0};
	struct csv_parser p;
	bool p_init = false, delim_known = s->forced_delim, bom_checked = false;
	uint64_t line = 0; /* LFs consumed */
	uint64_t rec_line = 1;
	bool ok = false;

	for (;;) {
		/* A whole line available? */
		/* Nothing read yet: carry is still NULL, and NULL + 0 is UB.
		 * scan: no LF before it, so a long line is searched once. */
		if (scan < pos)
			scan = pos;
		char *lf = len > scan ? memchr(s->carry + scan, '\n', len - scan) : NULL;
		if (!lf && !eof) {
			scan = len;
			if (len - pos > MAX_HEADER_LINE) {
				set_error(s, "%s: line %llu: no end of line in the first %zu MiB (not a CSV file?)",
				          s->name, (unsigned long long)line + 1, MAX_HEADER_LINE >> 20);
				goto out;
			}
			if (!grow((void **)&s->carry, &s->carry_cap, len + step, 1)) {
				source_oom(s);
				goto out;
			}
			long r = read_some(s, s->carry + len, step, &eof, msg, sizeof msg);
			if (r < 0) {
				set_error(s, "%s: %s", s->name, msg);
				s->base.fail_code = (int)-r;
				goto out;
			}
			len += (size_t)r;
			if (!bom_checked && (len >= 3 || eof)) {
				bom_checked = true;
				if (len >= 3 && memcmp(s->carry, "\xEF\xBB\xBF", 3) == 0)
					pos = 3;
				else if (len >= 2 && (memcmp(s->carry, "\xFF\xFE", 2) == 0 ||
				                      memcmp(s->carry, "\xFE\xFF", 2) == 0)) {
					set_error(s, "%s: UTF-16 text; save or convert the file as UTF-8 (e.g. iconv -f UTF-16 -t UTF-8)",
					          s->name);
					goto out;
				}
			}
			continue;
		}
		size_t end = lf ? (size_t)(lf - s->carry) + 1 : len;
		if (end == pos) { /* end of input */
			if (p_init && p.pstate != CSV_ROW_NOT_BEGUN) {
				if (csv_fini(&p, on_hfield, on_hrecord, &h) != 0) {
					set_error(s, "%s: line %llu: unterminated quoted field in the header",
					          s->name, (unsigned long long)rec_line);
					goto out;
				}
			}
			if (h.done)
				break;
			set_error(s, "%s: empty file (no header)", s->name);
			goto out;
		}
		const char *ln = s->carry + pos;
		size_t n = end - pos;
		if (!p_init) {
			if (blank_line(ln, n)) {
				pos = end;
				line += lf != NULL;
				continue;
			}
			size_t content = n;
			while (content && (ln[content - 1] == '\n' || ln[content - 1] == '\r'))
				content--;
			if (memchr(ln, '\r', content)) {
				set_error(s, "%s: line %llu: carriage return inside a line (old Mac line endings?); convert the file to LF or CRLF line endings",
				          s->name, (unsigned long long)line + 1);
				goto out;
			}
			if (!delim_known)
				s->delim = detect_delimiter(ln, content);
			if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
				source_oom(s);
				goto out;
			}
			p_init = true;
			csv_set_delim(&p, (unsigned char)s->delim);
			rec_line = line + 1;
		}
		if (csv_parse(&p, ln, n, on_hfield, on_hrecord, &h) != n) {
			set_error(s, "%s: line %llu: %s", s->name, (unsigned long long)line + 1,
			          csv_problem(&p));
			goto out;
		}
		if (h.oom) {
			source_oom(s);
			goto out;
		}
		if (h.too_many) {
			set_error(s, "%s: line %llu: more than %u columns in the header", s->name,
			          (unsigned long long)rec_line, MAX_COLUMNS);
			goto out;
		}
		pos = end;
		line += lf != NULL;
		if (h.done)
			break;
		if (p.entry_pos > MAX_FIELD) {
			set_error(s, "%s: line %llu: header field longer than %zu MiB", s->name,
			          (unsigned long long)rec_line, MAX_FIELD >> 20);
			goto out;
		}
	}
	if (!assign_roles(s, &h, rec_line))
		goto out;
	s->header_nl = line;
	memmove(s->carry, s->carry + pos, len - pos);
	s->carry_len = len - pos;
	ok = true;
out:
	if (p_init)
		csv_free(&p);
	hdr_free(&h);
	return ok;
}

/* ---- workers --------------------------------------------------------------- */

static const char *last_lf(const char *p, size_t n)
{
	while (n--)
		if (p[n] == '\n')
			return p + n;
	return NULL;
}

/* Fill slot c with the next chunk of input and, in sequential mode, parse
 * it.  Called with rd held.  Returns true when c must still be parsed
 * (independent chunk). */
static bool fill_chunk(csv_source *s, chunk *c)
{
	char msg[200];
	bool eof = false;
	size_t want = s->chunk_size;
	if (!grow((void **)&c->in, &c->in_cap, s->carry_len + want + 1, 1)) {
		chunk_oom(c);
		c->last = true;
		return false;
	}
	memcpy(c->in, s->carry, s->carry_len);
	size_t n = s->carry_len;
	s->carry_len = 0;
	long r = read_some(s, c->in + n, want, &eof, msg, sizeof msg);
	if (r < 0) {
		chunk_fail(c, INT64_MIN, "%s", msg);
		c->code = (int)-r;
		c->last = true;
		return false;
	}
	n += (size_t)r;
	c->in_len = n;
	c->last = eof;
	c->raw_end = raw_offset(s);

	if (!s->seq_mode) {
		size_t cut = n;
		if (!eof) {
			const char *lf = last_lf(c->in, n);
			if (!lf)
				s->seq_mode = true; /* a line longer than a chunk */
			else
				cut = (size_t)(lf - c->in) + 1;
		}
		if (!s->seq_mode && memchr(c->in, '"', cut))
			s->seq_mode = true;
		if (!s->seq_mode) {
			size_t rest = n - cut;
			if (rest) {
				if (!grow((void **)&s->carry, &s->carry_cap, rest, 1)) {
					chunk_oom(c);
					c->last = true;
					return false;
				}
				memcpy(s->carry, c->in + cut, rest);
				s->carry_len = rest;
			}
			c->in_len = cut;
			return true;
		}
		/* Entering sequential mode at a record boundary: all earlier
		 * chunks ended with LF outside quotes. */
		if (!s->seq.p_init && !pctx_init(&s->seq, s, false)) {
			chunk_oom(c);
			c->last = true;
			return false;
		}
	}
	if (!pctx_retarget(&s->seq, c, s->prev_nl)) {
		chunk_oom(c);
		c->last = true;
		return false;
	}
	if (feed_lines(&s->seq, c->in, c->in_len) && c->last)
		finish_parser(&s->seq);
	if (c->failed)
		c->last = true;
	s->prev_nl = c->nl;
	return false;
}

static void chunk_reset(chunk *c, uint64_t seq)
{
	c->seq = seq;
	c->in_len = 0;
	c->n_recs = 0;
	c->arena_len = 0;
	c->nl = 0;
	c->raw_end = 0;
	c->last = false;
	c->failed = false;
	c->err_line = INT64_MIN;
	c->err[0] = '\0';
}

static void *worker_main(void *arg)
{
	worker *w = arg;
	csv_source *s = w->src;
	for (;;) {
		pthread_mutex_lock(&s->rd);
		pthread_mutex_lock(&s->mu);
		chunk *c = NULL;
		while (!s->stop && !s->input_done &&
		       s->ring[s->next_seq % s->n_slots].state != SLOT_FREE)
			pthread_cond_wait(&s->slot_free, &s->mu);
		if (s->stop || s->input_done) {
			pthread_mutex_unlock(&s->mu);
			pthread_mutex_unlock(&s->rd);
			break;
		}
		uint64_t seq = s->next_seq++;
		c = &s->ring[seq % s->n_slots];
		c->state = SLOT_BUSY;
		pthread_mutex_unlock(&s->mu);

		chunk_reset(c, seq);
		bool parse = fill_chunk(s, c);
		if (c->last) {
			pthread_mutex_lock(&s->mu);
			s->input_done = true;
			pthread_cond_broadcast(&s->slot_free);
			pthread_mutex_unlock(&s->mu);
		}
		pthread_mutex_unlock(&s->rd);

		if (parse) {
			pctx *pc = &w->pc;
			pc->out = c;
			pc->line = 0;
			reset_record(pc);
			if (s->libcsv_only) {
				if (feed_chunk(pc, c->in, c->in_len))
					finish_parser(pc);
			} else {
				split_chunk(pc, c);
			}
			if (c->failed) {
				/* Stop reading further: nothing after an error is used. */
				pthread_mutex_lock(&s->mu);
				s->input_done = true;
				pthread_cond_broadcast(&s->slot_free);
				pthread_mutex_unlock(&s->mu);
				c->last = true;
			}
		}
		pthread_mutex_lock(&s->mu);
		c->state = SLOT_READY;
		pthread_cond_broadcast(&s->slot_ready);
		pthread_mutex_unlock(&s->mu);
	}
	return NULL;
}

static int env_int(const char *name, int def)
{
	const char *v = getenv(name);
	if (!v || !*v)
		return def;
	char *end;
	long x = strtol(v, &end, 10);
	return *end || x <= 0 || x > (1L << 30) ? def : (int)x;
}

static bool start_workers(csv_source *s)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	int n = env_int("CAMTUNE_CSV_THREADS", cpus > 0 ? (int)cpus : 1);
	if (n > MAX_WORKERS)
		n = MAX_WORKERS;
	s->chunk_size = (size_t)env_int("CAMTUNE_CSV_CHUNK", DEFAULT_CHUNK);
	if (s->chunk_size < MIN_CHUNK)
		s->chunk_size = MIN_CHUNK;
	s->n_slots = 2 * (unsigned)n + 2;
	/* The delimiter is known now (the header is read). */
	memset(s->cls, 0, sizeof s->cls);
	s->cls[' '] = s->cls['\t'] = CL_LEAD;
	s->cls[(unsigned char)s->delim] = CL_STOP;
	s->cls['\r'] = s->cls['\n'] = CL_STOP;
	for (int i = 0; i < n; i++) {
		worker *w = &s->workers[i];
		w->src = s;
		if (!pctx_init(&w->pc, s, true))
			break;
		if (pthread_create(&w->tid, NULL, worker_main, w) != 0) {
			pctx_free(&w->pc);
			break;
		}
		w->started = true;
		s->n_workers++;
	}
	s->threads = true;
	return s->n_workers > 0;
}

static void stop_workers(csv_source *s)
{
	if (!s->threads)
		return;
	pthread_mutex_lock(&s->mu);
	s->stop = true;
	pthread_cond_broadcast(&s->slot_free);
	pthread_mutex_unlock(&s->mu);
	for (int i = 0; i < MAX_WORKERS; i++)
		if (s->workers[i].started) {
			pthread_join(s->workers[i].tid, NULL);
			s->workers[i].started = false;
			pctx_free(&s->workers[i].pc);
		}
	s->threads = false;
}

/* ---- the interface ------------------------------------------------------- */

/* Test-only switch, not in source.h: on makes sources opened from then on
 * parse every chunk with libcsv, so test_load.c can compare split_chunk
 * with it.  A function rather than an environment variable, which the
 * manual would have to list for users. */
void ct_source_csv_test_libcsv_only(int on);
static int libcsv_only_for_tests;
void ct_source_csv_test_libcsv_only(int on)
{
	libcsv_only_for_tests = on;
}

static int csvsrc_next(ct_source *base, ct_record *out);
static const char *csvsrc_error(const ct_source *base);
static void csvsrc_progress(const ct_source *base, uint64_t *done, uint64_t *total);
static void csvsrc_close(ct_source *base);
static const ct_source_ops csvsrc_ops = {csvsrc_next, csvsrc_error, csvsrc_progress, csvsrc_close};

ct_source *ct_source_open_csv(const char *path, const ct_source_opts *opts,
                              char *err, size_t errlen)
{
	bool is_stdin = strcmp(path, "-") == 0;
	const char *name = is_stdin ? "standard input" : path;
	int fd = is_stdin ? dup(STDIN_FILENO) : open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(err, errlen, "%s: cannot open: %s", name, strerror(errno));
		return NULL;
	}
	struct stat st;
	if (fstat(fd, &st) != 0) {
		snprintf(err, errlen, "%s: cannot open: %s", name, strerror(errno));
		close(fd);
		return NULL;
	}
	if (S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, "%s: is a directory", name);
		close(fd);
		return NULL;
	}
	/* Read once, front to back: ask for a large read-ahead on a cold cache. */
	if (S_ISREG(st.st_mode))
		(void)posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
	csv_source *s = calloc(1, sizeof *s);
	if (!s || !(s->name = strdup(name)) ||
	    (opts && opts->camera_column && !(s->camera_column = strdup(opts->camera_column))) ||
	    (opts && opts->time_column && !(s->time_column = strdup(opts->time_column)))) {
		snprintf(err, errlen, "%s: out of memory", name);
		close(fd);
		errno = ENOMEM; /* source.h: how the caller tells it from 66 */
		if (s) {
			free(s->name);
			free(s->camera_column);
		}
		free(s);
		return NULL;
	}
	s->gz = gzdopen(fd, "rb");
	if (!s->gz) {
		int e = errno ? errno : ENOMEM; /* zlib's allocation failed */
		snprintf(err, errlen, "%s: cannot open: %s", name, strerror(e));
		close(fd);
		free(s->camera_column);
		free(s->time_column);
		free(s->name);
		free(s);
		errno = e;
		return NULL;
	}
	/* Large reads go straight into our buffers (plain files) and inflate
	 * in big steps (gzip). */
	gzbuffer(s->gz, 256 << 10);
	s->total = S_ISREG(st.st_mode) ? (uint64_t)st.st_size : 0;
	s->delim = opts && opts->delimiter ? opts->delimiter : ';';
	s->forced_delim = opts && opts->delimiter;
	s->libcsv_only = libcsv_only_for_tests;
	pthread_mutex_init(&s->rd, NULL);
	pthread_mutex_init(&s->mu, NULL);
	pthread_cond_init(&s->slot_free, NULL);
	pthread_cond_init(&s->slot_ready, NULL);
	for (int i = 0; i < N_SLOTS; i++)
		s->ring[i].state = SLOT_FREE;
	s->base.ops = &csvsrc_ops;
	return &s->base;
}

static void release_cur(csv_source *s)
{
	pthread_mutex_lock(&s->mu);
	s->cur->state = SLOT_FREE;
	pthread_cond_broadcast(&s->slot_free);
	pthread_mutex_unlock(&s->mu);
	s->cur = NULL;
}

static int csvsrc_next(ct_source *base, ct_record *out)
{
	csv_source *s = (csv_source *)base;
	if (s->failed)
		return -1;
	if (s->eof)
		return 0;
	if (!s->header_done) {
		s->header_done = true;
		if (!read_header(s))
			return -1;
		s->base_nl = s->header_nl;
		if (!start_workers(s)) {
			/* pthread_create fails for lack of memory (EAGAIN): exit 1 */
			set_error(s, "%s: cannot start the parser threads: out of memory", s->name);
			s->base.fail_code = CT_EXIT_NOMEM;
			return -1;
		}
	}
	for (;;) {
		chunk *c = s->cur;
		if (c && s->cur_idx < c->n_recs) {
			const rec *r = &c->recs[s->cur_idx++];
			out->line = (uint64_t)((int64_t)s->base_nl + r->line + 1);
			out->n_fields = (int)r->n_fields;
			ct_field *f[N_ROLES] = {&out->store, &out->camera, &out->label,
			                        &out->probability, &out->time};
			for (int k = 0; k < N_ROLES; k++) {
				if (r->off[k] == ABSENT) {
					f[k]->s = NULL;
					f[k]->len = 0;
				} else {
					f[k]->s = c->arena + r->off[k];
					f[k]->len = r->len[k];
				}
			}
			if (s->time_alias >= 0)
				out->time = *f[s->time_alias];
			return 1;
		}
		if (c) {
			if (c->failed) {
				if (c->err_line == INT64_MIN)
					set_error(s, "%s: %s", s->name, c->err);
				else
					set_error(s, "%s: line %llu: %s", s->name,
					          (unsigned long long)((int64_t)s->base_nl + c->err_line + 1),
					          c->err);
				s->base.fail_code = c->code;
				release_cur(s);
				return -1;
			}
			s->base_nl += c->nl;
			s->done_bytes = c->raw_end;
			bool last = c->last;
			release_cur(s);
			s->cur_seq++;
			if (last) {
				s->eof = true;
				stop_workers(s);
				return 0;
			}
		}
		chunk *next = &s->ring[s->cur_seq % s->n_slots];
		pthread_mutex_lock(&s->mu);
		while (!(next->state == SLOT_READY && next->seq == s->cur_seq))
			pthread_cond_wait(&s->slot_ready, &s->mu);
		pthread_mutex_unlock(&s->mu);
		s->cur = next;
		s->cur_idx = 0;
	}
}

static const char *csvsrc_error(const ct_source *base)
{
	const csv_source *s = (const csv_source *)base;
	return s->err[0] ? s->err : "no error";
}

static void csvsrc_progress(const ct_source *base, uint64_t *done, uint64_t *total)
{
	const csv_source *s = (const csv_source *)base;
	if (done)
		*done = s->done_bytes;
	if (total)
		*total = s->total;
}

static void csvsrc_close(ct_source *base)
{
	csv_source *s = (csv_source *)base;
	stop_workers(s);
	pctx_free(&s->seq);
	for (int i = 0; i < N_SLOTS; i++) {
		free(s->ring[i].in);
		free(s->ring[i].recs);
		free(s->ring[i].arena);
	}
	gzclose(s->gz);
	pthread_mutex_destroy(&s->rd);
	pthread_mutex_destroy(&s->mu);
	pthread_cond_destroy(&s->slot_free);
	pthread_cond_destroy(&s->slot_ready);
	free(s->carry);
	free(s->role);
	free(s->camera_column);
	free(s->time_column);
	free(s->name);
	free(s);
}
