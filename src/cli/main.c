/* main.c -- camtune: dispatch to a subcommand, or open the explorer. */
#include "config.h"

#include <errno.h>
#include <locale.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "io/escape.h"
#include "io/source.h"

typedef struct subcommand {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
} subcommand;

static const subcommand subcommands[] = {
	{"tui", cmd_tui, "open the interactive explorer on FILE"},
	{"optimize", cmd_optimize, "choose per-camera thresholds for a target"},
	{"frontier", cmd_frontier, "print the fleet trade-off curve"},
	{"compare", cmd_compare, "run the six strategies side by side"},
	{"eval", cmd_eval, "apply a thresholds file to data"},
	{"monitor", cmd_monitor, "judge new data against a thresholds file's expectations"},
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
	             "Exit status: 0 ok, 1 out of memory, 3 target not reachable,\n"
	             "4 thresholds no longer hold (monitor --strict), 64 usage error,\n"
	             "65 bad data, 66 cannot open input, 73 cannot create output,\n"
	             "74 read or write error.\n"
	             "See camtune(1).\n");
}

/* A connection string among the arguments, with its password, stays in
 * the process's arguments for anyone's ps to read: camtune keeps a copy
 * for itself and overwrites the original (what ps shows) with the shown
 * form (no password, cut to the original's length), as database clients
 * do. */
static char **hidden_args; /* the copies, reachable for the whole run */

static void hide_secrets(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (!ct_source_is_database(argv[i]))
			continue;
		if (!hidden_args && !(hidden_args = calloc((size_t)argc, sizeof *hidden_args)))
			return;
		char *copy = strdup(argv[i]);
		char *shown = ct_source_display_name(argv[i]);
		if (copy && shown) {
			size_t n = strlen(argv[i]), k = strlen(shown);
			if (k > n)
				k = n;
			memcpy(argv[i], shown, k);
			memset(argv[i] + k, ' ', n - k);
			hidden_args[i] = argv[i] = copy;
			copy = NULL;
		}
		free(copy);
		free(shown);
	}
}

/* Edit distance (insertions, deletions, substitutions, transpositions of
 * neighbours), for "did you mean": commands are short. */
static size_t distance(const char *a, const char *b)
{
	size_t n = strlen(a), m = strlen(b);
	if (n > 31 || m > 31)
		return 99;
	size_t d[32][32];
	for (size_t i = 0; i <= n; i++)
		d[i][0] = i;
	for (size_t j = 0; j <= m; j++)
		d[0][j] = j;
	for (size_t i = 1; i <= n; i++)
		for (size_t j = 1; j <= m; j++) {
			size_t best = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
			if (d[i - 1][j] + 1 < best)
				best = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < best)
				best = d[i][j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    d[i - 2][j - 2] + 1 < best)
				best = d[i - 2][j - 2] + 1;
			d[i][j] = best;
		}
	return d[n][m];
}

/* A first argument that is no command and no file, but looks like a
 * command (a typo: optimise) or has arguments after it: an unknown
 * command, not a FILE for the explorer.  Returns the exit code, or -1 when
 * the argument is left to the explorer. */
static int unknown_command(int argc, char **argv)
{
	const char *a = argv[1];
	if (a[0] == '-' || strchr(a, '/') || strchr(a, '.') || access(a, F_OK) == 0)
		return -1;
	const char *best = NULL;
	size_t best_d = 3; /* at most 2 edits away */
	for (size_t i = 0; i < N_SUBCOMMANDS; i++) {
		size_t d = distance(a, subcommands[i].name);
		if (d < best_d) {
			best_d = d;
			best = subcommands[i].name;
		}
	}
	if (!best && argc <= 2)
		return -1;
	char *shown = ct_escape(a);
	if (best)
		fprintf(stderr, "%s: unknown command '%s' (did you mean '%s'?)\n", cli_progname,
		        shown ? shown : "?", best);
	else
		fprintf(stderr, "%s: unknown command '%s'\n", cli_progname, shown ? shown : "?");
	free(shown);
	fprintf(stderr, "Try '%s --help' for the list of commands.\n", cli_progname);
	return CT_EXIT_USAGE;
}

/* Standard output is checked once at the end: a full disk is an error
 * (74), not a silently truncated table.  (A closed pipe has ended the
 * process by SIGPIPE before.) */
static int finish_stdout(int rc, bool close_it)
{
	errno = 0;
	bool bad = fflush(stdout) != 0 || ferror(stdout);
	int saved = errno;
	if (close_it && fclose(stdout) != 0 && !bad) {
		bad = true;
		saved = errno;
	}
	if (!bad)
		return rc;
	if (!saved)
		saved = cli_stdout_errno;
	if (rc != CT_EXIT_IOERR) /* else already said */
		fprintf(stderr, "%s: standard output: write error%s%s\n", cli_progname,
		        saved ? ": " : "", saved ? strerror(saved) : "");
	return rc == CT_EXIT_OK || rc == CT_EXIT_UNREACHABLE ? CT_EXIT_IOERR : rc;
}

int main(int argc, char **argv)
{
	/* Keep numbers in the C locale whatever the user's locale says:
	 * strtod("0.93") must work under a comma-decimal locale. */
	setlocale(LC_ALL, "");
	setlocale(LC_NUMERIC, "C");
	opterr = 0; /* cli_bad_option says it, escaped */
	/* A closed pipe ends camtune quietly, as it ends any filter, even
	 * when the shell that started it ignores SIGPIPE (doc/interfaces.md);
	 * libpq guards its own sockets. */
	signal(SIGPIPE, SIG_DFL);
	hide_secrets(argc, argv);

	if (argc >= 2) {
		const char *a = argv[1];
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			usage(stdout);
			return finish_stdout(CT_EXIT_OK, true);
		}
		if (strcmp(a, "--version") == 0 || strcmp(a, "-V") == 0) {
			printf("camtune %s\n", PACKAGE_VERSION);
			return finish_stdout(CT_EXIT_OK, true);
		}
		for (size_t i = 0; i < N_SUBCOMMANDS; i++)
			if (strcmp(a, subcommands[i].name) == 0)
				return finish_stdout(subcommands[i].run(argc - 1, argv + 1),
				                     subcommands[i].run != cmd_tui);
		int rc = unknown_command(argc, argv);
		if (rc >= 0)
			return rc;
	}
	/* No command: the explorer, with the remaining arguments. */
	return finish_stdout(cmd_tui(argc, argv), false);
}
