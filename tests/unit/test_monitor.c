/* test_monitor.c -- the monitor's statistics (monitor.h) on fleets built
 * here: a camera whose normal alerts score higher and come twice as often
 * drifts, one drawn like its history holds, a camera gone is silent and
 * one not in the file is new; the history picture's quantiles; the
 * expectations scaled to a period of another length. */
#include "config.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "core/monitor.h"
#include "../tap.h"

static uint64_t rs = 99;
static double unit(void)
{
	rs ^= rs << 13;
	rs ^= rs >> 7;
	rs ^= rs << 17;
	return ((double)(rs >> 11) + 0.5) / 9007199254740992.0;
}
static double normal(void)
{
	return sqrt(-2 * log(unit())) * cos(6.283185307179586 * unit());
}
static double logistic(double x) { return 1 / (1 + exp(-x)); }

/* cameras "a" (and "b", "c" when asked), n FP each with logit N(shift, 1)
 * on the broken ones, thefts at logit N(1, 1) */
static ct_dataset *fleet(int n_cams, int n_fp, const double *shift, const double *volume)
{
	ct_builder *b = ct_builder_new();
	for (int i = 0; i < n_cams; i++) {
		char id[4] = {(char)('a' + i), 0};
		int32_t c = ct_builder_camera(b, "s", 1, id, 1);
		int nf = (int)lround(n_fp * volume[i]);
		for (int j = 0; j < nf; j++)
			ct_builder_add(b, (uint32_t)c, logistic(shift[i] + normal()), false);
		for (int j = 0; j < 30; j++)
			ct_builder_add(b, (uint32_t)c, logistic(1 + normal()), true);
	}
	return ct_builder_finish(b);
}

int main(void)
{
	const double zero[3] = {0, 0, 0}, one[3] = {1, 1, 1};
	ct_dataset *hist = fleet(3, 3000, zero, one);
	ct_model_params mp;
	ct_model_defaults(&mp);
	ct_model *m = ct_model_new(hist, &mp);

	/* the picture: 32 ascending quantiles, the lowest and highest scores */
	ct_camera_history h[3];
	ct_camera_expect e[3];
	for (int i = 0; i < 3; i++) {
		const ct_camera *c = &hist->cameras[i];
		ct_camera_history_of(c, 30, 0.15, &h[i]);
		ct_option o = ct_camera_apply(c, 0.5);
		ct_camera_expect_of(m, c, (size_t)i, &o, 30, &e[i]);
	}
	is_double(h[0].fp_quantiles[0], hist->cameras[0].fp[0], 0, "first quantile: lowest FP");
	is_double(h[0].fp_quantiles[31], hist->cameras[0].fp[hist->cameras[0].n_fp - 1], 0,
	          "last quantile: highest FP");
	bool asc = true;
	for (int j = 1; j < CT_HISTORY_QUANTILES; j++)
		asc &= h[0].fp_quantiles[j] >= h[0].fp_quantiles[j - 1];
	ok(asc, "quantiles ascend");
	is_double(h[0].fp_quantiles[16], 0.5, 0.03, "the middle quantile near the FP median (0.5)");
	is_int(h[0].alerts, 3030, "history alerts");
	ok(e[0].fp_kept_low < e[0].fp_kept && e[0].fp_kept < e[0].fp_kept_high,
	   "FP kept inside its interval (%.0f in %.0f-%.0f)", e[0].fp_kept, e[0].fp_kept_low,
	   e[0].fp_kept_high);
	is_double(e[0].alerts_per_day * 30, e[0].fp_kept + 30 * (1 - 0.5), 60,
	          "alerts per day: kept FP and thefts over 30 days");

	/* the new period: a drawn like its history, b broken, c gone, d new */
	ct_builder *bb = ct_builder_new();
	const double shift[4] = {0, 1.5, 0, 0}, vol[4] = {1, 2, 0, 1};
	for (int i = 0; i < 4; i++) {
		char id[4] = {(char)(i == 2 ? 'z' : 'a' + i), 0};
		if (i == 2)
			continue; /* c silent */
		int32_t c = ct_builder_camera(bb, "s", 1, i == 3 ? "d" : id, 1);
		int nf = (int)lround(3000 * vol[i]);
		for (int j = 0; j < nf; j++)
			ct_builder_add(bb, (uint32_t)c, logistic(shift[i] + normal()), false);
		for (int j = 0; j < 30; j++)
			ct_builder_add(bb, (uint32_t)c, logistic(1 + normal()), true);
	}
	ct_dataset *now = ct_builder_finish(bb);
	ct_monitor_entry ent[3];
	const char *ids[3] = {"a", "b", "c"};
	for (int i = 0; i < 3; i++)
		ent[i] = (ct_monitor_entry){"s", ids[i], 0.5, false, &e[i], &h[i]};
	ct_monitor_opts mo = {.new_days = 30, .target_share = 0.3, .confidence = 0.9};
	ct_monitor mon;
	ok(ct_monitor_build(now, ent, 3, &mo, &mon) == 0, "monitor built");
	is_int(mon.n, 4, "four rows: a, b, c and d");
	is_str(mon.rows[0].camera_id, "b", "the broken camera first");
	is_int(mon.rows[0].verdict, CT_VERDICT_DRIFTED, "b drifted");
	ok(mon.rows[0].flags & CT_FLAG_SHIFT, "b: score shift flagged (%.3f, z %.1f)",
	   mon.rows[0].shift, mon.rows[0].shift_z);
	ok(mon.rows[0].flags & CT_FLAG_VOLUME, "b: volume flagged (x%.2f)", mon.rows[0].volume_ratio);
	ok(mon.rows[0].flags & CT_FLAG_FP_KEPT, "b: FP kept flagged");
	is_int(mon.rows[1].verdict, CT_VERDICT_NEW, "then d, new");
	is_str(mon.rows[1].camera_id, "d", "d");
	is_int(mon.rows[2].verdict, CT_VERDICT_SILENT, "then c, silent");
	is_int(mon.rows[3].verdict, CT_VERDICT_HOLDS, "a holds");
	ok(mon.rows[3].outside < 1, "a inside its intervals (%.2f)", mon.rows[3].outside);
	is_double(mon.rows[3].shift, 0, 0.02, "a: no shift");
	is_int(mon.fleet.drifted, 1, "fleet: one drifted");
	ok(mon.fleet.has_next, "fleet: next period expected");
	is_double(mon.fleet.target_fp_reduction, 0.3 * (double)now->n_fp, 1e-6,
	          "target on the new data: 30 %% of its FP");
	ct_monitor_release(&mon);

	/* a period half as long: expectations halve, alerts per day do not */
	mo.new_days = 15;
	ok(ct_monitor_build(now, ent, 3, &mo, &mon) == 0, "monitor on a 15-day period");
	for (size_t i = 0; i < mon.n; i++)
		if (mon.rows[i].entry == 0) {
			is_double(mon.rows[i].expected.fp_kept, e[0].fp_kept / 2, 1e-9, "FP kept halved");
			is_double(mon.rows[i].expected.alerts_per_day, e[0].alerts_per_day, 1e-9,
			          "alerts per day kept");
			ok(mon.rows[i].flags & CT_FLAG_FP_KEPT, "a full month's FP in half a month: flagged");
		}
	ct_monitor_release(&mon);

	ct_dataset_free(now);
	ct_model_free(m);
	ct_dataset_free(hist);
	return tap_done();
}
