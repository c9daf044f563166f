/* cmd_optimize.c -- `camtune optimize`: thresholds for a target, a summary
 * on stdout, the thresholds JSON with -o or --json. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "io/thresholds.h"

static void help(void)
{
	printf("Usage: camtune optimize [OPTION]... FILE\n"
	       "Choose per-camera thresholds that save at least the target number of\n"
	       "false positives while losing the fewest thefts.  FILE may be '-' or gzip.\n\n"
	       CLI_ANALYSIS_HELP
	       "  -o, --output T.json     write the thresholds file (atomically)\n"
	       "      --json              print the thresholds JSON on stdout\n"
	       CLI_LOAD_HELP
	       "  -h, --help              show this help\n\n"
	       "Exit status: 0 target met, 3 target not reachable, 64 usage error,\n"
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
} optimize_opts;

static int optimize_option(void *ctx, int opt, const char *arg)
{
	optimize_opts *o = ctx;
	if (opt != 'o')
		return cli_usage_error("optimize", "unknown option");
	o->output = arg;
	return CT_EXIT_OK;
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
		rc = cli_write_thresholds(o->output, &r->scope, &sol, &r->q, &r->an);
		if (rc == CT_EXIT_OK)
			cli_stage("write", t0, "%s", o->output);
	}
	if (rc == CT_EXIT_OK && o->json)
		rc = cli_write_thresholds("-", &r->scope, &sol, &r->q, &r->an);
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
	optimize_opts o = {0};
	const struct option longopts[] = {
		{"output", required_argument, NULL, 'o'},
		{"json", no_argument, &o.json, 1},
		{NULL, 0, NULL, 0},
	};
	const cli_spec spec = {"optimize", "o:", longopts, true, false, help, CLI_THEFTS_REFUSE};
	cli_run r;
	double t_start = cli_now();
	int rc = cli_run_parse(&r, &spec, argc, argv, optimize_option, &o);
	if (rc == CT_EXIT_OK)
		rc = cli_check_output("optimize", o.output, r.path);
	if (rc == CT_EXIT_OK)
		rc = cli_run_load(&r);
	if (rc == CT_EXIT_OK)
		rc = optimize(&r, &o, t_start);
	return cli_run_end(&r, rc);
}
