/* stress.c -- the explorer under stress, headless: 100k seeded random keys,
 * resize storms, a 1x1 terminal.  It must end without a crash, keep its
 * numbers right (what it shows agrees with the core solving the same
 * state) and give the terminal back.
 *
 * Curses runs on a pseudo-terminal here, not /dev/null, so "gives the
 * terminal back" is checked for real: the line discipline settings
 * (termios) after endwin() must equal those before initscr.  A thread
 * drains what curses writes, so the explorer never blocks on output.
 *
 * Keys come from the one input source as scripts (harness.h).  The seed
 * is fixed (CAMTUNE_STRESS_SEED overrides it), so a failure replays.
 * Random keys exclude '/' so that a typed `:export PATH` or `:load-locks PATH`
 * can only name a file in the test's private directory (the working
 * directory is that directory for the whole run).
 */
#undef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700 /* posix_openpt, grantpt, ptsname */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <termios.h>

#include "harness.h"

static uint64_t rng_state;

static uint64_t rnd(void)
{
	/* xorshift64*: small, fixed across platforms, good enough for keys */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 2685821657736338717ull;
}

static unsigned below(unsigned n)
{
	return (unsigned)(rnd() % n);
}

/* ---- curses on a pseudo-terminal ----------------------------------------- */

static int pty_master = -1, pty_slave = -1;
static FILE *pty_out, *pty_in;
static SCREEN *pty_screen;
static pthread_t drain_thread;
static struct termios saved;

static void *drain(void *arg)
{
	(void)arg;
	char buf[4096];
	for (;;) {
		ssize_t r = read(pty_master, buf, sizeof buf);
		if (r > 0)
			continue;
		if (r < 0 && errno == EINTR)
			continue;
		return NULL; /* EIO once the slave side is closed */
	}
}

static bool pty_open(int cols, int rows)
{
	pty_master = posix_openpt(O_RDWR | O_NOCTTY);
	if (pty_master < 0 || grantpt(pty_master) != 0 || unlockpt(pty_master) != 0)
		return false;
	const char *name = ptsname(pty_master);
	if (!name || (pty_slave = open(name, O_RDWR | O_NOCTTY)) < 0)
		return false;
	if (tcgetattr(pty_slave, &saved) != 0)
		return false;
	if (pthread_create(&drain_thread, NULL, drain, NULL) != 0)
		return false;
	pty_out = fdopen(dup(pty_slave), "w");
	pty_in = fdopen(dup(pty_slave), "r");
	if (!pty_out || !pty_in)
		return false;
	pty_screen = newterm("xterm-256color", pty_out, pty_in);
	if (!pty_screen)
		pty_screen = newterm("vt100", pty_out, pty_in);
	if (!pty_screen)
		return false;
	set_term(pty_screen);
	/* What the explorer sets up on a real terminal (tui_screen_begin). */
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	resize_term(rows, cols);
	return true;
}

/* endwin, then compare the terminal's modes with those before. */
static void pty_close(void)
{
	endwin();
	ok(isendwin(), "endwin: curses has left the terminal");
	struct termios now;
	ok(tcgetattr(pty_slave, &now) == 0, "the terminal's modes can be read back");
	ok(now.c_lflag == saved.c_lflag && now.c_iflag == saved.c_iflag &&
	   now.c_oflag == saved.c_oflag && now.c_cflag == saved.c_cflag,
	   "terminal modes restored exactly (lflag %#x, was %#x)", (unsigned)now.c_lflag,
	   (unsigned)saved.c_lflag);
	ok((now.c_lflag & (ICANON | ECHO)) == (ICANON | ECHO),
	   "the terminal is back in canonical mode with echo");
	delscreen(pty_screen);
	fclose(pty_out);
	fclose(pty_in);
	close(pty_slave);
	pthread_join(drain_thread, NULL);
	close(pty_master);
}

/* ---- random scripts ------------------------------------------------------ */

static const char *const special[] = {
	"<Down>", "<Up>", "<Left>", "<Right>", "<PgUp>", "<PgDn>", "<Home>", "<End>",
	"<Enter>", "<Esc>", "<Tab>", "<BS>", "<Del>", "<C-r>", "<C-l>", "<C-f>", "<C-b>",
	"<C-a>", "<C-e>", "<C-k>", "<C-u>", "<C-w>", "<lt>",
};

/* Keys that mean something to the explorer, more often than others.  '?'
 * is left to the printable range (rarer): while the help is open most keys
 * only scroll it, and drawing it is the slowest thing the explorer does. */
static const char busy_keys[] = "jkhlgGnNfsStTLmxFuUe123wz:+=-<>I y% ";

/* Append one random key to buf (script syntax); returns its length. */
static size_t random_key(char *buf)
{
	unsigned r = below(100);
	if (r < 45) { /* a key the explorer knows */
		buf[0] = busy_keys[below(sizeof busy_keys - 1)];
		buf[1] = '\0';
	} else if (r < 75) { /* any printable character but '/', '<' and 'Q' */
		char c;
		do
			c = (char)(' ' + below(95));
		while (c == '/' || c == '<' || c == 'Q');
		buf[0] = c;
		buf[1] = '\0';
	} else if (r < 97) {
		strcpy(buf, special[below(sizeof special / sizeof special[0])]);
	} else if (r < 99) { /* a digit run: targets, counts */
		snprintf(buf, 16, "%u", below(100000));
	} else if (below(20) == 0) { /* now and then, quit: at once, or asked */
		strcpy(buf, below(2) ? "<C-c>" : "q");
	} else { /* a resize in the middle of anything, a prompt included */
		/* Usable sizes here; tiny ones are the storm's and the 1x1
		 * test's job (the help screen is slow to draw very narrow). */
		snprintf(buf, 32, "<resize %ux%u>", 40 + below(100), 10 + below(35));
	}
	return strlen(buf);
}

static unsigned quits;

/* Feed n random keys, one script each, so every key is used even when one
 * of them quits the explorer; it is then reopened (quitting is part of
 * the test, not its end). */
static void random_keys(h_app *h, unsigned long n)
{
	char key[64];
	for (unsigned long i = 0; i < n; i++) {
		random_key(key);
		if (h_keys(h, key)) {
			quits++;
			h_close(h);
			h_open(h, "10%", CT_EXACT, false);
			h_keys(h, "");
		}
	}
}

/* The explorer at a sane size, every prompt and message closed. */
static void settle(h_app *h)
{
	h_keys(h, "<resize 120x40><Esc><Esc><Esc><C-l>");
	while (tui_view_top(h->app)->parent) /* back to the list */
		h_keys(h, "q");
	tui_app_draw(h->app);
}

/* What the explorer shows agrees with the core solving its current state
 * (target, strategy, every lock, mute and exclusion the keys made). */
static void check_consistent(h_app *h, const char *what)
{
	settle(h);
	tui_app *a = h->app;
	size_t n = h->ds->n_cameras;
	uint8_t *excluded = calloc(n, 1);
	double *locked = malloc(n * sizeof *locked);
	for (size_t i = 0; i < n; i++) {
		excluded[i] = a->st.mark[i] == TUI_EXCLUDED;
		locked[i] = a->st.mark[i] == TUI_LOCKED || a->st.mark[i] == TUI_MUTED ? a->st.thr[i]
		                                                                      : NAN;
	}
	ct_constraints cons = {.excluded = excluded, .locked = locked};
	ct_problem *p = ct_problem_new(h->ds, h->opts, &cons);
	ct_solution want;
	memset(&want, 0, sizeof want);
	bool solved = p && ct_solve(p, a->st.strategy, a->st.target, &want) == 0;
	ok(solved, "%s: the core solves the explorer's state", what);
	ok(a->have_sol, "%s: the explorer has a solution", what);
	if (solved && a->have_sol) {
		is_int(a->sol.fp_saved, want.fp_saved, "%s: FP saved agrees with the core", what);
		is_int(a->sol.tp_lost, want.tp_lost, "%s: TP lost agrees with the core", what);
		is_int(h_number_after("FP saved"), want.fp_saved, "%s: and so does the status bar",
		       what);
	}
	if (solved)
		ct_solution_free(&want);
	ct_problem_free(p);
	free(excluded);
	free(locked);
}

static void test_random_keys(h_app *h)
{
	/* A common terminal size: each key redraws the screen, and 100k
	 * redraws of a big one make a slow test without finding more. */
	h_keys(h, "<resize 80x24>");
	random_keys(h, 100000);
	check_consistent(h, "after 100k random keys");
	tap_diag("the keys quit the explorer %u times (reopened each time)", quits);
}

static void test_resize_storm(h_app *h)
{
	char script[64 * 40 + 1];
	for (int round = 0; round < 50; round++) {
		size_t len = 0;
		for (int i = 0; i < 40; i++) {
			unsigned cols = below(4) == 0 ? 1 + below(3) : 1 + below(300);
			unsigned rows = below(4) == 0 ? 1 + below(3) : 1 + below(120);
			len += (size_t)sprintf(script + len, "<resize %ux%u>", cols, rows);
			if (below(3) == 0)
				len += random_key(script + len);
		}
		script[len] = '\0';
		if (h_keys(h, script)) {
			h_close(h);
			h_open(h, "10%", CT_EXACT, false);
			h_keys(h, "");
		}
	}
	check_consistent(h, "after a resize storm of 2000 sizes");
}

static void test_tiny(h_app *h)
{
	h_keys(h, "<resize 1x1>");
	is_int(COLS, 1, "1x1: one column");
	is_int(LINES, 1, "1x1: one row");
	/* Every pane, the help, the prompt and a solve at 1x1. */
	h_keys(h, "j<Down>G2?<Esc>3w1z:target 20%<Enter>+-s<Tab>:<Esc>L");
	random_keys(h, 5000);
	h_keys(h, "<resize 1x1>");
	is_int(COLS * LINES, 1, "still 1x1 after 5000 random keys there");
	h_keys(h, "<resize 2x1><resize 1x2><resize 59x15><resize 60x16>");
	h_lacks("terminal too small", "back at the minimum size the explorer shows again");
	check_consistent(h, "after the 1x1 terminal");
}

int main(void)
{
	const char *seed = getenv("CAMTUNE_STRESS_SEED");
	rng_state = seed && *seed ? strtoull(seed, NULL, 0) : 0x5eed2026ull;
	if (!rng_state)
		rng_state = 1;
	tap_diag("seed %#llx (CAMTUNE_STRESS_SEED replays a run)", (unsigned long long)rng_state);

	if (!setlocale(LC_ALL, "C.UTF-8"))
		setlocale(LC_ALL, "");
	setlocale(LC_NUMERIC, "C");
	setenv("INPUTRC", "/dev/null", 1);
	unsetenv("NO_COLOR");
	strcpy(h_dir, "/tmp/camtune-stress-XXXXXX");
	if (!mkdtemp(h_dir) || chdir(h_dir) != 0) {
		printf("Bail out! cannot make a private directory\n");
		return 1;
	}
	if (!pty_open(120, 40)) {
		printf("1..0 # SKIP no pseudo-terminal or terminfo entry here\n");
		rmdir(h_dir);
		return 0;
	}

	h_app h;
	h_open(&h, "10%", CT_EXACT, false);
	h_keys(&h, "");
	check_consistent(&h, "at the start");
	double t0 = tui_now();
	test_random_keys(&h);
	double t1 = tui_now();
	test_resize_storm(&h);
	double t2 = tui_now();
	test_tiny(&h);
	tap_diag("seconds: random keys %.1f, resize storm %.1f, 1x1 %.1f (information only)",
	         t1 - t0, t2 - t1, tui_now() - t2);
	h_close(&h);
	pty_close();

	if (chdir("/") != 0)
		tap_diag("cannot leave %s", h_dir);
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", h_dir);
	if (system(cmd) != 0)
		tap_diag("could not remove %s", h_dir);
	return tap_done();
}
