/* fuzz_number.c -- differential libFuzzer target for the loader's field
 * parsers: ct_parse_probability against strtod, ct_parse_camera_id against
 * a plain search.
 *
 * The loader reads probabilities with its own fast paths (exact small
 * powers of ten, an x87 division for 17-19 digit fractions) and promises
 * exactly strtod's double (load.h).  A threshold that is one ulp off
 * changes which alerts `>=` keeps, so any difference is a finding:
 *   - a plain decimal ([+-]digits[.digits][e[+-]digits], blanks around)
 *     that strtod reads as a finite double must parse to the same bits;
 *   - anything else (nan, inf, hex, a decimal comma, trailing text) and any
 *     decimal that overflows must be refused.
 * The same bytes as a video name: the camera id is what follows the first
 * "_camera_", up to '_', '.' or the end, and must not be empty.
 */
#include "config.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "io/load.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool digit(char c)
{
	return c >= '0' && c <= '9';
}

/* The grammar load.h documents, written independently of load.c. */
static bool plain_decimal(const char *p, const char *e)
{
	bool any = false;
	if (p < e && (*p == '+' || *p == '-'))
		p++;
	while (p < e && digit(*p))
		p++, any = true;
	if (p < e && *p == '.') {
		p++;
		while (p < e && digit(*p))
			p++, any = true;
	}
	if (!any)
		return false;
	if (p < e && (*p == 'e' || *p == 'E')) {
		p++;
		if (p < e && (*p == '+' || *p == '-'))
			p++;
		if (p == e || !digit(*p))
			return false;
		while (p < e && digit(*p))
			p++;
	}
	return p == e;
}

static void check_camera_id(const char *s, size_t size)
{
	const char *id = NULL;
	size_t id_len = 0;
	int r = ct_parse_camera_id(s, size, &id, &id_len);
	const char *want = NULL;
	for (size_t i = 0; i + 8 <= size && !want; i++)
		if (memcmp(s + i, "_camera_", 8) == 0)
			want = s + i + 8;
	size_t want_len = 0;
	while (want && want + want_len < s + size && want[want_len] != '_' && want[want_len] != '.')
		want_len++;
	if (!want || want_len == 0) {
		if (r == 0)
			abort(); /* an id where there is none */
		return;
	}
	if (r != 0 || id != want || id_len != want_len)
		abort(); /* not the id after the first _camera_ */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 4096)
		return 0;
	const char *s = (const char *)data;
	check_camera_id(s, size);
	double got = 0;
	int r = ct_parse_probability(s, size, &got);

	const char *p = s, *e = s + size;
	while (p < e && (*p == ' ' || *p == '\t'))
		p++;
	while (e > p && (e[-1] == ' ' || e[-1] == '\t'))
		e--;
	if (!plain_decimal(p, e)) {
		if (r == 0)
			abort(); /* accepted something that is not a plain decimal */
		return 0;
	}
	size_t n = (size_t)(e - p);
	char *copy = malloc(n + 1);
	if (!copy)
		return 0;
	memcpy(copy, p, n);
	copy[n] = '\0';
	char *end;
	double want = strtod(copy, &end);
	bool whole = end == copy + n;
	free(copy);
	if (!whole)
		abort(); /* the oracle's grammar is wrong */
	if (!isfinite(want)) {
		if (r == 0)
			abort(); /* an overflow was accepted */
		return 0;
	}
	if (r != 0)
		abort(); /* a plain finite decimal was refused */
	if (memcmp(&got, &want, sizeof got) != 0)
		abort(); /* not strtod's double */
	return 0;
}
