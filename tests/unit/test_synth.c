/* test_synth.c -- the generator: the default file, loaded back through the
 * real loader, has the real file's published shape (DOMAIN.md §2); output
 * is deterministic for a seed; other sizes scale; gzip output is the same
 * data.
 *
 * Exact assertions only where the plan is exact by construction (row and
 * alert totals, TP, FP, cameras, theft-free cameras, shared camera ids);
 * spreads (FP per camera, AUC) within tolerances. */
#include "config.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "io/load.h"
#include "io/source.h"
#include "synth/synth.h"
#include "../tap.h"

static char tmp_dir[] = "/tmp/camtune-test-synth-XXXXXX";

static const char *tmp_path(const char *name)
{
	static char buf[4][4200];
	static int k;
	char *b = buf[k++ % 4];
	snprintf(b, sizeof buf[0], "%s/%s", tmp_dir, name);
	return b;
}

static int generate(const ct_synth_opts *o, const char *path)
{
	FILE *f = fopen(path, "wb");
	char err[256];
	if (!f)
		return -1;
	int rc = ct_synth_write(o, f, err, sizeof err);
	if (fclose(f) != 0)
		rc = -1;
	if (rc != 0)
		tap_diag("synth: %s", err);
	return rc;
}

static int same_file(const char *a, const char *b)
{
	FILE *fa = fopen(a, "rb"), *fb = fopen(b, "rb");
	int same = fa && fb;
	while (same) {
		int x = getc(fa), y = getc(fb);
		if (x != y)
			same = 0;
		if (x == EOF || y == EOF)
			break;
	}
	if (fa)
		fclose(fa);
	if (fb)
		fclose(fb);
	return same;
}

/* scikit-learn's roc_auc_score for one camera: ties count one half. */
static double camera_auc(const ct_camera *c)
{
	double sum = 0;
	uint32_t lo = 0, hi = 0;
	for (uint32_t i = 0; i < c->n_tp; i++) {
		double s = c->tp[i];
		while (lo < c->n_fp && c->fp[lo] < s)
			lo++;
		if (hi < lo)
			hi = lo;
		while (hi < c->n_fp && c->fp[hi] <= s)
			hi++;
		sum += lo + 0.5 * (hi - lo);
	}
	return sum / ((double)c->n_tp * c->n_fp);
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

static void test_default(void)
{
	ct_synth_opts o;
	ct_synth_defaults(&o);
	is_int(o.seed, 1, "default seed 1");
	ok(generate(&o, tmp_path("a.csv")) == 0, "default file written");

	/* The header, and rows in blocks per store, not sorted. */
	FILE *f = fopen(tmp_path("a.csv"), "r");
	char line[512] = "";
	if (f && fgets(line, sizeof line, f))
		fclose(f);
	is_str(line, ";store;video_name;label;probability\n", "header as the real file");

	char err[512];
	ct_source_opts so = {0};
	ct_source *src = ct_source_open_csv(tmp_path("a.csv"), &so, err, sizeof err);
	ct_record r;
	uint64_t changes = 0, rows = 0, none_port = 0, unsorted = 0;
	char prev[128] = "", prev_video[160] = "";
	while (src && ct_source_next(src, &r) > 0) {
		rows++;
		if (strcmp(prev, r.store.s) != 0) {
			changes++;
			snprintf(prev, sizeof prev, "%s", r.store.s);
			prev_video[0] = '\0';
		} else if (strcmp(prev_video, r.camera.s) > 0) {
			unsorted++;
		}
		snprintf(prev_video, sizeof prev_video, "%s", r.camera.s);
		none_port += strstr(r.camera.s, "_port_None.mp4") != NULL;
	}
	ct_source_close(src);
	is_int(rows, 158136, "158,136 rows");
	is_int(changes, 45, "one block of rows per store");
	ok(unsorted > 1000, "rows within a store are not sorted by time");
	ok(none_port > 0 && none_port < rows, "some DVR ports are 'None'");

	ct_load_opts lo;
	memset(&lo, 0, sizeof lo);
	ct_dataset *ds = NULL;
	ct_quality q;
	int rc = ct_load_file(tmp_path("a.csv"), &lo, &ds, &q, err, sizeof err);
	is_int(rc, 0, "default file loads (%s)", rc ? err : "ok");
	if (rc != 0)
		return;
	is_int(q.rows, 158136, "rows");
	is_int(q.loaded, 155937, "155,937 alerts");
	is_int(q.skipped[CT_SKIP_MISSING_PROBABILITY].count, 2199, "2,199 without probability");
	uint64_t skipped = 0;
	for (int i = 0; i < CT_N_SKIP; i++)
		skipped += q.skipped[i].count;
	is_int(skipped, 2199, "no other skipped row");
	ok(q.warned[CT_WARN_NEGATIVE].count >= 17, "at least 17 negative probabilities (%llu)",
	   (unsigned long long)q.warned[CT_WARN_NEGATIVE].count);
	is_int(q.warned[CT_WARN_ABOVE_ONE].count, 0, "nothing above 1");
	is_int(ds->n_tp, 1601, "TP 1,601");
	is_int(ds->n_fp, 154336, "FP 154,336");
	is_int(ds->n_cameras, 45, "45 cameras");

	uint32_t ids[64], n_ids = 0, fp[64], free_cams = 0, ones = 0, max_tp = 0, single = 0;
	uint64_t free_fp = 0;
	double aucs[64], sum = 0;
	int n_auc = 0, below_half = 0;
	for (size_t i = 0; i < ds->n_cameras && i < 64; i++) {
		const ct_camera *c = &ds->cameras[i];
		uint32_t id = (uint32_t)atoi(c->camera_id), k;
		for (k = 0; k < n_ids && ids[k] != id; k++)
			;
		if (k == n_ids)
			ids[n_ids++] = id;
		fp[i] = c->n_fp;
		if (!c->n_tp) {
			free_cams++;
			free_fp += c->n_fp;
		} else {
			aucs[n_auc] = camera_auc(c);
			sum += aucs[n_auc];
			below_half += aucs[n_auc] < 0.5;
			n_auc++;
		}
		if (c->n_tp > max_tp)
			max_tp = c->n_tp;
		single += c->n_tp == 1;
		for (uint32_t j = 0; j < c->n_fp; j++)
			ones += c->fp[j] == 1.0;
		for (uint32_t j = 0; j < c->n_tp; j++)
			ones += c->tp[j] == 1.0;
	}
	is_int(n_ids, 30, "45 stores share 30 camera ids");
	is_int(free_cams, 6, "6 cameras without a theft");
	ok(free_fp > 12000 && free_fp < 19000, "theft-free cameras hold about 15.4k FP (%llu)",
	   (unsigned long long)free_fp);
	ok(ones >= 1, "a few probabilities exactly 1 (%u)", ones);
	qsort(fp, ds->n_cameras, sizeof fp[0], cmp_u32);
	ok(fp[0] >= 120 && fp[0] <= 180, "FP per camera from about 150 (%u)", fp[0]);
	ok(fp[44] >= 11500 && fp[44] <= 13500, "... to about 12,600 (%u)", fp[44]);
	ok(fp[22] >= 2300 && fp[22] <= 3100, "median FP per camera about 2,700 (%u)", fp[22]);
	ok(max_tp >= 100, "TP per camera very skewed: max %u", max_tp);
	ok(single >= 1, "some cameras with a single theft (%u)", single);

	double mean = sum / n_auc, ss = 0, mn = 1, mx = 0;
	for (int i = 0; i < n_auc; i++) {
		ss += (aucs[i] - mean) * (aucs[i] - mean);
		mn = fmin(mn, aucs[i]);
		mx = fmax(mx, aucs[i]);
	}
	double sd = sqrt(ss / (n_auc - 1));
	is_int(n_auc, 39, "39 cameras with an AUC");
	is_double(mean, 0.594, 0.03, "per-camera AUC mean about 0.594");
	is_double(sd, 0.137, 0.035, "per-camera AUC sd about 0.137");
	ok(mn < 0.2 && mx > 0.8, "AUC from %.3f to %.3f (real: 0.097 to 0.886)", mn, mx);
	ok(below_half >= 3, "%d cameras rank thefts worse than chance", below_half);
	ct_dataset_free(ds);
	ct_quality_free(&q);

	/* Deterministic for a seed; another seed differs. */
	ok(generate(&o, tmp_path("b.csv")) == 0 && same_file(tmp_path("a.csv"), tmp_path("b.csv")),
	   "same seed, same bytes");
	o.seed = 2;
	ok(generate(&o, tmp_path("b.csv")) == 0 && !same_file(tmp_path("a.csv"), tmp_path("b.csv")),
	   "another seed, another file");

	/* The exact totals hold for every seed. */
	rc = ct_load_file(tmp_path("b.csv"), &lo, &ds, &q, err, sizeof err);
	ok(rc == 0 && q.rows == 158136 && ds->n_tp == 1601 && ds->n_fp == 154336 &&
	       ds->n_cameras == 45,
	   "seed 2: same totals");
	if (rc == 0) {
		ct_dataset_free(ds);
		ct_quality_free(&q);
	}

	/* gzip output: the same data. */
	ct_synth_defaults(&o);
	o.gzip = true;
	ok(generate(&o, tmp_path("a.csv.gz")) == 0, "gzip file written");
	f = fopen(tmp_path("a.csv.gz"), "rb");
	int m1 = f ? getc(f) : 0, m2 = f ? getc(f) : 0;
	if (f)
		fclose(f);
	ok(m1 == 0x1f && m2 == 0x8b, "gzip magic bytes");
	rc = ct_load_file(tmp_path("a.csv.gz"), &lo, &ds, &q, err, sizeof err);
	ok(rc == 0 && q.rows == 158136 && ds->n_tp == 1601 && ds->n_fp == 154336,
	   "gzip output loads to the same figures");
	if (rc == 0) {
		ct_dataset_free(ds);
		ct_quality_free(&q);
	}
}

static void test_scaled(void)
{
	ct_synth_opts o;
	ct_synth_defaults(&o);
	o.stores = 300;
	o.cameras_per_store = 4;
	o.alerts = 200000;
	o.seed = 9;
	ok(generate(&o, tmp_path("c.csv")) == 0, "300 stores x 4 cameras written");
	ct_load_opts lo;
	memset(&lo, 0, sizeof lo);
	ct_dataset *ds;
	ct_quality q;
	char err[512];
	int rc = ct_load_file(tmp_path("c.csv"), &lo, &ds, &q, err, sizeof err);
	is_int(rc, 0, "scaled file loads");
	if (rc != 0)
		return;
	is_int(q.rows, 200000, "exactly --alerts rows");
	is_int(ds->n_cameras, 1200, "every camera has alerts");
	double rate = (double)ds->n_tp / (double)ds->n_alerts;
	is_double(rate, 1601.0 / 155937.0, 0.0005, "theft rate as the real file");
	uint32_t free_cams = 0;
	for (size_t i = 0; i < ds->n_cameras; i++)
		free_cams += ds->cameras[i].n_tp == 0;
	is_int(free_cams, 160, "2/15 of cameras without a theft");
	ct_dataset_free(ds);
	ct_quality_free(&q);

	o.alerts = 0;
	ok(generate(&o, tmp_path("d.csv")) == 0, "--alerts 0: just the header");
	rc = ct_load_file(tmp_path("d.csv"), &lo, &ds, &q, err, sizeof err);
	is_int(rc, 65, "... which the loader refuses as 'no data rows'");

	o.stores = 0;
	ok(ct_synth_write(&o, stdout, err, sizeof err) != 0, "zero stores refused");
}

int main(void)
{
	if (!mkdtemp(tmp_dir)) {
		printf("Bail out! mkdtemp failed\n");
		return 1;
	}
	test_default();
	test_scaled();
	static const char *const files[] = {"a.csv", "b.csv", "a.csv.gz", "c.csv", "d.csv"};
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++)
		unlink(tmp_path(files[i]));
	rmdir(tmp_dir);
	return tap_done();
}
