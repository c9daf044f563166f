/* harness.h -- headless screen tests of the explorer.
 *
 * curses runs on /dev/null (newterm), keys come from a script through the
 * explorer's one input source, and the screen is read back from curses
 * (mvwinnwstr, converted to UTF-8) and compared with expected text.  No
 * terminal is needed.  Expected numbers come from the core (an oracle
 * independent of the explorer), not from the explorer itself.
 */
#ifndef CAMTUNE_TEST_TUI_HARNESS_H
#define CAMTUNE_TEST_TUI_HARNESS_H

#include <curses.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

#include "core/optimise.h"
#include "tui/app.h"
#include "tui/prompt.h"
#include "tui/tui.h"
#include "../tap.h"

#define H_UNUSED __attribute__((unused))

/* Five cameras, numbers small enough to check by hand:
 *   north:2  TP 1  FP 20      north:1  TP 3  FP 10     west:3  TP 2  FP 7
 *   south:7  TP 0  FP 5       east:12  TP 1  FP 3      (FP 45, TP 7) */
H_UNUSED static ct_dataset *h_dataset(void)
{
	static const struct {
		const char *store, *id;
		double tp[4];
		int ntp;
		double fp[20];
		int nfp;
	} cams[] = {
		{"north", "1", {0.30, 0.80, 0.90}, 3,
		 {0.05, 0.10, 0.15, 0.20, 0.25, 0.40, 0.50, 0.60, 0.70, 0.85}, 10},
		{"north", "2", {0.95}, 1,
		 {0.01, 0.02, 0.03, 0.04, 0.05, 0.06, 0.07, 0.08, 0.09, 0.10,
		  0.11, 0.12, 0.13, 0.14, 0.15, 0.16, 0.17, 0.18, 0.19, 0.20}, 20},
		{"south", "7", {0}, 0, {0.1, 0.2, 0.3, 0.4, 0.5}, 5},
		{"west", "3", {0.5, 0.6}, 2, {0.55, 0.65, 0.9, 0.91, 0.2, 0.3, 0.35}, 7},
		{"east", "12", {0.7}, 1, {0.1, 0.2, 0.3}, 3},
	};
	ct_builder *b = ct_builder_new();
	for (size_t i = 0; i < sizeof cams / sizeof cams[0]; i++) {
		int32_t c = ct_builder_camera(b, cams[i].store, strlen(cams[i].store), cams[i].id,
		                              strlen(cams[i].id));
		for (int k = 0; k < cams[i].ntp; k++)
			ct_builder_add(b, (uint32_t)c, cams[i].tp[k], true);
		for (int k = 0; k < cams[i].nfp; k++)
			ct_builder_add(b, (uint32_t)c, cams[i].fp[k], false);
	}
	return ct_builder_finish(b);
}

static char h_dir[64];

/* Curses on /dev/null at cols x rows. */
H_UNUSED static void h_screen_open(int cols, int rows)
{
	if (!setlocale(LC_ALL, "C.UTF-8"))
		setlocale(LC_ALL, "");
	setlocale(LC_NUMERIC, "C");
	setenv("INPUTRC", "/dev/null", 1); /* no user readline settings */
	unsetenv("NO_COLOR");
	if (tui_headless_begin(cols, rows) != 0) {
		printf("1..0 # SKIP no terminfo entry for xterm-256color, xterm or vt100\n");
		exit(0);
	}
	strcpy(h_dir, "/tmp/camtune-tui-XXXXXX");
	if (!mkdtemp(h_dir)) {
		perror("mkdtemp");
		exit(1);
	}
}

H_UNUSED static void h_screen_close(void)
{
	tui_headless_end();
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", h_dir);
	if (system(cmd) != 0)
		tap_diag("could not remove %s", h_dir);
}

typedef struct h_app {
	ct_dataset *ds;
	ct_options *opts;
	tui_app *app;
	char history[128];
} h_app;

H_UNUSED static void h_open(h_app *h, const char *target, ct_strategy s, bool ascii)
{
	memset(h, 0, sizeof *h);
	h->ds = h_dataset();
	h->opts = ct_options_build(h->ds);
	snprintf(h->history, sizeof h->history, "%s/history", h_dir);
	tui_config cfg = {
		.ds = h->ds,
		.opts = h->opts,
		.source = "five.csv",
		.target_text = target,
		.strategy = s,
		.ascii = ascii,
		.history_path = h->history,
	};
	h->app = tui_app_new(&cfg);
	if (!h->ds || !h->opts || !h->app) {
		printf("Bail out! cannot build the test app\n");
		exit(1);
	}
}

H_UNUSED static void h_close(h_app *h)
{
	tui_prompt_done(h->app);
	tui_app_free(h->app);
	ct_options_free(h->opts);
	ct_dataset_free(h->ds);
}

H_UNUSED static int h_keys(h_app *h, const char *keys)
{
	return tui_app_run_script(h->app, keys);
}

/* Row y of the screen as UTF-8, trailing blanks removed. */
H_UNUSED static const char *h_row(int y)
{
	static char buf[2048];
	return tui_screen_row(y, buf, sizeof buf);
}

H_UNUSED static int h_find(const char *needle)
{
	for (int y = 0; y < LINES; y++)
		if (strstr(h_row(y), needle))
			return y;
	return -1;
}

H_UNUSED static void h_dump(void)
{
	for (int y = 0; y < LINES; y++)
		tap_diag("%2d|%s", y, h_row(y));
}

#define h_has(needle, ...)                                                    \
	do {                                                                  \
		if (!ok(h_find(needle) >= 0, __VA_ARGS__)) {                  \
			tap_diag("looked for \"%s\" in:", needle);            \
			h_dump();                                             \
		}                                                             \
	} while (0)

#define h_lacks(needle, ...)                                                  \
	do {                                                                  \
		if (!ok(h_find(needle) < 0, __VA_ARGS__)) {                   \
			tap_diag("did not expect \"%s\" in:", needle);        \
			h_dump();                                             \
		}                                                             \
	} while (0)

/* The number after `label` in the status bar, or -1. */
H_UNUSED static long long h_number_after(const char *label)
{
	int y = LINES - 2; /* the status bar, not the list header or a message */
	if (!strstr(h_row(y), label))
		return -1;
	const char *p = strstr(h_row(y), label) + strlen(label);
	while (*p == ' ')
		p++;
	if (*p < '0' || *p > '9')
		return -1;
	return strtoll(p, NULL, 10);
}

/* The camera named in the curve pane's title ("curve NAME |"). */
H_UNUSED static const char *h_selected(void)
{
	static char name[128];
	name[0] = '\0';
	int y = h_find(" curve ");
	if (y < 0)
		return name;
	const char *p = strstr(h_row(y), " curve ") + 7;
	size_t n = strcspn(p, " ");
	if (n >= sizeof name)
		n = sizeof name - 1;
	memcpy(name, p, n);
	name[n] = '\0';
	return name;
}

/* The list row of a camera, cut into blank-separated cells. */
H_UNUSED static int h_cells(const char *camera_name, char cells[16][32])
{
	char store[64];
	snprintf(store, sizeof store, "%s", camera_name);
	char *colon = strchr(store, ':');
	const char *id = colon ? colon + 1 : "";
	if (colon)
		*colon = '\0';
	for (int y = 1; y < LINES; y++) {
		char row[1024];
		snprintf(row, sizeof row, "%s", h_row(y));
		int n = 0;
		for (char *tok = strtok(row, " "); tok && n < 16; tok = strtok(NULL, " "))
			snprintf(cells[n++], 32, "%s", tok);
		if (n >= 3 && strcmp(cells[0], store) == 0 && strcmp(cells[1], id) == 0)
			return n;
	}
	return 0;
}

/* The oracle: the core's own solve with the same constraints. */
H_UNUSED static ct_solution h_solve(h_app *h, ct_strategy s, const char *target,
                           const uint8_t *excluded, const double *locked)
{
	ct_constraints cons = {.excluded = excluded, .locked = locked};
	ct_problem *p = ct_problem_new(h->ds, h->opts, &cons);
	double t;
	ct_solution sol;
	memset(&sol, 0, sizeof sol);
	if (!p || ct_target_parse(target, h->ds->n_fp, &t) != 0 || ct_solve(p, s, t, &sol) != 0) {
		printf("Bail out! oracle solve failed\n");
		exit(1);
	}
	ct_problem_free(p);
	return sol;
}

#endif
