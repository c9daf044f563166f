/* test_tui_screen.c -- the screen, headless: resize, the "too small"
 * screen, help generated from the action table, the panes, braille and
 * ASCII plots, NO_COLOR, and the action table's own consistency. */
#include "config.h"

#include "harness.h"

static bool has_braille(int y)
{
	const char *r = h_row(y);
	/* U+2800..U+28FF is E2 A0..A3 xx in UTF-8 */
	for (const unsigned char *p = (const unsigned char *)r; p[0] && p[1]; p++)
		if (p[0] == 0xE2 && p[1] >= 0xA0 && p[1] <= 0xA3)
			return true;
	return false;
}

static int rows_with_braille(void)
{
	int n = 0;
	for (int y = 0; y < LINES; y++)
		n += has_braille(y);
	return n;
}

static void test_resize(h_app *h)
{
	h_keys(h, "<resize 100x30>");
	is_int(COLS, 100, "resized to 100 columns");
	is_int(LINES, 30, "and 30 rows");
	ok(strstr(h_row(28), "FP saved") != NULL, "the status bar moved to row 28");
	ok(strncmp(h_row(0), " five.csv", 9) == 0, "the top status line stays on row 0");
	h_keys(h, "<resize 50x12>");
	h_has("terminal too small: 50x12", "below the minimum: the too-small screen");
	h_has("need at least 60x16", "with the minimum size");
	h_lacks("FP saved", "and nothing else");
	h_keys(h, "j");
	h_has("terminal too small", "keys keep working and the screen stays");
	h_keys(h, "<resize 60x16>");
	h_lacks("terminal too small", "at exactly the minimum the explorer shows");
	h_has("FP saved", "the status bar is back");
	is_str(h_selected(), "north:1", "the key typed while too small was not lost");
	h_keys(h, "<resize 60x16>");
	/* narrow: the least useful columns go first */
	/* the column itself: its title in the list's header (the curve's
	 * title says "threshold" too), and the selected camera's value under it */
	const char *head = h_row(1);
	const char *at = strstr(head, "threshold");
	ok(at != NULL && strstr(head, "FP saved") > at, "60 columns: the threshold column's title in the header");
	{
		/* every row has a threshold cell ending under the title's end, and
		 * those with a number show one of the solution's thresholds */
		size_t end = at ? (size_t)(at - head) + strlen("threshold") : 0;
		int rows = 0, cells = 0, numbers = 0;
		for (int y = 2; y < LINES && at; y++) {
			char row[512];
			snprintf(row, sizeof row, "%s", h_row(y));
			if (strlen(row) < end || row[0] == ' ')
				break; /* the pane under the list */
			rows++;
			size_t b0 = end;
			while (b0 > 0 && row[b0 - 1] != ' ')
				b0--;
			char cell[32];
			snprintf(cell, sizeof cell, "%.*s", (int)(end - b0), row + b0);
			bool number = false;
			for (size_t i = 0; i < h->ds->n_cameras; i++) {
				char t[32];
				snprintf(t, sizeof t, "%.6f", h->app->sol.setting[i].threshold);
				number |= strcmp(cell, t) == 0;
			}
			cells += number || strcmp(cell, "baseline") == 0 || strcmp(cell, "muted") == 0;
			numbers += number;
		}
		ok(rows > 2 && cells == rows && numbers > 0,
		   "60 columns: each of %d rows has its threshold under the title (%d, %d numbers)", rows,
		   cells, numbers);
	}
	h_lacks("AUC", "60 columns: AUC dropped");
	h_keys(h, "<resize 200x50>");
	h_has("AUC", "200 columns: every column");
	h_has("  prec", "precision shown");
	int y = h_find(" curve ");
	ok(y >= 0 && y < 3, "200 columns: the curve pane sits beside the list (row %d)", y);
	h_keys(h, "k<resize 120x40>");
}

static void test_help(h_app *h)
{
	h_keys(h, "?");
	h_has("keys and commands", "? opens the help");
	h_has("Navigation", "grouped");
	h_keys(h, "<resize 200x150>");
	int missing = 0;
	for (int a = 0; a < TUI_N_ACTIONS; a++) {
		char cmd[64];
		snprintf(cmd, sizeof cmd, ":%s", tui_actions[a].name);
		if (h_find(cmd) < 0) {
			tap_diag("help lacks %s", cmd);
			missing++;
		}
	}
	is_int(missing, 0, "the help lists every command of the action table");
	h_keys(h, "<resize 120x40>G");
	h_has(":quit!", "G scrolls the help to its end");
	int r = h_keys(h, "q");
	is_int(r, 0, "q closes the help, it does not quit");
	h_lacks("keys and commands", "help closed");
	h_keys(h, "?<Esc>");
	h_lacks("keys and commands", "Esc closes it too");
}

/* Enter: the camera full screen, its options as the core gives them
 * (ct_options); 6: one row per store, summed by hand. */
static void test_drill_down(h_app *h)
{
	h_keys(h, ":goto north:1<Enter><Enter>");
	h_has("  opt   threshold   TP kept   FP kept", "Enter opens the camera's options table");
	h_has(" curve north:1 |", "under its curve");
	int c = -1;
	for (size_t i = 0; i < h->ds->n_cameras; i++)
		if (strcmp(h->ds->cameras[i].store, "north") == 0 &&
		    strcmp(h->ds->cameras[i].camera_id, "1") == 0)
			c = (int)i;
	const ct_camera *cam = &h->ds->cameras[c];
	const ct_option *o = h->opts->v + h->opts->offset[c];
	size_t n = h->opts->offset[c + 1] - h->opts->offset[c];
	for (size_t k = 0; k < n; k++) {
		char thr[32], want[160];
		if (o[k].muted)
			snprintf(thr, sizeof thr, "muted");
		else
			snprintf(thr, sizeof thr, "%.6g", o[k].threshold);
		snprintf(want, sizeof want, "%3zu %11s %9u %9u", k, thr, cam->n_tp - o[k].tp_lost,
		         cam->n_fp - o[k].fp_saved);
		h_has(want, "option %zu: threshold %s, TP kept and FP kept as ct_options", k, thr);
	}
	/* Enter on the second option locks the camera there */
	h_keys(h, "g<Down><Enter>");
	ok(h->app->st.mark[c] == TUI_LOCKED && h->app->st.thr[c] == o[1].threshold,
	   "Enter on option 1 locks north:1 at %.6g", o[1].threshold);
	char said[64];
	snprintf(said, sizeof said, "north:1 locked at %.6g", o[1].threshold);
	h_has(said, "and says so");
	h_keys(h, "u<Esc>");
	h_lacks("  opt   threshold", "Esc: back to the list");
	/* stores: north has north:1 (TP 3, FP 10) and north:2 (TP 1, FP 20) */
	h_keys(h, "6");
	h_has(" store ", "6: one row per store");
	int y = h_find(" north ");
	ok(y >= 0 && strstr(h_row(y), "      2        34       4        30"),
	   "north: 2 cameras, 34 alerts, TP 4, FP 30 (%s)", y >= 0 ? h_row(y) : "no row");
	h_keys(h, "G"); /* by FP, most first: east (FP 3) last */
	y = h_find(" east ");
	h_keys(h, "<Enter>");
	h_has("filter 'east:'", "Enter: the store's cameras in the list");
	h_keys(h, ":filter<Enter>");
	(void)y;
}

static void test_panes(h_app *h)
{
	h_keys(h, "g");
	if (tui_locale_is_utf8())
		ok(rows_with_braille() > 5, "the curve is drawn in braille");
	else
		tap_skip("no UTF-8 locale: the explorer falls back to ASCII");
	h_has(" curve north:2 |", "the curve pane names the camera");
	h_has("21 alerts: TP 1~, FP 20", "with its counts, the theft count marked as few");
	h_has("threshold 0.95", "and writes the threshold");
	/* north:1 has 3 thefts: ">= 90 %" keeps all 3, ">= 50 %" keeps 2 */
	h_keys(h, ":goto north:1<Enter>");
	h_has(tui_locale_is_utf8() ? "recall 100% (\u2265 90%)" : "recall 100% (>= 90%)",
	      "the recall 90 %% line gives the recall reached: 3 of 3");
	h_has(tui_locale_is_utf8() ? "recall 67% (\u2265 50%)" : "recall 67% (>= 50%)",
	      "the recall 50 %% line too: 2 of 3");
	h_keys(h, ":goto south:7<Enter>");
	h_has("no thefts: recall undefined", "a camera without thefts says recall is undefined");
	h_has("x: threshold", "and plots against the threshold");
	h_keys(h, "z");
	h_has("FP kept (log)", "z: log scale");
	h_keys(h, "z2");
	h_has(" frontier |", "2: the frontier pane");
	/* the pane's own legend, not the status line's strategy */
	int legend = h_find(" frontier |");
	ok(legend >= 0 && strstr(h_row(legend), "exact") && strstr(h_row(legend), "hull") &&
	       strstr(h_row(legend), "uniform"),
	   "its legend names exact, hull and uniform (%s)", legend >= 0 ? h_row(legend) : "no legend");
	h_keys(h, "3");
	h_has(" data quality", "3: the data-quality pane");
	/* free FP by hand: north:1 5, north:2 20, south:7 5 (no thefts),
	 * west:3 3, east:12 3 */
	h_has("1 camera with no theft in the history: 5 FP; 36 FP in all cost no theft in the history",
	      "it counts the free FP, not only the theft-free cameras', as history");
	h_keys(h, "<Tab>");
	h_has(" curve ", "Tab cycles back to the curve");
	h_keys(h, "2");
	h_has(" frontier |", "2 shows the frontier");
	h_keys(h, "2");
	h_has(" curve ", "2 again toggles back to the curve");
}

static void test_ascii(void)
{
	h_app a;
	h_open(&a, "10%", CT_EXACT, true);
	h_keys(&a, "");
	is_int(rows_with_braille(), 0, "--ascii: no braille");
	h_has("B baseline", "ASCII legend");
	int stars = 0;
	for (int y = 0; y < LINES; y++)
		stars += strchr(h_row(y), '*') != NULL;
	ok(stars > 3, "ASCII plot drawn with '*' (%d rows)", stars);
	h_keys(&a, "2");
	h_has("* exact", "ASCII frontier legend");
	h_close(&a);
}

static void test_no_color(void)
{
	h_app a;
	h_open(&a, "10%", CT_EXACT, false);
	h_keys(&a, "");
	ok(a.app->color == (has_colors() == TRUE), "colours used when the terminal has them");
	h_close(&a);
	setenv("NO_COLOR", "1", 1);
	h_open(&a, "10%", CT_EXACT, false);
	h_keys(&a, "");
	ok(!a.app->color, "NO_COLOR=1: monochrome");
	is_int(tui_attr(TUI_ROLE_SELECTED), A_REVERSE, "selection is reverse video without colour");
	h_has("FP saved", "and the screen is complete");
	h_close(&a);
	setenv("NO_COLOR", "", 1);
	h_open(&a, "10%", CT_EXACT, false);
	h_keys(&a, "");
	ok(a.app->color == (has_colors() == TRUE), "an empty NO_COLOR is ignored");
	h_close(&a);
	unsetenv("NO_COLOR");
}

/* Every key of the table maps back to its action: no key is bound twice. */
static void test_action_table(void)
{
	int bad = 0, keys = 0;
	for (int a = 0; a < TUI_N_ACTIONS; a++) {
		ok(tui_action_find(tui_actions[a].name) == a, "command '%s' names its action",
		   tui_actions[a].name);
		const char *p = tui_actions[a].keys;
		char tok[16];
		int n;
		while (sscanf(p, "%15s%n", tok, &n) == 1) {
			p += n;
			keys++;
			int key = -1;
			static const struct {
				const char *name;
				int key;
			} named[] = {
				{"Up", KEY_UP}, {"Down", KEY_DOWN}, {"Left", KEY_LEFT}, {"Right", KEY_RIGHT},
				{"PgUp", KEY_PPAGE}, {"PgDn", KEY_NPAGE}, {"Home", KEY_HOME}, {"End", KEY_END},
				{"Enter", '\n'}, {"Esc", 27}, {"Tab", '\t'}, {"Space", ' '},
				{"F1", KEY_F(1)},
			};
			if (strlen(tok) == 1)
				key = (unsigned char)tok[0];
			else if (strlen(tok) == 3 && tok[0] == 'C' && tok[1] == '-')
				key = tok[2] & 0x1f;
			for (size_t i = 0; i < sizeof named / sizeof named[0]; i++)
				if (strcmp(tok, named[i].name) == 0)
					key = named[i].key;
			if (key < 0 || tui_action_for_key(key) != a) {
				tap_diag("key %s of %s maps to %d", tok, tui_actions[a].name,
				         key < 0 ? -1 : tui_action_for_key(key));
				bad++;
			}
		}
	}
	is_int(bad, 0, "all %d default keys map back to their action", keys);
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	tui_list_actions(f);
	fclose(f);
	int lines = 0;
	for (size_t i = 0; i < len; i++)
		lines += buf[i] == '\n';
	is_int(lines, TUI_N_ACTIONS, "--list-actions prints one line per action");
	ok(strstr(buf, "target\tt\tT\t") != NULL, "a line is name TAB keys TAB argument TAB help");
	free(buf);
}

int main(void)
{
	h_screen_open(120, 40);
	h_app h;
	h_open(&h, "10%", CT_EXACT, false);
	h_keys(&h, "");
	test_resize(&h);
	test_help(&h);
	test_panes(&h);
	test_drill_down(&h);
	h_close(&h);
	test_ascii();
	test_no_color();
	test_action_table();
	h_screen_close();
	return tap_done();
}
