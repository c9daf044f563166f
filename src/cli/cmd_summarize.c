/* cmd_summarize.c -- `camtune summarize FILE -o curves.csv`: the
 * per-camera summary of FILE (summary.h), which every command then reads
 * as FILE in place of the alerts. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>

#include "cli/cli.h"
#include "io/summary.h"

static void help(void)
{
	printf("Usage: camtune summarize [OPTION]... FILE\n"
	       "Write the per-camera summary of FILE (format version 2): per camera a row\n"
	       "at each theft score, its lowest and highest FP score and K quantiles of its\n"
	       "FP (store;camera_id;score;thefts;fp;fp_at_or_above).  Every command reads\n"
	       "a summary as FILE: exact, hull, greedy, lazy, AUC and mute give the\n"
	       "alerts' answers; uniform, robust and the pictures count a camera's FP\n"
	       "within 1/K of it.  A summary holds no alert times and no data-quality\n"
	       "report.\n\n"
	       "  -o, --output FILE       where to write it (default: standard output)\n"
	       "      --sketch K          K quantiles of each camera's FP (default 256;\n"
	       "                          0: none, thefts and the lowest and highest FP only)\n"
	       CLI_LOAD_HELP
	       "  -h, --help              show this help\n");
}

typedef struct summarize_opts {
	const char *output;
	uint32_t sketch;
} summarize_opts;

static int own_option(void *ctx, int opt, const char *arg)
{
	summarize_opts *o = ctx;
	if (opt == 'o') {
		o->output = arg;
		return CT_EXIT_OK;
	}
	if (opt == 1301) {
		char *end;
		errno = 0;
		unsigned long v = strtoul(arg, &end, 10);
		if (errno || end == arg || *end || *arg == '-' || v > 1000000)
			return cli_usage_error("summarize", "--sketch: '%s' is not a number of rows "
			                                    "from 0 to 1000000", arg);
		o->sketch = (uint32_t)v;
		return CT_EXIT_OK;
	}
	return cli_usage_error("summarize", "unknown option");
}

int cmd_summarize(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"output", required_argument, NULL, 'o'},
		{"sketch", required_argument, NULL, 1301},
		{NULL, 0, NULL, 0},
	};
	summarize_opts o = {"-", CT_SUMMARY_SKETCH_DEFAULT};
	const cli_spec spec = {"summarize", "o:", longopts, false, false, help, CLI_THEFTS_ANY};
	cli_run r;
	int rc = cli_run_parse(&r, &spec, argc, argv, own_option, &o);
	if (rc == CT_EXIT_OK)
		rc = cli_check_output("summarize", o.output, r.path);
	if (rc == CT_EXIT_OK)
		rc = cli_run_load(&r);
	if (rc == CT_EXIT_OK) {
		char err[1024];
		rc = ct_summary_write(o.output, r.ds, o.sketch, err, sizeof err);
		if (rc != 0)
			cli_error("%s", err);
	}
	return cli_run_end(&r, rc);
}
