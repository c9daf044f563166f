/* summary.c -- write and read the per-camera summary (summary.h).
 *
 * Writing walks each camera's sorted theft and FP scores together, one
 * row per distinct score.  Reading parses with libcsv, feeds the builder
 * every alert a row stands for, and checks each row's fp_at_or_above
 * against the FP counts of the camera's higher scores, so a file cut
 * short, edited or computed wrongly by another engine is refused (exit
 * 65, its line) rather than read as other data.
 */
/* tee(2), to look at a pipe's first bytes without taking them */
#define _GNU_SOURCE 1
#include "config.h"

#include "io/summary.h"

#include <csv.h>
#include <errno.h>
#include <math.h>
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

/* The header at s: the six names split by one of ; , tab, then a line
 * end (version 1) or one more name starting CT_SUMMARY_DECLARATION (the
 * version and number format, whatever they say: the reader judges them).
 * Its delimiter, or 0. */
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
		if (k + 1 < CT_SUMMARY_COLUMNS) {
			if (at >= n || s[at] != d)
				return 0;
			at++;
		}
	}
	if (at < n && s[at] == d) {
		size_t len = strlen(CT_SUMMARY_DECLARATION);
		return n - at - 1 >= len && memcmp(s + at + 1, CT_SUMMARY_DECLARATION, len) == 0 ? d
		                                                                                   : 0;
	}
	if (at < n && s[at] == '\r')
		at++;
	return at >= n || s[at] == '\n' ? d : 0;
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

/* The header of the bytes at head, gzip or plain. */
static bool head_is_summary(const char *head, size_t n)
{
	if (n >= 2 && (unsigned char)head[0] == 0x1f && (unsigned char)head[1] == 0x8b) {
		char plain[256];
		z_stream z = {0};
		if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK)
			return false;
		z.next_in = (Bytef *)(uintptr_t)head;
		z.avail_in = (uInt)n;
		z.next_out = (Bytef *)plain;
		z.avail_out = sizeof plain;
		(void)inflate(&z, Z_SYNC_FLUSH);
		size_t got = sizeof plain - z.avail_out;
		inflateEnd(&z);
		return got > 0 && header_delimiter(plain, got) != 0;
	}
	return n > 0 && header_delimiter(head, n) != 0;
}

int ct_summary_detect(const char *path)
{
	struct stat st;
	if (path && strcmp(path, "-") == 0) {
		char buf[256];
		size_t n = peek_stdin(buf, sizeof buf);
		return head_is_summary(buf, n);
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
	fprintf(f, ";%s;%u;%u;%u;\n", shortest(num, sizeof num, v), thefts, fps, fp_ge);
}

/* The camera's FP marks, ascending: its lowest FP score, then the
 * highest score of each of the K tiles SQL's NTILE(K) makes of its FP in
 * rising order (the first n % K tiles one FP larger); K 0: the highest FP
 * alone.  Returns the number written to mark (at most K + 2). */
static uint32_t fp_marks(const ct_camera *c, uint32_t k, double *mark)
{
	uint32_t n = c->n_fp, m = 0;
	if (n == 0)
		return 0;
	mark[m++] = c->fp[0];
	if (k == 0) {
		mark[m++] = c->fp[n - 1];
		return m;
	}
	uint32_t q = n / k, r = n % k, tiles = n < k ? n : k;
	for (uint32_t j = 1; j <= tiles; j++) {
		uint64_t end = j <= r ? (uint64_t)j * (q + 1) : (uint64_t)r * (q + 1) + (uint64_t)(j - r) * q;
		mark[m++] = c->fp[end - 1];
	}
	return m;
}

int ct_summary_write(const char *path, const ct_dataset *ds, uint32_t sketch, char *err,
                     size_t errlen)
{
	size_t cap = 0;
	for (size_t i = 0; i < ds->n_cameras; i++) {
		uint32_t n = ds->cameras[i].n_fp;
		size_t want = (sketch && n > sketch ? sketch : n) + 2;
		cap = want > cap ? want : cap;
	}
	double *mark = malloc((cap ? cap : 1) * sizeof *mark);
	if (!mark) {
		snprintf(err, errlen, "%s: out of memory", path);
		return CT_EXIT_NOMEM;
	}
	ct_atomic a;
	FILE *f = ct_atomic_open(&a, path, err, errlen);
	if (!f) {
		free(mark);
		return CT_EXIT_CANTCREAT;
	}
	fprintf(f, "%s\n", CT_SUMMARY_HEADER);
	for (size_t i = 0; i < ds->n_cameras; i++) {
		const ct_camera *c = &ds->cameras[i];
		uint32_t nm = fp_marks(c, sketch, mark);
		/* the rows: the union of the distinct theft scores and the
		 * marks, rising; each its thefts, its FP tied and the FP at or
		 * above it, counted off the sorted scores */
		uint32_t t = 0, m = 0, n = 0;
		while (t < c->n_tp || m < nm) {
			double v = m == nm || (t < c->n_tp && c->tp[t] < mark[m]) ? c->tp[t] : mark[m];
			uint32_t thefts = 0, fps = 0;
			while (t < c->n_tp && c->tp[t] == v)
				t++, thefts++;
			while (m < nm && mark[m] == v)
				m++;
			while (n < c->n_fp && c->fp[n] < v)
				n++;
			uint32_t fp_ge = c->n_fp - n;
			while (n < c->n_fp && c->fp[n] == v)
				n++, fps++;
			put_row(f, c, v, thefts, fps, fp_ge);
		}
	}
	free(mark);
	/* 74 for standard output, 73 for a file (atomic.h) */
	return ct_atomic_commit(&a, err, errlen);
}

/* ---- reading -------------------------------------------------------------- */

/* 32 bytes a row, kept until the check after the last row; the alerts
 * are made only then, when the counts are known to be consistent and to
 * fit in memory. */
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
	char *f[CT_SUMMARY_FIELDS];
	size_t len[CT_SUMMARY_FIELDS], cap[CT_SUMMARY_FIELDS];
	uint64_t line; /* of the record being read */
	bool header_seen;
	int fields;      /* of the header: 6 (version 1) or 7 */
	int version;     /* 1, or the declared one */
	bool round_trip; /* the header declares round-trip scores */
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
	if (r->field < CT_SUMMARY_FIELDS) {
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
	if (r->field != r->fields) {
		char msg[128];
		snprintf(msg, sizeof msg, "%d fields, %d expected (store;camera_id;score;thefts;fp;"
		                          "fp_at_or_above%s)", r->field, r->fields,
		         r->fields > CT_SUMMARY_COLUMNS ? ";..." : "");
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

/* The header's last field: CT_SUMMARY_DECLARATION, a version number and
 * optionally CT_SUMMARY_ROUND_TRIP. */
static void take_declaration(reader *r, const char *s)
{
	size_t len = strlen(CT_SUMMARY_DECLARATION);
	char *end = NULL;
	unsigned long v = 0;
	if (strncmp(s, CT_SUMMARY_DECLARATION, len) == 0 && s[len] >= '0' && s[len] <= '9') {
		errno = 0;
		v = strtoul(s + len, &end, 10);
		if (errno)
			v = 0;
	}
	if (!end || v == 0 || (*end && strcmp(end, CT_SUMMARY_ROUND_TRIP) != 0)) {
		char msg[160];
		snprintf(msg, sizeof msg, "the header's last column is not a declaration this camtune "
		                          "reads (%s<version>[%s])", CT_SUMMARY_DECLARATION,
		         CT_SUMMARY_ROUND_TRIP);
		reader_fail(r, CT_EXIT_DATAERR, msg);
		return;
	}
	if (v > CT_SUMMARY_VERSION) {
		char msg[160];
		snprintf(msg, sizeof msg, "summary format version %lu; this camtune reads versions 1 "
		                          "to %d (a newer camtune wrote it?)", v, CT_SUMMARY_VERSION);
		reader_fail(r, CT_EXIT_DATAERR, msg);
		return;
	}
	r->version = (int)v;
	r->round_trip = *end != '\0';
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
			bool same = r->field == CT_SUMMARY_COLUMNS || r->field == CT_SUMMARY_FIELDS;
			for (int k = 0; same && k < CT_SUMMARY_COLUMNS; k++)
				same = strcmp(r->f[k], ct_summary_column[k]) == 0 ||
				       (k == 0 && strncmp(r->f[0], "\xef\xbb\xbf", 3) == 0 &&
				        strcmp(r->f[0] + 3, ct_summary_column[0]) == 0);
			if (!same)
				reader_fail(r, CT_EXIT_DATAERR, "not a summary header (store;camera_id;score;thefts;fp;"
				                   "fp_at_or_above[;" CT_SUMMARY_DECLARATION "...])");
			r->fields = r->field;
			r->version = 1;
			if (same && r->field == CT_SUMMARY_FIELDS)
				take_declaration(r, r->f[CT_SUMMARY_COLUMNS]);
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
	/* Down each camera's rows from its highest score: fp_at_or_above is
	 * the row's FP plus the FP at or above the next higher row, plus (from
	 * version 2) the FP strictly between the two, which a sketch does not
	 * list; none above the camera's highest row. */
	for (size_t i = 0; i < r->n_rows && !r->rc; i++) {
		const row_check *w = &r->rows[i];
		bool top = i == 0 || w->cam != r->rows[i - 1].cam;
		uint64_t above = (uint64_t)w->fp + (top ? 0 : r->rows[i - 1].fp_ge);
		bool exact = r->version < 2 || top;
		if (exact ? above != w->fp_ge : above > w->fp_ge ||
		            (above < w->fp_ge && nextafter(w->score, INFINITY) >= r->rows[i - 1].score)) {
			char msg[200], num[40];
			r->line = w->line;
			snprintf(msg, sizeof msg,
			         "fp_at_or_above is %u, but the camera's rows at or above score %s "
			         "hold %s%llu FP (a summary cut short or computed otherwise?)",
			         w->fp_ge, shortest(num, sizeof num, w->score), exact ? "" : "at least ",
			         (unsigned long long)above);
			reader_fail(r, CT_EXIT_DATAERR, msg);
		}
	}
}

/* The memory this process may use: the machine's, or less under a limit
 * of its address space or data (ulimit -v, -d). */
static uint64_t memory_limit(void)
{
	uint64_t lim = UINT64_MAX;
	struct rlimit rl;
	if (getrlimit(RLIMIT_AS, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY)
		lim = (uint64_t)rl.rlim_cur;
	if (getrlimit(RLIMIT_DATA, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY &&
	    (uint64_t)rl.rlim_cur < lim)
		lim = (uint64_t)rl.rlim_cur;
	long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);
	if (pages > 0 && page > 0 && (uint64_t)pages * (uint64_t)page < lim)
		lim = (uint64_t)pages * (uint64_t)page;
	return lim;
}

/* Bytes an alert costs while it is read (score, camera, time in the
 * builder) and in the dataset made of it: a bound to refuse at, not an
 * account. */
#define ALERT_BYTES 32

/* Every alert the rows stand for, into the builder: a row's thefts and FP
 * at its score, the FP between it and the next higher row just below that
 * one (nextafter): a threshold at a row's score counts what the alerts
 * count, one between two rows at most the FP between them more, never
 * fewer, so a target met on a summary is met on its alerts.  First the
 * counts: a camera of more than 4 G alerts, or alerts that cannot fit in
 * memory (a file of a few bytes can claim 4 G a row), are refused (65)
 * before any is made. */
static void make_alerts(reader *r)
{
	uint64_t total = 0, cam_total = 0;
	const row_check *too_many = NULL; /* a camera's row past 4 G alerts */
	for (size_t i = 0; i < r->n_rows; i++) {
		const row_check *w = &r->rows[i];
		bool top = i == 0 || w->cam != r->rows[i - 1].cam;
		uint64_t between = top ? 0 : w->fp_ge - w->fp - r->rows[i - 1].fp_ge;
		uint64_t here = (uint64_t)w->thefts + w->fp + between;
		cam_total = top ? here : cam_total + here;
		total += here;
		if (cam_total > UINT32_MAX && !too_many)
			too_many = w;
	}
	uint64_t limit = memory_limit() / ALERT_BYTES;
	if (total > limit) {
		const row_check *big = &r->rows[0];
		for (size_t i = 1; i < r->n_rows; i++)
			if ((uint64_t)r->rows[i].thefts + r->rows[i].fp_ge >
			    (uint64_t)big->thefts + big->fp_ge)
				big = &r->rows[i];
		char msg[256];
		r->line = big->line;
		snprintf(msg, sizeof msg,
		         "the summary stands for %llu alerts, more than the memory here can hold "
		         "(about %llu): a summary computed wrongly? (nothing was allocated)",
		         (unsigned long long)total, (unsigned long long)limit);
		reader_fail(r, CT_EXIT_DATAERR, msg);
		return;
	}
	if (too_many) {
		r->line = too_many->line;
		reader_fail(r, CT_EXIT_DATAERR, "a camera of more than 4,294,967,295 alerts");
		return;
	}
	r->alerts = total;
	for (size_t i = 0; i < r->n_rows; i++) {
		const row_check *w = &r->rows[i];
		bool top = i == 0 || w->cam != r->rows[i - 1].cam;
		uint64_t between = top ? 0 : w->fp_ge - w->fp - r->rows[i - 1].fp_ge;
		double below = top ? 0 : nextafter(r->rows[i - 1].score, -INFINITY);
		int bad = 0;
		for (uint32_t k = 0; k < w->thefts; k++)
			bad |= ct_builder_add(r->b, w->cam, w->score, true);
		for (uint32_t k = 0; k < w->fp; k++)
			bad |= ct_builder_add(r->b, w->cam, w->score, false);
		for (uint64_t k = 0; k < between; k++)
			bad |= ct_builder_add(r->b, w->cam, below, false);
		if (bad) {
			reader_fail(r, CT_EXIT_NOMEM, "out of memory");
			return;
		}
	}
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
		make_alerts(r);
	if (!r->rc && r->n_rows == 0) {
		r->rc = CT_EXIT_DATAERR;
		snprintf(r->err, r->errlen, "%s: a summary without rows", r->name);
	}
	q->rows = r->n_rows;
	q->loaded = r->alerts;
	q->summary_version = r->version;
	q->summary_round_trip = r->round_trip;
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
	for (int k = 0; k < CT_SUMMARY_FIELDS; k++)
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
	const char *name = is_stdin ? "standard input" : path;
	int fd = is_stdin ? dup(STDIN_FILENO) : -1;
	gzFile g = is_stdin ? (fd < 0 ? NULL : gzdopen(fd, "rb")) : gzopen(path, "rb");
	if (!g) {
		snprintf(err, errlen, "%s: cannot open: %s", name, strerror(errno ? errno : ENOMEM));
		if (fd >= 0)
			close(fd);
		ct_quality_free(q);
		return CT_EXIT_NOINPUT;
	}
	char head[256];
	int hn = 0;
	while (hn < (int)sizeof head) {
		int n = gzread(g, head + hn, (unsigned)(sizeof head - (size_t)hn));
		if (n <= 0)
			break;
		hn += n;
	}
	char delim = hn > 0 ? header_delimiter(head, (size_t)hn) : 0;
	ct_summary_parser *sp = delim ? ct_summary_parser_new(name, delim) : NULL;
	if (!sp) {
		gzclose(g);
		snprintf(err, errlen, delim ? "%s: out of memory" : "%s: not a summary", name);
		ct_quality_free(q);
		return delim ? CT_EXIT_NOMEM : CT_EXIT_DATAERR;
	}
	int rc = ct_summary_parser_feed(sp, head, (size_t)hn);
	char buf[1 << 16];
	int n;
	while (rc == 0 && (n = gzread(g, buf, sizeof buf)) > 0)
		rc = ct_summary_parser_feed(sp, buf, (size_t)n);
	int gzerr = 0;
	const char *gzmsg = gzerror(g, &gzerr);
	if (rc == 0 && gzerr != Z_OK && gzerr != Z_STREAM_END) {
		snprintf(err, errlen, "%s: %s", name, gzmsg);
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
