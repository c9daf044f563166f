/* test_model.c -- the out-of-sample model and the robust strategy: normal
 * quantiles against published values, the binormal curves and the theft
 * rates on fleets whose answer is known, the expected figures of a
 * setting, and robust against brute force over every combination of its
 * candidate thresholds on small random fleets. */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/optimise.h"
#include "tests/tap.h"

static uint64_t rs = 88172645463325252ull;
static uint32_t rnd(uint32_t n)
{
	rs ^= rs << 13;
	rs ^= rs >> 7;
	rs ^= rs << 17;
	return (uint32_t)(rs % n);
}

static void normal_values(void)
{
	/* Abramowitz and Stegun, table 26.5 */
	is_double(ct_normal_quantile(0.975), 1.959963985, 1e-8, "z(0.975)");
	is_double(ct_normal_quantile(0.90), 1.281551566, 1e-8, "z(0.90)");
	is_double(ct_normal_quantile(0.5), 0, 1e-12, "z(0.5)");
	is_double(ct_normal_quantile(0.001), -3.090232306, 1e-8, "z(0.001)");
	is_double(ct_normal_quantile(1e-10), -6.361340902, 1e-7, "z(1e-10), the tail");
	is_double(ct_normal_cdf(1.959963985), 0.975, 1e-9, "Phi(1.96)");
	is_double(ct_normal_cdf(-1), 0.158655254, 1e-9, "Phi(-1)");
	ok(ct_normal_quantile(0) <= -40, "z(0): far below any finite quantile");
}

/* A camera with n_fp FP at 1..n_fp / (n_fp + 1) and thefts at the given
 * scores. */
static void add_camera(ct_builder *b, const char *store, uint32_t n_fp, const double *tp,
                       uint32_t n_tp)
{
	int32_t c = ct_builder_camera(b, store, strlen(store), "1", 1);
	for (uint32_t i = 0; i < n_fp; i++)
		ct_builder_add(b, (uint32_t)c, (i + 1.0) / (n_fp + 1.0), false);
	for (uint32_t i = 0; i < n_tp; i++)
		ct_builder_add(b, (uint32_t)c, tp[i], true);
}

static void curves(void)
{
	/* Three cameras with the same thefts: no spread between cameras, so
	 * every camera takes the fleet's curve, the theft-free one too. */
	double tp[] = {0.05, 0.3, 0.5, 0.7, 0.95, 0.97};
	ct_builder *b = ct_builder_new();
	add_camera(b, "a", 99, tp, 6);
	add_camera(b, "b", 99, tp, 6);
	add_camera(b, "c", 99, tp, 6);
	add_camera(b, "d", 99, NULL, 0);
	ct_dataset *ds = ct_builder_finish(b);
	ct_model *m = ct_model_new(ds, NULL);
	ct_model_fit f;
	ct_model_fit_of(m, &f);
	ok(f.curve_between == 0 && isinf(f.pseudo_thefts), "equal cameras: no spread between them");
	is_int(f.fleet_thefts, 18, "18 theft positions");
	int same = 1, monotone = 1;
	for (int k = 1; k <= 20; k++) {
		double a = k / 20.0;
		double h0 = ct_model_curve(m, 0, a);
		for (size_t c = 1; c < 4; c++)
			same &= fabs(ct_model_curve(m, c, a) - h0) < 1e-12;
		monotone &= h0 >= ct_model_curve(m, 0, a - 0.05);
	}
	ok(same, "every camera, the theft-free one too, has the fleet's curve");
	ok(monotone, "the curve rises with the FP position");
	is_double(ct_model_curve(m, 0, 0), 0, 0, "nothing removed, nothing lost");
	ok(ct_model_curve(m, 0, 1) < 1, "above every FP of the history is not above every theft");
	is_double(ct_model_loss_share(m, 0, 2.0, true), 1, 0, "a mute loses every theft");
	is_double(ct_model_loss_share(m, 0, 0.0, false), 0, 0, "the baseline loses none");
	/* Each theft ties with the FP k / 100 at its own score: k - 1 FP
	 * below, one tied, so its position (k - 1/2 + 1/2) / 100 is its score,
	 * and the probit positions have this mean and sample spread. */
	double sum = 0, ss = 0, y[6];
	for (int i = 0; i < 6; i++) {
		y[i] = ct_normal_quantile(tp[i]);
		sum += y[i];
	}
	for (int i = 0; i < 6; i++)
		ss += (y[i] - sum / 6) * (y[i] - sum / 6);
	is_double(f.curve_mean, sum / 6, 1e-9, "fleet mean of the probit positions");
	is_double(f.curve_spread, sqrt(ss / 5), 1e-9, "pooled within-camera spread");

	/* Theft rates: equal rates per alert give one common rate (no more
	 * spread than Poisson); the theft-free camera is not free. */
	/* Theft rates shrink toward the fleet's: between the camera's own
	 * count and the fleet rate times its volume. */
	double r = 18.0 / (double)ds->n_alerts;
	ok(ct_model_thefts(m, 3) > 0 && ct_model_thefts(m, 3) < r * 99,
	   "no theft in the history of 99 alerts: some expected, fewer than the fleet's rate gives");
	ok(ct_model_thefts(m, 0) > r * 105 && ct_model_thefts(m, 0) < 6,
	   "6 thefts in 105 alerts: between the fleet's rate and its own count");
	ct_model_free(m);
	ct_dataset_free(ds);

	/* A camera whose thefts all score high gets a curve below the fleet's
	 * when cameras differ, and the more thefts it has, the further. */
	b = ct_builder_new();
	double hi[40], lo[40];
	for (int i = 0; i < 40; i++) {
		hi[i] = 0.9 + 0.002 * i;
		lo[i] = 0.05 + 0.002 * i;
	}
	add_camera(b, "hi", 99, hi, 40);
	add_camera(b, "lo", 99, lo, 40);
	add_camera(b, "small", 99, hi, 2);
	ds = ct_builder_finish(b);
	m = ct_model_new(ds, NULL);
	ct_model_fit_of(m, &f);
	ok(f.curve_between > 0, "cameras that differ: a spread between them");
	ok(ct_model_curve(m, 0, 0.5) < ct_model_curve(m, 1, 0.5), "high scorer loses less at the median");
	ok(ct_model_curve(m, 2, 0.5) > ct_model_curve(m, 0, 0.5),
	   "two thefts move a camera's curve less than forty");
	ct_model_free(m);
	ct_dataset_free(ds);
}

static void expectations(void)
{
	double tp[] = {0.2, 0.6, 0.8};
	ct_builder *b = ct_builder_new();
	add_camera(b, "a", 50, tp, 3);
	add_camera(b, "b", 80, tp + 1, 2);
	ct_dataset *ds = ct_builder_finish(b);
	ct_model *m = ct_model_new(ds, NULL);
	ct_option base[2] = {ct_camera_baseline(&ds->cameras[0]), ct_camera_baseline(&ds->cameras[1])};
	ct_expectation e;
	ct_model_expect(m, base, 0, &e);
	is_double(e.tp_lost, 0, 0, "baseline: nothing lost");
	is_double(e.fp_saved_share, 0, 0, "baseline: nothing saved");
	is_double(e.p_target_met, 1, 0, "a target of 0 always holds");
	ok(e.thefts > 4 && e.thefts < 7, "about five thefts expected");
	ct_option mute[2] = {ct_camera_apply(&ds->cameras[0], 2.0), ct_camera_apply(&ds->cameras[1], 2.0)};
	ct_model_expect(m, mute, 0.5, &e);
	is_double(e.tp_lost, e.thefts, 1e-9, "all muted: every expected theft lost");
	is_double(e.fp_saved_share, 1, 0, "all muted: every FP saved");
	ok(e.tp_lost_low <= e.tp_lost && e.tp_lost <= e.tp_lost_high && e.tp_lost_low < e.tp_lost_high,
	   "the interval holds the mean");
	ok(e.p_target_met > 0.9, "saving all clears a 50%% target");
	ct_option half[2] = {ct_camera_apply(&ds->cameras[0], 0.5), ct_camera_apply(&ds->cameras[1], 0.5)};
	ct_model_expect(m, half, NAN, &e);
	ok(isnan(e.p_target_met), "no target, no probability");
	/* (i + 1) / 51 < 0.5 for 25 of camera a's FP, (i + 1) / 81 for 40 of b's */
	is_double(e.fp_saved_share, (25.0 + 40) / 130, 1e-12, "FP share of the history below 0.5");
	ct_model_free(m);
	ct_dataset_free(ds);
}

/* The expected figures take each setting's counts for its threshold's
 * (no search in the scores): against the model's own per-camera figures
 * at the threshold, on random fleets and random thresholds, ties, scores
 * below every FP, theft-free and FP-free cameras and mutes included. */
static void expectation_by_threshold(void)
{
	int bad = 0, rounds = 200;
	for (int r = 0; r < rounds; r++) {
		ct_builder *b = ct_builder_new();
		uint32_t nc = 1 + rnd(6);
		for (uint32_t k = 0; k < nc; k++) {
			char store[16];
			snprintf(store, sizeof store, "s%u", k);
			int32_t c = ct_builder_camera(b, store, strlen(store), "1", 1);
			uint32_t nf = rnd(4) == 0 ? 0 : rnd(30), nt = rnd(3) == 0 ? 0 : rnd(8);
			for (uint32_t i = 0; i < nf + nt; i++)
				ct_builder_add(b, (uint32_t)c, rnd(21) / 20.0, i >= nf);
			if (nf + nt == 0)
				ct_builder_add(b, (uint32_t)c, 0.5, false);
		}
		ct_dataset *ds = ct_builder_finish(b);
		ct_model *m = ct_model_new(ds, NULL);
		ct_option *set = calloc(ds->n_cameras, sizeof *set);
		double lost = 0, saved = 0, fp = 0;
		for (size_t i = 0; i < ds->n_cameras; i++) {
			const ct_camera *c = &ds->cameras[i];
			double t = rnd(5) == 0 ? ct_mute_threshold(c) : rnd(23) / 20.0 - 0.05;
			set[i] = ct_camera_apply(c, t);
			bool muted = set[i].muted;
			lost += ct_model_thefts(m, i) * ct_model_loss_share(m, i, t, muted);
			saved += (muted ? 1 : ct_model_fp_position(m, i, t)) * c->n_fp;
			fp += c->n_fp;
		}
		ct_expectation e;
		ct_model_expect(m, set, NAN, &e);
		if (fabs(e.tp_lost - lost) > 1e-9 * (1 + lost) ||
		    fabs(e.fp_saved_share - (fp > 0 ? saved / fp : 0)) > 1e-12) {
			if (!bad)
				tap_diag("round %d: tp_lost %.12g, want %.12g; share %.12g, want %.12g", r,
				         e.tp_lost, lost, e.fp_saved_share, fp > 0 ? saved / fp : 0);
			bad++;
		}
		free(set);
		ct_model_free(m);
		ct_dataset_free(ds);
	}
	ok(bad == 0, "expected figures from a setting's counts = the model's at its thresholds "
	   "(%d random fleets)", rounds);
}

/* A target of 0 is met with confidence by the baseline itself: robust
 * takes no step (it once took the first step's camera as the one
 * crossing the line and saved FP for nothing). */
static void robust_zero_target(void)
{
	double tp[] = {0.45, 0.7, 0.85};
	ct_builder *b = ct_builder_new();
	add_camera(b, "a", 4, tp, 3);
	add_camera(b, "b", 9, tp + 1, 2);
	ct_dataset *ds = ct_builder_finish(b);
	ct_options *o = ct_options_build(ds);
	ct_problem *p = ct_problem_new(ds, o, NULL);
	ct_solution sol;
	ok(ct_solve(p, CT_ROBUST, 0, &sol) == 0, "robust solves a target of 0");
	ok(sol.fp_saved == 0 && sol.tp_lost == 0, "... at the baseline (FP saved %llu, TP lost %llu)",
	   (unsigned long long)sol.fp_saved, (unsigned long long)sol.tp_lost);
	ct_solution_free(&sol);
	ct_problem_free(p);
	ct_options_free(o);
	ct_dataset_free(ds);
}

/* ---- robust against brute force --------------------------------------- */

typedef struct bcand {
	double t, a, loss;
	bool muted;
} bcand;

/* The candidates robust considers, built here from the rule: baseline,
 * between two distinct FP, above every FP when a theft scores higher, the
 * mute. */
static int cands_of(const ct_model *m, const ct_dataset *ds, size_t cam, bcand *out)
{
	const ct_camera *c = &ds->cameras[cam];
	int n = 0;
	ct_option base = ct_camera_baseline(c);
	out[n++] = (bcand){base.threshold, 0, 0, false};
	for (uint32_t i = 0; i < c->n_fp;) {
		uint32_t j = i;
		while (j < c->n_fp && c->fp[j] == c->fp[i])
			j++;
		double t;
		if (j < c->n_fp)
			t = c->fp[i] + (c->fp[j] - c->fp[i]) / 2;
		else if (c->n_tp && c->tp[c->n_tp - 1] > c->fp[i])
			t = nextafter(c->fp[i], INFINITY);
		else
			break;
		out[n++] = (bcand){t, 0, 0, false};
		i = j;
	}
	out[n++] = (bcand){nextafter(ct_camera_max_score(c), INFINITY), 0, 0, true};
	for (int k = 0; k < n; k++) {
		out[k].a = out[k].muted ? 1 : ct_model_fp_position(m, cam, out[k].t);
		out[k].loss = ct_model_thefts(m, cam) *
		              ct_model_loss_share(m, cam, out[k].t, out[k].muted);
	}
	return n;
}

static void robust_brute(void)
{
	int fails = 0, exact_hits = 0, checked = 0, one_cam_fail = 0;
	for (int inst = 0; inst < 300; inst++) {
		ct_builder *b = ct_builder_new();
		int ncam = 1 + (int)rnd(3);
		for (int c = 0; c < ncam; c++) {
			char name[8];
			snprintf(name, sizeof name, "s%d", c);
			int32_t id = ct_builder_camera(b, name, strlen(name), "1", 1);
			uint32_t nf = 2 + rnd(5), nt = rnd(4);
			for (uint32_t i = 0; i < nf; i++)
				ct_builder_add(b, (uint32_t)id, rnd(20) / 20.0, false);
			for (uint32_t i = 0; i < nt; i++)
				ct_builder_add(b, (uint32_t)id, rnd(20) / 20.0, true);
		}
		ct_dataset *ds = ct_builder_finish(b);
		ct_options *o = ct_options_build(ds);
		ct_problem *p = ct_problem_new(ds, o, NULL);
		ct_model_params mp;
		ct_model_defaults(&mp);
		mp.confidence = 0.5 + rnd(45) / 100.0;
		ct_problem_set_model_params(p, &mp);
		const ct_model *m = ct_problem_model(p);
		double share = rnd(100) / 100.0, z = ct_normal_quantile(mp.confidence);
		double target = share * ds->n_fp;

		bcand cs[3][16];
		int nc[3];
		for (int c = 0; c < ncam; c++)
			nc[c] = cands_of(m, ds, (size_t)c, cs[c]);
		/* every combination */
		double best = INFINITY;
		int pick[3] = {0, 0, 0};
		for (;;) {
			double saved = 0, var = 0, loss = 0;
			for (int c = 0; c < ncam; c++) {
				const bcand *k = &cs[c][pick[c]];
				saved += k->a * ds->cameras[c].n_fp;
				var += ct_model_fp_variance(m, (size_t)c, k->a, share);
				loss += k->loss;
			}
			double margin = saved - target;
			if (margin >= 0 && margin >= z * sqrt(var) && loss < best)
				best = loss;
			int c = 0;
			while (c < ncam && ++pick[c] == nc[c])
				pick[c++] = 0;
			if (c == ncam)
				break;
		}
		ct_solution sol;
		ct_solve(p, CT_ROBUST, target, &sol);
		ct_expectation e;
		ct_solution_expect(p, &sol, &e);
		double maxstep = 0;
		for (int c = 0; c < ncam; c++)
			maxstep = fmax(maxstep, cs[c][nc[c] - 1].loss);
		if (isfinite(best)) {
			checked++;
			double saved = e.fp_saved_share * ds->n_fp;
			double need = z * e.fp_saved_sd * ds->n_fp;
			bool ok_conf = saved - target >= 0 && saved - target >= need - 1e-6;
			bool ok_loss = e.tp_lost >= best - 1e-9 && e.tp_lost <= best + maxstep + 1e-9;
			if (!ok_conf || !ok_loss) {
				fails++;
				tap_diag("instance %d: robust %.4f, brute %.4f, step bound %.4f, saved %.2f of %.2f",
				         inst, e.tp_lost, best, maxstep, saved, target);
			}
			exact_hits += fabs(e.tp_lost - best) < 1e-9;
			if (ncam == 1 && fabs(e.tp_lost - best) > 1e-9)
				one_cam_fail++;
		}
		ct_solution_free(&sol);
		ct_problem_free(p);
		ct_options_free(o);
		ct_dataset_free(ds);
	}
	ok(checked > 150, "brute force found a confident plan on %d of 300 fleets", checked);
	ok(fails == 0, "robust never beats brute force, meets the target, and stays within one "
	               "camera's loss of it (%d failures)",
	   fails);
	ok(one_cam_fail == 0, "one camera: robust is the brute-force optimum (%d failures)", one_cam_fail);
	tap_diag("robust equals brute force on %d of %d", exact_hits, checked);
}


/* ---- the variance estimate (doc/domain.md "The variance estimate") ---- */

static double gauss(void)
{
	double u = (rnd(1u << 30) + 0.5) / (double)(1u << 30);
	double v = (rnd(1u << 30) + 0.5) / (double)(1u << 30);
	return sqrt(-2 * log(u)) * cos(2 * M_PI * v);
}

/* Poisson(x) for the x used here (>= 30): the nearest integer of N(x, x). */
static uint32_t poisson_big(double x)
{
	double v = floor(x + sqrt(x) * gauss() + 0.5);
	return v > 0 ? (uint32_t)v : 0;
}

/* 40 cameras of ~2000 FP over `days` days from 2023-05-01; with swing,
 * each camera's daily log volume and score shift take normal steps of
 * sd `step`; timed false: no times.  The model's variance. */
static ct_model_variance fleet_variance(int days, double vol_step, double score_step, bool timed,
                                        const ct_model_params *mp, double *cam_drift)
{
	ct_builder *b = ct_builder_new();
	for (int i = 0; i < 40; i++) {
		char id[16];
		snprintf(id, sizeof id, "%d", i + 1);
		int32_t c = ct_builder_camera(b, "s", 1, id, strlen(id));
		double lv = 0, sh = 0;
		for (int d = 0; d < days; d++) {
			lv += vol_step * gauss();
			sh += score_step * gauss();
			uint32_t n = poisson_big(60 * exp(lv));
			for (uint32_t k = 0; k < n; k++) {
				double p = 1 / (1 + exp(-(-1 + sh + gauss())));
				uint32_t t = 1682899200u + (uint32_t)d * 86400u + rnd(86400);
				ct_builder_add_timed(b, (uint32_t)c, p, false, timed ? t : CT_NO_TIME);
			}
			if (rnd(20) == 0)
				ct_builder_add_timed(b, (uint32_t)c, 1 / (1 + exp(-(sh + gauss()))), true,
				                     timed ? 1682899200u + (uint32_t)d * 86400u : CT_NO_TIME);
		}
	}
	ct_dataset *ds = ct_builder_finish(b);
	ct_model *m = ct_model_new(ds, mp);
	ct_model_fit f;
	ct_model_fit_of(m, &f);
	if (cam_drift)
		*cam_drift = sqrt(ct_model_drift_var(m, 0));
	ct_model_free(m);
	ct_dataset_free(ds);
	return f.variance;
}

static void variance_estimate(void)
{
	ct_model_params mp;
	ct_model_defaults(&mp);
	double cd;
	ct_model_variance v = fleet_variance(35, 0, 0, true, &mp, &cd);
	ok(v.source == CT_VARIANCE_WEEKS && v.periods == 5, "35 days: measured on 5 weeks (%s, %u)",
	   ct_variance_source_name(v.source), v.periods);
	/* the weeks measure no swing; the prior's is the floor under it */
	ok(fabs(v.volume_cv - CT_PRIOR_VOLUME_CV) < 1e-9 && v.score_drift < 0.05,
	   "steady cameras: volume cv %.3f (the prior's floor) and score drift %.3f near 0",
	   v.volume_cv, v.score_drift);
	/* walks of a month-to-month sd of 0.3 (35 days: horizon 2 * 35 / 3 days) */
	double step = 0.3 * sqrt(3 / (2 * 35.0));
	v = fleet_variance(35, step, step, true, &mp, &cd);
	ok(v.volume_cv > 0.2 && v.volume_cv < 0.42, "volume walk of 0.3: cv %.3f", v.volume_cv);
	ok(v.score_drift > 0.2 && v.score_drift < 0.42, "score walk of 0.3: drift %.3f", v.score_drift);
	ok(cd > 0.1 && cd < 0.6, "... and one camera's own drift, shrunk to the fleet's (%.3f)", cd);
	v = fleet_variance(14, step, step, true, &mp, NULL);
	ok(v.source == CT_VARIANCE_FOLDS && v.periods == CT_FOLD_PERIODS,
	   "14 days: measured on %d folds (%s, %u)", CT_FOLD_PERIODS,
	   ct_variance_source_name(v.source), v.periods);
	v = fleet_variance(35, step, step, false, &mp, NULL);
	ok(v.source == CT_VARIANCE_PRIOR && v.volume_cv == CT_PRIOR_VOLUME_CV &&
	   v.score_drift == CT_PRIOR_SCORE_DRIFT, "no times: the prior (%s)",
	   ct_variance_source_name(v.source));
	mp.volume_cv = 0.2;
	v = fleet_variance(35, step, step, true, &mp, NULL);
	ok(v.source == CT_VARIANCE_OVERRIDE && v.volume_cv == 0.2 && v.score_drift == 0,
	   "--volume-cv: the override, no score drift (%s)", ct_variance_source_name(v.source));
}

int main(void)
{
	normal_values();
	curves();
	expectations();
	expectation_by_threshold();
	robust_zero_target();
	robust_brute();
	variance_estimate();
	return tap_done();
}
