/* load.c -- turn a source's records into a dataset (load.h).
 *
 * Owns the row semantics: which rows are skipped and why, what a valid
 * probability is, which labels are thefts, how a camera id is read from a
 * video name, and the progress display while loading.
 *
 * The per-row work (sink_row) runs on the source's threads when the
 * source offers ct_source_run (a plain file), else on the caller's
 * thread; either way the rows' results reach the builder and the quality
 * counts in file order through sink_commit, so line numbers and the first
 * lines of each reason are exact.  See "the per-row work" below.
 */
#include "config.h"

#include "io/load.h"

#include "io/escape.h"
#include "io/summary.h"

#include "io/exit.h"

#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

const char *const ct_default_theft_labels[] = {
	"Suspicious Bag", "Suspicious", "Theft", "Gesture Into Body",
	"Product Into Stroller", NULL,
};

static const char *const skip_names[CT_N_SKIP][2] = {
	[CT_SKIP_MISSING_PROBABILITY] = {"missing_probability", "missing probability"},
	[CT_SKIP_BAD_PROBABILITY] = {"bad_probability", "unparsable probability"},
	[CT_SKIP_MISSING_LABEL] = {"missing_label", "missing label"},
	[CT_SKIP_MISSING_STORE] = {"missing_store", "missing store"},
	[CT_SKIP_BAD_CAMERA] = {"bad_camera", "no camera id"},
	[CT_SKIP_FIELD_COUNT] = {"field_count", "too few fields"},
};
static const char *const warn_names[CT_N_WARN][2] = {
	[CT_WARN_NEGATIVE] = {"negative_probability", "probability below 0"},
	[CT_WARN_ABOVE_ONE] = {"probability_above_one", "probability above 1"},
	[CT_WARN_NOT_UTF8] = {"name_not_utf8", "name not UTF-8 (as Latin-1)"},
	[CT_WARN_NO_TIME] = {"no_time", "no readable time"},
};

const char *ct_skip_reason_name(int r)
{
	return r >= 0 && r < CT_N_SKIP ? skip_names[r][0] : "unknown";
}
const char *ct_skip_reason_text(int r)
{
	return r >= 0 && r < CT_N_SKIP ? skip_names[r][1] : "unknown";
}
const char *ct_warn_reason_name(int r)
{
	return r >= 0 && r < CT_N_WARN ? warn_names[r][0] : "unknown";
}
const char *ct_warn_reason_text(int r)
{
	return r >= 0 && r < CT_N_WARN ? warn_names[r][1] : "unknown";
}

void ct_quality_free(ct_quality *q)
{
	if (!q)
		return;
	free(q->source);
	q->source = NULL;
	free(q->what);
	free(q->connection);
	q->what = q->connection = NULL;
	for (size_t i = 0; q->theft_labels && q->theft_labels[i]; i++)
		free(q->theft_labels[i]);
	free(q->theft_labels);
	q->theft_labels = NULL;
	for (size_t i = 0; i < q->n_labels; i++)
		free(q->labels[i].label);
	free(q->labels);
	q->labels = NULL;
	q->n_labels = 0;
}

static void count(ct_quality_count *c, uint64_t line)
{
	if (c->count < CT_QUALITY_EXAMPLES)
		c->lines[c->count] = line;
	c->count++;
}

/* ---- camera ids ---------------------------------------------------------- */

int ct_parse_camera_id(const char *v, size_t len, const char **id, size_t *id_len)
{
	static const char key[] = "_camera_";
	const size_t klen = sizeof key - 1;
	/* Where "{START}_to_{END}" puts it; else search for the first one
	 * (the timestamps before it never contain one). */
	const size_t usual = 44;
	const char *found = NULL;
	if (len >= usual + klen && memcmp(v + usual, key, klen) == 0 && !memchr(v, 'c', usual))
		found = v + usual;
	for (const char *p = v; !found && len - (size_t)(p - v) >= klen;) {
		const char *u = memchr(p, '_', len - (size_t)(p - v) - klen + 1);
		if (!u)
			break;
		if (memcmp(u, key, klen) == 0)
			found = u;
		p = u + 1;
	}
	if (!found)
		return -1;
	const char *s = found + klen, *e = v + len, *q = s;
	while (q < e && *q != '_' && *q != '.')
		q++;
	if (q == s)
		return -1;
	*id = s;
	*id_len = (size_t)(q - s);
	return 0;
}

/* ---- times ---------------------------------------------------------------- */

static inline int two_digits(const char *p)
{
	unsigned a = (unsigned char)p[0] - '0', b = (unsigned char)p[1] - '0';
	return a < 10 && b < 10 ? (int)(a * 10 + b) : -1;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
 * days_from_civil). */
static int64_t days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	int era = (y >= 0 ? y : y - 399) / 400;
	int yoe = y - era * 400;
	int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (int64_t)era * 146097 + doe - 719468;
}

/* "YYYY-MM-DD" at s (10 bytes available): days since 1970, or -1. */
static int64_t parse_date(const char *s)
{
	int y1 = two_digits(s), y2 = two_digits(s + 2), m = two_digits(s + 5),
	    d = two_digits(s + 8);
	if (y1 < 0 || y2 < 0 || m < 1 || m > 12 || d < 1 || s[4] != '-' || s[7] != '-')
		return -1;
	int y = y1 * 100 + y2;
	static const int mdays[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (d > mdays[m - 1] || (m == 2 && d == 29 && !leap))
		return -1;
	return days_from_civil(y, m, d);
}

static int seconds_of(int64_t days, int h, int mi, int sec, int64_t *out)
{
	if (days < 0 || h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 59)
		return -1;
	*out = days * 86400 + h * 3600 + mi * 60 + sec;
	return 0;
}

/* ISO forms within [s, s + len). */
static int parse_iso(const char *s, size_t len, int64_t *out)
{
	if (len > 10 && s[len - 1] == 'Z')
		len--;
	if (len != 10 && len != 16 && len != 19)
		return -1;
	int64_t days = parse_date(s);
	if (len == 10)
		return seconds_of(days, 0, 0, 0, out);
	if ((s[10] != 'T' && s[10] != ' ') || s[13] != ':')
		return -1;
	int sec = 0;
	if (len == 19 && (s[16] != ':' || (sec = two_digits(s + 17)) < 0))
		return -1;
	return seconds_of(days, two_digits(s + 11), two_digits(s + 14), sec, out);
}

int ct_parse_time(const char *s, size_t len, uint32_t *out)
{
	int64_t t;
	if (len < 10)
		return -1;
	/* the video name's "YYYY-MM-DD_HHhMMmSSs" first: the common case */
	if (len >= 20 && s[10] == '_') {
		if (s[13] != 'h' || s[16] != 'm' || s[19] != 's' ||
		    seconds_of(parse_date(s), two_digits(s + 11), two_digits(s + 14),
		               two_digits(s + 17), &t) != 0)
			return -1;
	} else if (parse_iso(s, len, &t) != 0) {
		return -1;
	}
	if (t >= (int64_t)CT_NO_TIME)
		return -1;
	*out = (uint32_t)t;
	return 0;
}

int ct_parse_iso_time(const char *s, int64_t *out)
{
	int64_t t;
	if (!s || parse_iso(s, strlen(s), &t) != 0 || t >= (int64_t)CT_NO_TIME)
		return -1;
	*out = t;
	return 0;
}

char *ct_format_time(char *buf, size_t len, int64_t t)
{
	/* civil_from_days, the inverse of days_from_civil */
	int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
	int64_t sod = t - days * 86400;
	int64_t z = days + 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t y = yoe + era * 400;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	int64_t d = doy - (153 * mp + 2) / 5 + 1;
	int64_t m = mp < 10 ? mp + 3 : mp - 9;
	y += m <= 2;
	snprintf(buf, len, "%04lld-%02lld-%02lldT%02lld:%02lld:%02lld", (long long)y,
	         (long long)m, (long long)d, (long long)(sod / 3600),
	         (long long)(sod / 60 % 60), (long long)(sod % 60));
	return buf;
}

/* ---- probabilities ------------------------------------------------------- */

static const double pow10_exact[] = {
	1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
	1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
};

#if LDBL_MANT_DIG == 64
/* Valgrind runs x87 code in double precision: there the extended path
 * would round twice without knowing it, so check the hardware once. */
static bool extended_is_real(void)
{
	static atomic_int state; /* 0 unknown, 1 yes, 2 no */
	int v = atomic_load_explicit(&state, memory_order_relaxed);
	if (v == 0) {
		volatile long double big = 9223372036854775808.0L; /* 2^63 */
		volatile long double sum = big + 1.0L;
		v = sum - big == 1.0L ? 1 : 2;
		atomic_store_explicit(&state, v, memory_order_relaxed);
	}
	return v == 1;
}

static const long double pow10_ext[] = {
	1e0L, 1e1L, 1e2L, 1e3L, 1e4L, 1e5L, 1e6L, 1e7L, 1e8L, 1e9L, 1e10L, 1e11L, 1e12L, 1e13L,
	1e14L, 1e15L, 1e16L, 1e17L, 1e18L, 1e19L, 1e20L, 1e21L, 1e22L, 1e23L, 1e24L, 1e25L,
	1e26L, 1e27L,
};
#endif

static bool blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Parse a decimal number with strtod's result, bit for bit.  Leading and
 * trailing blanks are allowed; anything else (hex, nan, inf, an overflow
 * to infinity, a decimal comma, trailing text) is refused.
 *
 * Fast path (Clinger): when the significant digits fit in 2^53 and the
 * decimal exponent is within ±22, both the digits and the power of ten
 * are exact doubles, so one IEEE multiplication or division rounds
 * correctly -- the same double as a correctly rounded strtod.  A second
 * fast path covers up to 19 digits in x87 extended precision.  Otherwise
 * strtod decides. */
int ct_parse_probability(const char *s, size_t len, double *out)
{
	const char *p = s, *e = s + len;
	while (p < e && blank(*p))
		p++;
	while (e > p && blank(e[-1]))
		e--;
	if (p == e)
		return -1;
	const char *start = p;
	bool neg = false;
	if (*p == '+' || *p == '-')
		neg = *p++ == '-';
	uint64_t w = 0;
	int digits = 0;     /* significant digits kept in w */
	int dropped = 0;    /* integer digits beyond 19 (scale) */
	bool inexact = false;
	int frac = 0;       /* fraction digits kept */
	bool any = false;
	while (p < e && *p >= '0' && *p <= '9') {
		any = true;
		if (w == 0 && *p == '0') {
			/* leading zero: no significance */
		} else if (digits < 19) {
			w = w * 10 + (uint64_t)(*p - '0');
			digits++;
		} else {
			dropped++;
			inexact |= *p != '0';
		}
		p++;
	}
	if (p < e && *p == '.') {
		p++;
		while (p < e && *p >= '0' && *p <= '9') {
			any = true;
			if (w == 0 && *p == '0') {
				frac++;
			} else if (digits < 19) {
				w = w * 10 + (uint64_t)(*p - '0');
				digits++;
				frac++;
			} else {
				inexact |= *p != '0';
			}
			p++;
		}
	}
	if (!any)
		return -1;
	long ex = 0;
	if (p < e && (*p == 'e' || *p == 'E')) {
		p++;
		bool eneg = false;
		if (p < e && (*p == '+' || *p == '-'))
			eneg = *p++ == '-';
		if (p == e || *p < '0' || *p > '9')
			return -1;
		while (p < e && *p >= '0' && *p <= '9') {
			if (ex < 100000)
				ex = ex * 10 + (*p - '0');
			p++;
		}
		if (eneg)
			ex = -ex;
	}
	if (p != e)
		return -1;
	long e10 = ex + dropped - frac;
	if (w == 0) {
		*out = neg ? -0.0 : 0.0;
		return 0;
	}
	if (!inexact && w <= (1ull << 53) && e10 >= -22 && e10 <= 22) {
		double d = (double)w;
		d = e10 < 0 ? d / pow10_exact[-e10] : d * pow10_exact[e10];
		*out = neg ? -d : d;
		return 0;
	}
#if LDBL_MANT_DIG == 64
	/* Up to 19 digits, as the real file's 17-digit floats: one x87 division
	 * (64-bit significand, exact operands up to 10^27) rounds correctly to
	 * 64 bits; rounding that to 53 bits again is only wrong when the 11
	 * extra bits sit at the halfway pattern 0x400 (within one unit), so
	 * those few go to strtod. */
	if (!inexact && e10 < 0 && e10 >= -27 && extended_is_real()) {
		long double q = (long double)w / pow10_ext[-e10];
		uint64_t mant;
		memcpy(&mant, &q, sizeof mant); /* x87 layout: significand first */
		unsigned extra = (unsigned)(mant & 0x7ff);
		if (extra < 0x3ff || extra > 0x401) {
			double d = (double)q;
			*out = neg ? -d : d;
			return 0;
		}
	}
#endif
	/* The grammar is checked, so strtod reads exactly [start, e) -- from a
	 * terminated copy: the caller's buffer need not end at s + len, and
	 * strtod would read on through any digits after it (fuzz_number). */
	char small[128], *buf = small;
	size_t n = (size_t)(e - start);
	if (n >= sizeof small && !(buf = malloc(n + 1)))
		return -1;
	memcpy(buf, start, n);
	buf[n] = '\0';
	char *end;
	double d = strtod(buf, &end);
	bool whole = end == buf + n;
	if (buf != small)
		free(buf);
	if (!whole || !isfinite(d))
		return -1;
	*out = d;
	return 0;
}

/* ---- labels -------------------------------------------------------------- */

typedef struct label_set {
	const char *const *v;
	size_t *len;
	size_t n;
} label_set;

static bool is_theft(const label_set *t, const char *s, size_t len)
{
	for (size_t i = 0; i < t->n; i++)
		if (t->len[i] == len && memcmp(t->v[i], s, len) == 0)
			return true;
	return false;
}

/* ---- labels seen ------------------------------------------------------------
 * Each worker counts the labels of its usable rows in a small hash table
 * of its own (a label is usually the one of the row before: checked
 * first); the tables are merged once the load is done. */

/* Distinct labels a table keeps; rows of others are counted together. */
#define LABELS_MAX 4096

typedef struct lab_entry {
	uint64_t count;
	size_t off;
	uint32_t len, hash;
	bool theft;
} lab_entry;

typedef struct label_tab {
	lab_entry *v;
	uint32_t n, cap;
	uint32_t *slot; /* entry + 1, 0 empty */
	uint32_t mask;
	char *keys;
	size_t keys_len, keys_cap;
	uint32_t last; /* entry + 1 of the last hit */
	uint64_t other_rows, other_labels;
} label_tab;

static uint32_t label_hash(const char *s, size_t len)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

static void label_tab_release(label_tab *t)
{
	free(t->v);
	free(t->slot);
	free(t->keys);
	memset(t, 0, sizeof *t);
}

static bool label_tab_grow(label_tab *t)
{
	uint32_t cap = t->cap ? 2 * t->cap : 32;
	lab_entry *v = realloc(t->v, (size_t)cap * sizeof *v);
	if (!v)
		return false;
	t->v = v;
	uint32_t *slot = calloc(2 * (size_t)cap, sizeof *slot);
	if (!slot)
		return false;
	free(t->slot);
	t->slot = slot;
	t->cap = cap;
	t->mask = 2 * cap - 1;
	for (uint32_t i = 0; i < t->n; i++) {
		uint32_t k = t->v[i].hash & t->mask;
		while (t->slot[k])
			k = (k + 1) & t->mask;
		t->slot[k] = i + 1;
	}
	return true;
}

/* Count n rows of label s[0..len).  false: out of memory. */
static bool label_add(label_tab *t, const char *s, size_t len, bool theft, uint64_t n)
{
	if (t->last) {
		lab_entry *e = &t->v[t->last - 1];
		if (e->len == len && memcmp(t->keys + e->off, s, len) == 0) {
			e->count += n;
			return true;
		}
	}
	uint32_t h = label_hash(s, len);
	if (t->cap) {
		for (uint32_t k = h & t->mask; t->slot[k]; k = (k + 1) & t->mask) {
			lab_entry *e = &t->v[t->slot[k] - 1];
			if (e->hash == h && e->len == len && memcmp(t->keys + e->off, s, len) == 0) {
				e->count += n;
				t->last = t->slot[k];
				return true;
			}
		}
	}
	if (t->n >= LABELS_MAX || len > UINT32_MAX) {
		t->other_rows += n;
		t->other_labels++; /* at most: a label may come back */
		return true;
	}
	if (t->n == t->cap && !label_tab_grow(t))
		return false;
	if (t->keys_len + len > t->keys_cap) {
		size_t cap = t->keys_cap ? t->keys_cap : 256;
		while (cap < t->keys_len + len)
			cap *= 2;
		char *k = realloc(t->keys, cap);
		if (!k)
			return false;
		t->keys = k;
		t->keys_cap = cap;
	}
	memcpy(t->keys + t->keys_len, s, len);
	t->v[t->n] = (lab_entry){n, t->keys_len, (uint32_t)len, h, theft};
	t->keys_len += len;
	uint32_t k = h & t->mask;
	while (t->slot[k])
		k = (k + 1) & t->mask;
	t->slot[k] = ++t->n;
	t->last = t->n;
	return true;
}

static int by_count_desc(const void *a, const void *b)
{
	const ct_label_count *x = a, *y = b;
	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	return strcmp(x->label, y->label);
}

/* The merged table into q->labels, most rows first.  false: out of
 * memory. */
static bool labels_to_quality(const label_tab *t, ct_quality *q)
{
	q->labels_known = true;
	q->labels = calloc(t->n ? t->n : 1, sizeof *q->labels);
	if (!q->labels)
		return false;
	for (uint32_t i = 0; i < t->n; i++) {
		const lab_entry *e = &t->v[i];
		char *s = malloc((size_t)e->len + 1);
		if (!s)
			return false;
		memcpy(s, t->keys + e->off, e->len);
		s[e->len] = '\0';
		q->labels[q->n_labels++] = (ct_label_count){s, e->count, e->theft};
	}
	if (q->n_labels > 1)
		qsort(q->labels, q->n_labels, sizeof *q->labels, by_count_desc);
	q->labels_more = t->other_labels;
	q->labels_more_rows = t->other_rows;
	while (q->n_labels > CT_QUALITY_LABELS) {
		ct_label_count *l = &q->labels[--q->n_labels];
		q->labels_more++;
		q->labels_more_rows += l->count;
		free(l->label);
	}
	return true;
}

/* ---- names ---------------------------------------------------------------- */

/* Length of the valid UTF-8 sequence at s (at most n bytes), or 0. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
	size_t len;
	uint32_t cp;
	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4, cp = s[0] & 0x07;
	else
		return 0;
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((len == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
	    (len == 4 && (cp < 0x10000 || cp > 0x10ffff)))
		return 0;
	return len;
}

/* Names end up in JSON, SVG and the terminal, which all need UTF-8.  A name
 * that is not UTF-8 (a Latin-1 export, say) is read with its stray bytes as
 * Latin-1, so it prints, and reads back from a thresholds file to the same
 * camera.  Returns the name to use: s itself when it is valid UTF-8, else
 * the converted copy in *buf; NULL when out of memory. */
static const char *utf8_name(const char *s, size_t *len, char **buf, size_t *cap, bool *converted)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t n = *len, i = 0;
	*converted = false;
	while (i < n) {
		size_t k = u[i] < 0x80 ? 1 : utf8_seq(u + i, n - i);
		if (k == 0)
			break;
		i += k;
	}
	if (i == n)
		return s;
	if (*cap < 2 * n + 1) {
		char *nb = realloc(*buf, 2 * n + 1);
		if (!nb)
			return NULL;
		*buf = nb;
		*cap = 2 * n + 1;
	}
	char *o = *buf;
	size_t m = 0;
	for (i = 0; i < n;) {
		size_t k = utf8_seq(u + i, n - i);
		if (k) {
			memcpy(o + m, u + i, k);
			m += k;
			i += k;
		} else {
			o[m++] = (char)(0xc0 | u[i] >> 6);
			o[m++] = (char)(0x80 | (u[i] & 0x3f));
			i++;
		}
	}
	o[m] = '\0';
	*len = m;
	*converted = true;
	return o;
}

/* ---- progress ------------------------------------------------------------ */

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

typedef struct progress {
	const ct_load_opts *opts;
	const char *name;
	double start, last;
	bool tty, shown;
} progress;

static void progress_tick(progress *pg, const ct_source *src, bool final)
{
	uint64_t done, total;
	ct_source_progress(src, &done, &total);
	if (pg->opts && pg->opts->progress)
		pg->opts->progress(pg->opts->progress_ctx, done, total);
	if (!pg->tty)
		return;
	if (final) {
		if (pg->shown)
			fputs("\r\033[K", stderr);
		return;
	}
	double t = now();
	/* Only loads that take a while, and a few updates a second. */
	if (t - pg->start < 1.0 || t - pg->last < 0.1)
		return;
	pg->last = t;
	pg->shown = true;
	char nb[CT_SHOWN_MAX];
	const char *name = ct_shown(pg->name, nb, sizeof nb);
	if (total)
		fprintf(stderr, "\r%s: loading... %3.0f%% (%.0f of %.0f MB)\033[K", name,
		        100.0 * (double)done / (double)total, (double)done / 1e6,
		        (double)total / 1e6);
	else
		fprintf(stderr, "\r%s: loading... %.0f MB\033[K", name, (double)done / 1e6);
}

/* ---- the per-row work, on the source's threads --------------------------- */

/* Each worker of the source keeps its own camera table: the raw (store,
 * camera id) bytes of every pair it has met, with the names to use (after
 * the UTF-8 repair) and a last-key cache in front, so a row of the same
 * camera as the row before costs two short compares.  The checks that
 * depend only on the name -- NUL bytes, UTF-8 -- are made when a worker
 * meets a pair for the first time, not once per row.
 *
 * A batch (one piece of the input) collects the rows' alerts, the rows'
 * quality events (reason and line, in file order), and the pairs its
 * worker met for the first time in it; ct_source_run hands the batches to
 * commit on the caller's thread in file order, which interns the new pairs
 * in the builder, appends the alerts and counts the events.  So the
 * caller's thread does a few nanoseconds per alert and nothing per byte. */

typedef struct lcam {
	uint32_t hash;
	uint32_t raw_store_len, raw_id_len;
	uint32_t store_len, id_len; /* the names to use */
	size_t raw_off;             /* raw store then raw id bytes in keys */
	size_t key_off;             /* the names to use (raw_off when valid UTF-8) */
	bool converted;             /* a name was not UTF-8 */
} lcam;

#define RECENT 8

typedef struct lworker {
	char *keys;
	size_t keys_len, keys_cap;
	lcam *cams;
	uint32_t n_cams, cams_cap;
	uint32_t *slot; /* camera + 1, 0 empty */
	uint32_t mask;
	/* Rows come in blocks per store, several cameras interleaved: the
	 * cameras of the last store met, most recent first. */
	uint32_t recent[RECENT];
	int n_recent;
	char *name_buf[2];
	size_t name_cap[2];
	label_tab labels; /* of this worker's usable rows */
} lworker;

/* Event kinds: skip reasons, then warnings, then a row outside the range. */
#define EV_WARN(w) (CT_N_SKIP + (w))
#define EV_OUTSIDE (CT_N_SKIP + CT_N_WARN)

typedef struct lbatch {
	struct load_ctx *L;
	lworker *w;
	int worker;
	uint64_t rows, loaded;
	double *p;
	uint32_t *cam; /* worker camera | CAM_THEFT */
	uint32_t *t;
	size_t n, cap;
	uint32_t new_first, new_end; /* worker cameras first met in this batch */
	/* their names, copied: the worker's own table may move (realloc)
	 * while commit reads the batch on another thread */
	char *nkeys;
	size_t nkeys_len, nkeys_cap;
	uint32_t *nlen;              /* store, id length per new camera */
	size_t nlen_cap;
	struct {
		uint8_t kind;
		uint64_t line;
	} *ev;
	size_t n_ev, ev_cap;
	uint32_t t_first, t_last;    /* over loaded alerts */
	bool decimal_comma;
	int fail;                    /* 0, 1 out of memory, 65 a NUL byte */
	uint64_t fail_line;
	bool fail_in_store;
} lbatch;

#define CAM_THEFT 0x80000000u
/* Camera indices keep their top bit for the theft flag. */
#define MAX_WORKER_CAMS 0x7fffffffu

typedef struct load_ctx {
	label_set thefts;
	bool id_column, ranged, keep_all;
	int64_t since, until;
	ct_builder *b;
	ct_quality *q;
	progress *pg;
	const ct_source *src;
	const char *name;
	const char *unit;       /* "line", or "row" of a database result */
	char *err;
	size_t errlen;
	int rc;                 /* set when commit stops the load */
	bool decimal_comma;
	uint64_t next_tick;
	lworker w[CT_SOURCE_MAX_WORKERS + 1];
	/* caller's thread: worker camera -> builder camera */
	int32_t *map[CT_SOURCE_MAX_WORKERS + 1];
	uint32_t map_len[CT_SOURCE_MAX_WORKERS + 1], map_cap[CT_SOURCE_MAX_WORKERS + 1];
} load_ctx;

static bool grow_buf(void **p, size_t *cap, size_t need, size_t elem)
{
	if (need <= *cap)
		return true;
	size_t n = *cap ? *cap : 256;
	while (n < need)
		n *= 2;
	void *q = realloc(*p, n * elem);
	if (!q)
		return false;
	*p = q;
	*cap = n;
	return true;
}

static inline bool same_pair(const lworker *w, const lcam *c, const char *s, size_t sl,
                             const char *id, size_t il)
{
	return c->raw_store_len == sl && c->raw_id_len == il &&
	       memcmp(w->keys + c->raw_off, s, sl) == 0 &&
	       memcmp(w->keys + c->raw_off + sl, id, il) == 0;
}

static bool worker_rehash(lworker *w)
{
	uint32_t mask = w->mask ? w->mask * 2 + 1 : 255;
	uint32_t *t = calloc((size_t)mask + 1, sizeof *t);
	if (!t)
		return false;
	for (uint32_t i = 0; i < w->n_cams; i++) {
		uint32_t h = w->cams[i].hash & mask;
		while (t[h])
			h = (h + 1) & mask;
		t[h] = i + 1;
	}
	free(w->slot);
	w->slot = t;
	w->mask = mask;
	return true;
}

static bool batch_fail(lbatch *bt, int why, uint64_t line)
{
	if (!bt->fail) {
		bt->fail = why;
		bt->fail_line = line;
	}
	return false;
}

/* ci (of the current store, or of a new one when the list is empty) at
 * the front of the recent list. */
static uint32_t remember(lworker *w, uint32_t ci)
{
	int n = w->n_recent < RECENT ? w->n_recent : RECENT - 1;
	memmove(w->recent + 1, w->recent, (size_t)n * sizeof *w->recent);
	w->recent[0] = ci;
	w->n_recent = n + 1;
	return ci;
}

/* The worker camera of a row's pair, met before or new; -1 when the batch
 * failed (out of memory, a NUL byte in a name: see bt->fail). */
static int64_t worker_camera(lbatch *bt, const char *store, size_t sl, const char *id,
                             size_t il, uint64_t line)
{
	lworker *w = bt->w;
	if (w->n_recent) {
		const lcam *c0 = &w->cams[w->recent[0]];
		if (c0->raw_store_len == sl && memcmp(w->keys + c0->raw_off, store, sl) == 0) {
			for (int i = 0; i < w->n_recent; i++) {
				uint32_t ci = w->recent[i];
				const lcam *c = &w->cams[ci];
				if (c->raw_id_len == il && memcmp(w->keys + c->raw_off + sl, id, il) == 0) {
					if (i) { /* most recent first */
						memmove(w->recent + 1, w->recent, (size_t)i * sizeof *w->recent);
						w->recent[0] = ci;
					}
					return ci;
				}
			}
		} else {
			w->n_recent = 0;
		}
	}
	if (sl >= UINT32_MAX || il >= UINT32_MAX)
		return batch_fail(bt, 1, line), -1;
	uint32_t hash = ct_camera_key_hash(store, sl, id, il);
	if (w->mask) {
		for (uint32_t h = hash & w->mask, e; (e = w->slot[h]) != 0; h = (h + 1) & w->mask)
			if (w->cams[e - 1].hash == hash && same_pair(w, &w->cams[e - 1], store, sl, id, il))
				return remember(w, e - 1);
	}
	/* First met: names are C strings downstream, so a NUL would silently
	 * merge "s<NUL>x" with "s" in every output: binary data, refused. */
	if (memchr(store, '\0', sl) || memchr(id, '\0', il)) {
		bt->fail_in_store = memchr(store, '\0', sl) != NULL;
		return batch_fail(bt, 65, line), -1;
	}
	size_t usl = sl, uil = il;
	bool conv_s, conv_i;
	const char *us = utf8_name(store, &usl, &w->name_buf[0], &w->name_cap[0], &conv_s);
	const char *ui = us ? utf8_name(id, &uil, &w->name_buf[1], &w->name_cap[1], &conv_i) : NULL;
	if (!us || !ui || w->n_cams >= MAX_WORKER_CAMS || usl >= UINT32_MAX || uil >= UINT32_MAX)
		return batch_fail(bt, 1, line), -1;
	if (w->n_cams == w->cams_cap) {
		uint32_t cap = w->cams_cap ? w->cams_cap * 2 : 256;
		lcam *c = realloc(w->cams, (size_t)cap * sizeof *c);
		if (!c)
			return batch_fail(bt, 1, line), -1;
		w->cams = c;
		w->cams_cap = cap;
	}
	bool conv = conv_s || conv_i;
	size_t need = w->keys_len + sl + il + (conv ? usl + uil : 0);
	if (!grow_buf((void **)&w->keys, &w->keys_cap, need, 1) ||
	    ((uint64_t)(w->n_cams + 1) * 2 > w->mask && !worker_rehash(w)))
		return batch_fail(bt, 1, line), -1;
	lcam *c = &w->cams[w->n_cams];
	c->hash = hash;
	c->raw_store_len = (uint32_t)sl;
	c->raw_id_len = (uint32_t)il;
	c->raw_off = w->keys_len;
	memcpy(w->keys + w->keys_len, store, sl);
	memcpy(w->keys + w->keys_len + sl, id, il);
	w->keys_len += sl + il;
	c->converted = conv;
	c->store_len = (uint32_t)usl;
	c->id_len = (uint32_t)uil;
	c->key_off = c->raw_off;
	if (conv) {
		c->key_off = w->keys_len;
		memcpy(w->keys + w->keys_len, us, usl);
		memcpy(w->keys + w->keys_len + usl, ui, uil);
		w->keys_len += usl + uil;
	}
	size_t k = (size_t)(bt->new_end - bt->new_first);
	if (!grow_buf((void **)&bt->nkeys, &bt->nkeys_cap, bt->nkeys_len + usl + uil, 1) ||
	    !grow_buf((void **)&bt->nlen, &bt->nlen_cap, 2 * (k + 1), sizeof *bt->nlen))
		return batch_fail(bt, 1, line), -1;
	memcpy(bt->nkeys + bt->nkeys_len, w->keys + c->key_off, usl + uil);
	bt->nkeys_len += usl + uil;
	bt->nlen[2 * k] = (uint32_t)usl;
	bt->nlen[2 * k + 1] = (uint32_t)uil;
	uint32_t h = hash & w->mask;
	while (w->slot[h])
		h = (h + 1) & w->mask;
	w->slot[h] = ++w->n_cams;
	bt->new_end = w->n_cams;
	return remember(w, w->n_cams - 1);
}

static bool event(lbatch *bt, int kind, uint64_t line)
{
	if (!grow_buf((void **)&bt->ev, &bt->ev_cap, bt->n_ev + 1, sizeof *bt->ev))
		return batch_fail(bt, 1, line);
	bt->ev[bt->n_ev].kind = (uint8_t)kind;
	bt->ev[bt->n_ev].line = line;
	bt->n_ev++;
	return true;
}

static void *sink_batch_new(void *ctx)
{
	lbatch *bt = calloc(1, sizeof *bt);
	if (bt)
		bt->L = ctx;
	return bt;
}

static void sink_batch_begin(void *ctx, void *batch, int worker)
{
	load_ctx *L = ctx;
	lbatch *bt = batch;
	bt->w = &L->w[worker];
	bt->worker = worker;
	bt->rows = bt->loaded = 0;
	bt->n = bt->n_ev = 0;
	bt->new_first = bt->new_end = bt->w->n_cams;
	bt->nkeys_len = 0;
	bt->t_first = bt->t_last = CT_NO_TIME;
	bt->decimal_comma = false;
	bt->fail = 0;
}

static void sink_batch_free(void *ctx, void *batch)
{
	(void)ctx;
	lbatch *bt = batch;
	if (!bt)
		return;
	free(bt->p);
	free(bt->cam);
	free(bt->t);
	free(bt->ev);
	free(bt->nkeys);
	free(bt->nlen);
	free(bt);
}

/* One row: the reasons it cannot be used, in this order, else its alert. */
static int sink_row(void *batch, const ct_record *r)
{
	lbatch *bt = batch;
	const load_ctx *L = bt->L;
	uint64_t line = r->line;
	bt->rows++;
	if (!r->store.s || !r->camera.s || !r->label.s || !r->probability.s)
		return event(bt, CT_SKIP_FIELD_COUNT, line) ? 0 : -1;
	double p;
	if (r->probability.len == 0)
		return event(bt, CT_SKIP_MISSING_PROBABILITY, line) ? 0 : -1;
	if (ct_parse_probability(r->probability.s, r->probability.len, &p) != 0) {
		if (memchr(r->probability.s, ',', r->probability.len))
			bt->decimal_comma = true;
		/* Only blanks is as good as empty. */
		const char *s = r->probability.s;
		size_t i = 0;
		while (i < r->probability.len && blank(s[i]))
			i++;
		return event(bt, i == r->probability.len ? CT_SKIP_MISSING_PROBABILITY
		                                         : CT_SKIP_BAD_PROBABILITY, line)
		               ? 0
		               : -1;
	}
	if (r->label.len == 0)
		return event(bt, CT_SKIP_MISSING_LABEL, line) ? 0 : -1;
	if (r->store.len == 0)
		return event(bt, CT_SKIP_MISSING_STORE, line) ? 0 : -1;
	const char *id = r->camera.s;
	size_t id_len = r->camera.len;
	if (L->id_column ? id_len == 0
	                 : ct_parse_camera_id(r->camera.s, r->camera.len, &id, &id_len) != 0)
		return event(bt, CT_SKIP_BAD_CAMERA, line) ? 0 : -1;
	int64_t ci = worker_camera(bt, r->store.s, r->store.len, id, id_len, line);
	if (ci < 0)
		return -1;
	bool theft = is_theft(&L->thefts, r->label.s, r->label.len);
	if (!label_add(&bt->w->labels, r->label.s, r->label.len, theft, 1))
		return batch_fail(bt, 1, line), -1;
	if (bt->w->cams[ci].converted && !event(bt, EV_WARN(CT_WARN_NOT_UTF8), line))
		return -1;
	if (p < 0 && !event(bt, EV_WARN(CT_WARN_NEGATIVE), line))
		return -1;
	if (p > 1 && !event(bt, EV_WARN(CT_WARN_ABOVE_ONE), line))
		return -1;
	uint32_t t = CT_NO_TIME;
	if (!r->time.s || ct_parse_time(r->time.s, r->time.len, &t) != 0) {
		t = CT_NO_TIME;
		if (!event(bt, EV_WARN(CT_WARN_NO_TIME), line))
			return -1;
	}
	bool inside = !L->ranged ||
	              (t != CT_NO_TIME && (int64_t)t >= L->since && (int64_t)t < L->until);
	if (!inside && !event(bt, EV_OUTSIDE, line))
		return -1;
	if (inside || L->keep_all) {
		if (bt->n == bt->cap) {
			size_t cap = bt->cap ? bt->cap * 2 : 4096;
			double *np = realloc(bt->p, cap * sizeof *np);
			if (np)
				bt->p = np;
			uint32_t *nc = np ? realloc(bt->cam, cap * sizeof *nc) : NULL;
			if (nc)
				bt->cam = nc;
			uint32_t *nt = nc ? realloc(bt->t, cap * sizeof *nt) : NULL;
			if (!nt)
				return batch_fail(bt, 1, line), -1;
			bt->t = nt;
			bt->cap = cap;
		}
		bt->p[bt->n] = p;
		bt->cam[bt->n] = (uint32_t)ci | (theft ? CAM_THEFT : 0);
		bt->t[bt->n] = t;
		bt->n++;
	}
	if (!inside)
		return 0;
	if (t != CT_NO_TIME) {
		if (bt->t_first == CT_NO_TIME || t < bt->t_first)
			bt->t_first = t;
		if (bt->t_last == CT_NO_TIME || t > bt->t_last)
			bt->t_last = t;
	}
	bt->loaded++;
	return 0;
}

static int commit_fail(load_ctx *L, int rc)
{
	if (rc == 1)
		snprintf(L->err, L->errlen, "%s: out of memory after %llu rows", L->name,
		         (unsigned long long)L->q->rows);
	L->rc = rc;
	return rc;
}

/* A batch into the builder and the quality counts, in file order. */
static int sink_commit(void *ctx, void *batch, uint64_t base)
{
	load_ctx *L = ctx;
	lbatch *bt = batch;
	ct_quality *q = L->q;
	int w = bt->worker;
	/* The pairs first met in this batch, in the builder. */
	if (bt->new_end > bt->new_first) {
		if (L->map_len[w] != bt->new_first)
			return commit_fail(L, 1); /* cannot happen: batches of one worker in order */
		if (bt->new_end > L->map_cap[w]) {
			uint32_t cap = L->map_cap[w] ? L->map_cap[w] : 256;
			while (cap < bt->new_end)
				cap *= 2;
			int32_t *m = realloc(L->map[w], (size_t)cap * sizeof *m);
			if (!m)
				return commit_fail(L, 1);
			L->map[w] = m;
			L->map_cap[w] = cap;
		}
		const char *k = bt->nkeys;
		for (uint32_t i = bt->new_first; i < bt->new_end; i++) {
			size_t j = i - bt->new_first;
			uint32_t sl = bt->nlen[2 * j], il = bt->nlen[2 * j + 1];
			int32_t g = ct_builder_camera(L->b, k, sl, k + sl, il);
			if (g < 0)
				return commit_fail(L, 1);
			L->map[w][i] = g;
			k += sl + il;
		}
		L->map_len[w] = bt->new_end;
	}
	q->rows += bt->rows;
	for (size_t i = 0; i < bt->n_ev; i++) {
		uint64_t line = base + bt->ev[i].line;
		int k = bt->ev[i].kind;
		count(k < CT_N_SKIP ? &q->skipped[k]
		      : k < EV_OUTSIDE ? &q->warned[k - CT_N_SKIP]
		                       : &q->outside,
		      line);
	}
	const int32_t *map = L->map[w];
	for (size_t i = 0; i < bt->n; i++) {
		uint32_t v = bt->cam[i];
		if (ct_builder_add_timed(L->b, (uint32_t)map[v & ~CAM_THEFT], bt->p[i],
		                         (v & CAM_THEFT) != 0, bt->t[i]) != 0)
			return commit_fail(L, 1);
	}
	q->loaded += bt->loaded;
	if (bt->t_first != CT_NO_TIME) {
		if (q->time_first == CT_NO_TIME || bt->t_first < q->time_first)
			q->time_first = bt->t_first;
		if (q->time_last == CT_NO_TIME || bt->t_last > q->time_last)
			q->time_last = bt->t_last;
	}
	L->decimal_comma |= bt->decimal_comma;
	if (bt->fail == 65) {
		snprintf(L->err, L->errlen, "%s: %s %llu: NUL byte in the %s (binary data, not text?)",
		         L->name, L->unit, (unsigned long long)(base + bt->fail_line),
		         bt->fail_in_store ? "store name" : "camera id");
		return commit_fail(L, 65);
	}
	if (bt->fail)
		return commit_fail(L, 1);
	if (q->rows >= L->next_tick) {
		L->next_tick = q->rows + 0x10000;
		progress_tick(L->pg, L->src, false);
	}
	return 0;
}

/* A source without ct_source_run: its records one by one through the same
 * row and commit, on this thread (worker 0), a batch every 4096 rows.
 * Returns as ct_source_run. */
static int load_records(load_ctx *L, ct_source *src)
{
	lbatch *bt = sink_batch_new(L);
	if (!bt) {
		commit_fail(L, 1);
		return 2;
	}
	sink_batch_begin(L, bt, 0);
	ct_record r;
	int got, rc = 1;
	while ((got = ct_source_next(src, &r)) > 0) {
		if (sink_row(bt, &r) != 0 || bt->rows >= 4096) {
			if (sink_commit(L, bt, 0) != 0) {
				rc = 2;
				break;
			}
			sink_batch_begin(L, bt, 0);
		}
	}
	/* Rows before a source error still count (a NUL byte before a
	 * malformed quote is reported first). */
	if (rc == 1 && sink_commit(L, bt, 0) != 0)
		rc = 2;
	else if (rc == 1 && got < 0)
		rc = -1;
	sink_batch_free(L, bt);
	return rc;
}

static void load_ctx_free(load_ctx *L)
{
	for (int i = 0; i <= CT_SOURCE_MAX_WORKERS; i++) {
		lworker *w = &L->w[i];
		free(w->keys);
		free(w->cams);
		free(w->slot);
		free(w->name_buf[0]);
		free(w->name_buf[1]);
		label_tab_release(&w->labels);
		free(L->map[i]);
	}
}

/* ---- the loader ---------------------------------------------------------- */

static int fail(ct_quality *q, int rc)
{
	ct_quality_free(q);
	return rc;
}

static int load_any(const char *path, const ct_load_opts *opts, ct_dataset **ds,
                    ct_quality *q, char *err, size_t errlen);

/* q's source_detail and theft labels: false when out of memory. */
static bool describe_source(const char *path, const ct_load_opts *opts, ct_quality *q)
{
	const ct_source_opts *so = opts ? &opts->source : NULL;
	bool db = ct_source_is_database(path);
	q->kind = db ? (so && so->query ? "query" : "table") : q->is_summary ? "summary" : "csv";
	q->what = strdup(db ? (so && so->query ? so->query : so && so->table ? so->table : "alerts")
	                    : path);
	if (!q->what || (db && !(q->connection = ct_source_display_name(path))))
		return false;
	if (q->is_summary && !q->pushed_down)
		return true;
	const char *const *labels = opts && opts->theft_labels ? opts->theft_labels
	                                                        : ct_default_theft_labels;
	size_t n = 0;
	while (labels[n])
		n++;
	if (!(q->theft_labels = calloc(n + 1, sizeof *q->theft_labels)))
		return false;
	for (size_t i = 0; i < n; i++)
		if (!(q->theft_labels[i] = strdup(labels[i])))
			return false;
	return true;
}

int ct_load_file(const char *path, const ct_load_opts *opts, ct_dataset **ds,
                 ct_quality *q, char *err, size_t errlen)
{
	int rc = load_any(path, opts, ds, q, err, errlen);
	if (rc == 0 && !describe_source(path, opts, q)) {
		snprintf(err, errlen, "%s: out of memory", q->source ? q->source : "input");
		ct_dataset_free(*ds);
		*ds = NULL;
		ct_quality_free(q);
		return CT_EXIT_NOMEM;
	}
	return rc;
}

static int load_any(const char *path, const ct_load_opts *opts, ct_dataset **ds,
                    ct_quality *q, char *err, size_t errlen)
{
#ifdef HAVE_LIBPQ
	/* --pushdown: the server computes the summary (sql/curves.sql) */
	if (ct_source_is_database(path) && opts &&
	    (opts->source.pushdown > 0 || (opts->source.pushdown == 0 && ct_pg_is_remote(path)))) {
		ct_load_opts o = *opts;
		o.source.has_since = opts->has_since;
		o.source.has_until = opts->has_until;
		o.source.since = opts->since;
		o.source.until = opts->until;
		int rc = ct_pg_summary(path, &o, ds, q, err, errlen);
		if (rc == 0) {
			q->has_since = opts->has_since;
			q->has_until = opts->has_until;
			q->since = opts->since;
			q->until = opts->until;
		}
		if (rc != CT_PUSHDOWN_UNSUPPORTED)
			return rc;
		if (opts->source.pushdown > 0)
			return CT_EXIT_DATAERR;
		/* the default: read it whole instead */
	}
#endif
	/* a summary file (by its header) stands for the alerts themselves */
	if (!ct_source_is_database(path) && ct_summary_detect(path))
		return ct_summary_load(path, opts, ds, q, err, errlen);
	memset(q, 0, sizeof *q);
	*ds = NULL;
	/* a database URI is named without its password, here and in every
	 * output that shows q->source */
	q->source = ct_source_shown(path, opts ? &opts->source : NULL);
	if (!q->source) {
		snprintf(err, errlen, "%s: out of memory", ct_source_is_database(path) ? "database" : path);
		return CT_EXIT_NOMEM;
	}
	const char *name = strcmp(path, "-") == 0 ? "standard input" : q->source;

	load_ctx *L = calloc(1, sizeof *L);
	if (!L) {
		snprintf(err, errlen, "%s: out of memory", name);
		return fail(q, CT_EXIT_NOMEM);
	}
	const char *const *labels = opts && opts->theft_labels ? opts->theft_labels
	                                                        : ct_default_theft_labels;
	L->thefts.v = labels;
	while (labels[L->thefts.n])
		L->thefts.n++;
	L->thefts.len = malloc((L->thefts.n ? L->thefts.n : 1) * sizeof *L->thefts.len);
	if (!L->thefts.len) {
		snprintf(err, errlen, "%s: out of memory", name);
		free(L);
		return fail(q, 1);
	}
	for (size_t i = 0; i < L->thefts.n; i++)
		L->thefts.len[i] = strlen(labels[i]);
	L->id_column = opts && opts->source.camera_column;

	ct_source_opts sopts = {0};
	if (opts) {
		sopts = opts->source;
		/* a database narrows its query to the range; the filter below
		 * still decides */
		sopts.has_since = opts->has_since;
		sopts.has_until = opts->has_until;
		sopts.since = opts->since;
		sopts.until = opts->until;
	}
	int open_rc;
	ct_source *src = ct_source_open(path, &sopts, &open_rc, err, errlen);
	if (!src) {
		free(L->thefts.len);
		free(L);
		return fail(q, open_rc);
	}
	q->counts_rows = ct_source_counts_rows(src);
	const char *unit = q->counts_rows ? "row" : "line";
	ct_builder *b = ct_builder_new();
	if (!b) {
		snprintf(err, errlen, "%s: out of memory", name);
		ct_source_close(src);
		free(L->thefts.len);
		free(L);
		return fail(q, CT_EXIT_NOMEM);
	}

	/* Time range: rows outside it are counted, and stored only when the
	 * caller keeps the builder to slice it again. */
	L->ranged = opts && (opts->has_since || opts->has_until);
	L->since = opts && opts->has_since ? opts->since : CT_SINCE_ANY;
	L->until = opts && opts->has_until ? opts->until : CT_UNTIL_ANY;
	L->keep_all = opts && opts->builder_out;
	if (opts) {
		q->has_since = opts->has_since;
		q->has_until = opts->has_until;
		q->since = opts->since;
		q->until = opts->until;
	}
	q->time_first = q->time_last = CT_NO_TIME;

	progress pg = {opts, name, now(), 0, false, false};
	pg.tty = sopts.show_progress && isatty(STDERR_FILENO);
	L->b = b;
	L->q = q;
	L->pg = &pg;
	L->src = src;
	L->name = name;
	L->unit = unit;
	L->err = err;
	L->errlen = errlen;
	L->next_tick = 0x10000;

	int rc = 0;
	const ct_record_sink sink = {L, sink_batch_new, sink_batch_begin, sink_row, sink_commit,
	                             sink_batch_free};
	int run = ct_source_run(src, &sink);
	if (run == 0)
		run = load_records(L, src);
	progress_tick(&pg, src, true);
	if (q->counts_rows)
		ct_source_progress(src, &q->bytes_in, NULL);
	if (run == 2) {
		rc = L->rc ? L->rc : CT_EXIT_NOMEM;
		if (rc == CT_EXIT_NOMEM)
			snprintf(err, errlen, "%s: out of memory after %llu rows", name,
			         (unsigned long long)q->rows);
		goto out;
	}
	if (run < 0) {
		snprintf(err, errlen, "%s", ct_source_error(src));
		rc = src->fail_code ? src->fail_code : CT_EXIT_DATAERR;
		goto out;
	}
	if (q->rows == 0) {
		snprintf(err, errlen, q->counts_rows ? "%s: no rows" : "%s: no data rows (only a header)",
		         name);
		rc = CT_EXIT_DATAERR;
		goto out;
	}
	if (q->loaded == 0 && q->outside.count) {
		char a[24] = "", z[24] = "";
		if (q->has_since)
			ct_format_time(a, sizeof a, q->since);
		if (q->has_until)
			ct_format_time(z, sizeof z, q->until);
		snprintf(err, errlen,
		         "%s: no alert in the time range%s%s%s%s: all %llu usable rows are outside it "
		         "(or have no time), first at %s %llu",
		         name, q->has_since ? " since " : "", a, q->has_until ? " until " : "", z,
		         (unsigned long long)q->outside.count, unit,
		         (unsigned long long)q->outside.lines[0]);
		rc = CT_EXIT_DATAERR;
		goto out;
	}
	if (q->loaded == 0) {
		int worst = 0;
		for (int i = 1; i < CT_N_SKIP; i++)
			if (q->skipped[i].count > q->skipped[worst].count)
				worst = i;
		snprintf(err, errlen,
		         "%s: no usable row: all %llu rows skipped (%llu for %s, first at %s %llu)%s",
		         name, (unsigned long long)q->rows,
		         (unsigned long long)q->skipped[worst].count, ct_skip_reason_text(worst), unit,
		         (unsigned long long)q->skipped[worst].lines[0],
		         worst == CT_SKIP_FIELD_COUNT
		                 ? "; do the rows use the header's delimiter? (see --delimiter)"
		         : worst == CT_SKIP_BAD_PROBABILITY && L->decimal_comma
		                 ? "; probabilities with a decimal comma (0,85): write them with a point (0.85)"
		                 : "");
		rc = CT_EXIT_DATAERR;
		goto out;
	}
	label_tab all = {0};
	bool labels_ok = true;
	for (int i = 0; labels_ok && i <= CT_SOURCE_MAX_WORKERS; i++) {
		const label_tab *t = &L->w[i].labels;
		for (uint32_t k = 0; labels_ok && k < t->n; k++)
			labels_ok = label_add(&all, t->keys + t->v[k].off, t->v[k].len, t->v[k].theft,
			                      t->v[k].count);
		all.other_rows += t->other_rows;
		all.other_labels += t->other_labels;
	}
	labels_ok = labels_ok && labels_to_quality(&all, q);
	label_tab_release(&all);
	if (!labels_ok)
		goto oom;
	if (L->keep_all) {
		*ds = ct_builder_slice(b, L->since, L->until);
		if (!*ds)
			goto oom;
		*opts->builder_out = b;
		b = NULL;
		goto out;
	}
	*ds = ct_builder_finish(b);
	b = NULL;
	if (!*ds)
		goto oom;
	goto out;
oom:
	snprintf(err, errlen, "%s: out of memory after %llu rows", name,
	         (unsigned long long)q->rows);
	rc = CT_EXIT_NOMEM;
out:
	if (b)
		ct_builder_free(b);
	ct_source_close(src);
	load_ctx_free(L);
	free(L->thefts.len);
	free(L);
	if (rc != 0)
		ct_quality_free(q);
	return rc;
}
