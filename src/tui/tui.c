/* tui.c -- the explorer's main loop and the terminal's life cycle.
 *
 * The loop reads a key from the one input source, lets the application
 * turn it into an action, then re-solves, rebuilds the list and draws as
 * the returned flags say.  While a threaded solve runs, keys keep coming
 * (with a short timeout) and the status bar shows the time spent.
 *
 * The terminal is always given back: at a normal end, on SIGTERM/SIGHUP
 * (a flag ends the loop), at exit(), and on a crash (the handler calls
 * endwin and re-raises).  Ctrl-C is a key in raw mode (quit at once).
 */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tui/app.h"

static volatile sig_atomic_t quit_signal;
static bool screen_active;

/* ---- the loop ---------------------------------------------------------------- */

static void apply(tui_app *a, int ch)
{
	if (ch & TUI_CH_SOLVE) {
		tui_app_request_solve(a);
		/* A quick solve (a target change on a cached problem) is shown
		 * at once; a long one goes on while keys are read. */
		tui_solver_wait(a->solver, 0.05);
		ch |= tui_app_poll(a);
	}
	if (ch & TUI_CH_ROWS)
		tui_list_rebuild(a);
	if (ch & (TUI_CH_DRAW | TUI_CH_SOLVE | TUI_CH_ROWS))
		tui_draw(a);
}

int tui_next_key(tui_app *a)
{
	for (;;) {
		if (quit_signal)
			return TUI_KEY_EOF;
		bool busy = tui_solver_busy(a->solver);
		int key = tui_input_get(a->in, a->scripted ? -1 : busy ? 20 : 500);
		int ch = tui_app_poll(a);
		if (ch & TUI_CH_ROWS)
			tui_list_rebuild(a);
		if (ch || (busy && key == ERR))
			tui_draw(a);
		if (key != ERR)
			return key;
	}
}

static void start(tui_app *a, bool threaded)
{
	if (a->started)
		return;
	a->started = true;
	a->solver = tui_solver_new(a->ds, a->opts, &a->model, threaded);
	tui_colors_init(a);
	tui_prompt_init(a);
	if (!a->solver) {
		tui_app_message(a, TUI_ROLE_ERROR, "out of memory");
		return;
	}
	apply(a, TUI_CH_SOLVE | TUI_CH_DRAW);
}

static void run(tui_app *a)
{
	while (!a->quit) {
		int key = tui_next_key(a);
		if (key == TUI_KEY_EOF)
			break;
		if (key == ERR)
			continue;
		int ch = key == KEY_RESIZE ? TUI_CH_DRAW : tui_app_key(a, key);
		apply(a, ch);
	}
}

void tui_app_draw(tui_app *a)
{
	tui_draw(a);
}

int tui_app_run_script(tui_app *a, const char *keys)
{
	tui_input in = {.script = keys, .pos = 0};
	a->in = &in;
	a->scripted = true;
	start(a, false);
	run(a);
	a->in = NULL;
	return a->quit;
}

/* ---- the terminal ------------------------------------------------------------ */

static volatile sig_atomic_t loading;

static void on_quit_signal(int sig)
{
	if (loading) {
		/* The loader cannot be interrupted: give the terminal back and
		 * die of the signal (same caveat as on_crash). */
		if (screen_active)
			endwin();
		signal(sig, SIG_DFL);
		raise(sig);
		return;
	}
	quit_signal = 1;
}

static void on_crash(int sig)
{
	/* Not async-signal-safe in theory, but the alternative is leaving
	 * the user's terminal in raw mode; the signal is re-raised at once. */
	if (screen_active)
		endwin();
	signal(sig, SIG_DFL);
	raise(sig);
}

static void end_at_exit(void)
{
	tui_screen_end();
}

int tui_screen_begin(void)
{
	if (screen_active)
		return 0;
	static bool handlers;
	if (!handlers) {
		handlers = true;
		atexit(end_at_exit);
		struct sigaction sa;
		memset(&sa, 0, sizeof sa);
		sa.sa_handler = on_quit_signal;
		sigemptyset(&sa.sa_mask);
		sigaction(SIGTERM, &sa, NULL);
		sigaction(SIGHUP, &sa, NULL);
		sigaction(SIGINT, &sa, NULL);
		sa.sa_handler = on_crash;
		sa.sa_flags = SA_RESETHAND;
		sigaction(SIGSEGV, &sa, NULL);
		sigaction(SIGBUS, &sa, NULL);
		sigaction(SIGABRT, &sa, NULL);
		sigaction(SIGFPE, &sa, NULL);
		sigaction(SIGILL, &sa, NULL);
	}
	set_escdelay(25);
	static bool initialised;
	if (initialised) {
		/* after tui_screen_end (the loading screen): resume */
		reset_prog_mode();
	} else if (!initscr()) {
		return -1;
	}
	initialised = true;
	screen_active = true;
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	curs_set(0);
	return 0;
}

void tui_screen_end(void)
{
	if (!screen_active)
		return;
	screen_active = false;
	curs_set(1);
	endwin();
}

int tui_loading_begin(void)
{
	if (tui_screen_begin() != 0)
		return -1;
	cbreak(); /* Ctrl-C interrupts a long load */
	loading = 1;
	return 0;
}

void tui_loading_end(void)
{
	loading = 0;
	tui_screen_end();
}

void tui_loading_progress(void *ctx, uint64_t done, uint64_t total)
{
	static double last;
	if (!screen_active)
		return;
	double now = tui_now();
	if (now - last < 0.1 && done < total)
		return;
	last = now;
	char line[512];
	if (total)
		snprintf(line, sizeof line, "loading %s ... %.0f%% (%.1f of %.1f MB)", (const char *)ctx,
		         100.0 * (double)done / (double)total, (double)done / 1e6, (double)total / 1e6);
	else
		snprintf(line, sizeof line, "loading %s ... %.1f MB", (const char *)ctx, (double)done / 1e6);
	erase();
	tui_addnstr(LINES / 2, 2, line, COLS - 2);
	refresh();
}

int tui_run_terminal(const tui_config *cfg)
{
	if (tui_screen_begin() != 0) {
		fprintf(stderr, "camtune: cannot initialise the terminal (TERM=%s)\n",
		        getenv("TERM") ? getenv("TERM") : "");
		return 1;
	}
	tui_app *a = tui_app_new(cfg);
	if (!a) {
		tui_screen_end();
		fprintf(stderr, "camtune: out of memory, or a bad target '%s'\n",
		        cfg->target_text ? cfg->target_text : "");
		return 1;
	}
	tui_input in = {.script = NULL};
	a->in = &in;
	if (a->quality) {
		uint64_t skipped = 0;
		for (int i = 0; i < CT_N_SKIP; i++)
			skipped += a->quality->skipped[i].count;
		if (skipped)
			tui_app_message(a, TUI_ROLE_WARNING, "%llu rows skipped while loading: 3 shows why",
			                (unsigned long long)skipped);
	}
	start(a, true);
	run(a);
	tui_prompt_done(a);
	tui_app_free(a);
	tui_screen_end();
	return quit_signal ? 128 + 15 : 0;
}
