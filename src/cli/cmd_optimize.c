/* cmd_optimize.c -- `camtune optimize`: thresholds for a target, a summary
 * on stdout, the thresholds JSON with -o or --json. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/changes.h"
#include "io/escape.h"
#include "io/thresholds.h"

static void help(void)
{
	printf("Usage: camtune optimize [OPTION]... FILE\n"
	       "Choose per-camera thresholds that save at least the target number of\n"
	       "false positives while losing the fewest thefts.  FILE may be '-' or gzip.\n\n"
	       CLI_ANALYSIS_HELP
	       "  -o, --output T.json     write the thresholds file (atomically)\n"
	       "      --json              print the thresholds JSON on stdout\n"
	       "      --from T.json       re-tune the thresholds deployed in T.json, changing\n"
	       "                          few cameras (with --max-changes or --change-cost;\n"
	       "                          strategies robust and exact); cameras not in T.json\n"
	       "                          are tuned freely\n"
	       "      --max-changes K     with --from: change at most K cameras\n"
	       "      --change-cost C     with --from: a change is worth C thefts\n"
	       CLI_LOAD_HELP
	       "  -h, --help              show this help\n\n"
	       "Exit status: 0 target met, 3 target not reachable (with --max-changes:\n"
	       "not with K changes; the fewest that can are named), 64 usage error,\n"
	       "65 bad data, 66 cannot open input, 73 cannot create output,\n"
	       "74 read or write error (standard output).\n");
}

static double pct(uint64_t part, uint64_t whole)
{
	return whole ? 100.0 * (double)part / (double)whole : 0.0;
}

void cli_warn_degenerate(const cli_scope *s, const ct_solution *sol)
{
	const ct_dataset *ds = s->ds;
	size_t changed = 0, muted = 0, fixed = 0;
	for (size_t i = 0; i < sol->n_cameras; i++) {
		changed += sol->setting[i].tp_lost || sol->setting[i].fp_saved;
		muted += sol->setting[i].muted;
		fixed += s->excluded[i] || !isnan(s->locked[i]);
	}
	size_t n = sol->n_cameras;
	if (n == 0)
		return;
	if (muted == n)
		cli_warn("every camera is muted: %s", ds->n_tp == 0
		                 ? "no camera has a theft in the history, so muting looks free"
		                 : "the target needs every alert removed");
	else if (changed == 0)
		cli_warn("every camera stays at baseline: %s",
		         ds->n_fp == 0     ? "no FP in the history, nothing to save"
		         : s->target <= 0 ? "the target is 0 FP"
		         : fixed == n     ? "every camera is locked or excluded"
		                          : "no threshold saves FP within the constraints");
}

void cli_print_solution_summary(FILE *out, const cli_scope *s, const ct_solution *sol,
                                const cli_analysis *a)
{
	const ct_dataset *ds = s->ds;
	char b1[32], b2[32], b3[32], b4[32];
	fprintf(out, "strategy       %s (%s", ct_strategy_name(sol->strategy),
	        ct_strategy_about(sol->strategy));
	if (sol->strategy == CT_ROBUST && a)
		fprintf(out, ", FP target held with %g%% confidence", 100 * a->confidence);
	fprintf(out, ")\n");
	fprintf(out, "history        %s alerts on %s cameras: %s TP, %s FP\n",
	        cli_fmt_count(b1, ds->n_alerts), cli_fmt_count(b4, ds->n_cameras),
	        cli_fmt_count(b2, ds->n_tp), cli_fmt_count(b3, ds->n_fp));
	char tgt[48];
	cli_fmt_target(tgt, s->target);
	if (s->target_is_percent)
		fprintf(out, "target         FP saved >= %s (%s of baseline FP)\n", tgt, a->target_text);
	else
		fprintf(out, "target         FP saved >= %s (%.1f%% of baseline FP)\n", tgt,
		        ds->n_fp ? 100.0 * s->target / (double)ds->n_fp : 0.0);
	fprintf(out, "FP saved       %s (%.1f%% of baseline FP) in the history -- target %s\n",
	        cli_fmt_count(b1, sol->fp_saved), pct(sol->fp_saved, ds->n_fp),
	        sol->target_met ? "met" : "NOT REACHABLE");
	fprintf(out, "TP lost        %s of %s thefts in the history\n", cli_fmt_count(b1, sol->tp_lost),
	        cli_fmt_count(b2, ds->n_tp));
	if (ds->n_tp)
		fprintf(out, "fleet recall   100.0%% -> %.1f%% in the history\n",
		        pct(ds->n_tp - sol->tp_lost, ds->n_tp));
	else
		fprintf(out, "fleet recall   undefined (no thefts in the data)\n");
	ct_expectation e;
	if (cli_expect(s, sol, &e)) {
		char iv[64];
		fprintf(out, "expected       on new alerts: %.1f thefts lost (%.1f%% of %s), "
		             "%.0f%% interval %s\n",
		        e.tp_lost, e.thefts > 0 ? 100 * e.tp_lost / e.thefts : 0.0,
		        cli_fmt_count(b3, (uint64_t)llround(e.thefts)),
		        100 * e.interval, cli_fmt_interval(iv, sizeof iv, e.tp_lost_low, e.tp_lost_high));
		if (isfinite(e.p_target_met) && isfinite(e.fp_saved_share))
			fprintf(out, "               FP target met with probability %.0f%% (FP saved %.1f%% "
			             "+- %.1f)\n",
			        100 * e.p_target_met, 100 * e.fp_saved_share, 100 * e.fp_saved_sd);
		else
			fprintf(out, "               no FP target on new alerts (no FP in the history)\n");
		char vt[160];
		fprintf(out, "               variance from %s\n", ct_model_variance_text(vt, sizeof vt, &e.variance));
		const ct_model *m = ct_problem_model(s->problem);
		if (cli_verbose && m) {
			ct_model_fit f;
			ct_model_fit_of(m, &f);
			fprintf(out, "model          theft rate %.3f%% per alert (gamma shape %.3g); "
			             "theft positions N(%.3f, %.3f^2), camera means sd %.3f "
			             "(%.3g pseudo-thefts)\n",
			        100 * f.theft_rate, f.rate_shape, f.curve_mean, f.curve_spread,
			        f.curve_between, f.pseudo_thefts);
		}
	}
	uint64_t changed = 0, muted = 0;
	for (size_t i = 0; i < sol->n_cameras; i++) {
		changed += sol->setting[i].tp_lost || sol->setting[i].fp_saved;
		muted += sol->setting[i].muted;
	}
	fprintf(out, "cameras        %s changed of %s (%s muted)\n", cli_fmt_count(b1, changed),
	        cli_fmt_count(b2, ds->n_cameras), cli_fmt_count(b4, muted));
	if (!isnan(sol->lower_bound))
		fprintf(out, "lower bound    %.2f TP lost (LP relaxation; optimum lies between)\n",
		        sol->lower_bound);
	if (!sol->target_met)
		fprintf(out, "not reachable  the most this strategy reaches is %s FP saved; "
		             "the target asks for %s\n",
		        cli_fmt_count(b1, sol->fp_saved), tgt);
}

typedef struct optimize_opts {
	const char *output;
	int json;
	const char *from;
	int64_t max_changes; /* -1: not given */
	double change_cost;  /* NAN: not given */
} optimize_opts;

static int optimize_option(void *ctx, int opt, const char *arg)
{
	optimize_opts *o = ctx;
	char *end;
	switch (opt) {
	case 'o':
		o->output = arg;
		return CT_EXIT_OK;
	case 1401:
		o->from = arg;
		return CT_EXIT_OK;
	case 1402: {
		long long v = strtoll(arg, &end, 10);
		if (end == arg || *end || v < 0 || arg[0] == '-')
			return cli_usage_error("optimize", "--max-changes: '%s' is not a whole number >= 0",
			                       arg);
		o->max_changes = v;
		return CT_EXIT_OK;
	}
	case 1403: {
		double v = strtod(arg, &end);
		if (end == arg || *end || !(v >= 0 && v <= 1e9))
			return cli_usage_error("optimize", "--change-cost: '%s' is not a number of thefts >= 0",
			                       arg);
		o->change_cost = v;
		return CT_EXIT_OK;
	}
	default:
		return cli_usage_error("optimize", "unknown option");
	}
}

/* ---- --from: re-tune with few changes (changes.h) ------------------------ */

static void print_changes(const ct_dataset *ds, const ct_changes_result *res,
                          const ct_thresholds_from *f, const ct_solution *sol)
{
	char b1[32], b2[32];
	printf("changes        %s of %s cameras from %s", cli_fmt_count(b1, res->n_changed),
	       cli_fmt_count(b2, ds->n_cameras - res->n_new), f->file);
	if (f->max_changes >= 0)
		printf(" (at most %lld)", (long long)f->max_changes);
	else
		printf(" (a change worth %g thefts)", f->change_cost);
	printf("; %s new camera%s tuned freely\n", cli_fmt_count(b1, res->n_new),
	       res->n_new == 1 ? "" : "s");
	for (size_t i = 0; i < ds->n_cameras; i++) {
		const ct_camera *c = &ds->cameras[i];
		const ct_option *o = &sol->setting[i];
		char old[40], now[40];
		if (!res->changed[i] && !isnan(f->previous[i]))
			continue;
		if (isnan(f->previous[i]))
			snprintf(old, sizeof old, "(new)");
		else if (f->previous_muted[i])
			snprintf(old, sizeof old, "muted");
		else
			ct_format_double(old, sizeof old, f->previous[i]);
		if (o->muted)
			snprintf(now, sizeof now, "muted");
		else
			ct_format_double(now, sizeof now, o->threshold);
		printf("  ");
		cli_put_padded(c->store, 0);
		putchar(':');
		cli_put_padded(c->camera_id, 0);
		printf("  %s -> %s\n", old, now);
	}
}

/* The deployed thresholds of T.json per camera of the data (NAN: new). */
static int read_previous(const char *path, const ct_dataset *ds, double **prev, uint8_t **muted)
{
	ct_thresholds th;
	int rc = cli_read_thresholds("--from: ", path, &th);
	if (rc != CT_EXIT_OK)
		return rc;
	*prev = malloc((ds->n_cameras ? ds->n_cameras : 1) * sizeof **prev);
	*muted = calloc(ds->n_cameras ? ds->n_cameras : 1, 1);
	if (!*prev || !*muted) {
		ct_thresholds_free(&th);
		cli_error("out of memory");
		return CT_EXIT_FAILURE;
	}
	for (size_t i = 0; i < ds->n_cameras; i++)
		(*prev)[i] = NAN;
	int32_t at = -1;
	size_t found = 0;
	for (size_t k = 0; k < th.n; k++) {
		at = ct_dataset_find_at(ds, th.v[k].store, th.v[k].camera_id, (int64_t)at + 1);
		if (at < 0)
			continue;
		found++;
		(*prev)[at] = th.v[k].threshold;
		(*muted)[at] = th.v[k].muted;
	}
	if (found < th.n && !cli_quiet)
		cli_warn("--from: %zu camera%s of %s not in the data (nothing to set there)",
		         th.n - found, th.n - found == 1 ? "" : "s", path);
	ct_thresholds_free(&th);
	return CT_EXIT_OK;
}

static int optimize_from(cli_run *r, const optimize_opts *o)
{
	const ct_dataset *ds = r->scope.ds;
	double *prev = NULL;
	uint8_t *muted = NULL;
	int rc = read_previous(o->from, ds, &prev, &muted);
	if (rc != CT_EXIT_OK)
		goto out;
	ct_changes_opts co = {.previous = prev, .previous_muted = muted,
	                      .max_changes = o->max_changes, .change_cost = o->change_cost};
	ct_solution sol;
	ct_changes_result res;
	int sr = ct_solve_changes(r->scope.problem, r->an.strategy, r->scope.target, &co, &sol, &res);
	if (sr == -2) {
		cli_error("--from: the programme of changes is too large for this fleet (fewer "
		          "--max-changes, or a part of the fleet with --store)");
		rc = CT_EXIT_FAILURE;
		goto out;
	}
	if (sr != 0) {
		cli_error("out of memory");
		rc = CT_EXIT_FAILURE;
		goto out;
	}
	ct_thresholds_from from = {
		.file = o->from, .max_changes = o->max_changes, .change_cost = o->change_cost,
		.previous = prev, .previous_muted = muted, .changed = res.changed,
		.n_changed = res.n_changed, .n_new = res.n_new,
	};
	cli_detail_solution(ds, &sol);
	if (o->output)
		rc = cli_write_thresholds(o->output, &r->scope, &sol, &r->q, &r->an, &from);
	if (rc == CT_EXIT_OK && o->json)
		rc = cli_write_thresholds("-", &r->scope, &sol, &r->q, &r->an, &from);
	if (rc == CT_EXIT_OK && !o->json) {
		cli_print_solution_summary(stdout, &r->scope, &sol, &r->an);
		print_changes(ds, &res, &from, &sol);
		if (o->output)
			printf("written        %s\n", o->output);
	}
	if (rc == CT_EXIT_OK && !sol.target_met) {
		if (res.fewest >= 0)
			cli_error("target not reachable with %s: the fewest changes that reach it are %lld",
			          o->max_changes >= 0 ? "--max-changes" : "--change-cost",
			          (long long)res.fewest);
		else
			cli_error("target not reachable by any number of changes: reached %llu FP saved",
			          (unsigned long long)sol.fp_saved);
		rc = CT_EXIT_UNREACHABLE;
	}
	ct_solution_free(&sol);
	ct_changes_result_free(&res);
out:
	free(prev);
	free(muted);
	return rc;
}

static int optimize(cli_run *r, const optimize_opts *o, double t_start)
{
	double t_loaded = cli_now();
	ct_solution sol;
	if (ct_solve(r->scope.problem, r->an.strategy, r->scope.target, &sol) != 0) {
		cli_error("out of memory");
		return CT_EXIT_FAILURE;
	}
	double t_solved = cli_now();
	cli_warn_degenerate(&r->scope, &sol);
	cli_stage("solve", t_loaded, "%s, target %s", ct_strategy_name(r->an.strategy),
	          r->an.target_text);
	cli_detail_solution(r->scope.ds, &sol);
	int rc = CT_EXIT_OK;
	if (o->output) {
		double t0 = cli_now();
		rc = cli_write_thresholds(o->output, &r->scope, &sol, &r->q, &r->an, NULL);
		if (rc == CT_EXIT_OK)
			cli_stage("write", t0, "%s", o->output);
	}
	if (rc == CT_EXIT_OK && o->json)
		rc = cli_write_thresholds("-", &r->scope, &sol, &r->q, &r->an, NULL);
	if (rc == CT_EXIT_OK && !o->json) {
		cli_print_solution_summary(stdout, &r->scope, &sol, &r->an);
		if (o->output)
			printf("written        %s\n", o->output);
		printf("time           load %.0f ms, solve %.1f ms\n", (t_loaded - t_start) * 1e3,
		       (t_solved - t_loaded) * 1e3);
	}
	if (rc == CT_EXIT_OK && !sol.target_met) {
		cli_error("target not reachable with strategy %s: reached %llu FP saved",
		          ct_strategy_name(sol.strategy), (unsigned long long)sol.fp_saved);
		rc = CT_EXIT_UNREACHABLE;
	}
	ct_solution_free(&sol);
	return rc;
}

int cmd_optimize(int argc, char **argv)
{
	optimize_opts o = {.max_changes = -1, .change_cost = NAN};
	const struct option longopts[] = {
		{"output", required_argument, NULL, 'o'},
		{"json", no_argument, &o.json, 1},
		{"from", required_argument, NULL, 1401},
		{"max-changes", required_argument, NULL, 1402},
		{"change-cost", required_argument, NULL, 1403},
		{NULL, 0, NULL, 0},
	};
	const cli_spec spec = {"optimize", "o:", longopts, true, false, help, CLI_THEFTS_REFUSE};
	cli_run r;
	double t_start = cli_now();
	int rc = cli_run_parse(&r, &spec, argc, argv, optimize_option, &o);
	if (rc == CT_EXIT_OK)
		rc = cli_check_output("optimize", o.output, r.path);
	bool rule = o.max_changes >= 0 || !isnan(o.change_cost);
	if (rc == CT_EXIT_OK && rule && !o.from)
		rc = cli_usage_error("optimize", "--max-changes and --change-cost need --from T.json");
	if (rc == CT_EXIT_OK && o.from && !rule)
		rc = cli_usage_error("optimize", "--from needs --max-changes K or --change-cost C");
	if (rc == CT_EXIT_OK && o.max_changes >= 0 && !isnan(o.change_cost))
		rc = cli_usage_error("optimize", "--max-changes and --change-cost: one or the other");
	if (rc == CT_EXIT_OK && o.from && r.an.strategy != CT_EXACT && r.an.strategy != CT_ROBUST)
		rc = cli_usage_error("optimize", "--from: strategies robust and exact only (not %s)",
		                     ct_strategy_name(r.an.strategy));
	if (rc == CT_EXIT_OK)
		rc = cli_run_load(&r);
	if (rc == CT_EXIT_OK)
		rc = o.from ? optimize_from(&r, &o) : optimize(&r, &o, t_start);
	return cli_run_end(&r, rc);
}
