/* thresholds_read.c -- the thresholds JSON reader: a strict JSON parser
 * (RFC 8259) streaming over the file, which builds the ct_thresholds as it
 * goes (doc/domain.md "Thresholds JSON").
 *
 * Strict where a lenient parser would change what is applied: a key twice
 * in an object (which one wins?), \u0000 in a string (a C string would cut
 * a camera's name there and match another camera), anything after the
 * document, raw control characters in strings.  No limit on the file's
 * size: memory holds the entries, never the text.  Nesting is bounded (64
 * levels), which also bounds the recursion. */
#include "config.h"

#include "io/thresholds.h"

#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/dataset.h"
#include "io/exit.h"
#include "io/load.h"

#define MAX_DEPTH 64
#define READ_CHUNK (1 << 16)
#define SMALL_OBJECT 16 /* keys searched one by one up to this many */

/* The keys of one open object, to refuse one given twice. */
typedef struct keyset {
	char *text;       /* the keys, each NUL-terminated */
	size_t len, cap;
	struct key { uint32_t hash; size_t at, len; } *v;
	size_t n, cap_v;
	uint32_t *table;  /* open addressing over v (index + 1), once n >
	                     SMALL_OBJECT (NULL before: no hashes) */
	size_t table_cap;
	uint64_t seen;    /* the keys' bits (key_add) while small */
} keyset;

typedef struct reader {
	FILE *f;
	const char *path;
	char *err;
	size_t errlen;
	int rc;
	unsigned char *buf;
	const unsigned char *p, *end;
	uint64_t base;      /* file offset of buf[0] */
	uint64_t line, line_start; /* line number, file offset of its start */
	int depth;
	char *s;            /* the last string read, unescaped */
	size_t slen, scap;
	char *num;          /* the last number's text */
	size_t nlen, ncap;
	keyset keys[MAX_DEPTH + 1];
	ct_thresholds *out;
	size_t cap;
	bool have_cameras;
	struct seen { uint32_t entry, hash; } *seen; /* entries by camera, open
	                       addressing (entry index + 1, 0: free) */
	size_t seen_cap;
	bool ordered;       /* the entries so far in the dataset's order */
	size_t mon_cap;     /* entries out->mon has room for */
} reader;

/* ---- errors ----------------------------------------------------------------- */

static uint64_t offset(const reader *r) { return r->base + (uint64_t)(r->p - r->buf); }

static bool fail(reader *r, int rc, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static bool fail(reader *r, int rc, const char *fmt, ...)
{
	if (r->rc)
		return false;
	r->rc = rc;
	char what[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	snprintf(r->err, r->errlen, "%s: %s", r->path, what);
	return false;
}

static bool oom(reader *r) { return fail(r, CT_EXIT_NOMEM, "out of memory"); }

/* Malformed JSON at the current byte: line and column. */
static bool malformed(reader *r, const char *what)
{
	return fail(r, CT_EXIT_DATAERR, "line %llu, column %llu: malformed JSON: %s",
	            (unsigned long long)r->line,
	            (unsigned long long)(offset(r) - r->line_start + 1), what);
}

/* A problem with the thresholds at a line. */
static bool bad(reader *r, uint64_t line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static bool bad(reader *r, uint64_t line, const char *fmt, ...)
{
	char what[400];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	return fail(r, CT_EXIT_DATAERR, "line %llu: %s", (unsigned long long)line, what);
}

#define LINE(n) (unsigned long long)(n)

/* ---- bytes ------------------------------------------------------------------ */

static int refill(reader *r);

/* The next byte without taking it, or -1 at the end (or a read error: rc). */
static inline int peek(reader *r)
{
	return r->p < r->end ? *r->p : refill(r);
}

static int refill(reader *r)
{
	if (r->rc)
		return -1;
	r->base += (uint64_t)(r->end - r->buf);
	size_t got = fread(r->buf, 1, READ_CHUNK, r->f);
	r->p = r->buf;
	r->end = r->buf + got;
	r->buf[got] = '\0'; /* the sentinel: no byte loop runs past the end */
	if (got == 0) {
		if (ferror(r->f))
			fail(r, CT_EXIT_IOERR, "read error: %s", strerror(errno));
		return -1;
	}
	return *r->p;
}

static bool binary(reader *r)
{
	return fail(r, CT_EXIT_DATAERR, "line %llu: binary data (NUL byte), not a thresholds JSON file",
	            LINE(r->line));
}

/* Skip whitespace; the next byte (-1 at the end). */
static int skip_space(reader *r)
{
	for (;;) {
		const unsigned char *q = r->p;
		for (;; q++) { /* to a byte not white, or the sentinel at the end */
			unsigned char c = *q;
			if (c == ' ' || c == '\t' || c == '\r')
				continue;
			if (c == '\n') {
				r->line++;
				r->line_start = r->base + (uint64_t)(q + 1 - r->buf);
				continue;
			}
			if (q < r->end) {
				r->p = q;
				return c;
			}
			break;
		}
		r->p = q;
		if (peek(r) < 0)
			return -1;
	}
}

/* The same, inline for the usual case: no whitespace before it. */
static inline int next_token(reader *r)
{
	if (r->p < r->end && *r->p > ' ')
		return *r->p;
	return skip_space(r);
}

/* Take the byte c that must come next (after whitespace). */
static bool expect_slow(reader *r, int c, const char *what)
{
	int got = next_token(r);
	if (got == c) {
		r->p++;
		return true;
	}
	if (got == 0)
		return binary(r);
	return malformed(r, got < 0 ? (r->rc ? "" : "unexpected end of file") : what);
}

static inline bool expect(reader *r, int c, const char *what)
{
	if (r->p < r->end && *r->p == c) {
		r->p++;
		return true;
	}
	return expect_slow(r, c, what);
}

/* ---- strings ---------------------------------------------------------------- */

/* Room for n more bytes of r->s and its NUL. */
static bool sroom(reader *r, size_t n)
{
	if (r->slen + n + 1 <= r->scap)
		return true;
	size_t cap = r->scap ? r->scap : 256;
	while (r->slen + n + 1 > cap)
		cap *= 2;
	char *s = realloc(r->s, cap);
	if (!s)
		return oom(r);
	r->s = s;
	r->scap = cap;
	return true;
}

static inline bool sput(reader *r, const void *b, size_t n)
{
	if (r->slen + n + 1 > r->scap && !sroom(r, n))
		return false;
	memcpy(r->s + r->slen, b, n);
	r->slen += n;
	r->s[r->slen] = '\0';
	return true;
}

/* The bytes a string holds as they are: not '"', '\\', or a control. */
#define ROW(x) x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x
static const unsigned char plain[256] = {
	ROW(0), ROW(0),
	1, 1, 0 /* " */, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	ROW(1), ROW(1),
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0 /* \\ */, 1, 1, 1,
	ROW(1), ROW(1), ROW(1), ROW(1), ROW(1), ROW(1), ROW(1), ROW(1), ROW(1), ROW(1),
};
#undef ROW

static int hexval(int c)
{
	return c >= '0' && c <= '9' ? c - '0'
	       : c >= 'a' && c <= 'f' ? c - 'a' + 10
	       : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

static long hex4(reader *r)
{
	long v = 0;
	for (int i = 0; i < 4; i++) {
		int c = peek(r), h = c < 0 ? -1 : hexval(c);
		if (h < 0) {
			malformed(r, c < 0 ? "unexpected end of file" : "\\u needs four hexadecimal digits");
			return -1;
		}
		r->p++;
		v = v * 16 + h;
	}
	return v;
}

/* After "\u": one code point, a surrogate pair joined, as UTF-8 (into
 * r->s when keep). */
static bool unicode_escape(reader *r, bool keep)
{
	long u = hex4(r);
	if (u < 0)
		return false;
	if (u == 0)
		return fail(r, CT_EXIT_DATAERR,
		            "line %llu: \\u0000 in a string (a name cut there would match another)",
		            LINE(r->line));
	if (u >= 0xDC00 && u <= 0xDFFF)
		return malformed(r, "a \\u escape of a lone low surrogate");
	if (u >= 0xD800 && u <= 0xDBFF) {
		if (peek(r) != '\\' || (r->p++, peek(r)) != 'u')
			return malformed(r, "a high surrogate not followed by a \\u low surrogate");
		r->p++;
		long lo = hex4(r);
		if (lo < 0)
			return false;
		if (lo < 0xDC00 || lo > 0xDFFF)
			return malformed(r, "a high surrogate not followed by a \\u low surrogate");
		u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
	}
	unsigned char b[4];
	size_t n;
	if (u < 0x80) {
		b[0] = (unsigned char)u, n = 1;
	} else if (u < 0x800) {
		b[0] = (unsigned char)(0xC0 | u >> 6), b[1] = (unsigned char)(0x80 | (u & 0x3F)), n = 2;
	} else if (u < 0x10000) {
		b[0] = (unsigned char)(0xE0 | u >> 12), b[1] = (unsigned char)(0x80 | (u >> 6 & 0x3F));
		b[2] = (unsigned char)(0x80 | (u & 0x3F)), n = 3;
	} else {
		b[0] = (unsigned char)(0xF0 | u >> 18), b[1] = (unsigned char)(0x80 | (u >> 12 & 0x3F));
		b[2] = (unsigned char)(0x80 | (u >> 6 & 0x3F)), b[3] = (unsigned char)(0x80 | (u & 0x3F));
		n = 4;
	}
	return !keep || sput(r, b, n);
}

/* A string, the opening quote taken, into r->s / r->slen when keep (else
 * checked only: a long string nobody reads costs no memory). */
static bool string(reader *r, bool keep)
{
	r->slen = 0;
	const unsigned char *q = r->p;
	while (plain[*q]) /* the sentinel ends it */
		q++;
	if (q < r->end && *q == '"') { /* the common case: all in the buffer */
		size_t n = (size_t)(q - r->p);
		if (keep) {
			if (n + 1 > r->scap && !sroom(r, n))
				return false;
			memcpy(r->s, r->p, n);
			r->s[n] = '\0';
			r->slen = n;
		}
		r->p = q + 1;
		return true;
	}
	if (keep && !sput(r, "", 0))
		return false;
	for (;;) {
		q = r->p;
		while (plain[*q])
			q++;
		if (keep && q > r->p && !sput(r, r->p, (size_t)(q - r->p)))
			return false;
		r->p = q;
		if (q == r->end) {
			if (peek(r) < 0)
				return r->rc ? false : malformed(r, "unexpected end of file in a string");
			continue;
		}
		int c = *r->p;
		if (c == 0)
			return binary(r);
		if (c < 0x20)
			return malformed(r, c == '\n' ? "end of line in a string"
			                              : "a control character in a string (escape it)");
		r->p++;
		if (c == '"')
			return true;
		int e = peek(r);
		if (e < 0)
			return r->rc ? false : malformed(r, "unexpected end of file in a string");
		r->p++;
		char one;
		switch (e) {
		case '"': one = '"'; break;
		case '\\': one = '\\'; break;
		case '/': one = '/'; break;
		case 'b': one = '\b'; break;
		case 'f': one = '\f'; break;
		case 'n': one = '\n'; break;
		case 'r': one = '\r'; break;
		case 't': one = '\t'; break;
		case 'u':
			if (!unicode_escape(r, keep))
				return false;
			continue;
		default:
			r->p--;
			return malformed(r, "an unknown escape in a string");
		}
		if (keep && !sput(r, &one, 1))
			return false;
	}
}

/* ---- scalars ---------------------------------------------------------------- */

typedef enum kind { K_NULL, K_FALSE, K_TRUE, K_NUMBER, K_STRING, K_OBJECT, K_ARRAY } kind;

static bool literal(reader *r, const char *word)
{
	for (const char *w = word; *w; w++) {
		int c = peek(r);
		if (c != *w)
			return c == 0 ? binary(r) : malformed(r, c < 0 ? "unexpected end of file" : "not a value");
		r->p++;
	}
	return true;
}

/* Take a byte of a number, into r->num when keep. */
static bool nput(reader *r, bool keep)
{
	if (!keep) {
		r->p++;
		return true;
	}
	if (r->nlen + 2 > r->ncap) {
		size_t cap = r->ncap ? r->ncap * 2 : 64;
		char *n = realloc(r->num, cap);
		if (!n)
			return oom(r);
		r->num = n;
		r->ncap = cap;
	}
	r->num[r->nlen++] = (char)*r->p++;
	return true;
}

static bool digits(reader *r, bool keep, const char *what)
{
	int c = peek(r);
	if (!(c >= '0' && c <= '9'))
		return c == 0 ? binary(r) : malformed(r, c < 0 && !r->rc ? "unexpected end of file" : what);
	while ((c = peek(r)) >= '0' && c <= '9')
		if (!nput(r, keep))
			return false;
	return true;
}

static inline bool is_digit(int c) { return c >= '0' && c <= '9'; }

/* A number wholly in the buffer and well formed, as nearly all are, taken
 * there at once (its value in *v when v).  False, with nothing taken,
 * when it may go on past the buffer or is malformed: number() then reads
 * it byte by byte and says what is wrong. */
static bool number_fast(reader *r, double *v)
{
	const unsigned char *q = r->p, *end = r->end;
	bool neg = q < end && *q == '-';
	q += neg;
	/* the digits as one integer m (its first 19 significant ones), and
	 * the power of ten e it is scaled by */
	uint64_t m = 0;
	int n_sig = 0, e = 0;
	bool cut = false; /* significant digits beyond the 19th */
	const unsigned char *d0 = q;
	if (q < end && *q == '0') {
		q++;
	} else {
		for (; q < end && is_digit(*q); q++) {
			if (n_sig < 19)
				m = m * 10 + (uint64_t)(*q - '0'), n_sig++;
			else
				e++, cut |= *q != '0';
		}
	}
	if (q == d0)
		return false;
	if (q < end && *q == '.') {
		const unsigned char *f = ++q;
		for (; q < end && is_digit(*q); q++) {
			if (m == 0 && *q == '0') {
				e--; /* a leading zero: not significant */
			} else if (n_sig < 19) {
				m = m * 10 + (uint64_t)(*q - '0'), n_sig++, e--;
			} else {
				cut |= *q != '0';
			}
		}
		if (q == f)
			return false;
	}
	if (q < end && (*q == 'e' || *q == 'E')) {
		q++;
		bool eneg = q < end && *q == '-';
		if (q < end && (*q == '+' || *q == '-'))
			q++;
		const unsigned char *e0 = q;
		int x = 0;
		for (; q < end && is_digit(*q); q++)
			if (x < 100000)
				x = x * 10 + (*q - '0');
		if (q == e0)
			return false;
		e += eneg ? -x : x;
	}
	if (q == end)
		return false;
	int c = *q;
	if (is_digit(c) || c == '.' || c == '+' || c == '-' || (c >= 'a' && c <= 'z') ||
	    (c >= 'A' && c <= 'Z'))
		return false;
	if (v) {
		/* Clinger's fast path: m and 10^|e| exact in a double, so one
		 * correctly rounded multiplication or division gives the
		 * correctly rounded value, as strtod does; else strtod. */
		static const double p10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
		                             1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
		                             1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
#if defined(FLT_EVAL_METHOD) && FLT_EVAL_METHOD == 0
		bool fast = !cut && m <= (UINT64_C(1) << 53) && e >= -22 && e <= 22;
#else
		bool fast = false;
#endif
		if (fast) {
			double x = (double)m;
			x = e < 0 ? x / p10[-e] : x * p10[e];
			*v = neg ? -x : x;
		} else {
			size_t n = (size_t)(q - r->p);
			if (n + 1 > r->ncap) {
				char *t = realloc(r->num, n + 1);
				if (!t)
					return oom(r);
				r->num = t;
				r->ncap = n + 1;
			}
			memcpy(r->num, r->p, n);
			r->num[n] = '\0';
			*v = strtod(r->num, NULL);
		}
	}
	r->p = q;
	return true;
}

/* A number, as JSON writes one, its value in *v (overflow: infinite;
 * v NULL: checked only, as most of a document's numbers are). */
static bool number(reader *r, double *v)
{
	if (number_fast(r, v))
		return true;
	if (r->rc)
		return false; /* out of memory there */
	bool keep = v != NULL;
	r->nlen = 0;
	if (peek(r) == '-' && !nput(r, keep))
		return false;
	if (peek(r) == '0') {
		if (!nput(r, keep))
			return false;
	} else if (!digits(r, keep, "not a number")) {
		return false;
	}
	if (peek(r) == '.' && !(nput(r, keep) && digits(r, keep, "a number needs digits after its '.'")))
		return false;
	int c = peek(r);
	if (c == 'e' || c == 'E') {
		if (!nput(r, keep))
			return false;
		c = peek(r);
		if ((c == '+' || c == '-') && !nput(r, keep))
			return false;
		if (!digits(r, keep, "a number needs digits in its exponent"))
			return false;
	}
	c = peek(r);
	if ((c >= '0' && c <= '9') || c == '.' || c == '+' || c == '-' || (c >= 'a' && c <= 'z') ||
	    (c >= 'A' && c <= 'Z'))
		return malformed(r, "not a number");
	if (r->rc)
		return false;
	if (v) {
		r->num[r->nlen] = '\0';
		*v = strtod(r->num, NULL);
	}
	return true;
}

/* ---- values ----------------------------------------------------------------- */

static bool skip_value(reader *r, kind *k);

/* A key's hash: keys of up to 16 bytes (almost all) as two words mixed,
 * longer ones byte by byte (FNV-1a). */
static uint32_t hash_bytes(const char *s, size_t n)
{
	if (n <= 16) {
		uint64_t a = 0, b = 0;
		memcpy(&a, s, n < 8 ? n : 8);
		if (n > 8)
			memcpy(&b, s + 8, n - 8);
		uint64_t x = a * UINT64_C(0x9E3779B97F4A7C15) ^ (b + n) * UINT64_C(0xC2B2AE3D27D4EB4F);
		x ^= x >> 29;
		x *= UINT64_C(0x165667B19E3779F9);
		return (uint32_t)(x >> 32);
	}
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

/* Add the key just read (r->s) to the object: false if it is there
 * already.  A small object (most: a camera has a dozen keys) is searched
 * by length and bytes, no hash; a large one through a hash table. */
static bool key_add(reader *r, keyset *ks)
{
	const char *s = r->s;
	size_t n = r->slen;
	uint32_t h = 0;
	/* a bit per (length, first and last byte): most new keys find theirs
	 * clear and are new for sure */
	unsigned ends = n ? (unsigned char)s[0] * 3u + (unsigned char)s[n - 1] : 0;
	uint64_t bit = UINT64_C(1) << ((n * 7 + ends) & 63);
	if (!ks->table && !(ks->seen & bit)) {
		/* new */
	} else if (!ks->table) {
		for (size_t i = 0; i < ks->n; i++) {
			const char *k = ks->text + ks->v[i].at;
			/* the first and last bytes tell most keys of a length apart */
			if (ks->v[i].len == n && (n == 0 || (k[0] == s[0] && k[n - 1] == s[n - 1])) &&
			    memcmp(k, s, n) == 0)
				return false;
		}
	} else {
		h = hash_bytes(s, n);
		size_t mask = ks->table_cap - 1;
		for (size_t i = h & mask; ks->table[i]; i = (i + 1) & mask) {
			const struct key *k = &ks->v[ks->table[i] - 1];
			if (k->hash == h && k->len == n && memcmp(ks->text + k->at, s, n) == 0)
				return false;
		}
	}
	if (ks->len + n + 1 > ks->cap) {
		size_t cap = ks->cap ? ks->cap : 256;
		while (ks->len + n + 1 > cap)
			cap *= 2;
		char *t = realloc(ks->text, cap);
		if (!t)
			return oom(r), false;
		ks->text = t;
		ks->cap = cap;
	}
	if (ks->n == ks->cap_v) {
		size_t cap = ks->cap_v ? ks->cap_v * 2 : 16;
		struct key *v = realloc(ks->v, cap * sizeof *v);
		if (!v)
			return oom(r), false;
		ks->v = v;
		ks->cap_v = cap;
	}
	memcpy(ks->text + ks->len, s, n + 1);
	ks->seen |= bit;
	ks->v[ks->n] = (struct key){h, ks->len, n};
	ks->len += n + 1;
	ks->n++;
	/* a hash table once the object is large (and kept at twice its keys);
	 * the keys that came before it are hashed then */
	if (ks->n > SMALL_OBJECT && ks->n * 2 > ks->table_cap) {
		if (!ks->table)
			for (size_t j = 0; j < ks->n; j++)
				ks->v[j].hash = hash_bytes(ks->text + ks->v[j].at, ks->v[j].len);
		size_t cap = ks->table_cap ? ks->table_cap * 2 : 64;
		uint32_t *t = calloc(cap, sizeof *t);
		if (!t)
			return oom(r), false;
		free(ks->table);
		ks->table = t;
		ks->table_cap = cap;
		for (size_t j = 0; j < ks->n; j++) {
			size_t i = ks->v[j].hash & (cap - 1);
			while (t[i])
				i = (i + 1) & (cap - 1);
			t[i] = (uint32_t)(j + 1);
		}
	} else if (ks->table) {
		size_t i = h & (ks->table_cap - 1);
		while (ks->table[i])
			i = (i + 1) & (ks->table_cap - 1);
		ks->table[i] = (uint32_t)ks->n;
	}
	return true;
}

static void keys_reset(keyset *ks)
{
	/* the next object here starts small again */
	free(ks->table);
	ks->table = NULL;
	ks->table_cap = 0;
	ks->n = ks->len = 0;
	ks->seen = 0;
}

/* One member of an object: called with the key in r->s and its line;
 * parses the value. */
typedef bool (*member_fn)(reader *r, void *ctx, uint64_t line);

/* An object, '{' next: each key checked once, each member to fn. */
static bool object(reader *r, member_fn fn, void *ctx)
{
	if (!expect(r, '{', "expected an object"))
		return false;
	if (++r->depth > MAX_DEPTH)
		return bad(r, r->line, "too deeply nested (more than %d levels of objects and arrays)",
		           MAX_DEPTH);
	keyset *ks = &r->keys[r->depth];
	keys_reset(ks);
	int c = next_token(r);
	if (c == '}') {
		r->p++;
		r->depth--;
		return true;
	}
	for (;;) {
		if (!expect(r, '"', "expected a key in quotes"))
			return false;
		uint64_t line = r->line;
		if (!string(r, true))
			return false;
		if (!key_add(r, ks))
			return r->rc ? false
			             : bad(r, line, "the key \"%s\" appears twice in the same object", r->s);
		if (!expect(r, ':', "expected ':' after a key"))
			return false;
		if (!fn(r, ctx, line))
			return false;
		c = next_token(r);
		if (c == ',') {
			r->p++;
			continue;
		}
		if (c == '}') {
			r->p++;
			r->depth--;
			return true;
		}
		return expect(r, '}', "expected ',' or '}' after a member");
	}
}

/* An array, '[' next: each element to fn (index, line). */
typedef bool (*element_fn)(reader *r, void *ctx, size_t i, uint64_t line);

static bool array(reader *r, element_fn fn, void *ctx)
{
	if (!expect(r, '[', "expected an array"))
		return false;
	if (++r->depth > MAX_DEPTH)
		return bad(r, r->line, "too deeply nested (more than %d levels of objects and arrays)",
		           MAX_DEPTH);
	int c = next_token(r);
	if (c == ']') {
		r->p++;
		r->depth--;
		return true;
	}
	for (size_t i = 0;; i++) {
		next_token(r);
		if (!fn(r, ctx, i, r->line))
			return false;
		c = next_token(r);
		if (c == ',') {
			r->p++;
			continue;
		}
		if (c == ']') {
			r->p++;
			r->depth--;
			return true;
		}
		return expect(r, ']', "expected ',' or ']' after an element");
	}
}

static bool skip_member(reader *r, void *ctx, uint64_t line)
{
	(void)ctx, (void)line;
	kind k;
	return skip_value(r, &k);
}

static bool skip_element(reader *r, void *ctx, size_t i, uint64_t line)
{
	(void)ctx, (void)i, (void)line;
	kind k;
	return skip_value(r, &k);
}

/* A scalar's value, when the caller wants it. */
typedef struct scalar {
	kind k;
	double num;
	uint64_t line;
} scalar;

/* Any value: scalars into *k (a string in r->s, a number in *num),
 * containers checked and dropped. */
static bool value(reader *r, kind *k, double *num)
{
	int c = next_token(r);
	switch (c) {
	case '{':
		*k = K_OBJECT;
		return object(r, skip_member, NULL);
	case '[':
		*k = K_ARRAY;
		return array(r, skip_element, NULL);
	case '"':
		*k = K_STRING;
		r->p++;
		return string(r, num != NULL); /* a value skipped is not kept */
	case 't':
		*k = K_TRUE;
		return literal(r, "true");
	case 'f':
		*k = K_FALSE;
		return literal(r, "false");
	case 'n':
		*k = K_NULL;
		return literal(r, "null");
	case 0:
		return binary(r);
	case -1:
		return r->rc ? false : malformed(r, "unexpected end of file");
	default:
		if (c == '-' || (c >= '0' && c <= '9')) {
			*k = K_NUMBER;
			return number(r, num);
		}
		return malformed(r, "not a value");
	}
}

static bool skip_value(reader *r, kind *k)
{
	return value(r, k, NULL);
}

static bool scalar_value(reader *r, scalar *s, uint64_t line)
{
	s->line = line;
	s->num = NAN;
	return value(r, &s->k, &s->num);
}

/* ---- the document ----------------------------------------------------------- */

enum { F_STORE, F_ID, F_THRESHOLD, F_MUTED, F_HAND, F_FP_SAVED, N_FIELDS };

/* The field a camera's key names, N_FIELDS for one not read. */
static int field_index(const char *k, size_t n)
{
#define IS(word) (memcmp(k, word, sizeof word - 1) == 0)
	switch (n) {
	case 5:
		return IS("store") ? F_STORE : IS("muted") ? F_MUTED : N_FIELDS;
	case 8:
		return IS("hand_set") ? F_HAND : IS("fp_saved") ? F_FP_SAVED : N_FIELDS;
	case 9:
		return IS("camera_id") ? F_ID : IS("threshold") ? F_THRESHOLD : N_FIELDS;
	default:
		return N_FIELDS;
	}
#undef IS
}

typedef struct camera_ctx {
	scalar f[N_FIELDS];
	bool has[N_FIELDS];
	char *store, *id;
	ct_threshold_monitor mon;
	size_t n_quantiles;
} camera_ctx;

/* ---- a camera's "expected" and "history" (monitor.h) ---- */

#define EXPECT_FIELD(x) {#x, offsetof(ct_camera_expect, x)}
static const struct monitor_field { const char *key; size_t at; } expect_fields[] = {
	EXPECT_FIELD(fp_kept), EXPECT_FIELD(fp_kept_low), EXPECT_FIELD(fp_kept_high),
	EXPECT_FIELD(tp_lost), EXPECT_FIELD(tp_lost_low), EXPECT_FIELD(tp_lost_high),
	EXPECT_FIELD(alerts_per_day), EXPECT_FIELD(alerts_per_day_low),
	EXPECT_FIELD(alerts_per_day_high), EXPECT_FIELD(interval),
};
#undef EXPECT_FIELD

/* A number, or null for "not known" (NAN). */
static bool number_or_null(reader *r, double *out, uint64_t line, const char *where)
{
	scalar v;
	if (!scalar_value(r, &v, line))
		return false;
	if (v.k == K_NULL) {
		*out = NAN;
		return true;
	}
	if (v.k != K_NUMBER)
		return bad(r, line, "%s: expected a number or null", where);
	*out = v.num;
	return true;
}

static bool expect_member(reader *r, void *ctx, uint64_t line)
{
	camera_ctx *c = ctx;
	for (size_t i = 0; i < sizeof expect_fields / sizeof expect_fields[0]; i++)
		if (strcmp(r->s, expect_fields[i].key) == 0) {
			char where[64];
			snprintf(where, sizeof where, "expected.%s", expect_fields[i].key);
			return number_or_null(r, (double *)((char *)&c->mon.expected + expect_fields[i].at),
			                      line, where);
		}
	return skip_member(r, NULL, line);
}

static bool quantile_element(reader *r, void *ctx, size_t i, uint64_t line)
{
	camera_ctx *c = ctx;
	if (i >= CT_HISTORY_QUANTILES)
		return bad(r, line, "history.fp_quantiles: more than %d numbers", CT_HISTORY_QUANTILES);
	scalar v;
	if (!scalar_value(r, &v, line))
		return false;
	if (v.k != K_NUMBER || !isfinite(v.num))
		return bad(r, line, "history.fp_quantiles: expected numbers");
	if (i && v.num < c->mon.history.fp_quantiles[i - 1])
		return bad(r, line, "history.fp_quantiles: not in ascending order");
	c->mon.history.fp_quantiles[i] = v.num;
	c->n_quantiles = i + 1;
	return true;
}

static bool history_member(reader *r, void *ctx, uint64_t line)
{
	camera_ctx *c = ctx;
	ct_camera_history *h = &c->mon.history;
	if (strcmp(r->s, "fp_quantiles") == 0) {
		if (next_token(r) != '[') {
			kind k;
			return skip_value(r, &k) && bad(r, line, "history.fp_quantiles: expected an array");
		}
		if (!array(r, quantile_element, c))
			return false;
		if (c->n_quantiles && c->n_quantiles != CT_HISTORY_QUANTILES)
			return bad(r, line, "history.fp_quantiles: expected %d numbers, found %zu",
			           CT_HISTORY_QUANTILES, c->n_quantiles);
		return true;
	}
	bool alerts = strcmp(r->s, "alerts") == 0, thefts = strcmp(r->s, "thefts") == 0;
	if (alerts || thefts) {
		scalar v;
		if (!scalar_value(r, &v, line))
			return false;
		if (v.k != K_NUMBER || !(v.num >= 0) || v.num != floor(v.num) || v.num > 1e18)
			return bad(r, line, "history.%s: expected a count", alerts ? "alerts" : "thefts");
		*(alerts ? &h->alerts : &h->thefts) = (uint64_t)v.num;
		return true;
	}
	double *slot = strcmp(r->s, "theft_rate") == 0 ? &h->theft_rate
	               : strcmp(r->s, "days") == 0     ? &h->days
	               : strcmp(r->s, "volume_cv") == 0 ? &h->volume_cv : NULL;
	if (!slot)
		return skip_member(r, NULL, line);
	char where[64];
	snprintf(where, sizeof where, "history.%s", r->s);
	return number_or_null(r, slot, line, where);
}

/* The block of an entry: expected or history, '{' next. */
static bool monitor_block(reader *r, camera_ctx *c, bool expected, uint64_t line)
{
	if (next_token(r) != '{') {
		kind k;
		return skip_value(r, &k) &&
		       bad(r, line, "%s: expected an object", expected ? "expected" : "history");
	}
	if (expected) {
		ct_camera_expect *e = &c->mon.expected;
		e->fp_kept = e->fp_kept_low = e->fp_kept_high = NAN;
		e->tp_lost = e->tp_lost_low = e->tp_lost_high = NAN;
		e->alerts_per_day = e->alerts_per_day_low = e->alerts_per_day_high = NAN;
		e->interval = NAN;
		c->mon.has_expected = true;
		return object(r, expect_member, c);
	}
	ct_camera_history *h = &c->mon.history;
	h->theft_rate = h->days = h->volume_cv = NAN;
	c->mon.has_history = true;
	if (!object(r, history_member, c))
		return false;
	if (h->thefts > h->alerts)
		return bad(r, line, "history: more thefts than alerts");
	h->fp = h->alerts - h->thefts;
	if (!c->n_quantiles)
		for (int j = 0; j < CT_HISTORY_QUANTILES; j++)
			h->fp_quantiles[j] = NAN;
	return true;
}

static bool camera_member(reader *r, void *ctx, uint64_t line)
{
	camera_ctx *c = ctx;
	int i = field_index(r->s, r->slen);
	if (i == N_FIELDS && (strcmp(r->s, "expected") == 0 || strcmp(r->s, "history") == 0))
		return monitor_block(r, c, r->s[0] == 'e', line);
	if (i == N_FIELDS)
		return skip_member(r, NULL, line);
	c->has[i] = true;
	if (!scalar_value(r, &c->f[i], line))
		return false;
	if (c->f[i].k == K_STRING && (i == F_STORE || i == F_ID || i == F_HAND)) {
		if (i == F_HAND) {
			const char *v = r->s;
			c->f[i].num = strcmp(v, "locked") == 0 ? CT_HAND_LOCKED
			              : strcmp(v, "muted") == 0 ? CT_HAND_MUTED
			              : strcmp(v, "excluded") == 0 ? CT_HAND_EXCLUDED : CT_HAND_NONE;
		} else {
			char *copy = ct_thresholds_name(r->out, r->s, r->slen);
			if (!copy)
				return oom(r);
			*(i == F_STORE ? &c->store : &c->id) = copy;
		}
	}
	return true;
}

static uint32_t entry_hash(const ct_threshold_entry *e)
{
	return ct_camera_key_hash(e->store, strlen(e->store), e->camera_id, strlen(e->camera_id));
}

/* Put entry k in the table of cameras, refusing a second entry for a
 * camera: which threshold would apply? */
static bool seen_insert(reader *r, size_t k)
{
	ct_thresholds *t = r->out;
	if (t->n * 2 > r->seen_cap) {
		size_t cap = r->seen_cap ? r->seen_cap * 2 : 1024;
		while (t->n * 2 > cap)
			cap *= 2;
		struct seen *s = calloc(cap, sizeof *s);
		if (!s)
			return oom(r);
		for (size_t i = 0; i < r->seen_cap; i++) {
			if (!r->seen[i].entry)
				continue;
			size_t at = r->seen[i].hash & (cap - 1);
			while (s[at].entry)
				at = (at + 1) & (cap - 1);
			s[at] = r->seen[i];
		}
		free(r->seen);
		r->seen = s;
		r->seen_cap = cap;
	}
	const ct_threshold_entry *e = &t->v[k];
	uint32_t h = entry_hash(e);
	size_t mask = r->seen_cap - 1, i = h & mask;
	for (; r->seen[i].entry; i = (i + 1) & mask) {
		const ct_threshold_entry *o = &t->v[r->seen[i].entry - 1];
		if (r->seen[i].hash == h && strcmp(o->store, e->store) == 0 &&
		    strcmp(o->camera_id, e->camera_id) == 0)
			return bad(r, e->line, "camera %s:%s appears more than once (also line %llu)",
			           e->store, e->camera_id, LINE(o->line));
	}
	r->seen[i] = (struct seen){(uint32_t)(k + 1), h};
	return true;
}

/* Entry k must be a camera not seen before.  A file in the order camtune
 * writes (the dataset's: store, then camera id, numbers by value) is
 * checked against the previous entry alone; the first entry out of that
 * order puts every entry in a table. */
static bool check_twice(reader *r, size_t k)
{
	const ct_thresholds *t = r->out;
	if (r->ordered) {
		if (k == 0)
			return true;
		const ct_threshold_entry *p = &t->v[k - 1], *e = &t->v[k];
		int c = strcmp(p->store, e->store);
		if (c < 0 || (c == 0 && ct_camera_id_compare(p->camera_id, e->camera_id) < 0))
			return true; /* after every camera before it, so none of them */
		r->ordered = false;
		for (size_t j = 0; j < k; j++)
			if (!seen_insert(r, j))
				return false;
	}
	return seen_insert(r, k);
}

/* Keep entry k's monitor blocks; out->mon is grown with the entries once
 * one camera has them. */
static bool store_monitor(reader *r, size_t k, const ct_threshold_monitor *m)
{
	ct_thresholds *t = r->out;
	if (k >= r->mon_cap) {
		size_t cap = r->cap > k ? r->cap : k + 1;
		ct_threshold_monitor *v = realloc(t->mon, cap * sizeof *v);
		if (!v)
			return oom(r);
		memset(v + r->mon_cap, 0, (cap - r->mon_cap) * sizeof *v);
		t->mon = v;
		r->mon_cap = t->n_mon = cap;
	}
	t->mon[k] = *m;
	return true;
}

static bool camera_element(reader *r, void *ctx, size_t i, uint64_t line)
{
	(void)ctx;
	if (next_token(r) != '{') {
		kind k;
		return skip_value(r, &k) && bad(r, line, "cameras[%zu]: expected an object", i);
	}
	if (i >= UINT32_MAX - 1)
		return bad(r, line, "more than %u cameras", UINT32_MAX - 2);
	camera_ctx c;
	memset(&c, 0, sizeof c);
	bool okay = object(r, camera_member, &c);
	const scalar *f = c.f;
	char idbuf[32];
	if (!okay)
		goto fail;
#define FIELD_LINE(x) (c.has[x] ? f[x].line : line)
	if (!c.has[F_STORE] || f[F_STORE].k != K_STRING) {
		bad(r, FIELD_LINE(F_STORE), "cameras[%zu].store: expected a string", i);
		goto fail;
	}
	if (c.has[F_ID] && f[F_ID].k == K_NUMBER && f[F_ID].num == floor(f[F_ID].num) &&
	    fabs(f[F_ID].num) < 1e15) {
		snprintf(idbuf, sizeof idbuf, "%.0f", f[F_ID].num);
		c.id = ct_thresholds_name(r->out, idbuf, strlen(idbuf));
		if (!c.id) {
			oom(r);
			goto fail;
		}
	} else if (!c.has[F_ID] || f[F_ID].k != K_STRING) {
		bad(r, FIELD_LINE(F_ID), "cameras[%zu].camera_id: expected a string", i);
		goto fail;
	}
	if (!c.has[F_THRESHOLD] || f[F_THRESHOLD].k != K_NUMBER || !isfinite(f[F_THRESHOLD].num)) {
		bad(r, FIELD_LINE(F_THRESHOLD), "cameras[%zu].threshold: expected a finite number", i);
		goto fail;
	}
	if (c.has[F_MUTED] && f[F_MUTED].k != K_TRUE && f[F_MUTED].k != K_FALSE) {
		bad(r, f[F_MUTED].line, "cameras[%zu].muted: expected true or false", i);
		goto fail;
	}
	if (c.has[F_HAND] && (f[F_HAND].k != K_STRING || f[F_HAND].num == CT_HAND_NONE)) {
		bad(r, f[F_HAND].line,
		    "cameras[%zu].hand_set: expected \"locked\", \"muted\" or \"excluded\"", i);
		goto fail;
	}
#undef FIELD_LINE
	ct_thresholds *t = r->out;
	if (t->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 256;
		ct_threshold_entry *v = realloc(t->v, cap * sizeof *v);
		if (!v) {
			oom(r);
			goto fail;
		}
		t->v = v;
		r->cap = cap;
	}
	t->v[t->n] = (ct_threshold_entry){
		.store = c.store,
		.camera_id = c.id,
		.threshold = f[F_THRESHOLD].num,
		.muted = c.has[F_MUTED] && f[F_MUTED].k == K_TRUE,
		.hand_set = c.has[F_HAND] ? (ct_hand_set)f[F_HAND].num : CT_HAND_NONE,
		.at_baseline = c.has[F_FP_SAVED] && f[F_FP_SAVED].k == K_NUMBER && f[F_FP_SAVED].num == 0,
		.line = line,
	};
	if ((c.mon.has_expected || c.mon.has_history) && !store_monitor(r, t->n, &c.mon))
		goto fail;
	t->n++;
	return check_twice(r, t->n - 1);
fail:
	return false; /* the names stay in r->out's store, freed with it */
}

/* "explorer": {"strategy", "target", "since", "until", "confidence",
 * "min_recall"}; other members are skipped. */
static bool session_member(reader *r, void *ctx, uint64_t line)
{
	(void)ctx;
	ct_thresholds *t = r->out;
	bool is_strategy = strcmp(r->s, "strategy") == 0, is_target = strcmp(r->s, "target") == 0;
	bool is_since = strcmp(r->s, "since") == 0, is_until = strcmp(r->s, "until") == 0;
	bool is_conf = strcmp(r->s, "confidence") == 0, is_recall = strcmp(r->s, "min_recall") == 0;
	if (!is_strategy && !is_target && !is_since && !is_until && !is_conf && !is_recall)
		return skip_member(r, NULL, line);
	scalar v;
	if (!scalar_value(r, &v, line))
		return false;
	if (is_since || is_until) {
		int64_t when;
		if (v.k != K_STRING || ct_parse_iso_time(r->s, &when) != 0)
			return bad(r, line, "\"explorer\": since and until must be times (YYYY-MM-DDTHH:MM:SSZ)");
		*(is_since ? &t->session_has_since : &t->session_has_until) = true;
		*(is_since ? &t->session_since : &t->session_until) = when;
		return true;
	}
	if (is_conf || is_recall) {
		if (v.k != K_NUMBER || !(v.num >= 0 && v.num <= 1))
			return bad(r, line, "\"explorer\": confidence and min_recall must be numbers from 0 to 1");
		*(is_conf ? &t->session_confidence : &t->session_min_recall) = v.num;
		return true;
	}
	if (v.k != K_STRING) {
		return bad(r, line, "\"explorer\": strategy and target must be strings");
	}
	char **slot = is_strategy ? &r->out->session_strategy : &r->out->session_target;
	*slot = strdup(r->s);
	return *slot ? true : oom(r);
}

/* "data_quality": {"time": {"first": T, "last": T}}; anything else in
 * it is checked and skipped.  A time that does not parse is not ours to
 * judge: the span is then unknown. */
static bool time_member(reader *r, void *ctx, uint64_t line)
{
	int64_t *span = ctx;
	bool first = strcmp(r->s, "first") == 0;
	if (!first && strcmp(r->s, "last") != 0)
		return skip_member(r, NULL, line);
	scalar v;
	if (!scalar_value(r, &v, line))
		return false;
	int64_t t;
	if (v.k == K_STRING && ct_parse_iso_time(r->s, &t) == 0)
		span[first ? 0 : 1] = t;
	return true;
}

static bool quality_member(reader *r, void *ctx, uint64_t line)
{
	if (strcmp(r->s, "time") != 0 || next_token(r) != '{')
		return skip_member(r, NULL, line);
	return object(r, time_member, ctx);
}

/* "totals": {"baseline_fp": N}, for the target's share; the rest skipped. */
static bool totals_member(reader *r, void *ctx, uint64_t line)
{
	(void)ctx;
	if (strcmp(r->s, "baseline_fp") != 0)
		return skip_member(r, NULL, line);
	scalar v;
	if (!scalar_value(r, &v, line))
		return false;
	if (v.k == K_NUMBER)
		r->out->baseline_fp = v.num;
	return true;
}

static bool top_member(reader *r, void *ctx, uint64_t line)
{
	(void)ctx;
	if (strcmp(r->s, "cameras") == 0) {
		if (next_token(r) != '[') {
			kind k;
			return skip_value(r, &k) && bad(r, line, "no \"cameras\" array (\"cameras\" is not an array)");
		}
		r->have_cameras = true;
		return array(r, camera_element, NULL);
	}
	if (strcmp(r->s, "explorer") == 0) {
		if (next_token(r) != '{') {
			kind k;
			return skip_value(r, &k) && bad(r, line, "\"explorer\": expected an object");
		}
		return object(r, session_member, NULL);
	}
	if (strcmp(r->s, "format_version") == 0) {
		/* doc/interfaces.md: a version this reader does not know is
		 * refused (a file without one is of version 1) */
		scalar v;
		if (!scalar_value(r, &v, line))
			return false;
		if (v.k != K_NUMBER || v.num != CT_THRESHOLDS_FORMAT_VERSION)
			return bad(r, line, "format_version %s: this camtune reads version %d (a newer "
			           "camtune wrote it?)", v.k == K_NUMBER ? "not 1" : "not a number",
			           CT_THRESHOLDS_FORMAT_VERSION);
		return true;
	}
	bool is_strategy = strcmp(r->s, "strategy") == 0;
	if (is_strategy || strcmp(r->s, "source") == 0) {
		char **slot = is_strategy ? &r->out->strategy : &r->out->source;
		scalar v;
		if (!scalar_value(r, &v, line))
			return false;
		if (v.k == K_STRING) { /* anything else: not ours to judge */
			free(*slot);
			*slot = strdup(r->s);
			if (!*slot)
				return oom(r);
		}
		return true;
	}
	if (strcmp(r->s, "target_fp_reduction") == 0) {
		scalar v;
		if (!scalar_value(r, &v, line))
			return false;
		if (v.k == K_NUMBER)
			r->out->target_fp_reduction = v.num;
		return true;
	}
	if (strcmp(r->s, "target") == 0) {
		scalar v;
		if (!scalar_value(r, &v, line))
			return false;
		if (v.k == K_STRING) {
			free(r->out->target_text);
			if (!(r->out->target_text = strdup(r->s)))
				return oom(r);
		}
		return true;
	}
	if (strcmp(r->s, "totals") == 0 && next_token(r) == '{')
		return object(r, totals_member, NULL);
	if (strcmp(r->s, "data_quality") == 0 && next_token(r) == '{') {
		int64_t span[2] = {INT64_MIN, INT64_MIN};
		if (!object(r, quality_member, span))
			return false;
		r->out->has_time = span[0] != INT64_MIN && span[1] != INT64_MIN;
		r->out->time_first = span[0];
		r->out->time_last = span[1];
		return true;
	}
	return skip_member(r, NULL, line);
}

/* ---- warnings ---------------------------------------------------------------- */

#define WARN_LINES 5

static bool warn(reader *r, size_t count, const size_t *lines, const char *what, const char *why)
{
	if (!count)
		return true;
	char list[128] = "";
	size_t used = 0;
	for (size_t i = 0; i < count && i < WARN_LINES; i++)
		used += (size_t)snprintf(list + used, sizeof list - used, "%s%zu", i ? ", " : "", lines[i]);
	if (count > WARN_LINES)
		snprintf(list + used, sizeof list - used, ", ...");
	char msg[512];
	snprintf(msg, sizeof msg, "%s: %zu threshold%s %s (line%s %s): %s", r->path, count,
	         count == 1 ? "" : "s", what, count == 1 ? "" : "s", list, why);
	ct_thresholds *t = r->out;
	char **v = realloc(t->warnings, (t->n_warnings + 1) * sizeof *v);
	if (!v)
		return oom(r);
	t->warnings = v;
	if (!(v[t->n_warnings] = strdup(msg)))
		return oom(r);
	t->n_warnings++;
	return true;
}

/* Probabilities lie in [0, 1]: a threshold below 0 keeps every alert, as
 * 0 does; one above 1 keeps none, which only a mute should say.  A camera
 * the file records at baseline ("fp_saved": 0) is exported at its lowest
 * score when that is negative (doc/domain.md "Threshold rule"): not a
 * slip, not warned about. */
static bool warnings(reader *r)
{
	size_t neg[WARN_LINES], high[WARN_LINES], n_neg = 0, n_high = 0;
	const ct_thresholds *t = r->out;
	for (size_t i = 0; i < t->n; i++) {
		const ct_threshold_entry *e = &t->v[i];
		if (e->threshold < 0 && !e->at_baseline && n_neg++ < WARN_LINES)
			neg[n_neg - 1] = e->line;
		if (e->threshold > 1 && !e->muted && n_high++ < WARN_LINES)
			high[n_high - 1] = e->line;
	}
	return warn(r, n_neg, neg, "below 0",
	            "no probability is, so it keeps every alert, as 0 does") &&
	       warn(r, n_high, high, "above 1 without \"muted\": true",
	            "no probability is, so it keeps no alert: a mute says \"muted\": true");
}

/* ---- reading ------------------------------------------------------------------ */

static void reader_free(reader *r)
{
	free(r->buf);
	free(r->s);
	free(r->num);
	free(r->seen);
	for (int d = 0; d <= MAX_DEPTH; d++) {
		free(r->keys[d].text);
		free(r->keys[d].v);
		free(r->keys[d].table);
	}
}

int ct_thresholds_read(const char *path, ct_thresholds *out, char *err, size_t errlen)
{
	memset(out, 0, sizeof *out);
	out->session_confidence = out->session_min_recall = NAN;
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	if (!f) {
		snprintf(err, errlen, "%s: cannot open: %s", path, strerror(errno));
		return CT_EXIT_NOINPUT;
	}
	struct stat st;
	if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, "%s: is a directory", path);
		if (f != stdin)
			fclose(f);
		return CT_EXIT_NOINPUT;
	}
	reader *r = calloc(1, sizeof *r);
	unsigned char *buf = malloc(READ_CHUNK + 1); /* and a sentinel */
	if (!r || !buf) {
		free(r);
		free(buf);
		if (f != stdin)
			fclose(f);
		snprintf(err, errlen, "%s: out of memory", path);
		return CT_EXIT_NOMEM;
	}
	r->f = f;
	r->path = path;
	r->err = err;
	r->errlen = errlen;
	r->buf = buf;
	r->p = r->end = buf;
	buf[0] = '\0';
	r->line = 1;
	r->out = out;
	r->ordered = true;
	out->target_fp_reduction = out->baseline_fp = NAN;

	/* A UTF-8 byte order mark, as editors write, is not part of the JSON. */
	if (peek(r) == 0xEF && r->end - r->p >= 3 && r->p[1] == 0xBB && r->p[2] == 0xBF)
		r->p += 3;
	int c = next_token(r);
	if (c == '{') {
		if (object(r, top_member, NULL)) {
			c = next_token(r);
			if (c == 0)
				binary(r);
			else if (c >= 0)
				malformed(r, "more data after the document");
			else if (!r->rc && !r->have_cameras)
				bad(r, r->line, "no \"cameras\" array");
			else if (!r->rc)
				warnings(r);
		}
	} else if (c == 0) {
		binary(r);
	} else if (c < 0) {
		if (!r->rc)
			malformed(r, "the file is empty");
	} else {
		kind k;
		if (skip_value(r, &k))
			bad(r, 1, "expected a JSON object with a \"cameras\" array");
	}
	if (f != stdin)
		fclose(f);
	int rc = r->rc;
	reader_free(r);
	free(r);
	if (rc)
		ct_thresholds_free(out);
	return rc;
}

/* The entries' names, in blocks that never move. */
struct ct_names {
	struct ct_names *next;
	size_t used, cap;
	char text[];
};

#define NAMES_BLOCK (1 << 16)

char *ct_thresholds_name(ct_thresholds *t, const char *s, size_t n)
{
	struct ct_names *b = t->names;
	if (!b || b->cap - b->used < n + 1) {
		size_t cap = n + 1 > NAMES_BLOCK ? n + 1 : NAMES_BLOCK;
		b = malloc(sizeof *b + cap);
		if (!b)
			return NULL;
		b->next = t->names;
		b->used = 0;
		b->cap = cap;
		t->names = b;
	}
	char *d = b->text + b->used;
	memcpy(d, s, n);
	d[n] = '\0';
	b->used += n + 1;
	return d;
}

ct_monitor_entry *ct_thresholds_monitor_entries(const ct_thresholds *t)
{
	ct_monitor_entry *e = calloc(t->n ? t->n : 1, sizeof *e);
	if (!e)
		return NULL;
	for (size_t i = 0; i < t->n; i++) {
		const ct_threshold_monitor *m = i < t->n_mon ? &t->mon[i] : NULL;
		e[i] = (ct_monitor_entry){
			.store = t->v[i].store,
			.camera_id = t->v[i].camera_id,
			.threshold = t->v[i].threshold,
			.muted = t->v[i].muted,
			.expected = m && m->has_expected ? &m->expected : NULL,
			.history = m && m->has_history ? &m->history : NULL,
		};
	}
	return e;
}

void ct_thresholds_free(ct_thresholds *t)
{
	for (struct ct_names *b = t->names, *next; b; b = next) {
		next = b->next;
		free(b);
	}
	free(t->v);
	free(t->mon);
	free(t->target_text);
	free(t->strategy);
	free(t->source);
	free(t->session_strategy);
	free(t->session_target);
	for (size_t i = 0; i < t->n_warnings; i++)
		free(t->warnings[i]);
	free(t->warnings);
	memset(t, 0, sizeof *t);
}
