/* test_curve.c -- counts, options (ties, muting, dominance), AUC and
 * average precision on hand-computed cameras. */
#include "config.h"

#include "core/curve.h"
#include "../tap.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static ct_camera cam(const double *tp, uint32_t ntp, const double *fp,
                     uint32_t nfp)
{
	ct_camera c = {"s", "1", ntp, nfp, tp, fp};
	return c;
}

static void test_count(void)
{
	const double a[] = {0.1, 0.2, 0.2, 0.2, 0.7};
	is_int(ct_count_ge(a, 5, 0.2), 4, ">= keeps the equal ones");
	is_int(ct_count_ge(a, 5, 0.20000000000000004), 1, "just above");
	is_int(ct_count_ge(a, 5, -1), 5, "below all");
	is_int(ct_count_ge(a, 5, 0.7), 1, "top");
	is_int(ct_count_ge(a, 5, 0.71), 0, "above all");
	is_int(ct_count_ge(a, 0, 0.0), 0, "empty");
	is_int(ct_count_ge(a, 5, NAN), 0, "NAN keeps nothing");
}

static void is_opt(ct_option o, double thr, unsigned lost, unsigned saved,
                   bool muted, const char *what)
{
	ok(o.threshold == thr && o.tp_lost == lost && o.fp_saved == saved &&
	       o.muted == muted,
	   "%s: (%.17g, %u, %u, %d)", what, o.threshold, o.tp_lost, o.fp_saved,
	   o.muted);
}

static void test_camera_a(void)
{
	const double tp[] = {0.2, 0.5, 0.5, 0.9};
	const double fp[] = {0.1, 0.3, 0.5, 0.6, 0.95};
	ct_camera c = cam(tp, 4, fp, 5);
	ct_kept k = ct_camera_kept(&c, 0.5);
	is_int(k.tp_kept, 3, "A kept tp at 0.5");
	is_int(k.fp_kept, 3, "A kept fp at 0.5");
	ct_option o[6];
	size_t n = ct_camera_options(&c, o);
	is_int(n, 5, "A: five options (tie skips k=2)");
	is_opt(o[0], 0, 0, 0, false, "A baseline: threshold 0, every alert of any data kept");
	is_opt(o[1], 0.2, 0, 1, false, "A k=0");
	is_opt(o[2], 0.5, 1, 2, false, "A k=1");
	is_opt(o[3], 0.9, 3, 4, false, "A k=3");
	is_opt(o[4], nextafter(1.0, INFINITY), 4, 5, true, "A muted");
	for (size_t i = 0; i < n; i++) {
		ct_option r = ct_camera_apply(&c, o[i].threshold);
		ok(r.tp_lost == o[i].tp_lost && r.fp_saved == o[i].fp_saved &&
		       r.muted == o[i].muted,
		   "A option %zu re-applies to its counts", i);
	}
	is_double(ct_camera_auc(&c), 0.5, 1e-15, "A auc");
	is_double(ct_camera_average_precision(&c), 0.5, 1e-15, "A ap");
	ct_option bl = ct_camera_baseline(&c);
	is_opt(bl, 0, 0, 0, false, "A baseline()");
	{
		const double ntp[] = {0.4}, nfp[] = {-0.02, 0.1};
		ct_camera neg = cam(ntp, 1, nfp, 2);
		is_opt(ct_camera_baseline(&neg), -0.02, 0, 0, false,
		       "a negative lowest score: the baseline goes down to it");
	}
	ct_option ap = ct_camera_apply(&c, 0.55);
	is_opt(ap, 0.55, 3, 3, false, "A apply 0.55");
}

static void test_camera_b(void)
{
	const double tp[] = {0.4, 0.8};
	const double fp[] = {0.1, 0.2, 0.4, 0.7};
	ct_camera c = cam(tp, 2, fp, 4);
	ct_option o[4];
	size_t n = ct_camera_options(&c, o);
	is_int(n, 3, "B: muting dominated");
	is_opt(o[0], 0, 0, 0, false, "B baseline");
	is_opt(o[1], 0.4, 0, 2, false, "B k=0");
	is_opt(o[2], 0.8, 1, 4, false, "B k=1");
	is_double(ct_camera_auc(&c), 0.8125, 1e-15, "B auc");
	is_double(ct_camera_average_precision(&c), 0.75, 1e-15, "B ap");
}

static void test_edge_cameras(void)
{
	const double fp_c[] = {0.3, 0.3};
	ct_camera c = cam(NULL, 0, fp_c, 2);
	ct_option o[3];
	size_t n = ct_camera_options(&c, o);
	is_int(n, 2, "theft-free: baseline and mute");
	is_opt(o[0], 0, 0, 0, false, "theft-free baseline");
	is_opt(o[1], nextafter(1.0, INFINITY), 0, 2, true, "theft-free mute");
	ok(isnan(ct_camera_auc(&c)), "no theft: auc NAN");
	ok(isnan(ct_camera_average_precision(&c)), "no theft: ap NAN");

	const double tp_d[] = {0.5, 0.5};
	ct_camera d = cam(tp_d, 2, NULL, 0);
	n = ct_camera_options(&d, o);
	is_int(n, 1, "no normal: baseline only");
	ok(isnan(ct_camera_auc(&d)), "no normal: auc NAN");
	is_double(ct_camera_average_precision(&d), 1.0, 0, "no normal: ap 1");

	const double tp_e[] = {0.5};
	const double fp_e[] = {0.5, 0.5};
	ct_camera e = cam(tp_e, 1, fp_e, 2);
	n = ct_camera_options(&e, o);
	is_int(n, 2, "all tied: baseline and mute");
	is_opt(o[1], nextafter(1.0, INFINITY), 1, 2, true, "all tied mute");
	is_double(ct_camera_auc(&e), 0.5, 0, "all tied auc");
	is_double(ct_camera_average_precision(&e), 1.0 / 3, 1e-15, "all tied ap");

	/* perfect and inverted rankings */
	const double tp_f[] = {0.8, 0.9}, fp_f[] = {0.1, 0.2, 0.3};
	ct_camera f = cam(tp_f, 2, fp_f, 3);
	is_double(ct_camera_auc(&f), 1.0, 0, "perfect auc");
	is_double(ct_camera_average_precision(&f), 1.0, 0, "perfect ap");
	ct_camera g = cam(fp_f, 3, tp_f, 2);
	is_double(ct_camera_auc(&g), 0.0, 0, "inverted auc");
	/* thresholds 0.3, 0.2, 0.1: P = 1/3, 2/4, 3/5, each recall 1/3 */
	is_double(ct_camera_average_precision(&g), (1.0 / 3 + 0.5 + 0.6) / 3,
	          1e-15, "inverted ap");
	n = ct_camera_options(&g, o);
	/* thefts 0.1 0.2 0.3, normals 0.8 0.9: only muting saves */
	is_int(n, 2, "inverted: baseline and mute");
	is_opt(o[1], nextafter(1.0, INFINITY), 3, 2, true, "inverted mute");

	/* interleaved with ties across classes:
	 * tp 0.2 0.4 0.4 0.6, fp 0.2 0.4 0.5 0.6 0.6 */
	const double tp_h[] = {0.2, 0.4, 0.4, 0.6};
	const double fp_h[] = {0.2, 0.4, 0.5, 0.6, 0.6};
	ct_camera h = cam(tp_h, 4, fp_h, 5);
	/* auc: 0.2 -> 0.5; 0.4 -> 1.5 (twice); 0.6 -> 3 + 1 = 4: 7.5 / 20 */
	is_double(ct_camera_auc(&h), 7.5 / 20, 1e-15, "tied auc");
	/* ap: t=0.6: tp 1, fp 2 -> 1/3, r 1/4; t=0.4: tp 3, fp 4 -> 3/7,
	 * r 2/4; t=0.2: 4/9, r 1/4 */
	is_double(ct_camera_average_precision(&h),
	          0.25 / 3 + 0.5 * 3 / 7 + 0.25 * 4 / 9, 1e-15, "tied ap");
	ct_option oh[6];
	n = ct_camera_options(&h, oh);
	/* k=0 at 0.2 saves 0 (dropped), k=1 at 0.4 saves 1, k=3 at 0.6 saves 3,
	 * mute saves 5 */
	is_int(n, 4, "tied: options");
	is_opt(oh[1], 0.4, 1, 1, false, "tied k=1");
	is_opt(oh[2], 0.6, 3, 3, false, "tied k=3");
	is_opt(oh[3], nextafter(1.0, INFINITY), 4, 5, true, "tied mute");
}

static void test_build(void)
{
	ct_builder *b = ct_builder_new();
	int32_t x = ct_builder_camera(b, "a", 1, "1", 1);
	int32_t y = ct_builder_camera(b, "a", 1, "2", 1);
	const double tp[] = {0.4, 0.8}, fp[] = {0.1, 0.2, 0.4, 0.7};
	for (int i = 0; i < 2; i++)
		ct_builder_add(b, (uint32_t)x, tp[i], true);
	for (int i = 0; i < 4; i++)
		ct_builder_add(b, (uint32_t)x, fp[i], false);
	ct_builder_add(b, (uint32_t)y, 0.3, false);
	ct_dataset *ds = ct_builder_finish(b);
	ct_options *o = ct_options_build(ds);
	ok(o && o->n_cameras == 2, "options built");
	is_int(o->offset[0], 0, "offset 0");
	is_int(o->offset[1], 3, "offset 1");
	is_int(o->offset[2], 5, "offset 2");
	is_opt(o->v[4], nextafter(1.0, INFINITY), 0, 1, true, "camera 2 mute");
	ct_options_free(o);
	ct_dataset_free(ds);
}

/* The mute threshold: above 1 and above the camera's highest score. */
static void test_mute(void)
{
	const double tp[] = {0.2, 0.6}, fp[] = {0.1, 0.5, 0.9};
	ct_camera c = cam(tp, 2, fp, 3);
	double m = ct_mute_threshold(&c);
	ok(m > 1.0 && m == nextafter(1.0, INFINITY), "scores below 1: the next double above 1");
	const double fp_hi[] = {0.1, 1.0};
	c = cam(tp, 2, fp_hi, 2);
	ok(ct_mute_threshold(&c) > 1.0, "a score of exactly 1 is removed too");
	const double fp_out[] = {0.1, 1.7};
	c = cam(tp, 2, fp_out, 2);
	is_double(ct_mute_threshold(&c), nextafter(1.7, INFINITY), 0, "an out-of-range score 1.7: just above it");
	is_int(ct_camera_kept(&c, ct_mute_threshold(&c)).fp_kept, 0, "... which it removes");
	c = cam(tp, 0, fp, 0);
	ok(ct_mute_threshold(&c) > 1.0, "a camera without alerts: above 1");
	c = cam(tp, 2, fp, 3);
	is_double(ct_deployed_threshold(&c, 0.55, false), 0.55, 0, "deployed: the threshold when not muted");
	is_double(ct_deployed_threshold(&c, 0.95, true), nextafter(1.0, INFINITY), 0,
	          "deployed: the mute threshold of this data when muted, not the file's number");
	ct_option o = ct_camera_apply(&c, ct_deployed_threshold(&c, 0.0, true));
	ok(o.muted && o.tp_lost == 2 && o.fp_saved == 3, "muted keeps nothing, even with threshold 0 in the file");
}

static uint64_t rs = 88172645463325252u;
static uint32_t rnd(uint32_t n)
{
	rs ^= rs << 13;
	rs ^= rs >> 7;
	rs ^= rs << 17;
	return (uint32_t)((rs >> 11) % n);
}

static int cmp_score(const void *x, const void *y)
{
	double a = *(const double *)x, b = *(const double *)y;
	return (a > b) - (a < b);
}

/* ct_camera_apply_known against ct_camera_apply: at every option, score,
 * the doubles either side of each, -0, 0, 1, NAN and the mute, on random
 * cameras with ties and negative scores, every field the same. */
static void test_apply_known(void)
{
	int bad = 0, tried = 0, from_options = 0;
	for (int inst = 0; inst < 400; inst++) {
		double tp[16], fp[16];
		uint32_t ntp = rnd(8), nfp = rnd(12);
		for (uint32_t i = 0; i < ntp; i++)
			tp[i] = (double)rnd(9) / 8 - (rnd(6) == 0 ? 0.25 : 0);
		for (uint32_t i = 0; i < nfp; i++)
			fp[i] = (double)rnd(9) / 8 - (rnd(6) == 0 ? 0.25 : 0);
		qsort(tp, ntp, sizeof *tp, cmp_score);
		qsort(fp, nfp, sizeof *fp, cmp_score);
		ct_camera c = cam(tp, ntp, fp, nfp);
		ct_option o[20];
		size_t n = ct_camera_options(&c, o);
		double t[80];
		size_t nt = 0;
		for (size_t i = 0; i < n; i++)
			t[nt++] = o[i].threshold;
		for (uint32_t i = 0; i < ntp; i++)
			t[nt++] = tp[i];
		for (uint32_t i = 0; i < nfp; i++)
			t[nt++] = fp[i];
		size_t base = nt;
		for (size_t i = 0; i < base; i++) {
			t[nt++] = nextafter(t[i], -INFINITY);
			t[nt++] = nextafter(t[i], INFINITY);
		}
		t[nt++] = -0.0;
		t[nt++] = 0.0;
		t[nt++] = 1.0;
		t[nt++] = NAN;
		t[nt++] = ct_mute_threshold(&c);
		for (size_t i = 0; i < nt; i++) {
			ct_option a = ct_camera_apply(&c, t[i]), k = ct_camera_apply_known(&c, o, n, t[i]);
			for (size_t j = 0; j < n; j++)
				from_options += o[j].threshold == t[i];
			tried++;
			if (memcmp(&a.threshold, &k.threshold, sizeof a.threshold) != 0 ||
			    a.tp_lost != k.tp_lost || a.fp_saved != k.fp_saved || a.muted != k.muted) {
				if (bad++ < 5)
					tap_diag("instance %d, threshold %.17g: lost %u/%u saved %u/%u muted %d/%d",
					         inst, t[i], a.tp_lost, k.tp_lost, a.fp_saved, k.fp_saved,
					         a.muted, k.muted);
			}
		}
	}
	ok(bad == 0 && from_options > 1000,
	   "apply_known == apply at %d thresholds (%d of them options') on 400 random cameras",
	   tried, from_options);
}

int main(void)
{
	test_count();
	test_camera_a();
	test_camera_b();
	test_edge_cameras();
	test_build();
	test_mute();
	test_apply_known();
	return tap_done();
}
