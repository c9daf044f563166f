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
 * exclude and step (Right) of the camera with the most FP, and resumes
 * with every camera locked: the Enter of `:load-locks FILE` (files
 * exported at start at targets of 10 % and 50 %), that is the line the
 * prompt hands over, read, solved and drawn.  Next to each resume, a plain
 * C reference timed between its runs: the same file's thresholds with
 * fread, strstr and strtod, nothing checked (the floor of reading it, and
 * a gauge of how fast the machine is at the time).  The keys typed before
 * the Enter are one more line: a key at the prompt, each answered while
 * the analyst types.  Built on demand by `make bench`, not installed, not
 * a test. */
#include "config.h"

#include <locale.h>
#include <math.h>
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

/* The plain C reference of a resume: the file read whole with fread, each
 * "threshold": value taken with strtod, nothing checked (ms). */
static volatile double reference_sink;

static double reference_read(const char *path)
{
	double t0 = tui_now();
	FILE *f = fopen(path, "rb");
	if (!f)
		return NAN;
	size_t cap = 1 << 20, n = 0;
	char *buf = malloc(cap + 1);
	for (size_t got; buf && (got = fread(buf + n, 1, cap - n, f)) > 0;) {
		n += got;
		if (n == cap) {
			char *b = realloc(buf, 2 * cap + 1);
			if (!b)
				break;
			buf = b;
			cap *= 2;
		}
	}
	fclose(f);
	if (!buf)
		return NAN;
	buf[n] = '\0';
	static const char key[] = "\"threshold\":";
	double sum = 0;
	size_t count = 0;
	for (const char *p = buf; (p = strstr(p, key));
	     p += sizeof key - 1, count++)
		sum += strtod(p + sizeof key - 1, NULL);
	free(buf);
	reference_sink = sum + (double)count; /* used: the loop stays */
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
	/* the list is sorted by FP: the first row has the most.  Two exports
	 * lock every camera at its setting for the resumes: one at the start's
	 * target (10 %: most cameras at their baseline), one at 50 % (more
	 * cameras at a threshold of their own). */
	char lock10[64], lock50[64], keys[256];
	snprintf(lock10, sizeof lock10, "/tmp/bench_tui.%ld.10.json", (long)getpid());
	snprintf(lock50, sizeof lock50, "/tmp/bench_tui.%ld.50.json", (long)getpid());
	snprintf(keys, sizeof keys, ":target 50%%<Enter>:export %s<Enter>:target 10%%<Enter>", lock50);
	tui_app_run_script(a, keys);
	snprintf(keys, sizeof keys, ":export %s<Enter>g", lock10);
	tui_app_run_script(a, keys);
	enum { KEYS, RESUME, PROMPT_KEY };
	const struct {
		const char *name;
		int kind;
		const char *keys; /* KEYS: the keys; RESUME: the file */
	} steps[] = {
		{"target change (+)", KEYS, "+"},
		{"lock the camera with most FP (L)", KEYS, "L"},
		{"mute it (m)", KEYS, "m"},
		{"exclude it (x)", KEYS, "x"},
		{"step it one option up (Right)", KEYS, "<Right>"},
		{"resume, an export at 10 % (Enter)", RESUME, lock10},
		{"resume, an export at 50 % (Enter)", RESUME, lock50},
		{"a key typed at the prompt", PROMPT_KEY, lock10},
	};
	printf("%-40s %10s %14s\n", "interaction (key to screen)", "median ms", "plain C ref*");
	printf("%-40s %10.1f\n", "first solve and screen", t_first);
	double *t = malloc((size_t)runs * sizeof *t), *ref = malloc((size_t)runs * sizeof *ref);
	for (size_t s = 0; s < sizeof steps / sizeof steps[0]; s++) {
		for (int r = 0; r < runs; r++) {
			switch (steps[s].kind) {
			case KEYS:
				t[r] = timed(a, steps[s].keys);
				tui_app_run_script(a, "u");
				break;
			case RESUME:
				snprintf(keys, sizeof keys, "load-locks %s", steps[s].keys);
				t[r] = timed_command(a, keys);
				tui_app_run_script(a, "u");
				ref[r] = reference_read(steps[s].keys);
				break;
			case PROMPT_KEY:
				/* the line typed, then dropped with Esc: per key */
				snprintf(keys, sizeof keys, ":load-locks %s<Esc>", steps[s].keys);
				t[r] = timed(a, keys) / (double)(strlen("load-locks ") + strlen(steps[s].keys) + 2);
				break;
			}
		}
		qsort(t, (size_t)runs, sizeof *t, cmp_double);
		printf("%-40s %10.1f", steps[s].name, t[runs / 2]);
		if (steps[s].kind == RESUME) {
			qsort(ref, (size_t)runs, sizeof *ref, cmp_double);
			printf(" %14.1f", ref[runs / 2]);
		}
		printf("\n");
	}
	printf("* the same file's thresholds by plain C (fread, strstr, strtod; nothing\n"
	       "  checked, nothing solved or drawn), timed between the resumes\n");
	printf("(%zu cameras, %llu alerts; the issue's goal: <= 50 ms each)\n", ds->n_cameras,
	       (unsigned long long)ds->n_alerts);
	remove(lock10);
	remove(lock50);
	free(t);
	free(ref);
	tui_prompt_done(a);
	tui_app_free(a);
	tui_headless_end();
	ct_options_free(opts);
	ct_dataset_free(ds);
	ct_quality_free(&q);
	return 0;
}
