/* json.c -- the streaming JSON writer (cJSON_Print's layout) and the
 * cJSON helpers: round-trip numbers, printing, the allocation hooks that
 * keep a document with a lost item from being printed. */
#include "config.h"

#include "io/json.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- numbers ---------------------------------------------------------------- */

/* %.*g of a value whose digits (P of them, no point) and decimal exponent
 * x (of the first digit) are known: C's rule, trailing zeros dropped. */
static void format_g(char *buf, size_t len, bool neg, const char *digits, int p, int x)
{
	int n = p;
	while (n > 1 && digits[n - 1] == '0')
		n--;
	char *o = buf, *end = buf + len - 1;
#define OUT(c) do { if (o < end) *o++ = (c); } while (0)
	if (neg)
		OUT('-');
	if (x < p && x >= -4) {
		if (x < 0) {
			OUT('0');
			OUT('.');
			for (int k = -1; k > x; k--)
				OUT('0');
			for (int k = 0; k < n; k++)
				OUT(digits[k]);
		} else {
			for (int k = 0; k <= x; k++)
				OUT(k < n ? digits[k] : '0');
			if (n > x + 1) {
				OUT('.');
				for (int k = x + 1; k < n; k++)
					OUT(digits[k]);
			}
		}
	} else {
		OUT(digits[0]);
		if (n > 1) {
			OUT('.');
			for (int k = 1; k < n; k++)
				OUT(digits[k]);
		}
		char e[16];
		snprintf(e, sizeof e, "e%c%02d", x < 0 ? '-' : '+', x < 0 ? -x : x);
		for (const char *c = e; *c; c++)
			OUT(*c);
	}
#undef OUT
	*o = '\0';
}

void ct_format_double(char *buf, size_t len, double v)
{
	if (!isfinite(v)) {
		snprintf(buf, len, "null");
		return;
	}
	/* An integer below 10^15 is what %.15g prints (recall 0 and 1, counts):
	 * without snprintf's and strtod's cost.  -0 keeps its sign. */
	if (v == floor(v) && fabs(v) < 1e15 && (v != 0 || !signbit(v))) {
		snprintf(buf, len, "%lld", (long long)v);
		return;
	}
	/* The shortest of %.15g, %.16g and %.17g that reads back exactly.  The
	 * 17 digits are printed once; the 15 and 16 digit forms are their
	 * roundings, which are %.Ng's own unless the digits dropped are a
	 * possible tie ("5", "50": then snprintf says). */
	char e17[40];
	snprintf(e17, sizeof e17, "%.16e", v);
	bool neg = e17[0] == '-';
	const char *m = e17 + neg; /* d.dddddddddddddddde[+-]XX */
	char d17[18];
	d17[0] = m[0];
	memcpy(d17 + 1, m + 2, 16);
	d17[17] = '\0';
	int x17 = atoi(m + 19);
	for (int p = 15; p <= 16; p++) {
		if (v == 0 || (d17[p] == '5' && (p == 16 || d17[16] == '0'))) {
			snprintf(buf, len, "%.*g", p, v);
		} else {
			char d[18];
			memcpy(d, d17, (size_t)p);
			int x = x17;
			if (d17[p] >= '5') { /* round up, carrying */
				int k = p - 1;
				while (k >= 0 && d[k] == '9')
					d[k--] = '0';
				if (k >= 0) {
					d[k]++;
				} else {
					d[0] = '1';
					x++;
				}
			}
			format_g(buf, len, neg, d, p, x);
		}
		if (strtod(buf, NULL) == v)
			return;
	}
	format_g(buf, len, neg, d17, 17, x17);
}

/* ---- the streaming writer ------------------------------------------------- */

int ct_jw_flush(ct_jw *w)
{
	if (!w->err && w->len && fwrite(w->buf, 1, w->len, w->f) != w->len)
		w->err = errno ? errno : EIO;
	w->len = 0;
	return w->err;
}

/* Buffered here: a call to fwrite per token costs more than the token. */
static void put(ct_jw *w, const char *s, size_t n)
{
	if (w->len + n > sizeof w->buf) {
		if (ct_jw_flush(w))
			return;
		if (n > sizeof w->buf) {
			if (fwrite(s, 1, n, w->f) != n)
				w->err = errno ? errno : EIO;
			return;
		}
	}
	memcpy(w->buf + w->len, s, n);
	w->len += n;
}

static void tabs(ct_jw *w, int n)
{
	static const char t[] = "\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t";
	while (n > 0) {
		int k = n < 16 ? n : 16;
		put(w, t, (size_t)k);
		n -= k;
	}
}

/* cJSON's escapes: the short ones, \u00xx for other control characters,
 * every other byte as it is. */
static void put_string(ct_jw *w, const char *s)
{
	put(w, "\"", 1);
	const char *run = s;
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c >= 32 && c != '"' && c != '\\')
			continue;
		put(w, run, (size_t)(s - run));
		run = s + 1;
		char esc[8];
		switch (c) {
		case '"': put(w, "\\\"", 2); break;
		case '\\': put(w, "\\\\", 2); break;
		case '\b': put(w, "\\b", 2); break;
		case '\f': put(w, "\\f", 2); break;
		case '\n': put(w, "\\n", 2); break;
		case '\r': put(w, "\\r", 2); break;
		case '\t': put(w, "\\t", 2); break;
		default:
			snprintf(esc, sizeof esc, "\\u%04x", c);
			put(w, esc, 6);
		}
	}
	put(w, run, (size_t)(s - run));
	put(w, "\"", 1);
}

void ct_jw_init(ct_jw *w, FILE *f)
{
	w->f = f;
	w->depth = 0;
	w->empty = w->in_array = 0;
	w->err = 0;
	w->len = 0;
}

/* Before a value: the separator after the previous item, and in an
 * object the indentation and the key. */
static void item(ct_jw *w, const char *key)
{
	int d = w->depth;
	if (d == 0)
		return;
	uint64_t bit = UINT64_C(1) << (d - 1);
	bool first = w->empty & bit;
	w->empty &= ~bit;
	if (w->in_array & bit) {
		if (!first)
			put(w, ", ", 2);
		return;
	}
	if (!first)
		put(w, ",\n", 2);
	tabs(w, d);
	put_string(w, key ? key : "");
	put(w, ":\t", 2);
}

static void open(ct_jw *w, const char *key, bool array)
{
	item(w, key);
	if (w->depth >= CT_JW_MAX_DEPTH) { /* a caller's bug, not data */
		if (!w->err)
			w->err = EINVAL;
		return;
	}
	uint64_t bit = UINT64_C(1) << w->depth;
	w->depth++;
	w->empty |= bit;
	if (array) {
		w->in_array |= bit;
		put(w, "[", 1);
	} else {
		w->in_array &= ~bit;
		put(w, "{\n", 2);
	}
}

void ct_jw_object(ct_jw *w, const char *key) { open(w, key, false); }
void ct_jw_array(ct_jw *w, const char *key) { open(w, key, true); }

void ct_jw_end(ct_jw *w)
{
	if (w->depth == 0)
		return;
	uint64_t bit = UINT64_C(1) << (w->depth - 1);
	if (w->in_array & bit) {
		put(w, "]", 1);
	} else {
		if (!(w->empty & bit))
			put(w, "\n", 1);
		tabs(w, w->depth - 1);
		put(w, "}", 1);
	}
	w->depth--;
}

static void raw(ct_jw *w, const char *key, const char *text)
{
	item(w, key);
	put(w, text, strlen(text));
}

void ct_jw_string(ct_jw *w, const char *key, const char *v)
{
	item(w, key);
	put_string(w, v ? v : "");
}

void ct_jw_number(ct_jw *w, const char *key, double v)
{
	char buf[40];
	ct_format_double(buf, sizeof buf, v);
	raw(w, key, buf);
}

void ct_jw_u64(ct_jw *w, const char *key, uint64_t v)
{
	char buf[24], *p = buf + sizeof buf;
	*--p = '\0';
	do
		*--p = (char)('0' + v % 10);
	while (v /= 10);
	raw(w, key, p);
}

void ct_jw_bool(ct_jw *w, const char *key, bool v) { raw(w, key, v ? "true" : "false"); }
void ct_jw_null(ct_jw *w, const char *key) { raw(w, key, "null"); }

void ct_jw_printed(ct_jw *w, const char *key, const char *text)
{
	item(w, key);
	/* cJSON escapes every newline inside a string: each one is layout */
	for (const char *nl; (nl = strchr(text, '\n')); text = nl + 1) {
		put(w, text, (size_t)(nl - text + 1));
		tabs(w, w->depth);
	}
	put(w, text, strlen(text));
}

void ct_jw_newline(ct_jw *w) { put(w, "\n", 1); }

/* ---- cJSON ---------------------------------------------------------------------
 *
 * cJSON's AddXToObject leave an item out, silently, when its allocation
 * fails.  The hooks note a failure, and the next ct_json_print refuses
 * its document and takes the note; so does the freeing of the last block
 * alive (the documents built meanwhile are gone).  A document dropped
 * unprinted after a failure, with an item cJSON leaked (AddItemToObject
 * failing to copy its key leaves the item to the caller), makes the next
 * document refused too: the safe side.  cJSON is used from one thread at
 * a time (the command line; the explorer writes its JSON with ct_jw). */
static void *(*json_alloc)(size_t) = malloc;
static void (*json_release)(void *) = free;
static size_t json_live;
static bool json_failed;

static void *hook_malloc(size_t n)
{
	void *p = json_alloc(n);
	if (p)
		json_live++;
	else
		json_failed = true;
	return p;
}

static void hook_free(void *p)
{
	if (!p)
		return;
	json_release(p);
	if (json_live && --json_live == 0)
		json_failed = false;
}

void ct_json_set_allocator(void *(*alloc)(size_t), void (*release)(void *))
{
	json_alloc = alloc ? alloc : malloc;
	json_release = release ? release : free;
	json_live = 0;
	json_failed = false;
}

/* Before main: cJSON allocates through the hooks from its first item on. */
__attribute__((constructor)) static void json_install_hooks(void)
{
	cJSON_Hooks hooks = {hook_malloc, hook_free};
	cJSON_InitHooks(&hooks);
}

cJSON *ct_json_number(double v)
{
	char buf[40];
	ct_format_double(buf, sizeof buf, v);
	return cJSON_CreateRaw(buf);
}

void ct_json_add(cJSON *o, const char *key, cJSON *item)
{
	if (!o || !cJSON_AddItemToObject(o, key, item))
		cJSON_Delete(item);
}

void ct_json_append(cJSON *array, cJSON *item)
{
	if (!array || !cJSON_AddItemToArray(array, item))
		cJSON_Delete(item);
}

/* The printed text with extra bytes, as a block of malloc's (callers free
 * it), or NULL under the rule of ct_json_print. */
static char *print(const cJSON *doc, const char *end)
{
	bool failed = json_failed;
	json_failed = false; /* taken: charged to this document */
	if (!doc || failed)
		return NULL;
	char *text = cJSON_Print(doc);
	json_failed = false; /* a failure of the print itself: text is NULL */
	if (!text)
		return NULL;
	size_t n = strlen(text), e = strlen(end);
	char *out = malloc(n + e + 1);
	if (out) {
		memcpy(out, text, n);
		memcpy(out + n, end, e + 1);
	}
	cJSON_free(text);
	return out;
}

char *ct_json_print(const cJSON *doc) { return print(doc, "\n"); }
char *ct_json_print_value(const cJSON *item) { return print(item, ""); }
