/* tui.h -- the interactive explorer, as seen from the CLI and the tests.
 *
 * The explorer borrows a loaded dataset, its options and quality report;
 * it owns its state (target, strategy, per-camera overrides, undo), the
 * solver thread and the screen layout.
 *
 * Terminal use (cmd_tui.c):
 *   tui_loading_begin();                     curses up, "loading" screen
 *   ct_load_file(...) with tui_loading_progress as the progress callback
 *   tui_loading_end();
 *   rc = tui_run_terminal(&cfg);             until the user quits; the
 *                                            terminal is restored, also at
 *                                            exit, on signals and crashes
 *
 * No terminal (`camtune tui --script`, tests/tui/):
 *   tui_headless_begin(80, 24);              curses on /dev/null
 *   app = tui_app_new(&cfg);
 *   tui_app_run_script(app, "jj:target 12%<Enter>");   keys, then returns
 *   tui_screen_row(y, ...) / tui_screen_write(f)        the screen as text
 *   tui_prompt_done(app); tui_app_free(app); tui_headless_end();
 * Script syntax: see input.h (plain characters are keys; <Down> <Enter>
 * <C-x> <lt> <resize COLSxROWS>...).  Solves run synchronously in script
 * mode, so every key sees the result of the previous one.
 */
#ifndef CAMTUNE_TUI_H
#define CAMTUNE_TUI_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "core/optimise.h"
#include "io/load.h"

typedef struct tui_config {
	const ct_dataset *ds;         /* borrowed, outlives the app */
	const ct_options *opts;       /* borrowed */
	const ct_quality *quality;    /* borrowed, may be NULL */
	const char *source;           /* file name for the status bar */
	const char *target_text;      /* "10%" or "12000" */
	ct_strategy strategy;
	double min_recall;
	const ct_model_params *model; /* the out-of-sample model; NULL: defaults */
	const uint8_t *excluded;      /* initial exclusions, or NULL */
	const double *locked;         /* initial locks (NAN free), or NULL */
	bool ascii;                   /* no braille / box characters */
	const char *export_path;      /* default for `e`; NULL: thresholds.json */
	const char *history_path;     /* NULL: $XDG_STATE_HOME/camtune/history */
	/* Time (:since, :until, the backtest view): every loaded alert with
	 * its time (ct_load_opts.builder_out), borrowed, outliving the app;
	 * NULL: those are unavailable.  ds is the builder's slice for the
	 * range below (both false: everything). */
	const ct_builder *builder;
	bool has_since, has_until;
	int64_t since, until;
} tui_config;

typedef struct tui_app tui_app;

/* NULL when out of memory or the target text is invalid. */
tui_app *tui_app_new(const tui_config *cfg);
void tui_app_free(tui_app *app);
/* How many exports were refused or failed so far (a script then exits
 * non-zero), and the file the last one wrote (NULL: none yet, or the
 * configured default). */
unsigned tui_app_export_failures(const tui_app *app);
const char *tui_app_export_path(const tui_app *app);
/* Feed keys (script syntax above) and run until they are used up or the
 * user quits.  Returns 1 when the app quit, 0 otherwise, -1 when out of
 * memory. */
int tui_app_run_script(tui_app *app, const char *keys);
/* Run a prompt line ("target 12%") as if typed after ':', then do what
 * it asks (solve, draw); returns the TUI_CH_* flags it returned. */
int tui_app_command(tui_app *app, const char *line);
/* Draw the whole screen now (tests call it after changing the size). */
void tui_app_draw(tui_app *app);

int tui_screen_begin(void);
void tui_screen_end(void);
/* The "loading" screen: begin (curses up, Ctrl-C kills the load and
 * restores the terminal), a progress callback for ct_load_opts (ctx: the
 * file name), end. */
int tui_loading_begin(void);
void tui_loading_progress(void *ctx, uint64_t done, uint64_t total);
void tui_loading_end(void);
/* Run on the real terminal until quit; returns an exit code. */
int tui_run_terminal(const tui_config *cfg);

/* No terminal (scripts, tests): curses on /dev/null at cols x rows;
 * -1 when no terminfo entry fits. */
int tui_headless_begin(int cols, int rows);
void tui_headless_end(void);
/* Row y of the screen as UTF-8, trailing blanks removed (into buf). */
const char *tui_screen_row(int y, char *buf, size_t len);
/* Every row of the screen, one a line; -1 on a write error. */
int tui_screen_write(FILE *f);

/* Whether the locale can show braille (UTF-8). */
bool tui_locale_is_utf8(void);

#endif
