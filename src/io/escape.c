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

size_t ct_escape_into(char *buf, size_t cap, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t total = 0, written = 0;
	bool cut = false;
	for (size_t i = 0; i < len;) {
		char one[12];
		size_t used, k = show_one(p + i, len - i, one, &used);
		i += used;
		if (!cut && written + k < cap) {
			memcpy(buf + written, one, k);
			written += k;
		} else {
			cut = true; /* at a character boundary */
		}
		total += k;
	}
	if (cap > 0)
		buf[written] = '\0';
	return total;
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
	if (!ct_escape_needed(s, len))
		return s;
	ct_escape_into(buf, cap, s, len);
	return buf;
}
