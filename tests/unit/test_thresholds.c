/* test_thresholds.c -- the thresholds JSON writer and reader.
 *
 *  - the streaming writer gives the bytes of the old cJSON renderer
 *    (tests/unit/thresholds_cjson.c) on random fleets with names that need
 *    escaping, every optional part on or off, and reads back to the same
 *    cameras;
 *  - the strict reader: accepted forms, refusals with their lines, reads
 *    across its buffer's boundaries;
 *  - allocation failures: this program is linked with --wrap for malloc,
 *    calloc, realloc and strdup (Makefile.am), and the N-th call fails, N
 *    swept over every call of a write, a read, a cJSON document and
 *    report --json: a write exits 1 and leaves no file (an old one
 *    untouched), a read returns 1, a cJSON document is printed whole or
 *    not at all, the report is written whole or not at all (exit 1); under
 *    the sanitizer build, nothing leaks on any of these paths either.
 */
#include "config.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/curve.h"
#include "core/dataset.h"
#include "io/exit.h"
#include "io/thresholds.h"
#include "report/report.h"
#include "thresholds_cjson.h"
#include "../tap.h"

/* ---- the failing allocator ----------------------------------------------- */

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t m);
void *__real_realloc(void *p, size_t n);
char *__real_strdup(const char *s);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t m);
void *__wrap_realloc(void *p, size_t n);
char *__wrap_strdup(const char *s);

static long alloc_calls, fail_at; /* fail_at 0: never */

static bool fails(void)
{
	return ++alloc_calls == fail_at;
}

void *__wrap_malloc(size_t n)
{
	if (fails()) {
		errno = ENOMEM;
		return NULL;
	}
	return __real_malloc(n);
}

void *__wrap_calloc(size_t n, size_t m)
{
	if (fails()) {
		errno = ENOMEM;
		return NULL;
	}
	return __real_calloc(n, m);
}

void *__wrap_realloc(void *p, size_t n)
{
	if (fails()) {
		errno = ENOMEM;
		return NULL;
	}
	return __real_realloc(p, n);
}

char *__wrap_strdup(const char *s)
{
	if (fails()) {
		errno = ENOMEM;
		return NULL;
	}
	return __real_strdup(s);
}

static void failing_from(long n)
{
	alloc_calls = 0;
	fail_at = n;
}

/* ---- random fleets ---------------------------------------------------------- */

static uint64_t rng = 88172645463325252ull;
static uint64_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}
static unsigned below(unsigned n) { return (unsigned)(next() % n); }

/* A name with the characters JSON escapes, UTF-8, DEL, slashes. */
static void odd_name(char *buf, size_t len)
{
	static const char *const parts[] = {"a", "Z", "7", "\"", "\\", "/", "\b", "\f", "\n", "\r",
	                                    "\t", "\x01", "\x1f", "\x7f", "\xc3\xa9", "\xf0\x9f\x98\x80",
	                                    " ", "{", "]", ":", ","};
	size_t n = 1 + below(6), used = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		const char *p = below(3) ? parts[below(3)] : parts[below(sizeof parts / sizeof *parts)];
		if (used + strlen(p) + 1 > len)
			break;
		strcpy(buf + used, p);
		used += strlen(p);
	}
}

typedef struct fleet {
	ct_dataset *ds;
	ct_options *opts;
	ct_solution sol;
	uint8_t *hand;
	ct_quality q;
	ct_expectation e;
	ct_thresholds_meta meta;
	char source[64], target_text[16];
} fleet;

static void fleet_make(fleet *f, size_t n_cameras)
{
	memset(f, 0, sizeof *f);
	ct_builder *b = ct_builder_new();
	for (size_t i = 0; i < n_cameras; i++) {
		char store[64], id[64];
		odd_name(store, sizeof store);
		if (below(2))
			snprintf(id, sizeof id, "%u", below(100));
		else
			odd_name(id, sizeof id);
		int32_t c = ct_builder_camera(b, store, strlen(store), id, strlen(id));
		unsigned alerts = below(12);
		for (unsigned k = 0; k < alerts; k++) {
			/* scores of a float32 model, some outside [0, 1] */
			double p = below(20) ? (double)(float)((double)below(1000000) / 1e6)
			                     : (double)below(300) / 100.0 - 1;
			ct_builder_add(b, (uint32_t)c, p, below(4) == 0);
		}
	}
	f->ds = ct_builder_finish(b);
	f->opts = ct_options_build(f->ds);
	size_t n = f->ds->n_cameras;
	f->sol.strategy = (ct_strategy)below(CT_N_STRATEGIES);
	f->sol.n_cameras = n;
	f->sol.setting = calloc(n ? n : 1, sizeof *f->sol.setting);
	f->hand = calloc(n ? n : 1, 1);
	for (size_t i = 0; i < n; i++) {
		uint32_t lo = f->opts->offset[i], hi = f->opts->offset[i + 1];
		f->sol.setting[i] = f->opts->v[lo + below(hi - lo)];
		f->sol.tp_lost += f->sol.setting[i].tp_lost;
		f->sol.fp_saved += f->sol.setting[i].fp_saved;
		f->hand[i] = (uint8_t)below(5); /* 4: not a ct_hand_set, left out */
	}
	f->sol.target_met = below(2);
	f->sol.lower_bound = below(2) ? NAN : (double)below(1000) / 7;
	odd_name(f->source, sizeof f->source);
	snprintf(f->target_text, sizeof f->target_text, "%u%%", below(100));

	f->q.source = f->source;
	f->q.counts_rows = below(2);
	f->q.is_summary = below(4) == 0;
	f->q.rows = next() % 100000;
	f->q.loaded = f->q.rows / 2;
	for (int i = 0; i < CT_N_SKIP; i++)
		if (below(3) == 0) {
			f->q.skipped[i].count = below(9);
			for (int k = 0; k < CT_QUALITY_EXAMPLES; k++)
				f->q.skipped[i].lines[k] = next() % 1000;
		}
	for (int i = 0; i < CT_N_WARN; i++)
		if (below(3) == 0)
			f->q.warned[i].count = 1 + below(9);
	f->q.time_first = below(2) ? CT_NO_TIME : (uint32_t)(1.6e9 + below(1000000));
	f->q.time_last = f->q.time_first == CT_NO_TIME ? CT_NO_TIME : f->q.time_first + below(1000);
	f->q.has_since = below(2);
	f->q.since = 1600000000;
	f->q.has_until = below(2);
	f->q.until = 1700000000;
	f->q.outside.count = below(3);

	f->e = (ct_expectation){(double)next() / 1e15, 1.0 / (1 + below(9)), 0.123456, 7.891011,
	                        0.9, 1.0 / 3, 0.01, below(2) ? NAN : 0.5,
	                        {0, 0, 0, 0}};

	f->meta = (ct_thresholds_meta){
		.source = below(4) ? f->source : NULL,
		.strategy = below(2) ? "exact+manual" : NULL,
		.target = (double)below(100000) / 3,
		.target_text = below(2) ? f->target_text : NULL,
		.min_recall = below(2) ? 0 : 0.75,
		.quality = below(2) ? &f->q : NULL,
		.expected = below(2) ? &f->e : NULL,
		.confidence = below(2) ? NAN : 0.9,
		.session_strategy = below(2) ? "robust" : NULL,
		.hand_set = below(2) ? f->hand : NULL,
		.session_has_since = below(2),
		.session_since = 1600000000 + below(1000000),
		.session_has_until = below(2),
		.session_until = 1700000000 + below(1000000),
		.session_confidence = below(2) ? 0 : 0.8,
	};
}

static void fleet_free(fleet *f)
{
	free(f->sol.setting);
	free(f->hand);
	ct_options_free(f->opts);
	ct_dataset_free(f->ds);
}

/* What ct_thresholds_print writes, as text (NULL: it failed). */
static char *streamed(const fleet *f, int *rc)
{
	char *text = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&text, &len);
	int saved;
	*rc = ct_thresholds_print(m, f->ds, &f->sol, &f->meta, &saved);
	fclose(m);
	if (*rc != 0) {
		free(text);
		return NULL;
	}
	return text;
}

static char tmpdir[64];

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	fputs(text, f);
	fclose(f);
}

static char *read_all(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 4096, n = 0, got;
	char *buf = __real_malloc(cap);
	while ((got = fread(buf + n, 1, cap - n - 1, f)) > 0)
		if ((n += got) + 1 >= cap)
			buf = __real_realloc(buf, cap *= 2);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static size_t files_in(const char *dir)
{
	DIR *d = opendir(dir);
	size_t n = 0;
	for (struct dirent *e; (e = readdir(d));)
		n += e->d_name[0] != '.' || (e->d_name[1] && strcmp(e->d_name, "..") != 0);
	closedir(d);
	return n;
}

/* ---- the writer against the oracle ----------------------------------------- */

static void test_oracle(void)
{
	int same = 0, total = 0, read_back = 0;
	for (int round = 0; round < 400; round++) {
		fleet f;
		fleet_make(&f, round < 4 ? (size_t)round : 1 + below(40));
		char *want = cjson_thresholds_render(f.ds, &f.sol, &f.meta);
		int rc;
		char *got = streamed(&f, &rc);
		total++;
		if (got && want && strcmp(got, want) == 0) {
			same++;
		} else if (same + 1 == total) { /* the first difference, shown */
			size_t i = 0;
			while (got && want && got[i] == want[i])
				i++;
			tap_diag("round %d: differs at byte %zu: got \"%.40s\", want \"%.40s\"", round, i,
			         got ? got + i : "(null)", want ? want + i : "(null)");
		}
		/* and it reads back: every camera, its threshold to the bit */
		char path[128];
		snprintf(path, sizeof path, "%s/oracle.json", tmpdir);
		write_file(path, got ? got : "");
		ct_thresholds t;
		char err[512];
		bool ok_back = ct_thresholds_read(path, &t, err, sizeof err) == 0 &&
		               t.n == f.ds->n_cameras;
		for (size_t i = 0; ok_back && i < t.n; i++) {
			const ct_camera *c = &f.ds->cameras[i];
			const ct_option *o = &f.sol.setting[i];
			int hand = f.meta.hand_set && f.hand[i] <= CT_HAND_EXCLUDED ? f.hand[i] : CT_HAND_NONE;
			ok_back = strcmp(t.v[i].store, c->store) == 0 &&
			          strcmp(t.v[i].camera_id, c->camera_id) == 0 &&
			          t.v[i].threshold == ct_deployed_threshold(c, o->threshold, o->muted) &&
			          t.v[i].muted == o->muted && (int)t.v[i].hand_set == hand;
		}
		if (ok_back)
			ok_back = (f.meta.session_strategy != NULL) == (t.session_strategy != NULL);
		/* the session's window and confidence read back */
		if (ok_back && f.meta.session_strategy)
			ok_back = t.session_has_since == f.meta.session_has_since &&
			          (!t.session_has_since || t.session_since == f.meta.session_since) &&
			          t.session_has_until == f.meta.session_has_until &&
			          (!t.session_has_until || t.session_until == f.meta.session_until) &&
			          (f.meta.session_confidence > 0 ? t.session_confidence == 0.8
			                                         : isnan(t.session_confidence));
		if (!ok_back && read_back == round)
			tap_diag("round %d: read back: %s", round, err);
		read_back += ok_back;
		if (ok_back)
			ct_thresholds_free(&t);
		free(got);
		free(want);
		fleet_free(&f);
	}
	is_int(same, total, "streamed = cJSON's document, byte for byte, on %d random fleets", total);
	is_int(read_back, total, "every streamed document reads back to the same cameras and thresholds");
}

/* ---- numbers -------------------------------------------------------------------- */

/* What camtune always printed: the shortest of %.15g, %.16g, %.17g that
 * reads back. */
static void format_reference(char *buf, size_t len, double v)
{
	if (!isfinite(v)) {
		snprintf(buf, len, "null");
		return;
	}
	for (int prec = 15; prec <= 17; prec++) {
		snprintf(buf, len, "%.*g", prec, v);
		if (strtod(buf, NULL) == v)
			return;
	}
}

static double random_double(int kind)
{
	uint64_t bits = next();
	double v;
	switch (kind) {
	case 0: /* any bit pattern: subnormals, huge, tiny */
		memcpy(&v, &bits, sizeof v);
		return v;
	case 1: /* a float32 model's score */
		return (double)(float)((double)(bits % 100000000) / 1e8);
	case 2: /* a ratio of counts (recall, Wilson bounds) */
		return (double)(bits % 1000) / (double)(1 + (bits >> 20) % 1000);
	case 3: /* few digits, every magnitude: ties of the 16th and 17th digits */
		return (double)(int64_t)(bits % 2000001 - 1000000) * pow(10, (double)((int)(bits >> 40) % 40 - 25));
	default: /* near powers of ten and integers (carries, the notation's switch) */
		v = pow(10, (double)((int)(bits % 40) - 20));
		for (int k = (int)(bits >> 50) % 5; k > 0; k--)
			v = (bits >> 32) & 1 ? nextafter(v, INFINITY) : nextafter(v, 0);
		return (bits >> 33) & 1 ? -v : v;
	}
}

static void test_numbers(void)
{
	static const double fixed[] = {0.0, -0.0, 1, -1, 0.5, 1e15, 1e16, 1e17, 123456789012345678.0,
	                               1e-5, 9.9999999999999995e-5, 0.0001, 1e-4, 999999999999999.9,
	                               9999999999999998.0, 1.0000000000000002, 0.1, 0.2, 0.3,
	                               2.2250738585072014e-308, 4.9406564584124654e-324, 1.7976931348623157e308,
	                               0.142977, 0.14297699928283691, 1.0 / 3, 2.0 / 3, 5e-324, 100, 1e300};
	int same = 0, total = 0;
	char got[64], want[64];
	for (size_t i = 0; i < sizeof fixed / sizeof *fixed; i++) {
		ct_format_double(got, sizeof got, fixed[i]);
		format_reference(want, sizeof want, fixed[i]);
		total++;
		if (strcmp(got, want) == 0)
			same++;
		else
			tap_diag("%.17g: got %s, want %s", fixed[i], got, want);
	}
	for (int i = 0; i < 1000000; i++) {
		double v = random_double(i % 5);
		ct_format_double(got, sizeof got, v);
		format_reference(want, sizeof want, v);
		total++;
		if (strcmp(got, want) == 0)
			same++;
		else if (total - same <= 5)
			tap_diag("%.17g: got %s, want %s", v, got, want);
	}
	is_int(same, total, "ct_format_double = the shortest of %%.15g, %%.16g, %%.17g that reads back, "
	       "on %d doubles (any bits, float32 scores, ratios, ties, near powers of ten)", total);
}

/* ---- the reader ----------------------------------------------------------------- */

typedef struct read_case {
	const char *text;
	int rc;
	const char *msg; /* in the error (rc != 0) or the first warning */
	const char *desc;
} read_case;

static const read_case read_cases[] = {
	{"{\"cameras\": []}", 0, NULL, "no camera"},
	{"  {\"cameras\":[]}\r\n\t ", 0, NULL, "white space around"},
	{"{\"cameras\": [{\"store\": \"s\", \"camera_id\": 12, \"threshold\": 1e-3}]}", 0, NULL,
	 "a numeric camera id, an exponent"},
	{"{\"cameras\": [{\"store\": \"s\", \"camera_id\": \"1\", \"threshold\": -0.0, \"muted\": false, "
	 "\"hand_set\": \"excluded\", \"x\": [1, {\"y\": null}], \"z\": {}}], \"explorer\": "
	 "{\"strategy\": \"exact\", \"target\": \"5%\", \"other\": 1}, \"strategy\": 3}", 0, NULL,
	 "every optional field, other keys of any type"},
	{"{\"cameras\": [{\"store\": \"\\u00e9\\ud83d\\ude00\\/\\b\", \"camera_id\": \"1\", "
	 "\"threshold\": 0}]}", 0, NULL, "escapes"},
	{"", 65, "line 1, column 1: malformed JSON: the file is empty", "empty"},
	{"{\"cameras\": [], \"cameras\": []}", 65, "line 1: the key \"cameras\" appears twice", "a key twice"},
	{"{\"cameras\": [], \"a\": {\"b\\u0000\": 1, \"b\": 2}}", 65, "line 1: \\u0000 in a string",
	 "\\u0000 in a key"},
	{"{\"cameras\": [], \"a\": {\"\\u0062\": 1, \"b\": 2}}", 65, "the key \"b\" appears twice",
	 "a key twice, once escaped"},
	{"{\"cameras\": []} x", 65, "line 1, column 17: malformed JSON: more data after the document",
	 "data after"},
	{"{\"cameras\": [{\"store\": \"s\", \"camera_id\": \"1\", \"threshold\": 01}]}", 65,
	 "malformed JSON: not a number", "a leading zero"},
	{"{\"cameras\": [{\"store\": \"s\", \"camera_id\": \"1\", \"threshold\": +1}]}", 65,
	 "malformed JSON: not a value", "a plus sign"},
	{"{\"cameras\": [{\"store\": \"s\", \"camera_id\": \"1\", \"threshold\": .5}]}", 65,
	 "malformed JSON: not a value", "no digit before '.'"},
	{"{\"cameras\": [{\"store\": \"s\", \"camera_id\": \"1\", \"threshold\": 1.}]}", 65,
	 "malformed JSON: a number needs digits after its '.'", "no digit after '.'"},
	{"{\"cameras\": [{\"store\": \"s\", \"camera_id\": \"1\", \"threshold\": 1e}]}", 65,
	 "malformed JSON: a number needs digits in its exponent", "no digit in the exponent"},
	{"{\"cameras\": [{\"store\": \"s\", \"camera_id\": \"1\", \"threshold\": 1e400}]}", 65,
	 "line 1: cameras[0].threshold: expected a finite number", "an overflowing threshold"},
	{"{\"cameras\": [{\"store\": \"a\tb\", \"camera_id\": \"1\", \"threshold\": 0}]}", 65,
	 "malformed JSON: a control character in a string", "a raw tab in a string"},
	{"{\"cameras\": [{\"store\": \"\\ud83d\", \"camera_id\": \"1\", \"threshold\": 0}]}", 65,
	 "malformed JSON: a high surrogate not followed by a \\u low surrogate", "a lone high surrogate"},
	{"{\"cameras\": [{\"store\": \"\\ude00\", \"camera_id\": \"1\", \"threshold\": 0}]}", 65,
	 "malformed JSON: a \\u escape of a lone low surrogate", "a lone low surrogate"},
	{"{\"cameras\": [{\"store\": \"\\x\", \"camera_id\": \"1\", \"threshold\": 0}]}", 65,
	 "malformed JSON: an unknown escape", "an unknown escape"},
	{"{\"cameras\": [{\"store\": \"s\", \"camera_id\": \"1\"}]}", 65,
	 "line 1: cameras[0].threshold: expected a finite number", "no threshold"},
	{"{\"cameras\": [{\"store\": \"s\",\n\"camera_id\": [\"1\"], \"threshold\": 0}]}", 65,
	 "line 2: cameras[0].camera_id: expected a string", "a camera id that is an array"},
	{"{\"cameras\": [1]}", 65, "line 1: cameras[0]: expected an object", "a camera that is a number"},
	{"{\"cameras\": [{\"store\": \"s\", \"camera_id\": \"1\", \"threshold\": 0, \"hand_set\": \"x\"}]}",
	 65, "cameras[0].hand_set: expected \"locked\", \"muted\" or \"excluded\"", "a bad hand_set"},
	{"{\"explorer\": [], \"cameras\": []}", 65, "line 1: \"explorer\": expected an object",
	 "explorer not an object"},
	{"{\"explorer\": {\"target\": 5}, \"cameras\": []}", 65,
	 "line 1: \"explorer\": strategy and target must be strings", "explorer's target a number"},
	{"{\"a\": 1}\n", 65, "line 2: no \"cameras\" array", "no cameras"},
	{"{\"cameras\": [{\"store\": \"a\", \"camera_id\": \"2\", \"threshold\": 0},\n"
	 "{\"store\": \"a\", \"camera_id\": \"10\", \"threshold\": 0},\n"
	 "{\"store\": \"b\", \"camera_id\": \"1\", \"threshold\": 0},\n"
	 "{\"store\": \"a\", \"camera_id\": \"10\", \"threshold\": 0}]}", 65,
	 "line 4: camera a:10 appears more than once (also line 2)",
	 "a camera twice, in order until the second time"},
	{"{\"cameras\": [{\"store\": \"b\", \"camera_id\": \"1\", \"threshold\": 0},\n"
	 "{\"store\": \"a\", \"camera_id\": \"1\", \"threshold\": 0},\n"
	 "{\"store\": \"b\", \"camera_id\": \"1\", \"threshold\": 0}]}", 65,
	 "line 3: camera b:1 appears more than once (also line 1)", "a camera twice, out of order"},
	{"{\"cameras\": [{\"store\": \"a\", \"camera_id\": \"7\", \"threshold\": 0},\n"
	 "{\"store\": \"a\", \"camera_id\": \"07\", \"threshold\": 0},\n"
	 "{\"store\": \"a\", \"camera_id\": 7.0, \"threshold\": 0}]}", 65,
	 "line 3: camera a:7 appears more than once (also line 1)",
	 "7 and 07 are two cameras, 7.0 is 7"},
	{"{\"cameras\": [] \"a\": 1}", 65, "malformed JSON: expected ',' or '}' after a member",
	 "a missing comma"},
	{"{\"cameras\": [tru]}", 65, "malformed JSON: not a value", "a cut literal"},
	{"{\"cameras\": [{\"store\": \"s\", \"camera_id\": \"1\", \"threshold\": 2},\n"
	 "{\"store\": \"s\", \"camera_id\": \"2\", \"threshold\": 3}]}",
	 0, "2 thresholds above 1 without \"muted\": true (lines 1, 2)", "warned: above 1"},
};

static void test_reader(void)
{
	char path[128];
	snprintf(path, sizeof path, "%s/case.json", tmpdir);
	for (size_t i = 0; i < sizeof read_cases / sizeof *read_cases; i++) {
		const read_case *c = &read_cases[i];
		write_file(path, c->text);
		ct_thresholds t;
		char err[512] = "";
		int rc = ct_thresholds_read(path, &t, err, sizeof err);
		is_int(rc, c->rc, "read: %s: exit %d", c->desc, c->rc);
		const char *said = rc ? err : t.n_warnings ? t.warnings[0] : "";
		if (c->msg) {
			bool has = strstr(said, c->msg) && strncmp(said, path, strlen(path)) == 0;
			ok(has, "read: %s: says '%s' after the file name", c->desc, c->msg);
			if (!has)
				tap_diag("said: %s", said);
		} else if (rc == 0) {
			is_int(t.n_warnings, 0, "read: %s: no warning", c->desc);
		}
		if (rc == 0)
			ct_thresholds_free(&t);
	}

	/* Tokens across the reader's 64 KiB buffer: a string longer than it,
	 * then cameras whose numbers and escapes fall on every offset. */
	size_t cap = 1 << 20, n = 0;
	char *big = __real_malloc(cap);
	n += (size_t)sprintf(big, "{\"pad\": \"");
	for (int i = 0; i < 70000; i++)
		big[n++] = (char)('a' + i % 26);
	n += (size_t)sprintf(big + n, "\", \"cameras\": [");
	for (int i = 0; i < 4000; i++)
		n += (size_t)sprintf(big + n, "%s{\"store\": \"s\\u00e9%d\", \"camera_id\": \"%d\", "
		                              "\"threshold\": 0.%07d}", i ? ",\n" : "", i, i, i * 37);
	n += (size_t)sprintf(big + n, "]}\n");
	big[n] = '\0';
	write_file(path, big);
	ct_thresholds t;
	char err[512] = "";
	int rc = ct_thresholds_read(path, &t, err, sizeof err);
	is_int(rc, 0, "read: tokens across the read buffer's boundaries: exit 0 (%s)", err);
	bool all = rc == 0 && t.n == 4000;
	for (int i = 0; all && i < 4000; i++) {
		char want[32];
		snprintf(want, sizeof want, "s\xc3\xa9%d", i);
		all = strcmp(t.v[i].store, want) == 0 && t.v[i].line == (size_t)i + 1 &&
		      t.v[i].threshold == (double)(i * 37) / 1e7;
	}
	ok(all, "read: every camera across the boundaries, with its line");
	if (rc == 0)
		ct_thresholds_free(&t);
	free(big);
}

/* A random number as JSON may write it: a sign, 1 to 22 digits, maybe a
 * fraction with leading zeros, maybe an exponent (upper or lower case,
 * signed or not), of either the reader's fast path or strtod's. */
static int random_number_text(char *buf)
{
	int n = 0;
	if (next() % 4 == 0)
		buf[n++] = '-';
	int int_digits = (int)(next() % 6);
	if (int_digits == 0)
		buf[n++] = '0';
	for (int i = 0; i < int_digits; i++)
		buf[n++] = (char)('0' + (i == 0 ? 1 + next() % 9 : next() % 10));
	if (next() % 5 != 0) {
		buf[n++] = '.';
		int zeros = next() % 3 == 0 ? (int)(next() % 8) : 0;
		int digits = 1 + (int)(next() % 22);
		for (int i = 0; i < zeros; i++)
			buf[n++] = '0';
		for (int i = 0; i < digits; i++)
			buf[n++] = (char)('0' + next() % 10);
	}
	if (next() % 3 == 0) {
		buf[n++] = next() % 2 ? 'e' : 'E';
		uint64_t k = next() % 3;
		if (k)
			buf[n++] = k == 1 ? '-' : '+';
		n += sprintf(buf + n, "%d", (int)(next() % 40));
	}
	buf[n] = '\0';
	return n;
}

/* Every number read is strtod's double, bit for bit: 100,000 random
 * numbers, short and long (past 2^53, past 10^22), as thresholds. */
static void test_number_values(void)
{
	enum { N = 100000 };
	char path[128];
	snprintf(path, sizeof path, "%s/case.json", tmpdir);
	size_t cap = (size_t)N * 96 + 64, n = 0;
	char *text = __real_malloc(cap);
	char (*num)[48] = __real_malloc(N * sizeof *num);
	n += (size_t)sprintf(text, "{\"cameras\": [");
	for (int i = 0; i < N; i++) {
		random_number_text(num[i]);
		n += (size_t)sprintf(text + n, "%s{\"store\": \"s\", \"camera_id\": \"%d\", \"threshold\": %s}",
		                     i ? ",\n" : "", i, num[i]);
	}
	n += (size_t)sprintf(text + n, "]}\n");
	write_file(path, text);
	ct_thresholds t;
	char err[512] = "";
	int rc = ct_thresholds_read(path, &t, err, sizeof err);
	is_int(rc, 0, "read: 100,000 random numbers: exit 0 (%s)", err);
	int same = 0;
	for (int i = 0; rc == 0 && i < N && (size_t)i < t.n; i++) {
		double want = strtod(num[i], NULL);
		if (memcmp(&want, &t.v[i].threshold, sizeof want) == 0)
			same++;
		else if (i - same < 5)
			tap_diag("%s: read %.17g, strtod %.17g", num[i], t.v[i].threshold, want);
	}
	is_int(same, N, "read: every number is strtod's double, bit for bit");
	if (rc == 0)
		ct_thresholds_free(&t);
	free(num);
	free(text);
}

/* ---- write errors ------------------------------------------------------------------ */

/* A disk that fills up after `room` bytes, through the real atomic path:
 * RLIMIT_FSIZE makes a write beyond it fail (EFBIG, SIGXFSZ ignored). */
static void test_write_errors(void)
{
	fleet f;
	fleet_make(&f, 200);
	f.meta.quality = &f.q;
	int rc;
	char *whole = streamed(&f, &rc);
	size_t len = whole ? strlen(whole) : 0;
	char dir[128], path[160], old[160], err[512];
	snprintf(dir, sizeof dir, "%s/full", tmpdir);
	mkdir(dir, 0700);
	snprintf(path, sizeof path, "%s/new.json", dir);
	snprintf(old, sizeof old, "%s/old.json", dir);
	write_file(old, "sentinel\n");
	void (*was)(int) = signal(SIGXFSZ, SIG_IGN);
	struct rlimit saved;
	getrlimit(RLIMIT_FSIZE, &saved);
	int right = 0, runs = 0;
	for (size_t room = 0; room < len; room += 1 + room / 2) {
		for (int existing = 0; existing < 2; existing++, runs++) {
			const char *target = existing ? old : path;
			struct rlimit lim = {(rlim_t)room, saved.rlim_max};
			setrlimit(RLIMIT_FSIZE, &lim);
			rc = ct_thresholds_write(target, f.ds, &f.sol, &f.meta, err, sizeof err);
			setrlimit(RLIMIT_FSIZE, &saved);
			char *text = read_all(target);
			bool ok_run = rc == CT_EXIT_CANTCREAT && strstr(err, strerror(EFBIG)) &&
			              (existing ? text && strcmp(text, "sentinel\n") == 0 : !text) &&
			              files_in(dir) == 1;
			if (!ok_run && right == runs)
				tap_diag("room %zu (%s): rc %d, %s", room, existing ? "existing" : "new", rc, err);
			right += ok_run;
			free(text);
		}
	}
	signal(SIGXFSZ, was);
	ok(len > 10000, "a document of %zu bytes", len);
	is_int(right, runs, "a disk full after any of %d sizes below the document's, new and existing "
	       "file: exit 73 saying why, no file, the old one untouched, no temporary file", runs / 2);
	unlink(old);
	rmdir(dir);
	free(whole);
	fleet_free(&f);
}

/* ---- allocation failures -------------------------------------------------------- */

static void test_alloc_failures(void)
{
	fleet f;
	fleet_make(&f, 30);
	f.meta.quality = &f.q;
	f.meta.expected = &f.e;
	f.meta.source = f.source;
	char path[128], old[128];
	snprintf(path, sizeof path, "%s/out/new.json", tmpdir);
	snprintf(old, sizeof old, "%s/out/old.json", tmpdir);
	char dir[128];
	snprintf(dir, sizeof dir, "%s/out", tmpdir);
	mkdir(dir, 0700);
	char *want = cjson_thresholds_render(f.ds, &f.sol, &f.meta);

	/* Writing: count the calls, then fail each one in turn. */
	char err[512];
	write_file(old, "sentinel\n");
	failing_from(0);
	int rc = ct_thresholds_write(path, f.ds, &f.sol, &f.meta, err, sizeof err);
	long calls = alloc_calls;
	char *text = read_all(path);
	ok(rc == 0 && text && strcmp(text, want) == 0, "write with no failure: the document");
	free(text);
	unlink(path);
	ok(calls > 5, "write: %ld allocations to fail, one at a time", calls);
	int good = 0, runs = 0;
	for (long n = 1; n <= calls; n++) {
		for (int existing = 0; existing < 2; existing++) {
			const char *target = existing ? old : path;
			failing_from(n);
			rc = ct_thresholds_write(target, f.ds, &f.sol, &f.meta, err, sizeof err);
			failing_from(0);
			text = read_all(target);
			bool right = rc == CT_EXIT_NOMEM &&
			             (strstr(err, "out of memory") || strstr(err, strerror(ENOMEM))) &&
			             (existing ? text && strcmp(text, "sentinel\n") == 0 : !text) &&
			             files_in(dir) == 1;
			if (!right && good == runs)
				tap_diag("allocation %ld failing (%s): rc %d, %s", n,
				         existing ? "existing file" : "new file", rc, err);
			good += right;
			runs++;
			free(text);
			if (!existing)
				unlink(path);
		}
	}
	is_int(good, runs, "write with allocation N failing, N = 1..%ld, new and existing file: "
	       "exit 1, no file, the old one untouched, no temporary file", calls);

	/* Reading it back. */
	write_file(path, want);
	ct_thresholds t;
	failing_from(0);
	rc = ct_thresholds_read(path, &t, err, sizeof err);
	calls = alloc_calls;
	ok(rc == 0 && t.n == f.ds->n_cameras, "read with no failure: every camera");
	if (rc == 0)
		ct_thresholds_free(&t);
	good = 0;
	for (long n = 1; n <= calls; n++) {
		failing_from(n);
		rc = ct_thresholds_read(path, &t, err, sizeof err);
		failing_from(0);
		bool right = rc == CT_EXIT_NOMEM && strstr(err, "out of memory");
		if (!right && good == n - 1)
			tap_diag("read, allocation %ld failing: rc %d, %s", n, rc, err);
		good += right;
		if (rc == 0)
			ct_thresholds_free(&t);
	}
	is_int(good, calls, "read with allocation N failing, N = 1..%ld: exit 1, out of memory", calls);
	unlink(path);

	/* A cJSON document (the data quality, as report --json and the others
	 * build theirs): printed whole, or not at all. */
	failing_from(0);
	cJSON *doc = ct_quality_to_json(&f.q);
	char *whole = ct_json_print(doc);
	cJSON_Delete(doc);
	calls = alloc_calls;
	good = 0;
	for (long n = 1; n <= calls; n++) {
		failing_from(n);
		doc = ct_quality_to_json(&f.q);
		char *got = ct_json_print(doc);
		cJSON_Delete(doc);
		failing_from(0);
		bool right = !got;
		if (!right && good == n - 1)
			tap_diag("cJSON, allocation %ld failing: printed %s", n,
			         strcmp(got, whole) == 0 ? "the whole document" : "a document with a hole");
		good += right;
		free(got);
	}
	ok(whole && calls > 10, "a cJSON document: %ld allocations", calls);
	is_int(good, calls, "a cJSON document with allocation N failing, N = 1..%ld: not printed", calls);
	free(whole);

	/* report --json: exit 1 and nothing written, or the whole report */
	ct_report rep;
	failing_from(0);
	if (ct_report_build(&rep, f.ds, &f.q) != 0) {
		ok(0, "ct_report_build");
	} else {
		char *full = NULL, *got = NULL;
		size_t len = 0;
		FILE *m = open_memstream(&full, &len);
		failing_from(0);
		rc = ct_report_write(m, &rep, CT_REPORT_JSON);
		calls = alloc_calls;
		fclose(m);
		ok(rc == 0 && len > 100, "report --json with no failure: %zu bytes, %ld allocations", len, calls);
		good = 0;
		for (long n = 1; n <= calls; n++) {
			m = open_memstream(&got, &len);
			failing_from(n);
			rc = ct_report_write(m, &rep, CT_REPORT_JSON);
			failing_from(0);
			fclose(m);
			bool right = (rc == CT_EXIT_NOMEM && len == 0) || (rc == 0 && strcmp(got, full) == 0);
			if (!right && good == n - 1)
				tap_diag("report --json, allocation %ld failing: rc %d, %zu bytes written", n, rc, len);
			good += right;
			free(got);
		}
		is_int(good, calls, "report --json with allocation N failing, N = 1..%ld: exit 1 with "
		       "nothing written, or the whole report", calls);
		free(full);
		ct_report_free(&rep);
	}
	free(want);
	unlink(old);
	rmdir(dir);
	fleet_free(&f);
}

int main(void)
{
	snprintf(tmpdir, sizeof tmpdir, "/tmp/test_thresholds.XXXXXX");
	if (!mkdtemp(tmpdir)) {
		ok(0, "mkdtemp");
		return tap_done();
	}
	test_numbers();
	test_oracle();
	test_reader();
	test_number_values();
	test_write_errors();
	test_alloc_failures();
	char path[128];
	snprintf(path, sizeof path, "%s/oracle.json", tmpdir);
	unlink(path);
	snprintf(path, sizeof path, "%s/case.json", tmpdir);
	unlink(path);
	rmdir(tmpdir);
	return tap_done();
}
