/* cmd_optimize.c -- `camtune optimize`: thresholds for a target, a summary
 * on stdout, the thresholds JSON with -o or --json. */
#include "config.h"

#include <getopt.h>
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
	       "65 bad data, 66 cannot open input, 73 cannot create output.\n");
}

static double pct(uint64_t part, uint64_t whole)
{
	return whole ? 100.0 * (double)part / (double)whole : 0.0;
}

void cli_print_solution_summary(FILE *out, const cli_scope *s, const ct_solution *sol,
                                const cli_analysis *a)
{
	const ct_dataset *ds = s->ds;
	char b1[32], b2[32], b3[32], b4[32];
	fprintf(out, "strategy       %s\n", ct_strategy_name(sol->strategy));
	fprintf(out, "baseline       %s alerts on %zu cameras: %s TP, %s FP\n",
	        cli_fmt_count(b1, ds->n_alerts), ds->n_cameras, cli_fmt_count(b2, ds->n_tp),
	        cli_fmt_count(b3, ds->n_fp));
	char tgt[48];
	ct_format_double(tgt, sizeof tgt, s->target);
	if (s->target_is_percent)
		fprintf(out, "target         FP saved >= %s (%s of baseline FP)\n", tgt, a->target_text);
	else
		fprintf(out, "target         FP saved >= %s (%.1f%% of baseline FP)\n", tgt,
		        ds->n_fp ? 100.0 * s->target / (double)ds->n_fp : 0.0);
	fprintf(out, "FP saved       %s (%.1f%% of baseline FP) -- target %s\n",
	        cli_fmt_count(b1, sol->fp_saved), pct(sol->fp_saved, ds->n_fp),
	        sol->target_met ? "met" : "NOT REACHABLE");
	fprintf(out, "TP lost        %s of %s thefts\n", cli_fmt_count(b1, sol->tp_lost),
	        cli_fmt_count(b2, ds->n_tp));
	fprintf(out, "fleet recall   %.1f%% -> %.1f%%\n", ds->n_tp ? 100.0 : 0.0,
	        pct(ds->n_tp - sol->tp_lost, ds->n_tp));
	uint64_t changed = 0, muted = 0;
	for (size_t i = 0; i < sol->n_cameras; i++) {
		changed += sol->setting[i].tp_lost || sol->setting[i].fp_saved;
		muted += sol->setting[i].muted;
	}
	fprintf(out, "cameras        %s changed of %zu (%s muted)\n", cli_fmt_count(b1, changed),
	        ds->n_cameras, cli_fmt_count(b4, muted));
	if (!isnan(sol->lower_bound))
		fprintf(out, "lower bound    %.2f TP lost (LP relaxation; optimum lies between)\n",
		        sol->lower_bound);
	if (!sol->target_met)
		fprintf(out, "not reachable  the most this strategy reaches is %s FP saved; "
		             "the target asks for %s\n",
		        cli_fmt_count(b1, sol->fp_saved), tgt);
}

int cmd_optimize(int argc, char **argv)
{
	static const struct option longopts[] = {
		CLI_ANALYSIS_LONGOPTS,
		CLI_LOAD_LONGOPTS,
		{"output", required_argument, NULL, 'o'},
		{"json", no_argument, NULL, 'j'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	cli_load load;
	cli_analysis an;
	cli_load_init(&load);
	cli_analysis_init(&an);
	const char *output = NULL;
	int json = 0, rc = CT_EXIT_OK, c;
	optind = 0;
	while ((c = getopt_long(argc, argv, "t:s:o:d:qvh", longopts, NULL)) != -1) {
		int r = cli_load_option(&load, "optimize", c, optarg);
		if (r == 0)
			r = cli_analysis_option(&an, "optimize", c, optarg);
		if (r < 0) {
			rc = CT_EXIT_USAGE;
			goto out;
		}
		if (r > 0)
			continue;
		switch (c) {
		case 'o':
			output = optarg;
			break;
		case 'j':
			json = 1;
			break;
		case 'h':
			help();
			goto out;
		default:
			rc = cli_usage_error("optimize", "unknown option");
			goto out;
		}
	}
	if (argc - optind != 1) {
		rc = cli_usage_error("optimize", argc - optind ? "one FILE expected" : "missing FILE");
		goto out;
	}

	double t0 = cli_now();
	ct_dataset *ds = NULL;
	ct_quality q;
	memset(&q, 0, sizeof q);
	rc = cli_load_file(&load, argv[optind], &ds, &q);
	if (rc != CT_EXIT_OK)
		goto out_q;
	double t1 = cli_now();
	cli_scope scope;
	rc = cli_scope_init(&scope, &an, ds);
	if (rc != CT_EXIT_OK)
		goto out_scope;
	ct_solution sol;
	if (ct_solve(scope.problem, an.strategy, scope.target, &sol) != 0) {
		cli_error("out of memory");
		rc = CT_EXIT_FAILURE;
		goto out_scope;
	}
	double t2 = cli_now();

	if (output && (rc = cli_write_thresholds(output, &scope, &sol, &q, &an)) != CT_EXIT_OK)
		goto out_sol;
	if (json) {
		rc = cli_write_thresholds("-", &scope, &sol, &q, &an);
		if (rc != CT_EXIT_OK)
			goto out_sol;
	} else {
		cli_print_solution_summary(stdout, &scope, &sol, &an);
		if (output)
			printf("written        %s\n", output);
		printf("time           load %.0f ms, solve %.1f ms\n", (t1 - t0) * 1e3, (t2 - t1) * 1e3);
	}
	if (!sol.target_met) {
		cli_error("target not reachable with strategy %s: reached %llu FP saved",
		          ct_strategy_name(sol.strategy), (unsigned long long)sol.fp_saved);
		rc = CT_EXIT_UNREACHABLE;
	}
out_sol:
	ct_solution_free(&sol);
out_scope:
	cli_scope_free(&scope);
	if (ds)
		ct_dataset_free(ds);
out_q:
	ct_quality_free(&q);
out:
	cli_analysis_free(&an);
	cli_load_free(&load);
	return rc;
}
