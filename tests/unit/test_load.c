/* test_load.c -- the CSV source and the loader: every malformed case with
 * its exact outcome (exit code, message, counts, line numbers), the input
 * variants (BOM, CRLF, quotes, delimiters, column order, stdin, gzip) and
 * the number parser against strtod, bit for bit.
 *
 * Fixtures live in tests/data/load/; the cases that need big or binary
 * input (empty, a 1 MB field, gzip, truncated gzip) are written to a
 * temporary directory.  Each fixture is also loaded with tiny chunks and
 * one or several parser threads, so chunk boundaries fall everywhere. */
#include "config.h"

#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "io/load.h"
#include "../tap.h"

static char data_dir[4096];
static char tmp_dir[] = "/tmp/camtune-test-load-XXXXXX";

typedef struct result {
	int rc;
	char err[1024];
	ct_dataset *ds;
	ct_quality q;
} result;

static const char *fixture(const char *name)
{
	static char buf[8][4200];
	static int k;
	char *b = buf[k++ % 8];
	snprintf(b, sizeof buf[0], "%s/%s", data_dir, name);
	return b;
}

static const char *tmp_path(const char *name)
{
	static char buf[8][4200];
	static int k;
	char *b = buf[k++ % 8];
	snprintf(b, sizeof buf[0], "%s/%s", tmp_dir, name);
	return b;
}

static void load_opts(result *r, const char *path, const ct_load_opts *o)
{
	memset(r, 0, sizeof *r);
	r->rc = ct_load_file(path, o, &r->ds, &r->q, r->err, sizeof r->err);
}

static void load(result *r, const char *path)
{
	ct_load_opts o;
	memset(&o, 0, sizeof o);
	load_opts(r, path, &o);
}

static void done(result *r)
{
	if (r->ds)
		ct_dataset_free(r->ds);
	ct_quality_free(&r->q);
	r->ds = NULL;
}

static int has(const char *hay, const char *needle)
{
	return strstr(hay, needle) != NULL;
}

#define has_msg(r, s, name)                                                   \
	do {                                                                  \
		if (!ok(has((r)->err, s), "%s: message has \"%s\"", name, s)) \
			tap_diag("message: %s", (r)->err);                   \
	} while (0)

static void write_file(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(data, 1, len, f) != len || fclose(f) != 0) {
		printf("Bail out! cannot write %s\n", path);
		exit(1);
	}
}

static char *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		printf("Bail out! cannot read %s\n", path);
		exit(1);
	}
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *b = malloc((size_t)n + 1);
	if (!b || fread(b, 1, (size_t)n, f) != (size_t)n) {
		printf("Bail out! cannot read %s\n", path);
		exit(1);
	}
	fclose(f);
	b[n] = '\0';
	*len = (size_t)n;
	return b;
}

static int32_t find(const ct_dataset *ds, const char *store, const char *id)
{
	return ds ? ct_dataset_find(ds, store, id) : -1;
}

static void lines_are(const ct_quality_count *c, const uint64_t *want, size_t n,
                      const char *name)
{
	int same = 1;
	for (size_t i = 0; i < n && i < CT_QUALITY_EXAMPLES; i++)
		same &= c->lines[i] == want[i];
	if (!ok(same, "%s: example line numbers", name)) {
		printf("#   got");
		for (size_t i = 0; i < n && i < CT_QUALITY_EXAMPLES; i++)
			printf(" %llu", (unsigned long long)c->lines[i]);
		printf("\n");
	}
}

/* ---- the "basic" file and its variants ------------------------------------ */

static void check_basic(const char *path, const char *name, const ct_load_opts *o)
{
	result r;
	if (o)
		load_opts(&r, path, o);
	else
		load(&r, path);
	is_int(r.rc, 0, "%s: loads", name);
	if (r.rc != 0) {
		tap_diag("error: %s", r.err);
		done(&r);
		return;
	}
	is_int(r.q.rows, 6, "%s: 6 rows", name);
	is_int(r.q.loaded, 4, "%s: 4 alerts", name);
	is_int(r.q.skipped[CT_SKIP_MISSING_PROBABILITY].count, 2, "%s: 2 without probability", name);
	lines_are(&r.q.skipped[CT_SKIP_MISSING_PROBABILITY], (const uint64_t[]){6, 7}, 2, name);
	is_int(r.ds->n_cameras, 3, "%s: 3 cameras (store, id)", name);
	is_int(r.ds->n_tp, 2, "%s: TP", name);
	is_int(r.ds->n_fp, 2, "%s: FP", name);
	int32_t c = find(r.ds, "pt-a", "25");
	ok(c >= 0 && r.ds->cameras[c].n_tp == 1 && r.ds->cameras[c].n_fp == 1 &&
	       r.ds->cameras[c].tp[0] == 0.9 && r.ds->cameras[c].fp[0] == 0.142977,
	   "%s: camera pt-a:25 has its two scores", name);
	ok(find(r.ds, "pt-a", "7") >= 0 && find(r.ds, "es-b", "25") >= 0,
	   "%s: ids repeat across stores as separate cameras", name);
	done(&r);
}

static void test_basic_variants(void)
{
	check_basic(fixture("basic.csv"), "basic", NULL);
	check_basic(fixture("crlf_bom.csv"), "CRLF + BOM", NULL);
	check_basic(fixture("comma.csv"), "comma detected", NULL);
	check_basic(fixture("shuffled.tsv"), "tab, shuffled, no index", NULL);

	ct_load_opts o;
	memset(&o, 0, sizeof o);
	o.source.delimiter = ',';
	check_basic(fixture("comma.csv"), "--delimiter ,", &o);
	/* Forcing the wrong delimiter: one column, so every column is missing. */
	result r;
	o.source.delimiter = ';';
	load_opts(&r, fixture("comma.csv"), &o);
	is_int(r.rc, 65, "forced ';' on a comma file: 65");
	has_msg(&r, "missing columns 'store', 'video_name', 'label', 'probability'", "forced ';'");
	done(&r);

	/* stdin */
	int saved = dup(STDIN_FILENO);
	int fd = open(fixture("basic.csv"), O_RDONLY);
	dup2(fd, STDIN_FILENO);
	close(fd);
	check_basic("-", "stdin", NULL);
	dup2(saved, STDIN_FILENO);
	close(saved);

	/* gzip, detected by content whatever the name */
	size_t len;
	char *text = read_all(fixture("basic.csv"), &len);
	gzFile gz = gzopen(tmp_path("basic.gz.csv"), "wb");
	gzwrite(gz, text, (unsigned)len);
	gzclose(gz);
	check_basic(tmp_path("basic.gz.csv"), "gzip (by magic bytes)", NULL);

	/* gzip from stdin */
	saved = dup(STDIN_FILENO);
	fd = open(tmp_path("basic.gz.csv"), O_RDONLY);
	dup2(fd, STDIN_FILENO);
	close(fd);
	check_basic("-", "gzip on stdin", NULL);
	dup2(saved, STDIN_FILENO);
	close(saved);

	/* truncated gzip: an error naming the file, not a short load */
	size_t glen;
	char *g = read_all(tmp_path("basic.gz.csv"), &glen);
	write_file(tmp_path("truncated.csv.gz"), g, glen - 12);
	load(&r, tmp_path("truncated.csv.gz"));
	is_int(r.rc, 65, "truncated gzip: 65");
	has_msg(&r, tmp_path("truncated.csv.gz"), "truncated gzip");
	has_msg(&r, "truncated gzip", "truncated gzip");
	done(&r);
	/* corrupt gzip body */
	g[glen / 2] ^= 0x55;
	g[glen / 2 + 1] ^= 0x55;
	write_file(tmp_path("corrupt.csv.gz"), g, glen);
	load(&r, tmp_path("corrupt.csv.gz"));
	is_int(r.rc, 65, "corrupt gzip: 65 (%s)", r.err);
	done(&r);
	free(g);
	free(text);
}

/* ---- malformed input -------------------------------------------------------- */

static void test_malformed(void)
{
	result r;

	load(&r, fixture("missing_column.csv"));
	is_int(r.rc, 65, "missing column: 65");
	has_msg(&r, "missing_column.csv: line 1: missing column 'probability' (found: '', 'store', 'video_name', 'label', 'prob'",
	        "missing column");
	ok(r.q.source == NULL, "missing column: quality freed on error");
	done(&r);

	load(&r, fixture("duplicate_column.csv"));
	is_int(r.rc, 65, "duplicate column: 65");
	has_msg(&r, "line 1: duplicate column 'store' (columns 2 and 6)", "duplicate column");
	done(&r);

	write_file(tmp_path("empty.csv"), "", 0);
	load(&r, tmp_path("empty.csv"));
	is_int(r.rc, 65, "empty file: 65");
	has_msg(&r, "empty.csv: empty file (no header)", "empty file");
	done(&r);

	write_file(tmp_path("blank.csv"), "\xEF\xBB\xBF\r\n\n  \n", 8);
	load(&r, tmp_path("blank.csv"));
	is_int(r.rc, 65, "BOM and blank lines only: 65");
	has_msg(&r, "empty file (no header)", "blank file");
	done(&r);

	{
		/* No end of line at all: refused without reading it all. */
		size_t n = (65u << 20);
		char *x = malloc(n);
		memset(x, 'x', n);
		write_file(tmp_path("noeol.csv"), x, n);
		free(x);
		load(&r, tmp_path("noeol.csv"));
		is_int(r.rc, 65, "no end of line: 65");
		has_msg(&r, "line 1: no end of line in the first 64 MiB", "no end of line");
		done(&r);
		/* 200,000 empty column names. */
		n = 200000;
		x = malloc(n + 1);
		memset(x, ';', n);
		x[n] = '\n';
		write_file(tmp_path("wide.csv"), x, n + 1);
		free(x);
		load(&r, tmp_path("wide.csv"));
		is_int(r.rc, 65, "too many columns: 65");
		has_msg(&r, "line 1: more than 100000 columns in the header", "too many columns");
		done(&r);
	}

	write_file(tmp_path("utf16.csv"), "\xFF\xFE;\0s\0", 6);
	load(&r, tmp_path("utf16.csv"));
	is_int(r.rc, 65, "UTF-16: 65");
	has_msg(&r, "utf16.csv: UTF-16 text", "UTF-16");
	done(&r);

	load(&r, fixture("header_only.csv"));
	is_int(r.rc, 65, "header only: 65");
	has_msg(&r, "header_only.csv: no data rows", "header only");
	done(&r);

	load(&r, fixture("unterminated.csv"));
	is_int(r.rc, 65, "unterminated quote: 65");
	has_msg(&r, "unterminated.csv: line 3: unterminated quoted field", "unterminated quote");
	done(&r);

	write_file(tmp_path("badquote.csv"),
	           ";store;video_name;label;probability\n0;a\"b;x_camera_1_ip_2;Theft;0.5\n", 63);
	load(&r, tmp_path("badquote.csv"));
	is_int(r.rc, 65, "quote inside an unquoted field: 65");
	has_msg(&r, "badquote.csv: line 2: malformed quoted field", "stray quote");
	done(&r);

	write_file(tmp_path("cr.csv"), ";store;video_name;label;probability\r0;a;b;c;d\r", 46);
	load(&r, tmp_path("cr.csv"));
	is_int(r.rc, 65, "lone CR line endings: 65");
	has_msg(&r, "carriage return", "lone CR");
	done(&r);

	load(&r, "/nonexistent/camtune.csv");
	is_int(r.rc, 66, "missing file: 66");
	has_msg(&r, "/nonexistent/camtune.csv: cannot open: No such file or directory", "missing file");
	done(&r);

	load(&r, tmp_dir);
	is_int(r.rc, 66, "directory: 66");
	has_msg(&r, "is a directory", "directory");
	done(&r);

	/* Every row unusable. */
	write_file(tmp_path("allbad.csv"),
	           ";store;video_name;label;probability\n0;a;x_camera_1_ip_2;Theft;\n1;a;x_camera_1_ip_2;Theft;\n",
	           89);
	load(&r, tmp_path("allbad.csv"));
	is_int(r.rc, 65, "no usable row: 65");
	has_msg(&r, "no usable row: all 2 rows skipped (2 for missing probability, first at line 2)",
	        "no usable row");
	done(&r);

	/* Binary garbage with NUL bytes: refused cleanly, not a crash. */
	char junk[4096];
	uint32_t x = 12345;
	for (size_t i = 0; i < sizeof junk; i++) {
		x = x * 1103515245u + 12345u;
		junk[i] = (char)(x >> 16);
	}
	write_file(tmp_path("junk.bin"), junk, sizeof junk);
	load(&r, tmp_path("junk.bin"));
	is_int(r.rc, 65, "binary garbage: 65 (%s)", r.err);
	done(&r);
}

/* ---- skipped rows, numbers, line numbers ------------------------------------- */

static void test_dirty(void)
{
	result r;
	load(&r, fixture("dirty.csv"));
	is_int(r.rc, 0, "dirty: loads (%s)", r.err);
	is_int(r.q.rows, 24, "dirty: rows (the blank line is not a row)");
	is_int(r.q.loaded, 10, "dirty: loaded");
	const ct_quality_count *s = r.q.skipped, *w = r.q.warned;
	is_int(s[CT_SKIP_BAD_PROBABILITY].count, 7, "bad probability: abc 0,85 nan inf 1e999 0.5x hex");
	lines_are(&s[CT_SKIP_BAD_PROBABILITY], (const uint64_t[]){2, 3, 4, 5, 6}, 5, "bad probability");
	is_int(s[CT_SKIP_MISSING_STORE].count, 1, "missing store");
	lines_are(&s[CT_SKIP_MISSING_STORE], (const uint64_t[]){13}, 1, "missing store");
	is_int(s[CT_SKIP_BAD_CAMERA].count, 2, "video name without camera id");
	lines_are(&s[CT_SKIP_BAD_CAMERA], (const uint64_t[]){14, 15}, 2, "bad camera");
	is_int(s[CT_SKIP_FIELD_COUNT].count, 2, "too few fields");
	lines_are(&s[CT_SKIP_FIELD_COUNT], (const uint64_t[]){16, 17}, 2, "too few fields");
	is_int(s[CT_SKIP_MISSING_LABEL].count, 1, "missing label");
	lines_are(&s[CT_SKIP_MISSING_LABEL], (const uint64_t[]){18}, 1, "missing label");
	is_int(s[CT_SKIP_MISSING_PROBABILITY].count, 1, "blank probability is missing");
	lines_are(&s[CT_SKIP_MISSING_PROBABILITY], (const uint64_t[]){20}, 1, "missing probability (after a blank line)");
	is_int(w[CT_WARN_NEGATIVE].count, 6, "negative probabilities loaded, warned");
	lines_are(&w[CT_WARN_NEGATIVE], (const uint64_t[]){10, 21, 22, 23, 24}, 5, "negative: first five");
	is_int(w[CT_WARN_ABOVE_ONE].count, 1, "above one: warned");
	lines_are(&w[CT_WARN_ABOVE_ONE], (const uint64_t[]){11}, 1, "above one");
	if (r.ds) {
		is_int(r.ds->n_tp, 2, "dirty: TP (1.5 and 1)");
		is_int(r.ds->n_fp, 8, "dirty: FP");
		const ct_camera *c = &r.ds->cameras[0];
		is_double(c->fp[0], -3.0, 0, "lowest FP score");
		is_double(c->fp[c->n_fp - 1], 0.25, 0, "blank-padded 0.25 read");
		is_double(c->tp[1], 1.5, 0, "above one kept as is");
		int found = 0;
		for (uint32_t i = 0; i < c->n_fp; i++)
			found |= c->fp[i] == 0.05;
		ok(found, "+.5e-1 read as 0.05");
	}
	done(&r);
}

static void test_quotes(void)
{
	result r;
	load(&r, fixture("quotes.csv"));
	is_int(r.rc, 0, "quotes: loads (%s)", r.err);
	is_int(r.q.rows, 5, "quotes: 5 rows");
	is_int(r.q.loaded, 4, "quotes: 4 loaded");
	ok(find(r.ds, "pt;a", "3") >= 0, "quoted delimiter inside a store name");
	ok(find(r.ds, "pt \"quoted\"", "3") >= 0, "doubled quotes");
	ok(find(r.ds, "two\nlines", "3") >= 0, "newline inside a quoted field");
	is_int(r.ds ? r.ds->n_tp : 0, 1, "quotes: one theft (\"Other\\nNormal\" is normal)");
	lines_are(&r.q.skipped[CT_SKIP_MISSING_PROBABILITY], (const uint64_t[]){8}, 1,
	          "line numbers count physical lines after multi-line fields");
	done(&r);
}

static void test_options(void)
{
	result r;
	ct_load_opts o;
	memset(&o, 0, sizeof o);

	load(&r, fixture("camera_column.csv"));
	is_int(r.rc, 65, "camera_column.csv without --camera-column: 65");
	has_msg(&r, "missing column 'video_name' (found: 'store', 'cam', 'label', 'probability', 'extra'",
	        "no video_name");
	done(&r);

	o.source.camera_column = "cam";
	load_opts(&r, fixture("camera_column.csv"), &o);
	is_int(r.rc, 0, "--camera-column cam: loads (%s)", r.err);
	is_int(r.q.loaded, 3, "--camera-column: 3 alerts");
	is_int(r.q.skipped[CT_SKIP_BAD_CAMERA].count, 1, "--camera-column: empty id skipped");
	lines_are(&r.q.skipped[CT_SKIP_BAD_CAMERA], (const uint64_t[]){5}, 1, "--camera-column");
	ok(find(r.ds, "pt-a", "front door") >= 0 && find(r.ds, "pt-a", "back") >= 0 &&
	       find(r.ds, "pt-b", "front door") >= 0,
	   "--camera-column: ids taken verbatim, header names trimmed");
	done(&r);

	memset(&o, 0, sizeof o);
	load(&r, fixture("labels.csv"));
	is_int(r.ds ? r.ds->n_tp : 99, 1, "default theft labels: only Theft");
	done(&r);
	static const char *const mine[] = {"Grab", "Theft", NULL};
	o.theft_labels = mine;
	load_opts(&r, fixture("labels.csv"), &o);
	is_int(r.ds ? r.ds->n_tp : 99, 2, "custom labels: Grab and Theft, exact case");
	done(&r);
	static const char *const only_grab[] = {"Grab", NULL};
	o.theft_labels = only_grab;
	load_opts(&r, fixture("labels.csv"), &o);
	is_int(r.ds ? r.ds->n_tp : 99, 1, "custom labels replace the default list");
	is_int(r.ds ? r.ds->n_fp : 99, 3, "custom labels: Theft is now normal");
	done(&r);
}

typedef struct progress_seen {
	int calls;
	uint64_t done, total;
} progress_seen;

static void on_progress(void *ctx, uint64_t done, uint64_t total)
{
	progress_seen *p = ctx;
	p->calls++;
	p->done = done;
	p->total = total;
}

static void test_progress(void)
{
	progress_seen seen = {0};
	ct_load_opts o;
	memset(&o, 0, sizeof o);
	o.progress = on_progress;
	o.progress_ctx = &seen;
	result r;
	load_opts(&r, fixture("basic.csv"), &o);
	struct stat st;
	stat(fixture("basic.csv"), &st);
	ok(r.rc == 0 && seen.calls >= 1, "progress callback called (%d)", seen.calls);
	is_int(seen.total, st.st_size, "progress total is the file size");
	is_int(seen.done, st.st_size, "progress ends at the file size");
	done(&r);
}

static void test_bytes(void)
{
	result r;
	load(&r, fixture("nonutf8.csv"));
	is_int(r.rc, 0, "non-UTF-8 store: loads (%s)", r.err);
	ok(find(r.ds, "caf\xc3\xa9-\xc3\xbf\xc3\xbe", "3") >= 0,
	   "non-UTF-8 store: stray bytes read as Latin-1, stored as UTF-8");
	ok(r.q.warned[CT_WARN_NOT_UTF8].count > 0, "non-UTF-8 store: warned");
	done(&r);

	/* A 1 MB field, quoted and unquoted. */
	size_t big = 1 << 20;
	const char *head = ";store;video_name;label;probability\n";
	const char *vn = "x_camera_9_ip_1.mp4";
	size_t cap = big * 3 + 1000;
	char *buf = malloc(cap), *p = buf;
	p += sprintf(p, "%s0;", head);
	memset(p, 'S', big);
	p += big;
	p += sprintf(p, ";%s;Theft;0.5\n1;s;%s;\"", vn, vn);
	memset(p, 'L', big);
	p += big;
	p += sprintf(p, "\";0.25\n2;s;%s;Other Normal;0.125\n", vn);
	write_file(tmp_path("huge.csv"), buf, (size_t)(p - buf));
	load(&r, tmp_path("huge.csv"));
	is_int(r.rc, 0, "1 MB fields: loads (%s)", r.err);
	is_int(r.q.loaded, 3, "1 MB fields: 3 alerts");
	int32_t c = -1;
	if (r.ds)
		for (size_t i = 0; i < r.ds->n_cameras; i++)
			if (strlen(r.ds->cameras[i].store) == big)
				c = (int32_t)i;
	ok(c >= 0, "1 MB store name kept whole");
	is_int(r.ds ? r.ds->n_tp : 0, 1, "1 MB label is not a theft label");
	done(&r);
	free(buf);
}

static void test_chunking(void)
{
	/* Tiny chunks put boundaries everywhere, including inside quoted
	 * multi-line fields (sequential mode) and CRLF pairs. */
	static const char *const sizes[] = {"16", "37", "64", "200"};
	static const char *const threads[] = {"1", "3"};
	for (size_t t = 0; t < 2; t++)
		for (size_t i = 0; i < 4; i++) {
			setenv("CAMTUNE_CSV_CHUNK", sizes[i], 1);
			setenv("CAMTUNE_CSV_THREADS", threads[t], 1);
			char name[64];
			snprintf(name, sizeof name, "chunk %s x%s", sizes[i], threads[t]);
			check_basic(fixture("crlf_bom.csv"), name, NULL);
			result r;
			load(&r, fixture("dirty.csv"));
			ok(r.rc == 0 && r.q.loaded == 10 && r.q.skipped[CT_SKIP_MISSING_PROBABILITY].lines[0] == 20 &&
			       r.q.warned[CT_WARN_NEGATIVE].lines[4] == 24,
			   "%s: dirty.csv counts and lines", name);
			done(&r);
			load(&r, fixture("quotes.csv"));
			ok(r.rc == 0 && r.q.loaded == 4 && find(r.ds, "two\nlines", "3") >= 0 &&
			       r.q.skipped[CT_SKIP_MISSING_PROBABILITY].lines[0] == 8,
			   "%s: quotes.csv", name);
			done(&r);
			load(&r, fixture("unterminated.csv"));
			ok(r.rc == 65 && has(r.err, "line 3: unterminated"), "%s: unterminated quote", name);
			done(&r);
		}
	unsetenv("CAMTUNE_CSV_CHUNK");
	unsetenv("CAMTUNE_CSV_THREADS");
}

/* ---- numbers and camera ids ---------------------------------------------- */

static uint64_t rnd_state = 88172645463325252ull;
static uint64_t rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 7;
	rnd_state ^= rnd_state << 17;
	return rnd_state;
}

static void test_numbers(void)
{
	static const struct {
		const char *s;
		int ok;
		double v;
	} cases[] = {
		{"0.142977", 1, 0.142977}, {"1", 1, 1}, {"0", 1, 0}, {"-0", 1, -0.0},
		{".5", 1, 0.5}, {"5.", 1, 5}, {"+0.25", 1, 0.25}, {" 0.5\t", 1, 0.5},
		{"1e-3", 1, 1e-3}, {"2.5E+2", 1, 250}, {"0.14297699928283691", 1, 0.14297699928283691},
		{"1e-400", 1, 0}, {"123456789012345678901234567890", 1, 123456789012345678901234567890.0},
		{"", 0, 0}, {"  ", 0, 0}, {"abc", 0, 0}, {"0,85", 0, 0}, {"nan", 0, 0},
		{"NaN", 0, 0}, {"inf", 0, 0}, {"-Infinity", 0, 0}, {"1e999", 0, 0}, {"-1e999", 0, 0},
		{"0x1p-2", 0, 0}, {"0.5x", 0, 0}, {"1e", 0, 0}, {"1e+", 0, 0}, {".", 0, 0},
		{"-", 0, 0}, {"1.2.3", 0, 0}, {"0 .5", 0, 0}, {"--1", 0, 0},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		double v = 42;
		int rc = ct_parse_probability(cases[i].s, strlen(cases[i].s), &v);
		if (cases[i].ok)
			ok(rc == 0 && memcmp(&v, &cases[i].v, sizeof v) == 0, "number \"%s\" -> %.17g",
			   cases[i].s, cases[i].v);
		else
			ok(rc != 0, "number \"%s\" refused", cases[i].s);
	}

	/* Bit-identical to strtod on many random decimals, fast path and not. */
	int bad = 0, n = 200000;
	for (int i = 0; i < n; i++) {
		char s[80];
		size_t k = 0;
		uint64_t r = rnd();
		if (r & 1)
			s[k++] = '-';
		int int_digits = (int)(rnd() % 4), frac_digits = (int)(rnd() % 21);
		if (int_digits == 0 && frac_digits == 0)
			frac_digits = 1;
		for (int d = 0; d < int_digits; d++)
			s[k++] = (char)('0' + rnd() % 10);
		if (frac_digits || (r & 2)) {
			s[k++] = '.';
			for (int d = 0; d < frac_digits; d++)
				s[k++] = (char)('0' + rnd() % 10);
		}
		if ((r & 12) == 12)
			k += (size_t)sprintf(s + k, "e%d", (int)(rnd() % 61) - 30);
		s[k] = '\0';
		if (i % 3 == 0) { /* float32 values as the real file prints them */
			float f = (float)((double)(rnd() >> 11) * 0x1.0p-53);
			sprintf(s, (i % 2) ? "%.9g" : "%.17g", (double)f);
		}
		double want = strtod(s, NULL), got = 42;
		if (ct_parse_probability(s, strlen(s), &got) != 0 || memcmp(&got, &want, sizeof got)) {
			if (bad++ < 5)
				tap_diag("\"%s\": got %.17g, strtod %.17g", s, got, want);
		}
	}
	is_int(bad, 0, "%d random decimals: bit-identical to strtod", n);
}

static void test_camera_ids(void)
{
	static const struct {
		const char *v, *id;
	} cases[] = {
		{"2023-05-31_20h32m14s_to_2023-05-31_20h32m30s_camera_25_ip_10.1.2.3_port_8000.mp4", "25"},
		{"2023-05-31_20h32m14s_to_2023-05-31_20h32m30s_camera_7_ip_10.1.2.3_port_None.mp4", "7"},
		{"x_camera_12_ip_1", "12"},
		{"clip_camera_A3_ip_1.mp4", "A3"},
		{"x_camera_5.mp4", "5"},
		{"x_camera_", NULL},
		{"x_camera__ip_1", NULL},
		{"camera_5_ip_1", NULL},
		{"", NULL},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *id = NULL;
		size_t n = 0;
		int rc = ct_parse_camera_id(cases[i].v, strlen(cases[i].v), &id, &n);
		if (cases[i].id)
			ok(rc == 0 && n == strlen(cases[i].id) && memcmp(id, cases[i].id, n) == 0,
			   "camera id of \"%s\" is %s", cases[i].v, cases[i].id);
		else
			ok(rc != 0, "no camera id in \"%s\"", cases[i].v);
	}
	is_str(ct_skip_reason_name(CT_SKIP_MISSING_PROBABILITY), "missing_probability", "reason name");
	is_str(ct_warn_reason_name(CT_WARN_NEGATIVE), "negative_probability", "warning name");
}


/* ---- property: chunking never changes the result ----------------------- */

typedef struct summary {
	int rc;
	char err[1024];
	ct_quality q;
	size_t cams;
	uint64_t tp, fp;
	double sum;
} summary;

static void summarise(const char *path, summary *r)
{
	ct_dataset *ds = NULL;
	memset(r, 0, sizeof *r);
	r->rc = ct_load_file(path, NULL, &ds, &r->q, r->err, sizeof r->err);
	if (!ds)
		return;
	r->cams = ds->n_cameras;
	r->tp = ds->n_tp;
	r->fp = ds->n_fp;
	for (size_t i = 0; i < ds->n_cameras; i++) {
		for (uint32_t j = 0; j < ds->cameras[i].n_tp; j++)
			r->sum += ds->cameras[i].tp[j] * (double)(i + 1);
		for (uint32_t j = 0; j < ds->cameras[i].n_fp; j++)
			r->sum += 2 * ds->cameras[i].fp[j] * (double)(i + 1);
	}
	ct_dataset_free(ds);
}

static int same_summary(const summary *a, const summary *b)
{
	if (a->rc != b->rc || strcmp(a->err, b->err) != 0 || a->cams != b->cams || a->tp != b->tp ||
	    a->fp != b->fp || a->sum != b->sum)
		return 0;
	return a->rc != 0 ||
	       (a->q.rows == b->q.rows && a->q.loaded == b->q.loaded &&
	        memcmp(a->q.skipped, b->q.skipped, sizeof a->q.skipped) == 0 &&
	        memcmp(a->q.warned, b->q.warned, sizeof a->q.warned) == 0);
}

/* Mutated fixtures (stray quotes, newlines, CRs, delimiters, cut short),
 * each loaded with one parser and big chunks, then with tiny chunks and
 * several threads: exit code, message, counts, example lines and every
 * score must agree. */
static void test_chunking_property(void)
{
	static const char *const names[] = {
		"basic.csv", "crlf_bom.csv", "comma.csv", "shuffled.tsv", "dirty.csv",
		"quotes.csv", "unterminated.csv", "camera_column.csv", "nonutf8.csv",
	};
	static const char inserts[] = "\"\n\r;,\t \"\"x0.5e";
	const int iterations = 600;
	int bad = 0;
	for (int it = 0; it < iterations; it++) {
		size_t n;
		char *text = read_all(fixture(names[rnd() % 9]), &n);
		const char *body = memchr(text, '\n', n);
		size_t body_len = body ? n - (size_t)(body + 1 - text) : 0;
		int reps = 1 + (int)(rnd() % 6);
		size_t cap = n * (size_t)reps + 64, len = n;
		char *m = malloc(cap);
		memcpy(m, text, n);
		for (int r = 1; r < reps; r++, len += body_len)
			memcpy(m + len, body + 1, body_len);
		for (int k = (int)(rnd() % 6); k > 0 && len > 1; k--) {
			size_t at = rnd() % len;
			switch (rnd() % 4) {
			case 0:
				m[at] = (char)rnd();
				break;
			case 1:
				if (len + 1 < cap) {
					memmove(m + at + 1, m + at, len - at);
					m[at] = inserts[rnd() % (sizeof inserts - 1)];
					len++;
				}
				break;
			case 2:
				memmove(m + at, m + at + 1, len - at - 1);
				len--;
				break;
			default:
				len = at + (len - at) / 2;
			}
		}
		write_file(tmp_path("mutated.csv"), m, len);
		summary a, b;
		unsetenv("CAMTUNE_CSV_CHUNK");
		setenv("CAMTUNE_CSV_THREADS", "1", 1);
		summarise(tmp_path("mutated.csv"), &a);
		char v[16];
		snprintf(v, sizeof v, "%u", (unsigned)(16 + rnd() % 300));
		setenv("CAMTUNE_CSV_CHUNK", v, 1);
		snprintf(v, sizeof v, "%u", (unsigned)(1 + rnd() % 4));
		setenv("CAMTUNE_CSV_THREADS", v, 1);
		summarise(tmp_path("mutated.csv"), &b);
		if (!same_summary(&a, &b) && bad++ < 3)
			tap_diag("iteration %d differs: rc %d/%d, \"%s\" / \"%s\"", it, a.rc, b.rc,
			         a.err, b.err);
		ct_quality_free(&a.q);
		ct_quality_free(&b.q);
		free(m);
		free(text);
	}
	unsetenv("CAMTUNE_CSV_CHUNK");
	unsetenv("CAMTUNE_CSV_THREADS");
	is_int(bad, 0, "%d mutated files: tiny chunks and threads change nothing", iterations);
}

/* ---- property: the quote-free splitter is libcsv ---------------------- */

/* In source_csv.c, for tests only (no header): sources opened while on
 * parse everything with libcsv instead of its quote-free splitter. */
void ct_source_csv_test_libcsv_only(int on);

static int same_dataset(const ct_dataset *a, const ct_dataset *b)
{
	if (!a || !b)
		return a == b;
	if (a->n_cameras != b->n_cameras || a->n_alerts != b->n_alerts ||
	    a->n_tp != b->n_tp || a->n_fp != b->n_fp)
		return 0;
	for (size_t i = 0; i < a->n_cameras; i++) {
		const ct_camera *x = &a->cameras[i], *y = &b->cameras[i];
		if (strcmp(x->store, y->store) != 0 || strcmp(x->camera_id, y->camera_id) != 0 ||
		    x->n_tp != y->n_tp || x->n_fp != y->n_fp ||
		    (x->n_tp && memcmp(x->tp, y->tp, x->n_tp * sizeof *x->tp) != 0) ||
		    (x->n_fp && memcmp(x->fp, y->fp, x->n_fp * sizeof *x->fp) != 0))
			return 0;
	}
	return 1;
}

static int same_field(const ct_field *a, const ct_field *b)
{
	if (!a->s || !b->s)
		return a->s == b->s;
	return a->len == b->len && memcmp(a->s, b->s, a->len + 1) == 0;
}

/* Every record of path through the source, once with libcsv alone and
 * once with the splitter: 1 when all agree (records, lines, fields, the
 * end or the error). */
static int same_records(const char *path, const ct_source_opts *o, char *why, size_t whylen)
{
	char ea[512], eb[512];
	ct_source_csv_test_libcsv_only(1);
	ct_source *a = ct_source_open_csv(path, o, ea, sizeof ea);
	ct_source_csv_test_libcsv_only(0);
	ct_source *b = ct_source_open_csv(path, o, eb, sizeof eb);
	int same = a && b;
	for (uint64_t n = 1; same; n++) {
		ct_record x, y;
		int ra = ct_source_next(a, &x), rb = ct_source_next(b, &y);
		if (ra != rb) {
			snprintf(why, whylen, "record %llu: next %d / %d", (unsigned long long)n, ra, rb);
			same = 0;
		} else if (ra < 0) {
			same = strcmp(ct_source_error(a), ct_source_error(b)) == 0;
			if (!same)
				snprintf(why, whylen, "errors \"%s\" / \"%s\"", ct_source_error(a),
				         ct_source_error(b));
			break;
		} else if (ra == 0) {
			break;
		} else if (x.line != y.line || x.n_fields != y.n_fields ||
		           !same_field(&x.store, &y.store) || !same_field(&x.camera, &y.camera) ||
		           !same_field(&x.label, &y.label) ||
		           !same_field(&x.probability, &y.probability) ||
		           !same_field(&x.time, &y.time)) {
			snprintf(why, whylen, "record %llu: line %llu/%llu, %d/%d fields",
			         (unsigned long long)n, (unsigned long long)x.line,
			         (unsigned long long)y.line, x.n_fields, y.n_fields);
			same = 0;
		}
	}
	ct_source_close(a);
	ct_source_close(b);
	return same;
}

/* ---- records through ct_source_run ---- */

/* A record kept for comparison: its line, and its fields' bytes with
 * their lengths (the run's fields are not NUL-terminated). */
typedef struct trec {
	uint64_t line;
	char *b;
	size_t n;
} trec;

typedef struct trecs {
	trec *v;
	size_t n, cap;
	int fail; /* out of memory in the test itself */
} trecs;

static void trecs_add(trecs *l, const ct_record *r)
{
	char buf[4096];
	size_t n = (size_t)snprintf(buf, sizeof buf, "%d", r->n_fields);
	const ct_field *f[5] = {&r->store, &r->camera, &r->label, &r->probability, &r->time};
	for (int k = 0; k < 5; k++) {
		if (!f[k]->s) {
			n += (size_t)snprintf(buf + n, sizeof buf - n, "|-");
			continue;
		}
		n += (size_t)snprintf(buf + n, sizeof buf - n, "|%zu:", f[k]->len);
		size_t m = f[k]->len < sizeof buf - n - 1 ? f[k]->len : sizeof buf - n - 1;
		memcpy(buf + n, f[k]->s, m);
		n += m;
	}
	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 64;
		trec *v = realloc(l->v, cap * sizeof *v);
		if (!v) {
			l->fail = 1;
			return;
		}
		l->v = v;
		l->cap = cap;
	}
	char *b = malloc(n ? n : 1);
	if (!b) {
		l->fail = 1;
		return;
	}
	memcpy(b, buf, n);
	l->v[l->n++] = (trec){r->line, b, n};
}

static void trecs_clear(trecs *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i].b);
	l->n = 0;
}

static void trecs_free(trecs *l)
{
	trecs_clear(l);
	free(l->v);
	memset(l, 0, sizeof *l);
}

static void *tsink_new(void *ctx)
{
	(void)ctx;
	return calloc(1, sizeof(trecs));
}
static void tsink_begin(void *ctx, void *batch, int worker)
{
	(void)ctx, (void)worker;
	trecs_clear(batch);
}
static int tsink_row(void *batch, const ct_record *r)
{
	trecs_add(batch, r);
	return 0;
}
static int tsink_commit(void *ctx, void *batch, uint64_t base)
{
	trecs *all = ctx, *b = batch;
	for (size_t i = 0; i < b->n; i++) {
		if (all->n == all->cap) {
			size_t cap = all->cap ? 2 * all->cap : 64;
			trec *v = realloc(all->v, cap * sizeof *v);
			if (!v)
				return all->fail = 1;
			all->v = v;
			all->cap = cap;
		}
		all->v[all->n] = b->v[i];
		all->v[all->n++].line += base;
	}
	all->fail |= b->fail;
	b->n = 0; /* moved */
	return 0;
}
static void tsink_free(void *ctx, void *batch)
{
	(void)ctx;
	trecs_free(batch);
	free(batch);
}

/* Every record of path with libcsv alone (ct_source_next) and through
 * ct_source_run (the mapped splitter, libcsv from the first quote on):
 * 1 when all agree, records, lines, fields and the error. */
static int same_records_run(const char *path, const ct_source_opts *o, int *ran, char *why,
                            size_t whylen)
{
	char ea[512], eb[512];
	trecs want = {0}, got = {0};
	ct_source_csv_test_libcsv_only(1);
	ct_source *a = ct_source_open_csv(path, o, ea, sizeof ea);
	ct_source_csv_test_libcsv_only(0);
	ct_source *b = ct_source_open_csv(path, o, eb, sizeof eb);
	if (!a || !b) {
		ct_source_close(a);
		ct_source_close(b);
		snprintf(why, whylen, "open: \"%s\" / \"%s\"", a ? "" : ea, b ? "" : eb);
		return !a && !b && strcmp(ea, eb) == 0;
	}
	ct_record r;
	int ra;
	while ((ra = ct_source_next(a, &r)) > 0)
		trecs_add(&want, &r);
	const ct_record_sink sink = {&got, tsink_new, tsink_begin, tsink_row, tsink_commit,
	                             tsink_free};
	int rb = ct_source_run(b, &sink);
	*ran = rb != 0;
	if (rb == 0) /* not mapped: the same records one by one */
		while ((rb = ct_source_next(b, &r)) > 0)
			trecs_add(&got, &r);
	int same = !want.fail && !got.fail && (ra < 0) == (rb < 0) && want.n == got.n;
	if (!same)
		snprintf(why, whylen, "%zu / %zu records, %s / %s", want.n, got.n,
		         ra < 0 ? ct_source_error(a) : "end", rb < 0 ? ct_source_error(b) : "end");
	for (size_t i = 0; same && i < want.n; i++) {
		const trec *x = &want.v[i], *y = &got.v[i];
		if (x->line != y->line || x->n != y->n || memcmp(x->b, y->b, x->n) != 0) {
			snprintf(why, whylen, "record %zu: line %llu / %llu, \"%.*s\" / \"%.*s\"", i + 1,
			         (unsigned long long)x->line, (unsigned long long)y->line, (int)x->n,
			         x->b, (int)y->n, y->b);
			same = 0;
		}
	}
	if (same && ra < 0 && strcmp(ct_source_error(a), ct_source_error(b)) != 0) {
		snprintf(why, whylen, "errors \"%s\" / \"%s\"", ct_source_error(a), ct_source_error(b));
		same = 0;
	}
	trecs_free(&want);
	trecs_free(&got);
	ct_source_close(a);
	ct_source_close(b);
	return same;
}

/* Files made of what the splitters must treat like libcsv: blanks around
 * fields, CRLF, lone CRs, blank and blank-only lines, empty and missing
 * fields, trailing delimiters, no final LF, a space or tab as delimiter;
 * in a third of them quoted fields too (holding delimiters, LF, CRLF,
 * doubled quotes, blanks), which send the rest of the input to libcsv;
 * then a few random bytes (a stray quote among them in the quoted ones).
 * Each is read with libcsv alone and with the splitters (ct_source_next's
 * split_chunk, ct_source_run's mapped one; same chunk size and threads,
 * tiny chunks often): every record and line number, the error, the
 * dataset and the quality counts must agree. */
static void test_splitter_property(void)
{
	static const char delims[] = ";,\t ";
	static const char *const stores[] = {"pt-a", "s1", "", " b c "};
	static const char *const videos[] = {
		"2023-05-31_20h32m14s_to_2023-05-31_20h32m30s_camera_25_ip_10.1.2.3_port_8000.mp4",
		"x_camera_7_ip_1", "x_camera__ip_1", "",
	};
	static const char *const labels[] = {"Theft", "Other Normal", "Suspicious Bag", "", "theft"};
	static const char *const probs[] = {"0.5", "0.9", "1", "1e-3", "abc", "", "2", "0.25x"};
	static const char *const roles[] = {"store", "video_name", "label", "probability", "x", "y"};
	static const char *const eols[] = {"\n", "\r\n", "\r", "\n\n", "\r\n \t\r\n", " \n", "\t\n"};
	static const char inserts[] = " \t\r\n;,\tx0";
	static const char quoted_inserts[] = " \t\r\n;,\tx0\"";
	static const char *const inside[] = {"", "a;b", "a,b", "x\ny", "x\r\ny", "q\"\"q", " \t ", "\t"};
	const int iterations = 600;
	int bad_rec = 0, bad_run = 0, bad_load = 0, n_ran = 0, n_quoted = 0;
	size_t cap = 1 << 16;
	char *m = malloc(cap);
	for (int it = 0; it < iterations; it++) {
		char d = delims[rnd() % 4];
		bool quotes = rnd() % 3 == 0;
		n_quoted += quotes;
		int n_cols = 4 + (int)(rnd() % 3), order[6] = {0, 1, 2, 3, 4, 5};
		for (int i = n_cols - 1; i > 0; i--) {
			int j = (int)(rnd() % (unsigned)(i + 1)), t = order[i];
			order[i] = order[j], order[j] = t;
		}
		size_t len = 0;
#define PUT(str) (len += (size_t)snprintf(m + len, cap - len, "%s", (str)))
#define PUTC(ch) (m[len++] = (ch))
		for (int i = 0; i < n_cols; i++) {
			if (i)
				PUTC(d);
			PUT(roles[order[i]]);
		}
		PUTC('\n');
		int rows = (int)(rnd() % 120);
		for (int r = 0; r < rows && len + 1024 < cap; r++) {
			int nf = n_cols + (rnd() % 8 == 0 ? (int)(rnd() % 3) - 1 : 0);
			for (int i = 0; i < nf; i++) {
				if (i)
					PUTC(d);
				for (int k = (int)(rnd() % 8); k > 4; k--)
					PUTC(" \t"[rnd() % 2]);
				int role = i < n_cols ? order[i] : 4;
				const char *v = role == 0   ? stores[rnd() % 4]
				                : role == 1 ? videos[rnd() % 4]
				                : role == 2 ? labels[rnd() % 5]
				                : role == 3 ? probs[rnd() % 8]
				                            : "x";
				if (quotes && rnd() % 4 == 0) {
					/* libcsv keeps a quoted field's bytes as they are */
					PUTC('"');
					PUT(v);
					if (rnd() % 2)
						PUT(inside[rnd() % 8]);
					PUTC('"');
				} else {
					PUT(v);
				}
				for (int k = (int)(rnd() % 8); k > 4; k--)
					PUTC(" \t"[rnd() % 2]);
			}
			if (rnd() % 10 == 0)
				PUTC(d);
			PUT(eols[rnd() % 4 == 0 ? rnd() % 7 : 0]);
		}
		switch (rnd() % 4) {
		case 0: /* no final line end */
			while (len > 1 && (m[len - 1] == '\n' || m[len - 1] == '\r'))
				len--;
			break;
		case 1: /* blanks or a delimiter after the last line end */
			PUT(rnd() % 2 ? " \t" : d == ';' ? " ;" : " ,");
			break;
		}
		for (int k = (int)(rnd() % 5); k > 0 && len > 40; k--) {
			size_t at = 40 + rnd() % (len - 40);
			memmove(m + at + 1, m + at, len - at);
			m[at] = quotes ? quoted_inserts[rnd() % (sizeof quoted_inserts - 1)]
			               : inserts[rnd() % (sizeof inserts - 1)];
			len++;
		}
#undef PUT
#undef PUTC
		write_file(tmp_path("split.csv"), m, len);

		char v[16];
		if (rnd() % 4)
			snprintf(v, sizeof v, "%u", (unsigned)(16 + rnd() % 200)), setenv("CAMTUNE_CSV_CHUNK", v, 1);
		else
			unsetenv("CAMTUNE_CSV_CHUNK");
		snprintf(v, sizeof v, "%u", (unsigned)(1 + rnd() % 4));
		setenv("CAMTUNE_CSV_THREADS", v, 1);
		ct_load_opts o;
		memset(&o, 0, sizeof o);
		o.source.delimiter = d;
		char why[1100]; /* two open errors of 512 and the text */
		if (!same_records(tmp_path("split.csv"), &o.source, why, sizeof why) && bad_rec++ < 3)
			tap_diag("iteration %d: records differ: %s", it, why);
		int ran = 0;
		if (!same_records_run(tmp_path("split.csv"), &o.source, &ran, why, sizeof why) &&
		    bad_run++ < 3)
			tap_diag("iteration %d: records through ct_source_run differ: %s", it, why);
		n_ran += ran;

		result a, b;
		ct_source_csv_test_libcsv_only(1);
		load_opts(&a, tmp_path("split.csv"), &o);
		ct_source_csv_test_libcsv_only(0);
		load_opts(&b, tmp_path("split.csv"), &o);
		int same = a.rc == b.rc && strcmp(a.err, b.err) == 0 && same_dataset(a.ds, b.ds) &&
		           a.q.rows == b.q.rows && a.q.loaded == b.q.loaded &&
		           memcmp(a.q.skipped, b.q.skipped, sizeof a.q.skipped) == 0 &&
		           memcmp(a.q.warned, b.q.warned, sizeof a.q.warned) == 0;
		if (!same && bad_load++ < 3)
			tap_diag("iteration %d: loads differ: rc %d/%d, \"%s\" / \"%s\"", it, a.rc, b.rc,
			         a.err, b.err);
		done(&a);
		done(&b);
	}
	free(m);
	unsetenv("CAMTUNE_CSV_CHUNK");
	unsetenv("CAMTUNE_CSV_THREADS");
	is_int(bad_rec, 0, "%d files (%d with quotes): split_chunk gives libcsv's records and lines",
	       iterations, n_quoted);
	is_int(bad_run, 0, "%d files: ct_source_run gives libcsv's records, lines and errors",
	       iterations);
	ok(n_ran > iterations / 2, "ct_source_run took %d of the %d files (mapped)", n_ran,
	   iterations);
	is_int(bad_load, 0, "%d files: the loader gives libcsv's dataset and counts", iterations);
}

static void cleanup(void)
{
	static const char *const files[] = {
		"basic.gz.csv", "truncated.csv.gz", "corrupt.csv.gz", "empty.csv", "blank.csv",
		"badquote.csv", "cr.csv", "allbad.csv", "junk.bin", "huge.csv", "mutated.csv",
		"utf16.csv", "noeol.csv", "wide.csv", "split.csv",
	};
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++)
		unlink(tmp_path(files[i]));
	rmdir(tmp_dir);
}

int main(void)
{
	const char *top = getenv("top_srcdir");
	snprintf(data_dir, sizeof data_dir, "%s/tests/data/load", top && *top ? top : ".");
	if (!mkdtemp(tmp_dir)) {
		printf("Bail out! mkdtemp failed\n");
		return 1;
	}
	test_basic_variants();
	test_malformed();
	test_dirty();
	test_quotes();
	test_options();
	test_bytes();
	test_progress();
	test_chunking();
	test_numbers();
	test_camera_ids();
	test_chunking_property();
	test_splitter_property();
	cleanup();
	return tap_done();
}
