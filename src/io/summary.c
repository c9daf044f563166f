/* summary.c -- write and read the per-camera summary (summary.h).
 *
 * Writing walks each camera's sorted theft and FP scores together, one
 * row per distinct score.  Reading parses with libcsv, checks each row's
 * fp_at_or_above against the FP counts of the camera's higher scores, so
 * a file cut short, edited or computed wrongly by another engine is
 * refused (exit 65, its line) rather than read as other data, and only
 * then feeds the builder every alert a row stands for (after checking
 * that they fit in memory).
 */
/* tee(2), to look at a pipe's first bytes without taking them */
#define _GNU_SOURCE 1
#include "config.h"

#include "io/summary.h"

#include <csv.h>
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "io/atomic.h"
#include "io/exit.h"

const char *const ct_summary_column[CT_SUMMARY_COLUMNS] = {
	"store", "camera_id", "score", "thefts", "fp", "fp_at_or_above",
};

/* ---- detection ------------------------------------------------------------ */

/* The header at s: the six names split by one of ; , tab.  Its delimiter,
 * or 0. */
static char header_delimiter(const char *s, size_t n)
{
	if (n >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0)
		s += 3, n -= 3;
	size_t first = strlen(ct_summary_column[0]);
	if (n <= first || memcmp(s, ct_summary_column[0], first) != 0)
		return 0;
	char d = s[first];
	if (d != ';' && d != ',' && d != '\t')
		return 0;
	size_t at = 0;
	for (int k = 0; k < CT_SUMMARY_COLUMNS; k++) {
		size_t len = strlen(ct_summary_column[k]);
		if (at + len > n || memcmp(s + at, ct_summary_column[k], len) != 0)
			return 0;
		at += len;
		char want = k + 1 < CT_SUMMARY_COLUMNS ? d : '\n';
		if (k + 1 == CT_SUMMARY_COLUMNS && at < n && s[at] == '\r')
			at++;
		if (at < n ? s[at] != want : k + 1 < CT_SUMMARY_COLUMNS)
			return 0;
		at++;
	}
	return d;
}

/* The first bytes of standard input, left unread for whoever reads it
 * next: pread on a file; on a pipe, tee(2) copies what the pipe holds
 * without taking it (waiting a little for a header written in pieces). */
static size_t peek_stdin(char *buf, size_t cap)
{
	struct stat st;
	if (fstat(STDIN_FILENO, &st) != 0)
		return 0;
	if (S_ISREG(st.st_mode)) {
		off_t at = lseek(STDIN_FILENO, 0, SEEK_CUR);
		ssize_t n = at < 0 ? -1 : pread(STDIN_FILENO, buf, cap, at);
		return n > 0 ? (size_t)n : 0;
	}
	if (!S_ISFIFO(st.st_mode))
		return 0;
	int p[2];
	if (pipe(p) != 0)
		return 0;
	size_t got = 0;
	for (int tries = 0; tries < 1000; tries++) {
		ssize_t n = tee(STDIN_FILENO, p[1], cap, 0);
		if (n <= 0)
			break;
		got = 0;
		while (got < (size_t)n) {
			ssize_t k = read(p[0], buf + got, (size_t)n - got);
			if (k <= 0)
				break;
			got += (size_t)k;
		}
		if (got >= cap || memchr(buf, '\n', got))
			break;
		struct timespec ms = {0, 1000000};
		nanosleep(&ms, NULL);
	}
	close(p[0]);
	close(p[1]);
	return got;
}

int ct_summary_detect(const char *path)
{
	struct stat st;
	if (path && strcmp(path, "-") == 0) {
		char buf[256];
		size_t n = peek_stdin(buf, sizeof buf);
		return n > 0 && header_delimiter(buf, n) != 0;
	}
	if (!path || stat(path, &st) != 0 || !S_ISREG(st.st_mode))
		return 0;
	gzFile g = gzopen(path, "rb");
	if (!g)
		return 0;
	char buf[256];
	int n = gzread(g, buf, sizeof buf);
	gzclose(g);
	return n > 0 && header_delimiter(buf, (size_t)n) != 0;
}

/* ---- writing -------------------------------------------------------------- */

/* The fewest digits that read back as the same double
 * (ct_parse_probability is exact): 0.00380803458, not
 * 0.0038080345799999999. */
static const char *shortest(char *buf, size_t len, double v)
{
	for (int digits = 9; digits < 17; digits++) {
		snprintf(buf, len, "%.*g", digits, v);
		double back;
		if (ct_parse_probability(buf, strlen(buf), &back) == 0 && back == v)
			return buf;
	}
	snprintf(buf, len, "%.17g", v);
	return buf;
}


/* A name as a CSV field: quoted when it holds the delimiter, a quote or a
 * line end. */
static void put_name(FILE *f, const char *s)
{
	if (!strpbrk(s, ";\"\r\n")) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

static void put_row(FILE *f, const ct_camera *c, double v, uint32_t thefts, uint32_t fps,
                    uint32_t fp_ge)
{
	char num[40];
	put_name(f, c->store);
	fputc(';', f);
	put_name(f, c->camera_id);
	fprintf(f, ";%s;%u;%u;%u\n", shortest(num, sizeof num, v), thefts, fps, fp_ge);
}

/* The FP of c that no theft ties with. */
static uint32_t fp_untied(const ct_camera *c)
{
	uint32_t k = 0, t = 0;
	for (uint32_t n = 0; n < c->n_fp; n++) {
		while (t < c->n_tp && c->tp[t] < c->fp[n])
			t++;
		k += !(t < c->n_tp && c->tp[t] == c->fp[n]);
	}
	return k;
}

int ct_summary_write(const char *path, const ct_dataset *ds, uint32_t sketch, char *err,
                     size_t errlen)
{
	ct_atomic a;
	FILE *f = ct_atomic_open(&a, path, err, errlen);
	if (!f)
		return CT_EXIT_CANTCREAT;
	for (int k = 0; k < CT_SUMMARY_COLUMNS; k++)
		fprintf(f, "%s%c", ct_summary_column[k], k + 1 < CT_SUMMARY_COLUMNS ? ';' : '\n');
	for (size_t i = 0; i < ds->n_cameras; i++) {
		const ct_camera *c = &ds->cameras[i];
		/* A sketch merges runs of FP-only scores, about n / sketch FP a
		 * row, never across a theft's score, onto the run's highest
		 * score; the camera's lowest and highest scores keep their rows. */
		uint32_t bucket = 0;
		if (sketch) {
			uint32_t u = fp_untied(c);
			bucket = u > sketch ? (u + sketch - 1) / sketch : 0;
		}
		uint32_t t = 0, n = 0;
		uint32_t pend = 0, pend_ge = 0; /* the run being merged */
		double pend_v = 0;
		while (t < c->n_tp || n < c->n_fp) {
			bool first = t == 0 && n == 0;
			double v = t < c->n_tp && (n == c->n_fp || c->tp[t] <= c->fp[n]) ? c->tp[t]
			                                                                  : c->fp[n];
			uint32_t fp_ge = c->n_fp - n, thefts = 0, fps = 0;
			while (t < c->n_tp && c->tp[t] == v)
				t++, thefts++;
			while (n < c->n_fp && c->fp[n] == v)
				n++, fps++;
			bool last = t == c->n_tp && n == c->n_fp;
			if (bucket && thefts == 0 && !first && !last) {
				if (pend == 0)
					pend_ge = fp_ge;
				pend += fps;
				pend_v = v;
				if (pend >= bucket) {
					put_row(f, c, pend_v, 0, pend, pend_ge);
					pend = 0;
				}
				continue;
			}
			if (pend) {
				put_row(f, c, pend_v, 0, pend, pend_ge);
				pend = 0;
			}
			put_row(f, c, v, thefts, fps, fp_ge);
		}
	}
	/* 74 for standard output, 73 for a file (atomic.h) */
	return ct_atomic_commit(&a, err, errlen);
}

/* ---- reading -------------------------------------------------------------- */

/* 32 bytes a row, kept until the check after the last row: the alerts a
 * row stands for are made only once every row is checked, so a short
 * file that claims billions of alerts is refused before they are
 * allocated. */
typedef struct row_check {
	double score;
	uint32_t cam;
	uint32_t thefts, fp, fp_ge;
	uint32_t line; /* a summary of more than 4 G lines names a wrong one */
} row_check;

typedef struct reader {
	const char *name;
	ct_builder *b;
	int field;
	char *f[CT_SUMMARY_COLUMNS];
	size_t len[CT_SUMMARY_COLUMNS], cap[CT_SUMMARY_COLUMNS];
	uint64_t line; /* of the record being read */
	bool header_seen;
	row_check *rows;
	size_t n_rows, cap_rows;
	uint64_t alerts;
	int rc;
	char *err;
	size_t errlen;
} reader;

static void reader_fail(reader *r, int rc, const char *what)
{
	if (r->rc)
		return;
	r->rc = rc;
	snprintf(r->err, r->errlen, "%s: line %llu: %s", r->name, (unsigned long long)r->line, what);
}

/* In take_row: fail and return. */
#define BAD(...)                          \
	do {                              \
		reader_fail(__VA_ARGS__); \
		return;                   \
	} while (0)

static void on_field(void *data, size_t len, void *ctx)
{
	reader *r = ctx;
	if (r->rc)
		return;
	if (r->field < CT_SUMMARY_COLUMNS) {
		/* each column's buffer is kept from row to row */
		int k = r->field;
		if (len + 1 > r->cap[k]) {
			char *nb = realloc(r->f[k], len + 1);
			if (!nb) {
				reader_fail(r, CT_EXIT_NOMEM, "out of memory");
				return;
			}
			r->f[k] = nb;
			r->cap[k] = len + 1;
		}
		memcpy(r->f[k], data, len);
		r->f[k][len] = '\0';
		r->len[k] = len;
	}
	r->field++;
}

static bool parse_count(const char *s, uint32_t *out)
{
	char *end;
	if (!*s || *s < '0' || *s > '9')
		return false;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno || *end || v > UINT32_MAX)
		return false;
	*out = (uint32_t)v;
	return true;
}

static void take_row(reader *r)
{
	if (r->field != CT_SUMMARY_COLUMNS) {
		char msg[96];
		snprintf(msg, sizeof msg, "%d fields, %d expected (store;camera_id;score;thefts;fp;"
		                          "fp_at_or_above)", r->field, CT_SUMMARY_COLUMNS);
		reader_fail(r, CT_EXIT_DATAERR, msg);
		return;
	}
	double score;
	uint32_t thefts, fp, fp_ge;
	if (r->len[0] == 0 || r->len[1] == 0)
		BAD(r, CT_EXIT_DATAERR, "empty store or camera_id");
	if (memchr(r->f[0], '\0', r->len[0]) || memchr(r->f[1], '\0', r->len[1]))
		BAD(r, CT_EXIT_DATAERR, "NUL byte in a name");
	if (ct_parse_probability(r->f[2], r->len[2], &score) != 0)
		BAD(r, CT_EXIT_DATAERR, "score is not a number");
	if (!parse_count(r->f[3], &thefts) || !parse_count(r->f[4], &fp) ||
	    !parse_count(r->f[5], &fp_ge))
		BAD(r, CT_EXIT_DATAERR, "thefts, fp and fp_at_or_above must be whole numbers");
	if (thefts == 0 && fp == 0)
		BAD(r, CT_EXIT_DATAERR, "a row with neither a theft nor an FP");
	int32_t cam = ct_builder_camera(r->b, r->f[0], r->len[0], r->f[1], r->len[1]);
	if (cam < 0)
		BAD(r, CT_EXIT_NOMEM, "out of memory");
	r->alerts += (uint64_t)thefts + fp;
	if (r->n_rows == r->cap_rows) {
		size_t cap = r->cap_rows ? 2 * r->cap_rows : 1024;
		row_check *v = realloc(r->rows, cap * sizeof *v);
		if (!v)
			BAD(r, CT_EXIT_NOMEM, "out of memory");
		r->rows = v;
		r->cap_rows = cap;
	}
	r->rows[r->n_rows++] = (row_check){score, (uint32_t)cam, thefts, fp, fp_ge,
	                                   r->line > UINT32_MAX ? UINT32_MAX : (uint32_t)r->line};
}

static void on_record(int term, void *ctx)
{
	reader *r = ctx;
	(void)term;
	if (!r->rc) {
		if (r->header_seen) {
			take_row(r);
		} else {
			r->header_seen = true;
			bool same = r->field == CT_SUMMARY_COLUMNS;
			for (int k = 0; same && k < CT_SUMMARY_COLUMNS; k++)
				same = strcmp(r->f[k], ct_summary_column[k]) == 0 ||
				       (k == 0 && strncmp(r->f[0], "\xef\xbb\xbf", 3) == 0 &&
				        strcmp(r->f[0] + 3, ct_summary_column[0]) == 0);
			if (!same)
				reader_fail(r, CT_EXIT_DATAERR, "not a summary header (store;camera_id;score;thefts;fp;"
				                   "fp_at_or_above)");
		}
	}
	r->field = 0;
	r->line++;
}

static int by_camera_score(const void *a, const void *b)
{
	const row_check *x = a, *y = b;
	if (x->cam != y->cam)
		return x->cam < y->cam ? -1 : 1;
	return x->score < y->score ? 1 : x->score > y->score ? -1 : 0; /* descending */
}

/* fp_at_or_above of each row is the FP of its camera's rows at or above
 * its score; no camera and score twice. */
static void check_rows(reader *r)
{
	if (r->n_rows > 1) /* qsort of NULL, 0 is undefined */
		qsort(r->rows, r->n_rows, sizeof *r->rows, by_camera_score);
	for (size_t i = 1; i < r->n_rows; i++) {
		const row_check *w = &r->rows[i], *v = &r->rows[i - 1];
		if (w->cam == v->cam && w->score == v->score) {
			char msg[96];
			r->line = w->line > v->line ? w->line : v->line;
			snprintf(msg, sizeof msg, "the camera and score of line %llu again",
			         (unsigned long long)(w->line < v->line ? w->line : v->line));
			reader_fail(r, CT_EXIT_DATAERR, msg);
			return;
		}
	}
	uint64_t above = 0;
	for (size_t i = 0; i < r->n_rows && !r->rc; i++) {
		const row_check *w = &r->rows[i];
		if (i == 0 || w->cam != r->rows[i - 1].cam)
			above = 0;
		above += w->fp;
		if (above != w->fp_ge) {
			char msg[160], num[40];
			r->line = w->line;
			snprintf(msg, sizeof msg,
			         "fp_at_or_above is %u, but the camera's rows at or above score %s "
			         "hold %llu FP (a summary cut short or computed otherwise?)",
			         w->fp_ge, shortest(num, sizeof num, w->score), (unsigned long long)above);
			reader_fail(r, CT_EXIT_DATAERR, msg);
		}
	}
}

/* Bytes an alert costs while it is read (score, camera, time in the
 * builder) and in the dataset made of it: a bound to refuse at, not an
 * account. */
#define ALERT_BYTES 32

/* The memory this process may use: the machine's, or less under a limit
 * of its address space (ulimit -v). */
static uint64_t memory_limit(void)
{
	uint64_t lim = UINT64_MAX;
	long pages = sysconf(_SC_PHYS_PAGES), size = sysconf(_SC_PAGESIZE);
	if (pages > 0 && size > 0)
		lim = (uint64_t)pages * (uint64_t)size;
	struct rlimit rl;
	if (getrlimit(RLIMIT_AS, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY &&
	    (uint64_t)rl.rlim_cur < lim)
		lim = (uint64_t)rl.rlim_cur;
	return lim;
}

/* The checked rows' alerts into the builder, refused (65) when they
 * could not fit in memory: a file of a few bytes can claim 4 G alerts a
 * row, and making them one by one would exhaust the machine first. */
static void expand_rows(reader *r)
{
	uint64_t limit = memory_limit() / ALERT_BYTES;
	if (r->alerts > limit) {
		const row_check *big = &r->rows[0];
		for (size_t i = 1; i < r->n_rows; i++)
			if ((uint64_t)r->rows[i].thefts + r->rows[i].fp >
			    (uint64_t)big->thefts + big->fp)
				big = &r->rows[i];
		char msg[256];
		r->line = big->line;
		snprintf(msg, sizeof msg,
		         "the summary stands for %llu alerts (this row %llu), more than the "
		         "memory here can hold (about %llu): a summary computed wrongly?",
		         (unsigned long long)r->alerts,
		         (unsigned long long)big->thefts + big->fp, (unsigned long long)limit);
		reader_fail(r, CT_EXIT_DATAERR, msg);
		return;
	}
	for (size_t i = 0; i < r->n_rows; i++) {
		const row_check *w = &r->rows[i];
		for (uint32_t k = 0; k < w->thefts; k++)
			if (ct_builder_add(r->b, w->cam, w->score, true) != 0)
				goto oom;
		for (uint32_t k = 0; k < w->fp; k++)
			if (ct_builder_add(r->b, w->cam, w->score, false) != 0)
				goto oom;
	}
	return;
oom:
	r->rc = CT_EXIT_NOMEM;
	snprintf(r->err, r->errlen, "%s: out of memory", r->name);
}

struct ct_summary_parser {
	reader r;
	struct csv_parser p;
	char *name;
	char err[1024];
};

ct_summary_parser *ct_summary_parser_new(const char *name, char delim)
{
	ct_summary_parser *sp = calloc(1, sizeof *sp);
	if (!sp)
		return NULL;
	sp->name = strdup(name);
	sp->r.b = ct_builder_new();
	if (!sp->name || !sp->r.b || csv_init(&sp->p, CSV_APPEND_NULL) != 0) {
		ct_builder_free(sp->r.b);
		free(sp->name);
		free(sp);
		return NULL;
	}
	csv_set_delim(&sp->p, (unsigned char)delim);
	sp->r.name = sp->name;
	sp->r.line = 1;
	sp->r.err = sp->err;
	sp->r.errlen = sizeof sp->err;
	return sp;
}

int ct_summary_parser_feed(ct_summary_parser *sp, const char *buf, size_t n)
{
	reader *r = &sp->r;
	if (!r->rc && csv_parse(&sp->p, buf, n, on_field, on_record, r) != n && !r->rc)
		reader_fail(r, CT_EXIT_DATAERR, csv_strerror(csv_error(&sp->p)));
	return r->rc;
}

const char *ct_summary_parser_error(const ct_summary_parser *sp)
{
	return sp->err;
}

int ct_summary_parser_finish(ct_summary_parser *sp, const ct_load_opts *opts, ct_dataset **ds,
                             ct_quality *q, char *err, size_t errlen)
{
	reader *r = &sp->r;
	*ds = NULL;
	if (!r->rc && csv_fini(&sp->p, on_field, on_record, r) != 0)
		reader_fail(r, CT_EXIT_DATAERR, csv_strerror(csv_error(&sp->p)));
	if (!r->rc)
		check_rows(r);
	if (!r->rc)
		expand_rows(r);
	if (!r->rc && r->n_rows == 0) {
		r->rc = CT_EXIT_DATAERR;
		snprintf(r->err, r->errlen, "%s: a summary without rows", r->name);
	}
	q->rows = r->n_rows;
	q->loaded = r->alerts;
	if (r->rc) {
		snprintf(err, errlen, "%s", r->err);
		return r->rc;
	}
	if (opts && opts->builder_out) {
		*ds = ct_builder_slice(r->b, CT_SINCE_ANY, CT_UNTIL_ANY);
		if (*ds) {
			*opts->builder_out = r->b;
			r->b = NULL;
		}
	} else {
		*ds = ct_builder_finish(r->b);
		r->b = NULL;
	}
	if (!*ds) {
		snprintf(err, errlen, "%s: out of memory", r->name);
		return CT_EXIT_NOMEM;
	}
	return 0;
}

void ct_summary_parser_free(ct_summary_parser *sp)
{
	if (!sp)
		return;
	csv_free(&sp->p);
	for (int k = 0; k < CT_SUMMARY_COLUMNS; k++)
		free(sp->r.f[k]);
	free(sp->r.rows);
	ct_builder_free(sp->r.b);
	free(sp->name);
	free(sp);
}

int ct_summary_load(const char *path, const ct_load_opts *opts, ct_dataset **ds, ct_quality *q,
                    char *err, size_t errlen)
{
	memset(q, 0, sizeof *q);
	*ds = NULL;
	q->time_first = q->time_last = CT_NO_TIME;
	if (opts && (opts->has_since || opts->has_until)) {
		snprintf(err, errlen, "%s: a summary holds no alert times: --since/--until need the "
		                      "alerts themselves", path);
		return CT_EXIT_DATAERR;
	}
	if (!(q->source = strdup(path))) {
		snprintf(err, errlen, "%s: out of memory", path);
		return CT_EXIT_NOMEM;
	}
	q->is_summary = true;
	bool is_stdin = strcmp(path, "-") == 0;
	int fd = is_stdin ? dup(STDIN_FILENO) : -1;
	const char *name = is_stdin ? "standard input" : path;
	gzFile g = is_stdin ? (fd >= 0 ? gzdopen(fd, "rb") : NULL) : gzopen(path, "rb");
	if (!g) {
		snprintf(err, errlen, "%s: cannot open: %s", name, strerror(errno ? errno : ENOMEM));
		if (fd >= 0)
			close(fd);
		ct_quality_free(q);
		return CT_EXIT_NOINPUT;
	}
	/* The header's delimiter from the first piece, which is then parsed
	 * as it is: standard input cannot be read twice. */
	char buf[1 << 16];
	int n = gzread(g, buf, sizeof buf);
	char delim = n > 0 ? header_delimiter(buf, (size_t)n) : 0;
	path = name;
	ct_summary_parser *sp = delim ? ct_summary_parser_new(path, delim) : NULL;
	if (!sp) {
		gzclose(g);
		snprintf(err, errlen, delim ? "%s: out of memory" : "%s: not a summary", path);
		ct_quality_free(q);
		return delim ? CT_EXIT_NOMEM : CT_EXIT_DATAERR;
	}
	int rc = ct_summary_parser_feed(sp, buf, (size_t)n);
	while (rc == 0 && (n = gzread(g, buf, sizeof buf)) > 0)
		rc = ct_summary_parser_feed(sp, buf, (size_t)n);
	int gzerr = 0;
	const char *gzmsg = gzerror(g, &gzerr);
	if (rc == 0 && gzerr != Z_OK && gzerr != Z_STREAM_END) {
		snprintf(err, errlen, "%s: %s", path, gzmsg);
		rc = CT_EXIT_DATAERR;
	} else if (rc) {
		snprintf(err, errlen, "%s", ct_summary_parser_error(sp));
	} else {
		rc = ct_summary_parser_finish(sp, opts, ds, q, err, errlen);
	}
	gzclose(g);
	ct_summary_parser_free(sp);
	if (rc)
		ct_quality_free(q);
	return rc;
}
