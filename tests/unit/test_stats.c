/* test_stats.c -- fleet statistics against hand-computed values. */
#include "config.h"

#include <math.h>
#include <stdlib.h>

#include "../tap.h"
#include "core/curve.h"
#include "core/stats.h"

#define N(a) (uint32_t)(sizeof(a) / sizeof((a)[0]))
#define EPS 1e-12

/* Camera A: 4 thefts, 6 normals.  By hand:
 *   free FP: 0.1, 0.15 below the lowest theft 0.2 -> 2
 *   recall 90 %: keep ceil(3.6) = 4 -> t = 0.2, FP kept 4
 *   recall 50 %: keep 2 -> t = s_3 = 0.8, FP kept 1 (0.95)
 *   AUC: (2 + 4 + 5 + 5) / 24 = 2/3
 *   AP, scores descending 0.95F 0.9T 0.8T 0.7F 0.6T 0.5F 0.3F 0.2T ...:
 *      0.25 * (1/2 + 2/3 + 3/5 + 4/8) = 0.5666... */
static const double a_tp[] = {0.2, 0.6, 0.8, 0.9};
static const double a_fp[] = {0.1, 0.15, 0.3, 0.5, 0.7, 0.95};
/* Camera B: no theft. */
static const double b_fp[] = {0.2, 0.4};
/* Camera C: one theft, no normal alert: AUC undefined, AP 1. */
static const double c_tp[] = {0.3};
/* Camera D: worse than chance, AUC 0. */
static const double d_tp[] = {0.1};
static const double d_fp[] = {0.5, 0.6};
/* Camera E: tied thefts. */
static const double e_tp[] = {0.5, 0.5, 0.5};
static const double e_fp[] = {0.4, 0.5, 0.6};

static ct_camera cam(const char *id, const double *tp, uint32_t ntp,
                     const double *fp, uint32_t nfp)
{
	ct_camera c = {.store = "s", .camera_id = id, .n_tp = ntp, .n_fp = nfp,
	               .tp = tp, .fp = fp};
	return c;
}

static void test_camera(void)
{
	ct_camera a = cam("a", a_tp, N(a_tp), a_fp, N(a_fp));
	ct_camera_stats s;
	ct_camera_stats_compute(&a, &s);
	is_int(s.alerts, 10, "A: alerts");
	is_double(s.theft_rate, 0.4, EPS, "A: theft rate");
	is_int(s.free_fp, 2, "A: free FP below the lowest theft");
	is_double(s.free_threshold, 0.2, 0, "A: free threshold is the lowest theft");
	is_double(s.auc, 2.0 / 3, EPS, "A: AUC");
	is_double(s.average_precision, 0.25 * (0.5 + 2.0 / 3 + 0.6 + 0.5), 1e-9, "A: AP");
	ok(s.at[CT_RECALL_90].defined, "A: recall 90 defined");
	is_double(s.at[CT_RECALL_90].threshold, 0.2, 0, "A: recall 90 threshold");
	is_int(s.at[CT_RECALL_90].fp_kept, 4, "A: recall 90 FP kept");
	is_int(s.at[CT_RECALL_90].tp_kept, 4, "A: recall 90 TP kept");
	is_double(s.at[CT_RECALL_50].threshold, 0.8, 0, "A: recall 50 threshold");
	is_int(s.at[CT_RECALL_50].fp_kept, 1, "A: recall 50 FP kept");
	is_double(s.at[CT_RECALL_50].recall, 0.5, 0, "A: recall 50 reached");

	ct_camera b = cam("b", NULL, 0, b_fp, N(b_fp));
	ct_camera_stats_compute(&b, &s);
	is_int(s.free_fp, 2, "B (no theft): every FP is free");
	ok(s.free_threshold > 0.4, "B: free threshold above every score");
	ok(isnan(s.auc) && isnan(s.average_precision), "B: AUC and AP undefined");
	ok(!s.at[CT_RECALL_90].defined && !s.at[CT_RECALL_50].defined,
	   "B: recall points undefined");

	ct_camera c = cam("c", c_tp, N(c_tp), NULL, 0);
	ct_camera_stats_compute(&c, &s);
	ok(isnan(s.auc), "C (no FP): AUC undefined");
	is_double(s.average_precision, 1.0, EPS, "C: AP 1");
	is_int(s.free_fp, 0, "C: no free FP");

	ct_camera e = cam("e", e_tp, N(e_tp), e_fp, N(e_fp));
	ct_camera_stats_compute(&e, &s);
	is_double(s.at[CT_RECALL_50].threshold, 0.5, 0, "E: tied thefts, threshold 0.5");
	is_int(s.at[CT_RECALL_50].tp_kept, 3, "E: ties keep all three");
	is_double(s.at[CT_RECALL_50].recall, 1.0, 0, "E: recall reached 1");
	is_int(s.at[CT_RECALL_50].fp_kept, 2, "E: FP kept 0.5 and 0.6");
	is_int(s.free_fp, 1, "E: free FP 0.4");
}

/* ceil(0.9 P) must be exact for every P: compare with integer reasoning
 * (need * 100 >= 90 P > (need - 1) * 100). */
static void test_recall_need(void)
{
	static double tp[1000];
	for (int i = 0; i < 1000; i++)
		tp[i] = (i + 1) / 1000.0;
	int bad = 0;
	for (uint32_t p = 1; p <= 1000; p++) {
		ct_camera c = cam("x", tp, p, NULL, 0);
		for (unsigned pct = 1; pct <= 100; pct += 7) {
			ct_recall_point r = ct_camera_at_recall(&c, pct);
			uint64_t need = r.tp_kept;
			if (!(need * 100 >= (uint64_t)pct * p
			      && (need - 1) * 100 < (uint64_t)pct * p))
				bad++;
		}
		ct_recall_point r = ct_camera_at_recall(&c, 90);
		uint64_t need = r.tp_kept;
		if (!(need * 100 >= 90ull * p && (need - 1) * 100 < 90ull * p))
			bad++;
	}
	is_int(bad, 0, "recall points keep exactly ceil(pct * P / 100) distinct thefts");
	ct_camera c10 = cam("x", tp, 10, NULL, 0);
	ct_recall_point r = ct_camera_at_recall(&c10, 90);
	is_double(r.threshold, tp[1], 0, "P = 10, recall 90: threshold s_2");
	is_int(r.tp_kept, 9, "P = 10, recall 90: 9 kept");
}

static void test_quantile_gini(void)
{
	const double v[] = {0.1, 0.2, 0.4, 0.8};
	is_double(ct_quantile_sorted(v, 4, 0.25), 0.175, EPS, "q1 linear");
	is_double(ct_quantile_sorted(v, 4, 0.5), 0.3, EPS, "median");
	is_double(ct_quantile_sorted(v, 4, 0.75), 0.5, EPS, "q3 linear");
	is_double(ct_quantile_sorted(v, 4, 0), 0.1, 0, "q0 is min");
	is_double(ct_quantile_sorted(v, 4, 1), 0.8, 0, "q1.0 is max");
	is_double(ct_quantile_sorted(v, 1, 0.25), 0.1, 0, "one value");
	ok(isnan(ct_quantile_sorted(v, 0, 0.5)), "no value: NAN");

	const uint64_t g1[] = {4, 1, 3, 2};
	is_double(ct_gini(g1, 4), 0.25, EPS, "Gini {1,2,3,4} = 0.25");
	const uint64_t g2[] = {0, 10, 0, 0};
	is_double(ct_gini(g2, 4), 0.75, EPS, "Gini all in one of 4 = 3/4");
	const uint64_t g3[] = {7, 7, 7};
	is_double(ct_gini(g3, 3), 0, EPS, "Gini equal = 0");
	const uint64_t g4[] = {0, 0};
	is_double(ct_gini(g4, 2), 0, 0, "Gini of zeros = 0");
	is_int(g1[0], 4, "Gini leaves its input alone");
}

static void test_fleet(void)
{
	ct_camera cams[4] = {
		cam("a", a_tp, N(a_tp), a_fp, N(a_fp)),
		cam("b", NULL, 0, b_fp, N(b_fp)),
		cam("c", c_tp, N(c_tp), NULL, 0),
		cam("d", d_tp, N(d_tp), d_fp, N(d_fp)),
	};
	ct_dataset ds = {.n_cameras = 4, .cameras = cams, .n_alerts = 15,
	                 .n_tp = 6, .n_fp = 10};
	ct_camera_stats cs[4];
	for (int i = 0; i < 4; i++)
		ct_camera_stats_compute(&cams[i], &cs[i]);
	ct_fleet_stats f;
	is_int(ct_fleet_stats_compute(&ds, cs, &f), 0, "fleet computed");
	is_int(f.fp, 10, "fleet FP");
	is_int(f.tp, 6, "fleet TP");
	is_int(f.n_auc, 2, "AUC defined on A and D only");
	is_double(f.auc_mean, 1.0 / 3, EPS, "AUC mean");
	is_double(f.auc_sd, sqrt(2 * (1.0 / 9)), EPS, "AUC sample sd");
	is_double(f.auc_q1, 1.0 / 6, EPS, "AUC q1");
	is_double(f.auc_median, 1.0 / 3, EPS, "AUC median");
	is_double(f.auc_q3, 0.5, EPS, "AUC q3");
	is_double(f.auc_min, 0, 0, "AUC min");
	/* A (4 thefts) and D (1) are too small for an AUC verdict. */
	is_int(f.n_chance, 0, "no camera judged at chance: D's AUC 0 rests on one theft");
	is_int(f.n_too_small, 2, "A and D too small to judge (fewer than 5 thefts)");
	is_int(f.n_judged, 0, "no camera judged");
	is_int(f.n_few_thefts, 4, "every camera has fewer than 20 thefts");
	ok(cs[0].auc_withheld && cs[3].auc_withheld && !cs[1].auc_withheld && !cs[2].auc_withheld,
	   "AUC withheld on A and D (undefined, not withheld, on B and C)");
	ok(isnan(cs[0].auc_ci.lo) && isnan(cs[0].auc_ci.hi), "no interval for a withheld AUC");
	is_int(f.free_fp, 4, "free FP: 2 on A + 2 on B");
	is_int(f.n_theft_free, 1, "one theft-free camera");
	is_int(f.theft_free_fp, 2, "its FP");
	is_int(f.top_n, 1, "top 10 %% of 4 cameras = 1 camera");
	is_double(f.top_fp_share, 0.6, EPS, "top camera holds 60 %%");
	is_double(f.fp_gini, 0.45, EPS, "Gini of {6,2,0,2}");
	ok(f.verdict.why & CT_WHY_FP_CONCENTRATED, "60 %% on 1 of 4 cameras: concentrated");
	is_int(f.verdict.level, CT_VERDICT_NOT_UNIFORM, "verdict: not uniform");
	ok(!(f.verdict.why & (CT_WHY_CHANCE_SOME | CT_WHY_CHANCE_MANY)), "not for cameras at chance");
	ok(f.verdict.why & CT_WHY_SPREAD_WIDE, "but for the wide AUC spread");
	ok(f.verdict.why & CT_WHY_THEFT_FREE, "theft-free cameras noted");

	/* Two similar good cameras: uniform. */
	static const double u1_tp[] = {0.8, 0.9}, u1_fp[] = {0.1, 0.2, 0.85};
	static const double u2_tp[] = {0.7, 0.9}, u2_fp[] = {0.1, 0.3, 0.8};
	ct_camera u[2] = {cam("u1", u1_tp, 2, u1_fp, 3), cam("u2", u2_tp, 2, u2_fp, 3)};
	ct_dataset dsu = {.n_cameras = 2, .cameras = u};
	ct_camera_stats csu[2];
	ct_camera_stats_compute(&u[0], &csu[0]);
	ct_camera_stats_compute(&u[1], &csu[1]);
	ct_fleet_stats_compute(&dsu, csu, &f);
	is_double(f.auc_mean, 5.0 / 6, EPS, "uniform fleet: both AUC 5/6");
	is_int(f.verdict.level, CT_VERDICT_UNIFORM, "verdict: uniform");
	is_int(f.top_n, 1, "top 10 %% of 2 = 1");
	ok(!(f.verdict.why & CT_WHY_FP_CONCENTRATED), "3 + 3 FP: not concentrated");

	ct_dataset one = {.n_cameras = 1, .cameras = u};
	ct_fleet_stats_compute(&one, csu, &f);
	is_int(f.verdict.level, CT_VERDICT_UNDEFINED, "one camera: no verdict");
	ok(isnan(f.auc_sd), "one AUC: sd undefined");
}

static void test_steps(void)
{
	ct_camera a = cam("a", a_tp, N(a_tp), a_fp, N(a_fp));
	ct_point pt[2 * 4 + 2];
	size_t n = ct_camera_recall_steps(&a, pt);
	static const ct_point want[] = {
		{1, 6}, {1, 4}, {0.75, 4}, {0.75, 2}, {0.5, 2},
		{0.5, 1}, {0.25, 1}, {0, 1}, {0, 0},
	};
	is_int(n, 9, "A: staircase corners");
	int same = n == 9;
	for (size_t i = 0; same && i < n; i++)
		same = pt[i].x == want[i].x && pt[i].y == want[i].y;
	ok(same, "A: staircase (1,6) (1,4) (.75,4) ... (0,0)");
	ct_camera b = cam("b", NULL, 0, b_fp, N(b_fp));
	is_int(ct_camera_recall_steps(&b, pt), 0, "B: no staircase without thefts");
}

/* Intervals against values worked out by hand from the formulas of
 * stats.h (z = 1.6448536 at 90 %, 1.9599640 at 95 %); Wilson 3/10 at 95 %
 * is the textbook (0.1078, 0.6032), 0/5 at 95 % the classic upper bound
 * z^2 / (n + z^2) = 0.4345. */
static void test_intervals(void)
{
	is_double(ct_normal_quantile(0.975), 1.959963984540054, 1e-12, "z at 97.5 %%");
	is_double(ct_normal_quantile(0.95), 1.644853626951472, 1e-12, "z at 95 %%");
	is_double(ct_normal_cdf(1.959963984540054), 0.975, 1e-14, "phi(1.96) = 0.975");
	static const struct {
		uint64_t k, n;
		double level, lo, hi;
	} w[] = {
		{0, 5, 0.95, 0, 0.434482}, {5, 5, 0.95, 0.565518, 1}, {3, 10, 0.95, 0.107791, 0.603222},
		{0, 5, 0.90, 0, 0.351117}, {5, 5, 0.90, 0.648883, 1}, {3, 10, 0.90, 0.126877, 0.558300},
		{1, 20, 0.95, 0.008881, 0.236131}, {18, 20, 0.95, 0.698966, 0.972134},
	};
	for (size_t i = 0; i < sizeof w / sizeof w[0]; i++) {
		ct_interval r = ct_wilson_interval(w[i].k, w[i].n, w[i].level);
		ok(fabs(r.lo - w[i].lo) < 5e-7 && fabs(r.hi - w[i].hi) < 5e-7,
		   "Wilson %llu/%llu at %.0f%%: [%.6f, %.6f] (want [%.6f, %.6f])",
		   (unsigned long long)w[i].k, (unsigned long long)w[i].n, 100 * w[i].level, r.lo,
		   r.hi, w[i].lo, w[i].hi);
	}
	ct_interval r = ct_wilson_interval(0, 5, 0.95);
	ok(r.lo == 0 && ct_wilson_interval(5, 5, 0.95).hi == 1, "Wilson: exactly 0 and 1 at the ends");
	r = ct_wilson_interval(0, 0, 0.95);
	ok(isnan(r.lo) && isnan(r.hi), "Wilson of 0/0: undefined");

	/* Hanley-McNeil: A = 0.8, P = 10, N = 100: Q1 = 0.8/1.2 = 0.666667,
	 * Q2 = 1.28/1.8 = 0.711111, SE^2 = (0.16 + 9 * 0.026667 + 99 *
	 * 0.071111) / 1000 = 0.0074400, SE = 0.086255. */
	static const struct {
		double auc;
		uint64_t p, n;
		double level, lo, hi;
	} h[] = {
		{0.8, 10, 100, 0.95, 0.630942, 0.969058}, {0.8, 10, 100, 0.90, 0.658122, 0.941878},
		{0.6, 50, 2000, 0.95, 0.516039, 0.683961}, {0.35, 20, 500, 0.95, 0.240238, 0.459762},
	};
	for (size_t i = 0; i < sizeof h / sizeof h[0]; i++) {
		r = ct_auc_interval(h[i].auc, h[i].p, h[i].n, h[i].level);
		ok(fabs(r.lo - h[i].lo) < 5e-7 && fabs(r.hi - h[i].hi) < 5e-7,
		   "Hanley-McNeil AUC %.2f, %llu thefts, %llu FP at %.0f%%: [%.6f, %.6f]", h[i].auc,
		   (unsigned long long)h[i].p, (unsigned long long)h[i].n, 100 * h[i].level, r.lo, r.hi);
	}
	r = ct_auc_interval(0.8, 4, 100, 0.95);
	ok(isnan(r.lo) && isnan(r.hi), "AUC on 4 thefts: withheld");
	r = ct_auc_interval(0.8, 5, 100, 0.95);
	ok(r.lo > 0 && r.hi <= 1, "5 thefts: an interval [%.3f, %.3f]", r.lo, r.hi);
	r = ct_auc_interval(1.0, 30, 30, 0.95);
	ok(r.lo == 1 && r.hi == 1, "AUC 1: the interval clips to [1, 1]");

	/* The verdict's rule: only an interval at or below 0.5 is chance. */
	static const double g_tp[] = {0.1, 0.3, 0.5, 0.7, 0.9}, g_fp[] = {0.2, 0.4, 0.6, 0.8, 1.0};
	static const double k_tp[] = {0.1, 0.11, 0.12, 0.13, 0.14}, k_fp[] = {0.5, 0.6, 0.7, 0.8, 0.9};
	ct_camera g = cam("g", g_tp, 5, g_fp, 5), k = cam("k", k_tp, 5, k_fp, 5);
	ct_camera_stats sg, sk;
	ct_camera_stats_compute(&g, &sg);
	ct_camera_stats_compute(&k, &sk);
	is_double(sg.auc, 0.4, EPS, "G: AUC 10/25 = 0.4 on 5 thefts");
	ok(!sg.auc_withheld && sg.auc_ci.hi > 0.5 && !ct_camera_at_chance(&sg),
	   "G: its interval reaches %.3f > 0.5, not at chance", sg.auc_ci.hi);
	ok(sk.auc == 0 && ct_camera_at_chance(&sk), "K: every theft below every FP, AUC 0: at chance");
	ok(sg.few_thefts && sk.few_thefts, "5 thefts are few (< 20)");
	ct_camera both[2] = {g, k};
	ct_dataset ds = {.n_cameras = 2, .cameras = both};
	ct_camera_stats cs[2] = {sg, sk};
	ct_fleet_stats f;
	ct_fleet_stats_compute(&ds, cs, &f);
	is_int(f.n_chance, 1, "G and K: one camera at chance (K)");
	is_int(f.n_judged, 2, "both judged");
	is_int(f.n_too_small, 0, "none too small");
	ok(f.verdict.why & CT_WHY_CHANCE_MANY, "1 of 2 judged: many at chance");
}

int main(void)
{
	test_camera();
	test_recall_need();
	test_quantile_gini();
	test_fleet();
	test_steps();
	test_intervals();
	return tap_done();
}
