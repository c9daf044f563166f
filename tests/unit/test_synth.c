/* test_synth.c -- the generator: the default file, loaded back through the
 * real loader, has the real file's published shape (doc/domain.md "Data format"); output
 * is deterministic for a seed; other sizes scale; gzip output is the same
 * data; months of the same cameras (synth.h, "Months") and their drift.
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

/* ---- months of the same cameras (synth.h, "Months") ---------------------- */

/* Fields of a line "index;store;video;label;probability": store, video,
 * probability (NULL when empty).  Cuts the line in place. */
static int split_row(char *line, char **store, char **video, char **prob)
{
	char *f[5];
	int n = 0;
	f[n++] = line;
	for (char *q = line; *q && n < 5; q++)
		if (*q == ';') {
			*q = '\0';
			f[n++] = q + 1;
		}
	if (n != 5)
		return -1;
	f[4][strcspn(f[4], "\n")] = '\0';
	*store = f[1];
	*video = f[2];
	*prob = f[4][0] ? f[4] : NULL;
	return 0;
}

/* Every clip starts inside the month "YYYY-MM" of n_days days, at a valid
 * time of day. */
static int starts_inside(const char *path, const char *ym, int n_days, uint64_t *rows)
{
	FILE *f = fopen(path, "r");
	char line[512], *store, *video, *prob;
	int bad = !f;
	*rows = 0;
	if (f && !fgets(line, sizeof line, f))
		bad = 1;
	while (f && fgets(line, sizeof line, f)) {
		int y, mo, d, h, mi, se;
		char ymd[16];
		if (split_row(line, &store, &video, &prob) != 0 ||
		    sscanf(video, "%4d-%2d-%2d_%2dh%2dm%2ds_to_", &y, &mo, &d, &h, &mi, &se) != 6) {
			bad++;
			continue;
		}
		snprintf(ymd, sizeof ymd, "%04d-%02d", y % 10000, mo % 100);
		if (strcmp(ymd, ym) != 0 || d < 1 || d > n_days || h > 23 || mi > 59 || se > 59)
			bad++;
		(*rows)++;
	}
	if (f)
		fclose(f);
	return bad == 0;
}

static double logit(double p)
{
	return log(p / (1 - p));
}

static void test_months(void)
{
	ct_synth_opts o;
	ct_synth_defaults(&o);
	o.seed = 5;
	o.month = 2;
	ok(generate(&o, tmp_path("m2.csv")) == 0 && generate(&o, tmp_path("m2b.csv")) == 0 &&
	       same_file(tmp_path("m2.csv"), tmp_path("m2b.csv")),
	   "month 2: same seed and month, same bytes");
	o.month = 3;
	ok(generate(&o, tmp_path("m3.csv")) == 0 && !same_file(tmp_path("m2.csv"), tmp_path("m3.csv")),
	   "month 3 differs from month 2");
	o.month = 0;
	ok(generate(&o, tmp_path("m0.csv")) == 0 && !same_file(tmp_path("m0.csv"), tmp_path("m2.csv")),
	   "month 2 differs from the calibrated file");

	uint64_t rows2 = 0, rows3 = 0, rows10 = 0;
	ok(starts_inside(tmp_path("m2.csv"), "2023-06", 30, &rows2), "month 2: every clip starts in June 2023");
	ok(starts_inside(tmp_path("m3.csv"), "2023-07", 31, &rows3), "month 3: every clip starts in July 2023");
	o.month = 10;
	ok(generate(&o, tmp_path("m10.csv")) == 0 &&
	       starts_inside(tmp_path("m10.csv"), "2024-02", 29, &rows10),
	   "month 10: every clip starts in February 2024 (29 days)");
	ok(rows2 != rows3 && rows2 > 140000 && rows2 < 176000 && rows3 > 140000 && rows3 < 176000,
	   "a month's row count varies around the plan's (%llu, %llu)", (unsigned long long)rows2,
	   (unsigned long long)rows3);

	/* Days that exist: 31 in May and January, 30 in June, 28 in February 2025. */
	int day31 = 0;
	o.month = 1;
	ok(generate(&o, tmp_path("m1.csv")) == 0 && starts_inside(tmp_path("m1.csv"), "2023-05", 31, &rows10),
	   "month 1 is May 2023");
	FILE *f = fopen(tmp_path("m1.csv"), "r");
	char line[512];
	while (f && fgets(line, sizeof line, f))
		day31 += strstr(line, ";2023-05-31_") != NULL;
	if (f)
		fclose(f);
	ok(day31 > 0, "... including its 31st day (%d clips)", day31);
	o.month = 22;
	ok(generate(&o, tmp_path("m22.csv")) == 0 && starts_inside(tmp_path("m22.csv"), "2025-02", 28, &rows10),
	   "month 22 is February 2025 (28 days)");

	/* The same cameras, with theft counts that change from month to month. */
	ct_load_opts lo;
	memset(&lo, 0, sizeof lo);
	ct_quality q;
	char err[512];
	enum { MONTHS = 6 };
	ct_dataset *ds[MONTHS + 1] = {0};
	int loaded = 1;
	for (int m = 0; m <= MONTHS; m++) {
		o.month = (uint32_t)m;
		const char *path = tmp_path("mm.csv");
		if (generate(&o, path) != 0 || ct_load_file(path, &lo, &ds[m], &q, err, sizeof err) != 0) {
			loaded = 0;
			tap_diag("month %d: %s", m, err);
			break;
		}
		ct_quality_free(&q);
	}
	ok(loaded, "months 0-%d load", MONTHS);
	if (!loaded)
		return;
	int same_set = 1, free_then_theft = 0, changed23 = 0, theft_free0 = 0;
	uint64_t tp_sum = 0, fp_sum = 0;
	for (int m = 1; m <= MONTHS; m++) {
		same_set &= ds[m]->n_cameras == ds[0]->n_cameras;
		tp_sum += ds[m]->n_tp;
		fp_sum += ds[m]->n_fp;
	}
	for (size_t i = 0; i < ds[0]->n_cameras; i++) {
		const ct_camera *c = &ds[0]->cameras[i];
		uint32_t tp[MONTHS + 1] = {0};
		for (int m = 0; m <= MONTHS; m++) {
			int32_t k = ct_dataset_find(ds[m], c->store, c->camera_id);
			if (k < 0)
				same_set = 0;
			else
				tp[m] = ds[m]->cameras[k].n_tp;
		}
		changed23 += tp[2] != tp[3];
		if (c->n_tp == 0) {
			theft_free0++;
			int some = 0, none = 0;
			for (int m = 1; m <= MONTHS; m++) {
				some |= tp[m] > 0;
				none |= tp[m] == 0;
			}
			free_then_theft += some && none;
		}
	}
	ok(same_set, "months 1-%d have the calibrated file's 45 cameras, no other", MONTHS);
	ok(changed23 >= 20, "%d of 45 cameras have another theft count in month 3 than in month 2",
	   changed23);
	is_int(theft_free0, 6, "6 cameras without a theft in the calibrated file");
	ok(free_then_theft >= 2, "%d of them have thefts in some months and none in others",
	   free_then_theft);
	double tp_mean = (double)tp_sum / MONTHS, fp_mean = (double)fp_sum / MONTHS;
	is_double(tp_mean / 1601.0, 1.0, 0.08, "mean TP per month about the plan's 1,601 (%.0f)",
	          tp_mean);
	is_double(fp_mean / 154336.0, 1.0, 0.05, "mean FP per month about the plan's 154,336");
	for (int m = 0; m <= MONTHS; m++)
		ct_dataset_free(ds[m]);

	/* Drift: the same draws, every score of a camera moved by drift x (N-1)
	 * in logit units, up or down by camera. */
	o.month = 3;
	o.drift = 0;
	ok(generate(&o, tmp_path("d0.csv")) == 0, "month 3 without drift");
	o.drift = 0.25;
	ok(generate(&o, tmp_path("d1.csv")) == 0, "month 3 with drift 0.25");
	FILE *a = fopen(tmp_path("d0.csv"), "r"), *b = fopen(tmp_path("d1.csv"), "r");
	char la[512], lb[512];
	int rows = 0, bad = 0, up = 0, down = 0, special = 0;
	char dir_store[64][64];
	int dir[64], n_dir = 0;
	while (a && b && fgets(la, sizeof la, a) && fgets(lb, sizeof lb, b)) {
		if (rows++ == 0)
			continue;
		char *sa, *va, *pa, *sb, *vb, *pb;
		if (split_row(la, &sa, &va, &pa) != 0 || split_row(lb, &sb, &vb, &pb) != 0 ||
		    strcmp(sa, sb) != 0 || strcmp(va, vb) != 0 || (!pa != !pb)) {
			bad++;
			continue;
		}
		if (!pa)
			continue;
		double x = strtod(pa, NULL), y = strtod(pb, NULL);
		if (x <= 0 || x >= 1 || y <= 0 || y >= 1 || fabs(logit(x)) > 12) {
			special += x == y;
			continue;
		}
		double shift = logit(y) - logit(x);
		int sign = shift > 0 ? 1 : -1;
		if (fabs(fabs(shift) - 0.5) > 1e-3)
			bad++;
		int k;
		for (k = 0; k < n_dir && strcmp(dir_store[k], sa) != 0; k++)
			;
		if (k == n_dir && n_dir < 64) {
			snprintf(dir_store[n_dir], sizeof dir_store[0], "%s", sa);
			dir[n_dir++] = sign;
			up += sign > 0;
			down += sign < 0;
		} else if (k < n_dir && dir[k] != sign) {
			bad++;
		}
	}
	if (a)
		fclose(a);
	if (b)
		fclose(b);
	is_int(bad, 0, "drift 0.25 in month 3: every score's logit moved by 0.5, one direction per camera");
	ok(up > 5 && down > 5, "cameras drift both ways (%d up, %d down)", up, down);
	ok(special > 0, "negative and exactly-1 scores stay as they are (%d)", special);
	o.month = 1;
	ok(generate(&o, tmp_path("d0.csv")) == 0 && same_file(tmp_path("d0.csv"), tmp_path("m1.csv")),
	   "month 1 does not drift: drift 0.25 and drift 0 write the same bytes");
	o.month = CT_SYNTH_MAX_MONTH + 1;
	ok(ct_synth_write(&o, stdout, err, sizeof err) != 0, "a month past %d refused", CT_SYNTH_MAX_MONTH);
}


/* ---- walks and the true parameters (synth.h "Walks") --------------------- */

/* sd over cameras of month 2's minus month 1's fp_mu (mu) or log fp_mean. */
static double truth_sd(const ct_synth_opts *base, bool mu)
{
	ct_synth_opts o = *base;
	ct_synth_camera *a = NULL, *b = NULL;
	size_t na = 0, nb = 0;
	char err[256];
	o.month = 1;
	int r1 = ct_synth_truth(&o, &a, &na, err, sizeof err);
	o.month = 2;
	int r2 = ct_synth_truth(&o, &b, &nb, err, sizeof err);
	double s = 0, s2 = 0;
	for (size_t i = 0; r1 == 0 && r2 == 0 && i < na && i < nb; i++) {
		double d = mu ? b[i].fp_mu - a[i].fp_mu : log(b[i].fp_mean / a[i].fp_mean);
		s += d;
		s2 += d * d;
	}
	free(a);
	free(b);
	if (r1 || r2 || na != nb || na < 2)
		return NAN;
	return sqrt((s2 - s * s / (double)na) / (double)(na - 1));
}

static void test_walks(void)
{
	ct_synth_opts o;
	ct_synth_defaults(&o);
	o.stores = 200;
	o.alerts = 200000;
	o.volume_swing = 0;
	double sd = truth_sd(&o, false);
	ok(sd == 0, "volume swing 0: month 2's expected FP is month 1's on every camera (%g)", sd);
	sd = truth_sd(&o, true);
	ok(sd == 0, "no score drift: the score laws stay (%g)", sd);
	o.volume_swing = 0.3;
	sd = truth_sd(&o, false);
	ok(sd > 0.2 && sd < 0.4, "volume swing 0.3: log volume moves by about 0.3 a month (%.3f)", sd);
	o.score_drift = 0.25;
	sd = truth_sd(&o, true);
	ok(sd > 0.17 && sd < 0.33, "score drift 0.25: scores move by about 0.25 logit (%.3f)", sd);
	o.score_drift = 0.08;
	sd = truth_sd(&o, true);
	ok(sd > 0.05 && sd < 0.11, "score drift 0.08: about 0.08 logit (%.3f)", sd);

	/* the file drawn follows its truth */
	o.month = 2;
	o.stores = 45;
	o.alerts = 158136;
	ct_synth_camera *t = NULL;
	size_t n = 0;
	char err[256];
	ok(ct_synth_truth(&o, &t, &n, err, sizeof err) == 0 && n == 45, "truth of 45 cameras");
	const char *path = tmp_path("w2.csv");
	ct_load_opts lo;
	memset(&lo, 0, sizeof lo);
	ct_dataset *ds = NULL;
	ct_quality q;
	int loaded = generate(&o, path) == 0 && ct_load_file(path, &lo, &ds, &q, err, sizeof err) == 0;
	ok(loaded, "a month with walks loads");
	if (loaded) {
		double fp = 0;
		for (size_t i = 0; i < n; i++)
			fp += t[i].fp_mean;
		ok(fabs((double)ds->n_fp - fp) < 0.03 * fp, "FP %llu about the truth's %.0f",
		   (unsigned long long)ds->n_fp, fp);
		ct_quality_free(&q);
		ct_dataset_free(ds);
	}
	free(t);
	o.month = 0;
	ok(ct_synth_truth(&o, &t, &n, err, sizeof err) != 0, "no truth without a month");
	ok(generate(&o, path) != 0, "walks without a month refused");
	unlink(path);
}

int main(void)
{
	if (!mkdtemp(tmp_dir)) {
		printf("Bail out! mkdtemp failed\n");
		return 1;
	}
	test_default();
	test_scaled();
	test_months();
	test_walks();
	static const char *const files[] = {"a.csv", "b.csv", "a.csv.gz", "c.csv", "d.csv",
	                                    "m0.csv", "m1.csv", "m2.csv", "m2b.csv", "m3.csv",
	                                    "m10.csv", "m22.csv", "mm.csv", "d0.csv", "d1.csv"};
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++)
		unlink(tmp_path(files[i]));
	rmdir(tmp_dir);
	return tap_done();
}
