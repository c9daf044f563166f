/* cmd_monitor.c -- `camtune monitor`: judge a new period against what a
 * thresholds file expected of each camera, without the old data
 * (doc/domain.md "After deployment"). */
#include "config.h"

#include <cjson/cJSON.h>
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/monitor.h"
#include "io/escape.h"
#include "io/json.h"
#include "io/thresholds.h"

static void help(void)
{
	printf("Usage: camtune monitor --thresholds T.json [OPTION]... NEW\n"
	       "Judge the alerts of a new period, NEW (any source camtune reads), against\n"
	       "what T.json expected of each camera: FP kept, thefts lost and alerts per\n"
	       "day against their intervals (scaled to the new period's length), a test\n"
	       "of the new FP scores against the history's quantiles (score shift) and\n"
	       "of the volume; cameras new since the export and cameras gone silent.\n"
	       "A verdict per camera (holds, drifted, new, silent) and for the fleet\n"
	       "(the FP target on NEW, and what to expect next period if nothing\n"
	       "changes).  Cameras are listed by how far outside they are.\n\n"
	       "  -T, --thresholds T.json the thresholds file (required)\n"
	       "      --days N            NEW's length in days (needed for a summary,\n"
	       "                          which has no alert times)\n"
	       "      --strict            exit 4 when the fleet's target is not met on\n"
	       "                          NEW or a camera drifted\n"
	       "      --json              print the judgement as JSON\n"
	       CLI_LOAD_HELP
	       "  -h, --help              show this help\n\n"
	       "Exit status: 0 judged (whatever the verdicts), 4 with --strict: the\n"
	       "thresholds no longer hold, 64 usage error, 65 bad data, 66 cannot open\n"
	       "input, 74 read or write error.\n");
}

typedef struct monitor_opts {
	const char *thresholds;
	double days;
	int json, strict;
} monitor_opts;

static int monitor_option(void *ctx, int opt, const char *arg)
{
	monitor_opts *o = ctx;
	if (opt == 'T') {
		o->thresholds = arg;
		return CT_EXIT_OK;
	}
	if (opt == 1301) {
		char *end;
		double v = strtod(arg, &end);
		if (end == arg || *end || !(v > 0 && v <= 36600))
			return cli_usage_error("monitor", "--days: '%s' is not a number of days from 0 to 36600",
			                       arg);
		o->days = v;
		return CT_EXIT_OK;
	}
	return cli_usage_error("monitor", "unknown option");
}

static double pct(double part, double whole)
{
	return whole > 0 ? 100.0 * part / whole : 0.0;
}

/* The FP target as a share of baseline FP, as the file states it: its
 * percentage, else its count over its history's baseline FP. */
static double target_share(const ct_thresholds *th)
{
	if (th->target_text) {
		double t;
		if (ct_target_parse(th->target_text, 10000, &t) == 0 &&
		    strchr(th->target_text, '%'))
			return t / 10000;
	}
	if (isfinite(th->target_fp_reduction) && th->baseline_fp > 0)
		return th->target_fp_reduction / th->baseline_fp;
	return NAN;
}

static const char *interval_text(char *buf, size_t len, double lo, double hi, int digits)
{
	if (!isfinite(lo) || !isfinite(hi))
		snprintf(buf, len, "-");
	else if (digits)
		snprintf(buf, len, "%.*f-%.*f", digits, lo, digits, hi);
	else
		snprintf(buf, len, "%.0f-%.0f", floor(lo), ceil(hi));
	return buf;
}

static void print_fleet(const ct_monitor *m, const ct_thresholds *th, double share)
{
	const ct_monitor_fleet *f = &m->fleet;
	char b1[32], b2[32], b3[48];
	printf("fleet         FP saved %s of %s (%.1f%%)", cli_fmt_count(b1, f->fp_saved),
	       cli_fmt_count(b2, f->baseline_fp), pct((double)f->fp_saved, (double)f->baseline_fp));
	if (f->has_target)
		printf(": target %s (%.1f%%, %s) %s\n", th->target_text ? th->target_text : "",
		       100 * share, cli_fmt_target(b3, f->target_fp_reduction),
		       f->target_met ? "met" : "NOT MET");
	else
		printf(": the file states no target\n");
	printf("              TP lost %s of %s thefts%s\n", cli_fmt_count(b1, f->tp_lost),
	       cli_fmt_count(b2, f->baseline_tp),
	       f->baseline_tp ? "" : " (no theft in the new data: nothing to lose)");
	if (f->has_next) {
		const ct_expectation *e = &f->next;
		char iv[64];
		printf("next period   if nothing changes: FP saved %.1f%% +- %.1f", 100 * e->fp_saved_share,
		       100 * e->fp_saved_sd);
		if (f->has_target)
			printf(", target met with probability %.0f%%", 100 * e->p_target_met);
		printf("; %.1f thefts lost (%.0f%% interval %s)\n", e->tp_lost, 100 * e->interval,
		       cli_fmt_interval(iv, sizeof iv, e->tp_lost_low, e->tp_lost_high));
	}
	printf("cameras       %llu drifted, %llu new, %llu silent, %llu hold\n",
	       (unsigned long long)f->drifted, (unsigned long long)f->new_cameras,
	       (unsigned long long)f->silent, (unsigned long long)f->holds);
}

static void print_text(const cli_run *r, const ct_monitor *m, const ct_thresholds *th,
                       const char *tpath, double share, double new_days)
{
	char nb[256], t1[24], t2[24];
	printf("monitor       %s", ct_shown(r->q.source ? r->q.source : "", nb, sizeof nb));
	if (r->q.time_first != CT_NO_TIME)
		printf(": %s to %s (UTC)", ct_format_time(t1, sizeof t1, r->q.time_first),
		       ct_format_time(t2, sizeof t2, r->q.time_last));
	printf("\nthresholds    %s, chosen on %s\n", ct_shown(tpath, nb, sizeof nb),
	       th->source ? th->source : "(not recorded)");
	const ct_monitor_fleet *f = &m->fleet;
	if (f->scale_known)
		printf("period        %.1f days against the history's %.1f: expectations scaled by %.3f\n",
		       new_days, new_days / f->scale, f->scale);
	else
		printf("period        lengths unknown (no times; --days N): periods taken as equal\n");
	if (!th->mon)
		printf("note          %s has no per-camera expectations (an older camtune wrote it): "
		       "only new and silent cameras can be told\n", ct_shown(tpath, nb, sizeof nb));
	print_fleet(m, th, share);
	putchar('\n');

	size_t ws = 16, wc = 6;
	for (size_t i = 0; i < m->n; i++) {
		size_t a = cli_shown_width(m->rows[i].store), b = cli_shown_width(m->rows[i].camera_id);
		ws = a > ws ? a : ws;
		wc = b > wc ? b : wc;
	}
	cli_put_padded("store", ws + 1);
	cli_put_padded("camera", wc + 1);
	printf("%-8s %7s %8s %-13s %7s %7s %-9s %8s %6s %6s\n", "verdict", "outside", "FP kept",
	       "(expected)", "TP kept", "TP lost", "(expect)", "alerts/d", "shift", "volume");
	for (size_t i = 0; i < m->n; i++) {
		const ct_monitor_row *w = &m->rows[i];
		const ct_camera_expect *x = &w->expected;
		char fe[40] = "-", te[40] = "-", ad[24] = "-", sh[16] = "-", vo[16] = "-", ou[16] = "-";
		if (w->has_expected) {
			interval_text(fe, sizeof fe, x->fp_kept_low, x->fp_kept_high, 0);
			interval_text(te, sizeof te, x->tp_lost_low, x->tp_lost_high, 0);
		}
		if (isfinite(w->alerts_per_day))
			snprintf(ad, sizeof ad, "%.1f", w->alerts_per_day);
		if (isfinite(w->shift))
			snprintf(sh, sizeof sh, "%+.2f", w->shift);
		if (isfinite(w->volume_ratio))
			snprintf(vo, sizeof vo, "x%.2f", w->volume_ratio);
		if (w->verdict == CT_VERDICT_DRIFTED || w->verdict == CT_VERDICT_HOLDS)
			snprintf(ou, sizeof ou, "%.2f", w->outside);
		cli_put_padded(w->store, ws + 1);
		cli_put_padded(w->camera_id, wc + 1);
		char n1[32], n2[32], n3[32];
		printf("%-8s %7s %8s %-13s %7s %7s %-9s %8s %6s %6s\n", ct_monitor_verdict_name(w->verdict),
		       ou, w->verdict == CT_VERDICT_SILENT ? "-" : cli_fmt_count(n1, w->fp_kept), fe,
		       w->verdict == CT_VERDICT_SILENT ? "-" : cli_fmt_count(n2, w->tp_kept),
		       w->verdict == CT_VERDICT_SILENT ? "-" : cli_fmt_count(n3, w->tp_lost), te, ad, sh,
		       vo);
		char why[256];
		for (unsigned flag = 1; flag <= CT_FLAG_VOLUME; flag <<= 1)
			if (w->flags & flag)
				printf("    %s\n", ct_monitor_reason(w, flag, why, sizeof why));
		if (w->verdict == CT_VERDICT_NEW)
			printf("    not in %s: keeps every alert (baseline)\n", ct_shown(tpath, nb, sizeof nb));
		if (w->verdict == CT_VERDICT_SILENT)
			printf("    no alert in the new data%s\n",
			       w->has_expected && isfinite(w->expected.alerts_per_day)
			           ? " (it was expected to raise some)" : "");
	}
}

static const char *const flag_codes[] = {"fp_kept", "tp_lost", "alerts_per_day", "score_shift",
                                         "volume"};

static cJSON *expect_json(const ct_camera_expect *x)
{
	cJSON *o = cJSON_CreateObject();
	ct_json_add(o, "fp_kept", ct_json_number(round(x->fp_kept * 100) / 100));
	ct_json_add(o, "fp_kept_low", ct_json_number(round(x->fp_kept_low * 100) / 100));
	ct_json_add(o, "fp_kept_high", ct_json_number(round(x->fp_kept_high * 100) / 100));
	ct_json_add(o, "tp_lost", ct_json_number(round(x->tp_lost * 100) / 100));
	ct_json_add(o, "tp_lost_low", ct_json_number(x->tp_lost_low));
	ct_json_add(o, "tp_lost_high", ct_json_number(x->tp_lost_high));
	ct_json_add(o, "alerts_per_day", ct_json_number(round(x->alerts_per_day * 100) / 100));
	ct_json_add(o, "alerts_per_day_low", ct_json_number(round(x->alerts_per_day_low * 100) / 100));
	ct_json_add(o, "alerts_per_day_high",
	            ct_json_number(round(x->alerts_per_day_high * 100) / 100));
	ct_json_add(o, "interval", ct_json_number(x->interval));
	return o;
}

static int print_json(const ct_monitor *m, const ct_thresholds *th, const char *tpath,
                      const cli_run *r, double share)
{
	const ct_monitor_fleet *f = &m->fleet;
	cJSON *doc = cJSON_CreateObject();
	cJSON_AddStringToObject(doc, "thresholds", tpath);
	cJSON_AddStringToObject(doc, "source", r->q.source ? r->q.source : "");
	cJSON *fl = cJSON_AddObjectToObject(doc, "fleet");
	if (f->has_target)
		cJSON_AddBoolToObject(fl, "target_met", f->target_met);
	else
		cJSON_AddNullToObject(fl, "target_met");
	ct_json_add(fl, "fp_saved", ct_json_number((double)f->fp_saved));
	ct_json_add(fl, "baseline_fp", ct_json_number((double)f->baseline_fp));
	ct_json_add(fl, "tp_lost", ct_json_number((double)f->tp_lost));
	ct_json_add(fl, "baseline_tp", ct_json_number((double)f->baseline_tp));
	ct_json_add(fl, "target_fp_reduction", ct_json_number(f->target_fp_reduction));
	ct_json_add(fl, "target_share", ct_json_number(share));
	if (th->target_text)
		cJSON_AddStringToObject(fl, "target", th->target_text);
	ct_json_add(fl, "period_scale", ct_json_number(f->scale_known ? f->scale : NAN));
	cJSON_AddNumberToObject(fl, "cameras", (double)f->cameras);
	cJSON_AddNumberToObject(fl, "drifted", (double)f->drifted);
	cJSON_AddNumberToObject(fl, "new", (double)f->new_cameras);
	cJSON_AddNumberToObject(fl, "silent", (double)f->silent);
	cJSON_AddNumberToObject(fl, "holds", (double)f->holds);
	if (f->has_next) {
		cJSON *e = ct_expectation_to_json(&f->next, NAN);
		cJSON_AddStringToObject(e, "if", "nothing changes: the new data as the history");
		ct_json_add(fl, "expected_next", e);
	} else {
		cJSON_AddNullToObject(fl, "expected_next");
	}
	cJSON *cams = cJSON_AddArrayToObject(doc, "cameras");
	for (size_t i = 0; i < m->n; i++) {
		const ct_monitor_row *w = &m->rows[i];
		cJSON *c = cJSON_CreateObject();
		cJSON_AddStringToObject(c, "store", w->store);
		cJSON_AddStringToObject(c, "camera_id", w->camera_id);
		cJSON_AddStringToObject(c, "verdict", ct_monitor_verdict_name(w->verdict));
		cJSON *rs = cJSON_AddArrayToObject(c, "reasons");
		cJSON *why = cJSON_AddArrayToObject(c, "why");
		char buf[256];
		for (unsigned k = 0; k < 5; k++)
			if (w->flags & (1u << k)) {
				ct_json_append(rs, cJSON_CreateString(flag_codes[k]));
				ct_json_append(why, cJSON_CreateString(ct_monitor_reason(w, 1u << k, buf, sizeof buf)));
			}
		if (w->verdict == CT_VERDICT_NEW)
			ct_json_append(rs, cJSON_CreateString("not_in_thresholds"));
		if (w->verdict == CT_VERDICT_SILENT)
			ct_json_append(rs, cJSON_CreateString("no_alert"));
		ct_json_add(c, "threshold", ct_json_number(w->threshold));
		cJSON_AddBoolToObject(c, "muted", w->muted);
		ct_json_add(c, "outside", ct_json_number(round(w->outside * 1000) / 1000));
		bool seen = w->verdict != CT_VERDICT_SILENT;
		ct_json_add(c, "fp_kept", ct_json_number(seen ? (double)w->fp_kept : NAN));
		ct_json_add(c, "tp_kept", ct_json_number(seen ? (double)w->tp_kept : NAN));
		ct_json_add(c, "tp_lost", ct_json_number(seen ? (double)w->tp_lost : NAN));
		ct_json_add(c, "alerts", ct_json_number((double)w->alerts));
		ct_json_add(c, "alerts_per_day", ct_json_number(round(w->alerts_per_day * 100) / 100));
		ct_json_add(c, "score_shift", ct_json_number(round(w->shift * 10000) / 10000));
		ct_json_add(c, "score_shift_z", ct_json_number(round(w->shift_z * 100) / 100));
		ct_json_add(c, "volume_ratio", ct_json_number(round(w->volume_ratio * 10000) / 10000));
		ct_json_add(c, "volume_z", ct_json_number(round(w->volume_z * 100) / 100));
		if (w->has_expected)
			ct_json_add(c, "expected", expect_json(&w->expected));
		else
			cJSON_AddNullToObject(c, "expected");
		ct_json_append(cams, c);
	}
	return cli_print_json(doc);
}

static int monitor(cli_run *r, const ct_thresholds *th, const monitor_opts *o)
{
	double share = target_share(th);
	double new_days = o->days > 0 ? o->days : ct_span_days(r->q.time_first, r->q.time_last);
	ct_monitor_entry *entries = ct_thresholds_monitor_entries(th);
	ct_monitor m;
	ct_monitor_opts mo = {.new_days = new_days, .target_share = share, .confidence = 0.9};
	if (!entries || ct_monitor_build(r->ds, entries, th->n, &mo, &m) != 0) {
		free(entries);
		cli_error("out of memory");
		return CT_EXIT_FAILURE;
	}
	int rc = o->json ? print_json(&m, th, o->thresholds, r, share)
	                 : (print_text(r, &m, th, o->thresholds, share, new_days), CT_EXIT_OK);
	if (rc == CT_EXIT_OK && o->strict &&
	    ((m.fleet.has_target && !m.fleet.target_met) || m.fleet.drifted)) {
		if (!o->json || cli_verbose)
			cli_warn("--strict: the thresholds no longer hold (%s%s%llu camera%s drifted)",
			         m.fleet.has_target && !m.fleet.target_met ? "target not met, " : "", "",
			         (unsigned long long)m.fleet.drifted, m.fleet.drifted == 1 ? "" : "s");
		rc = CT_EXIT_NOT_HOLDING;
	}
	ct_monitor_release(&m);
	free(entries);
	return rc;
}

int cmd_monitor(int argc, char **argv)
{
	monitor_opts o = {0};
	const struct option longopts[] = {
		{"thresholds", required_argument, NULL, 'T'},
		{"days", required_argument, NULL, 1301},
		{"strict", no_argument, &o.strict, 1},
		{"json", no_argument, &o.json, 1},
		{NULL, 0, NULL, 0},
	};
	const cli_spec spec = {"monitor", "T:", longopts, false, false, help, CLI_THEFTS_ANY};
	cli_run r;
	ct_thresholds th;
	memset(&th, 0, sizeof th);
	int rc = cli_run_parse(&r, &spec, argc, argv, monitor_option, &o);
	if (rc == CT_EXIT_OK && !o.thresholds)
		rc = cli_usage_error("monitor", "--thresholds T.json is required");
	if (rc == CT_EXIT_OK)
		rc = cli_read_thresholds("", o.thresholds, &th);
	if (rc == CT_EXIT_OK)
		rc = cli_run_load(&r);
	if (rc == CT_EXIT_OK) {
		double t0 = cli_now();
		rc = monitor(&r, &th, &o);
		cli_stage("judge and print", t0, NULL);
	}
	ct_thresholds_free(&th);
	return cli_run_end(&r, rc);
}
