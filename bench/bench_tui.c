/* bench_tui.c -- how long each of the explorer's interactions takes, from
 * the key to the screen drawn again: the explorer headless (curses on
 * /dev/null, 120x40, solves inline as in a script), keys through its one
 * input source.
 *
 *   bench_tui FILE [RUNS]
 *
 * Prints one line per interaction: its name and the median milliseconds
 * of RUNS (default 5) repetitions, each undone before the next (the undo
 * is not timed).  The interactions: a target change (+), lock, mute,
 * exclude and step (Right) of the camera with the most FP, and a resume
 * with every camera locked: the Enter of `:load-locks FILE` (the file
 * exported at start), that is the line the prompt hands over, read, solved
 * and drawn.  The keys typed before it are one more line: a key at the
 * prompt, each answered while the analyst types.  Built on demand by
 * `make bench`, not installed, not a test. */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "io/load.h"
#include "tui/app.h"
#include "tui/prompt.h"
#include "tui/tui.h"

static int cmp_double(const void *x, const void *y)
{
	double a = *(const double *)x, b = *(const double *)y;
	return (a > b) - (a < b);
}

static double timed(tui_app *a, const char *keys)
{
	double t0 = tui_now();
	tui_app_run_script(a, keys);
	return (tui_now() - t0) * 1e3;
}

/* The Enter of a prompt line: what the prompt hands over, and its screen. */
static double timed_command(tui_app *a, const char *line)
{
	double t0 = tui_now();
	tui_app_command(a, line);
	return (tui_now() - t0) * 1e3;
}

int main(int argc, char **argv)
{
	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: bench_tui FILE [RUNS]\n");
		return 64;
	}
	int runs = argc == 3 ? atoi(argv[2]) : 5;
	if (runs < 1)
		runs = 1;
	setlocale(LC_ALL, "C.UTF-8");
	setenv("INPUTRC", "/dev/null", 1);
	ct_load_opts lo;
	memset(&lo, 0, sizeof lo);
	ct_dataset *ds;
	ct_quality q;
	char err[1024];
	if (ct_load_file(argv[1], &lo, &ds, &q, err, sizeof err) != 0) {
		fprintf(stderr, "bench_tui: %s\n", err);
		return 65;
	}
	ct_options *opts = ct_options_build(ds);
	if (!opts || tui_headless_begin(120, 40) != 0) {
		fprintf(stderr, "bench_tui: out of memory or no terminfo\n");
		return 1;
	}
	tui_config cfg = {.ds = ds, .opts = opts, .quality = &q, .source = argv[1],
	                  .target_text = "10%", .strategy = CT_ROBUST, .history_path = "/dev/null"};
	tui_app *a = tui_app_new(&cfg);
	if (!a)
		return 1;
	double t_first = timed(a, ""); /* the first solve and screen */
	/* the list is sorted by FP: the first row has the most; the file
	 * exported now locks every camera at its setting for the resume */
	char lockfile[64], keys[256];
	snprintf(lockfile, sizeof lockfile, "/tmp/bench_tui.%ld.json", (long)getpid());
	snprintf(keys, sizeof keys, ":export %s<Enter>g", lockfile);
	tui_app_run_script(a, keys);
	static const struct {
		const char *name, *keys, *undo;
	} steps[] = {
		{"target change (+)", "+", "u"},
		{"lock the camera with most FP (L)", "L", "u"},
		{"mute it (m)", "m", "u"},
		{"exclude it (x)", "x", "u"},
		{"step it one option up (Right)", "<Right>", "u"},
		{"resume, every camera locked (Enter)", NULL, "u"},
		{"a key typed at the prompt", NULL, NULL},
	};
	printf("%-40s %10s\n", "interaction (key to screen)", "median ms");
	printf("%-40s %10.1f\n", "first solve and screen", t_first);
	double *t = malloc((size_t)runs * sizeof *t);
	for (size_t s = 0; s < sizeof steps / sizeof steps[0]; s++) {
		for (int r = 0; r < runs; r++) {
			if (steps[s].keys) {
				t[r] = timed(a, steps[s].keys);
			} else if (steps[s].undo) {
				snprintf(keys, sizeof keys, "load-locks %s", lockfile);
				t[r] = timed_command(a, keys);
			} else {
				/* the line typed, then dropped with Esc: per key */
				snprintf(keys, sizeof keys, ":load-locks %s<Esc>", lockfile);
				t[r] = timed(a, keys) / (double)(strlen("load-locks ") + strlen(lockfile) + 2);
			}
			if (steps[s].undo)
				tui_app_run_script(a, steps[s].undo);
		}
		qsort(t, (size_t)runs, sizeof *t, cmp_double);
		printf("%-40s %10.1f\n", steps[s].name, t[runs / 2]);
	}
	printf("(%zu cameras, %llu alerts; the issue's goal: <= 50 ms each)\n", ds->n_cameras,
	       (unsigned long long)ds->n_alerts);
	remove(lockfile);
	free(t);
	tui_prompt_done(a);
	tui_app_free(a);
	tui_headless_end();
	ct_options_free(opts);
	ct_dataset_free(ds);
	ct_quality_free(&q);
	return 0;
}
