/* escape.c -- the shown form of names from the data (escape.h). */
#include "config.h"

#include "io/escape.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Decode one UTF-8 character at s (n bytes left): its code point and
 * length, or length 0 when the bytes are not well-formed UTF-8. */
static size_t utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	unsigned char c = s[0];
	size_t len;
	uint32_t v, min;
	if (c < 0x80) {
		*cp = c;
		return 1;
	} else if (c >= 0xc2 && c <= 0xdf) {
		len = 2, v = c & 0x1f, min = 0x80;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3, v = c & 0x0f, min = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4, v = c & 0x07, min = 0x10000;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		v = (v << 6) | (s[i] & 0x3f);
	}
	if (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
		return 0;
	*cp = v;
	return len;
}

/* Invisible or reordering characters: shown as \uXXXX. */
static bool hidden(uint32_t cp)
{
	return (cp >= 0x80 && cp <= 0x9f) || cp == 0xad || cp == 0x61c || cp == 0x180e ||
	       (cp >= 0x200b && cp <= 0x200f) || (cp >= 0x2028 && cp <= 0x202e) ||
	       (cp >= 0x2060 && cp <= 0x2064) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0xfeff;
}

/* The shown form of one character at s into out (>= 12 bytes); returns
 * its length, and the bytes consumed in *used. */
static size_t show_one(const unsigned char *s, size_t n, char *out, size_t *used)
{
	uint32_t cp;
	size_t len = utf8_decode(s, n, &cp);
	if (len == 0) {
		*used = 1;
		return (size_t)snprintf(out, 12, "\\x%02x", s[0]);
	}
	*used = len;
	if (cp < 0x20 || cp == 0x7f) {
		switch (cp) {
		case '\n':
			return (size_t)snprintf(out, 12, "\\n");
		case '\r':
			return (size_t)snprintf(out, 12, "\\r");
		case '\t':
			return (size_t)snprintf(out, 12, "\\t");
		default:
			return (size_t)snprintf(out, 12, "\\x%02x", (unsigned)cp);
		}
	}
	if (hidden(cp))
		return (size_t)snprintf(out, 12, "\\u%04x", (unsigned)cp);
	memcpy(out, s, len);
	return len;
}

bool ct_escape_needed(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	for (size_t i = 0; i < len;) {
		if (p[i] >= 0x20 && p[i] < 0x7f) {
			i++;
			continue;
		}
		uint32_t cp;
		size_t n = utf8_decode(p + i, len - i, &cp);
		if (n == 0 || cp < 0x20 || cp == 0x7f || hidden(cp))
			return true;
		i += n;
	}
	return false;
}

/* The shown form of s[0..len) into buf (cap > 0) and the length the whole
 * of it needs.  keep_lines: a line feed and a tab stay themselves (the
 * lines of a message).  When the shown form does not fit, it is cut at a
 * character boundary and ends with an ellipsis. */
static size_t escape_into(char *buf, size_t cap, const char *s, size_t len, bool keep_lines)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t total = 0, written = 0, fits = 0;
	for (size_t i = 0; i < len;) {
		char one[12];
		size_t used, k;
		if (keep_lines && (p[i] == '\n' || p[i] == '\t')) {
			one[0] = (char)p[i];
			k = used = 1;
		} else {
			k = show_one(p + i, len - i, one, &used);
		}
		i += used;
		if (written + k < cap) {
			memcpy(buf + written, one, k);
			written += k;
			/* where the cut goes if an ellipsis must follow */
			if (written + sizeof CT_ELLIPSIS - 1 < cap)
				fits = written;
		} else {
			written = cap; /* nothing more is written */
		}
		total += k;
	}
	if (cap == 0)
		return total;
	if (written >= cap && total >= cap) {
		memcpy(buf + fits, CT_ELLIPSIS, sizeof CT_ELLIPSIS - 1);
		written = fits + sizeof CT_ELLIPSIS - 1;
		if (written >= cap) /* a buffer shorter than the ellipsis */
			written = 0;
	}
	buf[written] = '\0';
	return total;
}

size_t ct_escape_into(char *buf, size_t cap, const char *s, size_t len)
{
	return escape_into(buf, cap, s, len, false);
}

char *ct_escape(const char *s)
{
	size_t len = strlen(s);
	size_t need = ct_escape_into(NULL, 0, s, len);
	char *out = malloc(need + 1);
	if (out)
		ct_escape_into(out, need + 1, s, len);
	return out;
}

const char *ct_shown(const char *s, char *buf, size_t cap)
{
	size_t len = strlen(s);
	if (len < cap && !ct_escape_needed(s, len))
		return s;
	ct_escape_into(buf, cap, s, len);
	return buf;
}

/* The start of the character at or after i (a UTF-8 continuation byte is
 * not one). */
static size_t char_start(const char *s, size_t len, size_t i)
{
	while (i < len && ((unsigned char)s[i] & 0xc0) == 0x80)
		i++;
	return i;
}

char *ct_escape_message(const char *s)
{
	size_t len = strlen(s);
	char *out = malloc(CT_MESSAGE_MAX);
	if (!out)
		return NULL;
	size_t need = escape_into(out, CT_MESSAGE_MAX, s, len, true);
	if (need < CT_MESSAGE_MAX)
		return out;
	/* Too long: its start and its end, which says what is wrong, with an
	 * ellipsis between. */
	size_t head = CT_MESSAGE_MAX / 2, tail = CT_MESSAGE_MAX / 4;
	size_t from = len > tail ? char_start(s, len, len - tail) : 0;
	char end[CT_MESSAGE_MAX / 4 + 16];
	escape_into(end, sizeof end, s + from, len - from, true);
	escape_into(out, head, s, len, true);
	size_t n = strlen(out), m = strlen(end);
	if (n + m + 1 > CT_MESSAGE_MAX) /* the end's escapes took its room */
		m = CT_MESSAGE_MAX - n - 1;
	memcpy(out + n, end, m);
	out[n + m] = '\0';
	return out;
}

typedef struct cp_range {
	uint32_t lo, hi;
} cp_range;

static bool in_ranges(uint32_t cp, const cp_range *r, size_t n)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (cp < r[mid].lo)
			hi = mid;
		else if (cp > r[mid].hi)
			lo = mid + 1;
		else
			return true;
	}
	return false;
}

/* Unicode's East Asian Width W and F, in broad blocks (sorted). */
static const cp_range wide[] = {
	{0x1100, 0x115f}, {0x231a, 0x231b}, {0x2329, 0x232a}, {0x23e9, 0x23ec},
	{0x23f0, 0x23f0}, {0x23f3, 0x23f3}, {0x25fd, 0x25fe}, {0x2614, 0x2615},
	{0x2648, 0x2653}, {0x267f, 0x267f}, {0x2693, 0x2693}, {0x26a1, 0x26a1},
	{0x26aa, 0x26ab}, {0x26bd, 0x26be}, {0x26c4, 0x26c5}, {0x26ce, 0x26ce},
	{0x26d4, 0x26d4}, {0x26ea, 0x26ea}, {0x26f2, 0x26f3}, {0x26f5, 0x26f5},
	{0x26fa, 0x26fa}, {0x26fd, 0x26fd}, {0x2705, 0x2705}, {0x270a, 0x270b},
	{0x2728, 0x2728}, {0x274c, 0x274c}, {0x274e, 0x274e}, {0x2753, 0x2755},
	{0x2757, 0x2757}, {0x2795, 0x2797}, {0x27b0, 0x27b0}, {0x27bf, 0x27bf},
	{0x2b1b, 0x2b1c}, {0x2b50, 0x2b50}, {0x2b55, 0x2b55}, {0x2e80, 0x303e},
	{0x3041, 0x33ff}, {0x3400, 0x4dbf}, {0x4e00, 0x9fff}, {0xa000, 0xa4cf},
	{0xa960, 0xa97f}, {0xac00, 0xd7a3}, {0xf900, 0xfaff}, {0xfe10, 0xfe19},
	{0xfe30, 0xfe6f}, {0xff00, 0xff60}, {0xffe0, 0xffe6}, {0x16fe0, 0x16fe4},
	{0x17000, 0x18cff}, {0x1b000, 0x1b2ff}, {0x1f004, 0x1f004}, {0x1f0cf, 0x1f0cf},
	{0x1f18e, 0x1f18e}, {0x1f191, 0x1f19a}, {0x1f200, 0x1f251}, {0x1f300, 0x1f64f},
	{0x1f680, 0x1f6ff}, {0x1f900, 0x1f9ff}, {0x1fa70, 0x1faff}, {0x20000, 0x2fffd},
	{0x30000, 0x3fffd},
};

/* Combining marks and variation selectors: no column of their own. */
static const cp_range zero[] = {
	{0x0300, 0x036f}, {0x0483, 0x0489}, {0x0591, 0x05bd}, {0x0610, 0x061a},
	{0x064b, 0x065f}, {0x0670, 0x0670}, {0x06d6, 0x06dc}, {0x06df, 0x06e4},
	{0x1160, 0x11ff}, {0x1ab0, 0x1aff}, {0x1dc0, 0x1dff}, {0x20d0, 0x20ff},
	{0x302a, 0x302d}, {0x3099, 0x309a}, {0xfe00, 0xfe0f}, {0xfe20, 0xfe2f},
	{0xe0100, 0xe01ef},
};

size_t ct_display_width(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), cols = 0;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t len = utf8_decode(p + i, n - i, &cp);
		if (len == 0) {
			cols++;
			i++;
			continue;
		}
		i += len;
		if (in_ranges(cp, zero, sizeof zero / sizeof zero[0]))
			continue;
		cols += in_ranges(cp, wide, sizeof wide / sizeof wide[0]) ? 2 : 1;
	}
	return cols;
}
