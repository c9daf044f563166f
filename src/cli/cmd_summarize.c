/* cmd_summarize.c -- `camtune summarize FILE -o curves.csv`: the
 * per-camera summary of FILE (summary.h), which every command then reads
 * as FILE in place of the alerts. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>

#include "cli/cli.h"
#include "io/summary.h"

static void help(void)
{
	printf("Usage: camtune summarize [OPTION]... FILE\n"
	       "Write the per-camera summary of FILE: one row per camera and distinct\n"
	       "score (store;camera_id;score;thefts;fp;fp_at_or_above).  Every command\n"
	       "reads a summary as FILE and gives the answers it gives on the alerts;\n"
	       "a summary holds no alert times and no data-quality report.\n\n"
	       "  -o, --output FILE       where to write it (default: standard output)\n"
	       CLI_LOAD_HELP
	       "  -h, --help              show this help\n");
}

static int own_option(void *ctx, int opt, const char *arg)
{
	if (opt != 'o')
		return cli_usage_error("summarize", "unknown option");
	*(const char **)ctx = arg;
	return CT_EXIT_OK;
}

int cmd_summarize(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"output", required_argument, NULL, 'o'},
		{NULL, 0, NULL, 0},
	};
	const char *output = "-";
	const cli_spec spec = {"summarize", "o:", longopts, false, false, help};
	cli_run r;
	int rc = cli_run_parse(&r, &spec, argc, argv, own_option, &output);
	if (rc == CT_EXIT_OK)
		rc = cli_run_load(&r);
	if (rc == CT_EXIT_OK) {
		char err[1024];
		rc = ct_summary_write(output, r.ds, err, sizeof err);
		if (rc != 0)
			cli_error("%s", err);
	}
	return cli_run_end(&r, rc);
}
