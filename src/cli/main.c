/* main.c -- camtune: dispatch to a subcommand, or open the explorer. */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"

typedef struct subcommand {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
} subcommand;

static const subcommand subcommands[] = {
	{"tui", cmd_tui, "open the interactive explorer on FILE"},
	{"optimize", cmd_optimize, "choose per-camera thresholds for a target"},
	{"frontier", cmd_frontier, "print the fleet trade-off curve"},
	{"compare", cmd_compare, "run the five strategies side by side"},
	{"eval", cmd_eval, "apply a thresholds file to data"},
	{"backtest", cmd_backtest, "tune on the earlier alerts, judge on the later ones"},
	{"report", cmd_report, "per-camera uniformity report"},
	{"plot", cmd_plot, "write SVG pictures of every camera's curve"},
	{"synth", cmd_synth, "write a synthetic alert file"},
	{"summarize", cmd_summarize, "write the per-camera summary of FILE (curves.csv)"},
};
#define N_SUBCOMMANDS (sizeof subcommands / sizeof subcommands[0])

static void usage(FILE *out)
{
	fprintf(out,
	        "Usage: camtune [OPTION]... [FILE]\n"
	        "       camtune COMMAND [OPTION]... FILE\n"
	        "Find per-camera alert thresholds that cut false positives with the\n"
	        "fewest thefts lost.  Without a command, opens the explorer on FILE\n"
	        "(default: the bundled demo data).\n\nCommands:\n");
	for (size_t i = 0; i < N_SUBCOMMANDS; i++)
		fprintf(out, "  %-10s %s\n", subcommands[i].name, subcommands[i].summary);
	fprintf(out, "\n'camtune COMMAND --help' describes a command's options.\n"
	             "Exit status: 0 ok, 3 target not reachable, 64 usage error,\n"
	             "65 bad data, 66 cannot open input, 73 cannot create output.\n"
	             "See camtune(1).\n");
}

int main(int argc, char **argv)
{
	/* Keep numbers in the C locale whatever the user's locale says:
	 * strtod("0.93") must work under a comma-decimal locale. */
	setlocale(LC_ALL, "");
	setlocale(LC_NUMERIC, "C");

	if (argc >= 2) {
		const char *a = argv[1];
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			usage(stdout);
			return CT_EXIT_OK;
		}
		if (strcmp(a, "--version") == 0 || strcmp(a, "-V") == 0) {
			printf("camtune %s\n", PACKAGE_VERSION);
			return CT_EXIT_OK;
		}
		for (size_t i = 0; i < N_SUBCOMMANDS; i++)
			if (strcmp(a, subcommands[i].name) == 0)
				return subcommands[i].run(argc - 1, argv + 1);
	}
	/* No command: the explorer, with the remaining arguments. */
	return cmd_tui(argc, argv);
}
