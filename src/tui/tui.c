/* tui.c -- the explorer's main loop and the terminal's life cycle.
 *
 * Only the loop reads keys and draws.  It reads a key from the one input
 * source, hands it to the prompt when that is open, else turns it into an
 * action (count prefix, key table) for the view on top of the stack, which
 * passes on what it does not handle only as far as the action's scope
 * allows (view.h),
 * then does what the returned flags ask: opens the prompt, suspends,
 * re-solves, rebuilds the list, selects, draws.  While a threaded solve runs, keys keep coming
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

#include <ctype.h>

#include "report/svg.h"
#include "tui/app.h"
#include "tui/prompt.h"
#include "io/escape.h"
#include "tui/screen.h"
#include "tui/view.h"

static volatile sig_atomic_t quit_signal;
static bool screen_active;

/* ---- the loop ---------------------------------------------------------------- */

/* The views the action table opens (its VIEW_OF column), each defined in
 * its own file view_x.c: adding a view adds nothing here. */
#define VIEW_OF(x) extern const tui_view_ops tui_view_##x;
#define NO_VIEW
#define VIEW_DECL_(id, name, group, scope, view, keys, arg, comp, alias, hint, help) view
TUI_ACTIONS(VIEW_DECL_)
#undef VIEW_DECL_
#undef VIEW_OF
#undef NO_VIEW
#define VIEW_OF(x) &tui_view_##x
#define NO_VIEW NULL
#define VIEW_PTR_(id, name, group, scope, view, keys, arg, comp, alias, hint, help) view,
static const tui_view_ops *const action_view[TUI_N_ACTIONS] = {TUI_ACTIONS(VIEW_PTR_)};
#undef VIEW_PTR_
#undef VIEW_OF
#undef NO_VIEW

/* The view's key: open it, or close it when it is on top. */
static int toggle_view(tui_app *a, const tui_view_ops *ops)
{
	if (tui_view_top(a)->ops == ops)
		return tui_view_close(a);
	int r = tui_view_open(a, ops);
	if (r < 0) {
		tui_app_message(a, TUI_ROLE_ERROR, "out of memory: the %s view is not shown", ops->name);
		return TUI_CH_DRAW;
	}
	return r;
}

/* An action: the view on top first; what it does not handle goes to the
 * application only when the action's scope is one the view takes (or is
 * the same everywhere).  A typed command (`typed`) names what it wants:
 * a target or strategy applies from any view, a camera named in it is in
 * focus, and a command of the list goes back to the list. */
static int dispatch(tui_app *a, int act, const char *arg, bool typed)
{
	tui_view *v = tui_view_top(a);
	int r = v->ops->action ? v->ops->action(a, v, act, arg) : -1;
	if (r >= 0)
		return r;
	unsigned scope = tui_actions[act].scope;
	if (scope == TUI_SCOPE_ANY || (scope & v->ops->takes))
		return action_view[act] ? toggle_view(a, action_view[act]) : tui_app_do(a, act, arg);
	if (typed && scope == TUI_SCOPE_SOLVE)
		return tui_app_do(a, act, arg);
	if (typed && scope == TUI_SCOPE_CAMERA && arg && *arg &&
	    tui_actions[act].completion == TUI_ARG_CAMERA)
		return tui_app_do(a, act, arg);
	if (typed && (scope == TUI_SCOPE_LIST || (scope == TUI_SCOPE_VIEW && v->parent))) {
		tui_view_close_to_bottom(a);
		return dispatch(a, act, arg, typed) | TUI_CH_DRAW;
	}
	char key[16];
	tui_action_first_key(act, key, sizeof key);
	if (scope == TUI_SCOPE_CAMERA)
		tui_app_message(a, TUI_ROLE_WARNING, "%s (%s): no camera in focus in the %s view; q goes back",
		                tui_actions[act].name, key[0] ? key : ":", v->ops->name);
	else
		tui_app_message(a, TUI_ROLE_WARNING, "%s does nothing in the %s view; q goes back",
		                tui_actions[act].name, v->ops->name);
	return TUI_CH_DRAW;
}

/* A prompt line: "name [argument]". */
static int run_command(tui_app *a, const char *line)
{
	while (isspace((unsigned char)*line))
		line++;
	if (!*line)
		return TUI_CH_NONE;
	size_t len = strcspn(line, " \t");
	char name[64];
	if (len >= sizeof name)
		len = sizeof name - 1;
	memcpy(name, line, len);
	name[len] = '\0';
	const char *arg = line + strcspn(line, " \t");
	while (isspace((unsigned char)*arg))
		arg++;
	char *argcopy = strdup(arg);
	if (!argcopy)
		return TUI_CH_NONE;
	size_t alen = strlen(argcopy);
	while (alen && isspace((unsigned char)argcopy[alen - 1]))
		argcopy[--alen] = '\0';
	int act = tui_action_find(name);
	int flags;
	if (act < 0) {
		tui_app_message(a, TUI_ROLE_ERROR, "unknown command '%s' (Tab completes, ? lists them)", name);
		flags = TUI_CH_DRAW;
	} else if (!tui_actions[act].arg && *argcopy) {
		tui_app_message(a, TUI_ROLE_ERROR, "%s takes no argument", tui_actions[act].name);
		flags = TUI_CH_DRAW;
	} else {
		flags = dispatch(a, act, argcopy, true) | TUI_CH_DRAW;
	}
	free(argcopy);
	return flags;
}

/* Actions a count prefix repeats ("10<Right>"). */
static bool takes_count(int act)
{
	switch (act) {
	case TUI_ACT_DOWN:
	case TUI_ACT_UP:
	case TUI_ACT_PAGE_DOWN:
	case TUI_ACT_PAGE_UP:
	case TUI_ACT_STEP_UP:
	case TUI_ACT_STEP_DOWN:
	case TUI_ACT_TARGET_UP:
	case TUI_ACT_TARGET_DOWN:
		return true;
	}
	return false;
}

static int handle_key(tui_app *a, int key);

/* Digits typed before a key: a count when the key takes one ("10<Right>"),
 * else the digits' own keys (1-5 switch panes and views). */
static char pending[12];
static size_t n_pending;

static int flush_pending(tui_app *a)
{
	int ch = 0;
	size_t n = n_pending;
	n_pending = 0;
	for (size_t i = 0; i < n; i++)
		ch |= handle_key(a, pending[i]);
	return ch;
}

/* A key outside the prompt. */
static int handle_key(tui_app *a, int key)
{
	int ch = tui_app_confirm_key(a, key);
	if (ch >= 0)
		return ch;
	a->msg[0] = '\0'; /* a message lasts until the next key */
	int act = tui_action_for_key(key);
	if (act < 0) {
		tui_app_message(a, TUI_ROLE_WARNING, "key %s does nothing; ? shows the keys", tui_key_name(key));
		return TUI_CH_DRAW;
	}
	tui_view *v = tui_view_top(a);
	unsigned scope = tui_actions[act].scope;
	bool here = scope == TUI_SCOPE_ANY || (scope & v->ops->takes);
	if (act == TUI_ACT_SEARCH) /* the view on top searches, if it can */
		return tui_app_ask_prompt(a, "/", "") | TUI_CH_DRAW;
	if ((tui_action_needs_arg(act) || act == TUI_ACT_FILTER) && here) {
		int r = v->ops->action ? v->ops->action(a, v, act, NULL) : -1;
		if (r >= 0)
			return r;
		char fill[160];
		tui_request shown = {.kind = TUI_REQ_SHOWN};
		if (act == TUI_ACT_FILTER && tui_view_request(a, &shown) >= 0 && shown.text)
			snprintf(fill, sizeof fill, "filter %s", shown.text);
		else
			snprintf(fill, sizeof fill, "%s ", tui_actions[act].name);
		return tui_app_ask_prompt(a, ":", fill) | TUI_CH_DRAW;
	}
	return dispatch(a, act, NULL, false);
}

/* A key from the one input source: to the prompt when it is open, else
 * through the count prefix to an action. */
static int on_key(tui_app *a, int key)
{
	if (key == KEY_RESIZE)
		return TUI_CH_DRAW;
	if (a->prompt_open) {
		char kind = a->prompt_req[0];
		char *line = NULL;
		const char *shown_before = a->completions;
		int r = tui_prompt_key(a, key, &line);
		if (r == TUI_PROMPT_OPEN && a->completions == shown_before && !shown_before) {
			/* an edit of the line: only the prompt's line changed, and
			 * redrawing the whole screen per key would make a pasted
			 * line cost its length times the screen; readline
			 * redraws that line itself (prompt.c) */
			return TUI_CH_NONE;
		}
		int ch = TUI_CH_DRAW;
		if (r == TUI_PROMPT_LINE && kind == '/' && *line)
			ch |= dispatch(a, TUI_ACT_SEARCH, line, true);
		else if (r == TUI_PROMPT_LINE && kind != '/')
			ch |= run_command(a, line);
		free(line);
		return ch;
	}
	bool digit = key >= '0' && key <= '9' && (key != '0' || n_pending);
	if (digit && !a->confirm_quit && n_pending + 1 < sizeof pending) {
		pending[n_pending++] = (char)key;
		return TUI_CH_NONE;
	}
	if (n_pending) {
		int act = tui_action_for_key(key);
		if (act >= 0 && takes_count(act) && !a->confirm_quit) {
			pending[n_pending] = '\0';
			a->count = atoi(pending);
			n_pending = 0;
			int ch = handle_key(a, key);
			a->count = 1;
			return ch;
		}
		int ch = flush_pending(a);
		return ch | handle_key(a, key);
	}
	return handle_key(a, key);
}

/* Do what the flags ask for, in order: the prompt, the terminal, the
 * solve, the rows, the selection; then draw. */
static void apply(tui_app *a, int ch)
{
	if (ch & TUI_CH_PROMPT)
		tui_prompt_open(a, a->prompt_req, a->prompt_fill);
	if (ch & TUI_CH_SUSPEND) {
		/* raw mode turns C-z into a key: stop ourselves the way the
		 * terminal would, with the terminal given back meanwhile */
		def_prog_mode();
		endwin();
		raise(SIGTSTP);
		reset_prog_mode();
		ch |= TUI_CH_REDRAW;
	}
	if (ch & TUI_CH_REDRAW)
		clearok(curscr, TRUE);
	if (ch & TUI_CH_SOLVE) {
		tui_app_request_solve(a);
		/* A quick solve (a target change on a cached problem) is shown
		 * at once; a long one goes on while keys are read. */
		tui_solver_wait(a->solver, 0.05);
		ch |= tui_app_poll(a);
	}
	/* the views hear of it (the list re-sorts, rebuilds, selects) */
	tui_request rq = {.kind = TUI_REQ_SOLVED};
	if (ch & TUI_CH_SOLVED)
		tui_view_request(a, &rq);
	if (ch & TUI_CH_ROWS) {
		rq.kind = TUI_REQ_ROWS;
		tui_view_request(a, &rq);
	}
	if (ch & TUI_CH_SELECT) {
		rq.kind = TUI_REQ_SELECT;
		rq.camera = a->select_req;
		tui_view_request(a, &rq);
	}
	if (ch & ~TUI_CH_QUIT)
		tui_screen_draw(a);
}

/* The next key, keeping the screen up to date meanwhile (solves that
 * finish, the time of one that runs). */
static int next_key(tui_app *a)
{
	for (;;) {
		if (quit_signal)
			return TUI_KEY_EOF;
		bool busy = tui_solver_busy(a->solver);
		int wait = a->scripted ? -1 : n_pending ? 400 : busy ? 20 : 500;
		int key = tui_input_get(a->in, wait);
		int ch = tui_app_poll(a);
		if (key == ERR && n_pending)
			ch |= flush_pending(a); /* digits alone: their own keys */
		if (ch || (busy && key == ERR))
			apply(a, ch | TUI_CH_DRAW);
		if (key != ERR)
			return key;
	}
}

/* The view stack, the list at its bottom: made when the app is first
 * used (the loop owns the views; app.c knows none of them). */
static bool stack_up(tui_app *a)
{
	if (!a->top && tui_view_stack_init(a, &tui_view_list) != 0)
		return false;
	return true;
}

/* -1 when out of memory (nothing can be shown). */
static int start(tui_app *a, bool threaded)
{
	if (a->started)
		return 0;
	if (!stack_up(a))
		return -1;
	a->started = true;
	a->solver = tui_solver_new(a->ds, a->opts, &a->model, threaded);
	a->color = tui_colors_init();
	tui_prompt_init(a);
	if (!a->solver) {
		tui_app_message(a, TUI_ROLE_ERROR, "out of memory");
		return 0;
	}
	apply(a, TUI_CH_SOLVE | TUI_CH_ROWS | TUI_CH_DRAW);
	return 0;
}

static void run(tui_app *a)
{
	while (!a->quit) {
		int key = next_key(a);
		if (key == TUI_KEY_EOF)
			break;
		if (key == ERR)
			continue;
		apply(a, on_key(a, key));
	}
	if (n_pending && !a->quit)
		apply(a, flush_pending(a)); /* a script that ends with digits */
	/* input ended with the prompt open: the line is dropped, the screen
	 * shows it as it was */
	tui_prompt_close(a);
}

void tui_app_draw(tui_app *a)
{
	if (stack_up(a))
		tui_screen_draw(a);
}

int tui_app_run_script(tui_app *a, const char *keys)
{
	tui_input in = {.script = keys, .pos = 0};
	a->in = &in;
	a->scripted = true;
	if (start(a, false) != 0) {
		a->in = NULL;
		return -1;
	}
	run(a);
	a->in = NULL;
	return a->quit;
}

int tui_app_command(tui_app *a, const char *line)
{
	if (!stack_up(a))
		return TUI_CH_NONE;
	int ch = run_command(a, line);
	apply(a, ch);
	return ch;
}

/* ---- no terminal: scripts and tests ------------------------------------------- */

static SCREEN *headless;
static FILE *headless_out, *headless_in;

int tui_headless_begin(int cols, int rows)
{
	if (headless)
		return 0;
	headless_out = fopen("/dev/null", "w");
	headless_in = fopen("/dev/null", "r");
	if (!headless_out || !headless_in)
		goto fail;
	/* a terminal type with colours and the usual keys; vt100 as a
	 * fallback where terminfo is minimal */
	static const char *const types[] = {"xterm-256color", "xterm", "vt100"};
	for (size_t i = 0; i < sizeof types / sizeof types[0] && !headless; i++)
		headless = newterm(types[i], headless_out, headless_in);
	if (!headless)
		goto fail;
	set_term(headless);
	resize_term(rows, cols);
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	return 0;
fail:
	if (headless_out)
		fclose(headless_out);
	if (headless_in)
		fclose(headless_in);
	headless_out = headless_in = NULL;
	return -1;
}

void tui_headless_end(void)
{
	if (!headless)
		return;
	endwin();
	delscreen(headless);
	fclose(headless_out);
	fclose(headless_in);
	headless = NULL;
	headless_out = headless_in = NULL;
}

const char *tui_screen_row(int y, char *buf, size_t len)
{
	wchar_t w[1024];
	buf[0] = '\0';
	if (y < 0 || y >= LINES || len < 2)
		return buf;
	int n = mvwinnwstr(stdscr, y, 0, w, COLS < 1023 ? COLS : 1023);
	if (n < 0)
		return buf;
	w[n] = 0;
	size_t used = wcstombs(buf, w, len - 1);
	if (used == (size_t)-1)
		used = 0;
	buf[used] = '\0';
	while (used && buf[used - 1] == ' ')
		buf[--used] = '\0';
	return buf;
}

int tui_screen_write(FILE *f)
{
	char row[4096];
	for (int y = 0; y < LINES; y++)
		if (fprintf(f, "%s\n", tui_screen_row(y, row, sizeof row)) < 0)
			return -1;
	return 0;
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
		char tb[CT_SHOWN_MAX];
		fprintf(stderr, "camtune: out of memory, or a bad target '%s'\n",
		        ct_shown(cfg->target_text ? cfg->target_text : "", tb, sizeof tb));
		return 1;
	}
	tui_input in = {.script = NULL};
	a->in = &in;
	if (a->quality) {
		uint64_t skipped = 0;
		for (int i = 0; i < CT_N_SKIP; i++)
			skipped += a->quality->skipped[i].count;
		char n1[32];
		if (skipped)
			/* the message covers the hint line: keep its help and quit */
			tui_app_message(a, TUI_ROLE_WARNING,
			                "%s row%s skipped while loading: 3 shows why | ? help  q quit",
			                ct_format_count(skipped, n1, sizeof n1), tui_plural(skipped));
	}
	if (start(a, true) != 0) {
		tui_app_free(a);
		tui_screen_end();
		fprintf(stderr, "camtune: out of memory\n");
		return 1;
	}
	run(a);
	tui_prompt_done(a);
	tui_app_free(a);
	tui_screen_end();
	return quit_signal ? 128 + 15 : 0;
}
