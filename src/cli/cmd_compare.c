/* cmd_compare.c -- `camtune compare`: the six strategies side by side for
 * one target. */
#include "config.h"

#include <cjson/cJSON.h>
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "io/thresholds.h"

static void help(void)
{
	printf("Usage: camtune compare [OPTION]... FILE\n"
	       "Run every strategy for one target and print, for each, TP lost, FP saved,\n"
	       "whether the target is met and the lower bound in the history, the thefts\n"
	       "the model expects it to lose on new alerts (with a 90%% interval), the\n"
	       "probability that its FP target holds there, and its time.\n\n"
	       "  -t, --target T          a count (12000) or a percentage (10%%); default 10%%\n"
	       "      --json              print the comparison as JSON\n"
	       "      --confidence P, --volume-cv X  the model, as for optimize\n"
	       "      --min-recall R, --lock T.json, --exclude STORE[:CAMERA],\n"
	       "      --store S --camera C  constraints, as for optimize\n"
	       CLI_LOAD_HELP
	       "  -h, --help              show this help\n\n"
	       "Exit status: 0, or 3 when no strategy reaches the target; 74 when\n"
	       "standard output cannot be written.\n");
}

static int compare(cli_run *r, int json)
{
	int rc = CT_EXIT_OK;
	const ct_dataset *d = r->scope.ds;
	char tgt[48], b1[32], b2[32];
	cli_fmt_target(tgt, r->scope.target);
	cJSON *doc = NULL, *rows = NULL;
	if (json) {
		doc = cJSON_CreateObject();
		cJSON_AddNumberToObject(doc, "baseline_tp", (double)d->n_tp);
		cJSON_AddNumberToObject(doc, "baseline_fp", (double)d->n_fp);
		cJSON_AddItemToObject(doc, "target_fp_reduction", ct_json_number(r->scope.target));
		rows = cJSON_AddArrayToObject(doc, "strategies");
	} else {
		printf("target: FP saved >= %s (%s); history %s TP, %s FP\n\n", tgt, r->an.target_text,
		       cli_fmt_count(b1, d->n_tp), cli_fmt_count(b2, d->n_fp));
		printf("%-8s %-43s  %s\n", "", "------------- in the history -------------",
		       "----- expected on new alerts -----");
		printf("%-8s %8s %10s %7s %-4s %11s  %8s %9s %6s %9s\n", "strategy", "TP lost",
		       "FP saved", "FP %", "met", "lower bound", "TP lost", "90% int.", "P(met)",
		       "time ms");
	}
	int any_met = 0;
	for (int i = 0; i < CT_N_STRATEGIES; i++) {
		ct_strategy s = ct_strategy_at(i);
		ct_solution sol;
		ct_expectation e;
		double t0 = cli_now();
		if (ct_solve(r->scope.problem, s, r->scope.target, &sol) != 0 ||
		    !cli_expect(&r->scope, &sol, &e)) {
			cli_error("out of memory");
			rc = CT_EXIT_FAILURE;
			break;
		}
		double ms = (cli_now() - t0) * 1e3;
		cli_stage("solve", t0, "%s, target %s", ct_strategy_name(s), r->an.target_text);
		any_met |= sol.target_met;
		double fp_pct = d->n_fp ? 100.0 * (double)sol.fp_saved / (double)d->n_fp : 0.0;
		if (json) {
			cJSON *row = cJSON_CreateObject();
			cJSON_AddStringToObject(row, "strategy", ct_strategy_name(s));
			cJSON_AddNumberToObject(row, "tp_lost", (double)sol.tp_lost);
			cJSON_AddNumberToObject(row, "fp_saved", (double)sol.fp_saved);
			cJSON_AddBoolToObject(row, "target_met", sol.target_met);
			cJSON_AddItemToObject(row, "lower_bound", ct_json_number(sol.lower_bound));
			cJSON_AddItemToObject(row, "expected",
			                      ct_expectation_to_json(&e, s == CT_ROBUST ? r->an.confidence : NAN));
			cJSON_AddNumberToObject(row, "time_ms", ms);
			cJSON_AddItemToArray(rows, row);
		} else {
			char lb[32] = "-";
			if (!isnan(sol.lower_bound))
				snprintf(lb, sizeof lb, "%.2f", sol.lower_bound);
			char iv[64], pm[16] = "-";
			char n1[32], n2[32];
			if (isfinite(e.p_target_met)) /* no FP: no FP target to meet */
				snprintf(pm, sizeof pm, "%.0f%%", 100 * e.p_target_met);
			printf("%-8s %8s %10s %6.1f%% %-4s %11s  %8.1f %9s %6s %9.2f\n",
			       ct_strategy_name(s), cli_fmt_count(n1, sol.tp_lost),
			       cli_fmt_count(n2, sol.fp_saved), fp_pct, sol.target_met ? "yes" : "NO", lb,
			       e.tp_lost, cli_fmt_interval(iv, sizeof iv, e.tp_lost_low, e.tp_lost_high),
			       pm, ms);
		}
		ct_solution_free(&sol);
	}
	if (json) {
		int printed = cli_print_json(doc);
		if (rc == CT_EXIT_OK)
			rc = printed;
	}
	if (rc == CT_EXIT_OK && !any_met) {
		cli_error("target not reachable by any strategy");
		rc = CT_EXIT_UNREACHABLE;
	}
	return rc;
}

int cmd_compare(int argc, char **argv)
{
	int json = 0;
	const struct option longopts[] = {
		{"json", no_argument, &json, 1},
		{NULL, 0, NULL, 0},
	};
	const cli_spec spec = {"compare", "", longopts, true, false, help, CLI_THEFTS_REFUSE};
	cli_run r;
	int rc = cli_run_parse(&r, &spec, argc, argv, NULL, NULL);
	if (rc == CT_EXIT_OK)
		rc = cli_run_load(&r);
	if (rc == CT_EXIT_OK)
		rc = compare(&r, json);
	return cli_run_end(&r, rc);
}
