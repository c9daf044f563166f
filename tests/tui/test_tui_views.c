/* test_tui_views.c -- the view stack, headless: the cursor of the camera
 * and store views and what Enter does there, every key pressed over help,
 * the fleet summary and the backtest (the list's state stays as it was),
 * opening one full-screen view closes another, q and Esc close the view
 * on top, C-g cancels the prompt, stepping never mutes.  Expected values
 * come from the core (ct_options), not from the explorer. */
#include "config.h"

#include "harness.h"
#include "tui/input.h"
#include "tui/view.h"

static int camera_index(h_app *h, const char *name)
{
	for (size_t i = 0; i < h->ds->n_cameras; i++)
		if (strcmp(h->app->names[i], name) == 0)
			return (int)i;
	return -1;
}

/* The option row of camera c's setting in the explorer's solution. */
static size_t setting_row(h_app *h, int c)
{
	const ct_option *o = h->opts->v + h->opts->offset[c];
	size_t n = h->opts->offset[c + 1] - h->opts->offset[c];
	for (size_t k = 0; k < n; k++)
		if (o[k].tp_lost == h->app->sol.setting[c].tp_lost &&
		    o[k].fp_saved == h->app->sol.setting[c].fp_saved)
			return k;
	return 0;
}

/* Whether the cell at (y, x) is drawn in the cursor's role. */
static bool highlighted(int y, int x)
{
	chtype mask = A_REVERSE | A_COLOR;
	return y >= 0 && ((chtype)mvinch(y, x) & mask) == ((chtype)tui_attr(TUI_ROLE_SELECTED) & mask);
}

/* Back to the list alone, the message line cleared. */
static void to_list(h_app *h)
{
	while (tui_view_top(h->app)->parent)
		h_keys(h, "q");
	h_keys(h, "<Esc><Esc>");
}

/* `j Enter jjj Enter`: the camera view's cursor moves, and Enter locks
 * the camera at the option under it. */
static void test_camera_cursor(h_app *h)
{
	h_keys(h, "gj");
	char name[64];
	snprintf(name, sizeof name, "%s", h_selected());
	int c = camera_index(h, name);
	ok(c >= 0, "j selects the second row (%s)", name);
	const ct_option *o = h->opts->v + h->opts->offset[c];
	size_t n = h->opts->offset[c + 1] - h->opts->offset[c];
	size_t start = setting_row(h, c);
	h_keys(h, "<Enter>");
	ok(tui_view_top(h->app)->parent != NULL, "Enter opens the camera view");
	h_has("  opt   threshold", "its options table is shown");
	/* the cursor row is drawn highlighted */
	h_keys(h, "jjj");
	size_t want = start + 3 < n ? start + 3 : n - 1;
	if (o[want].muted) /* Enter there would mute: one row up */
		h_keys(h, "k"), want--;
	int y = -1;
	char row[16];
	snprintf(row, sizeof row, "%4zu ", want);
	for (int r = 0; r < LINES && y < 0; r++)
		if (strncmp(h_row(r) + 1, row, strlen(row)) == 0)
			y = r;
	ok(highlighted(y, 3), "the cursor row (option %zu, from %zu) is highlighted", want, start);
	ok(y > 0 && !highlighted(y - 1, 3) && !highlighted(y + 1, 3), "and only that row");
	h_keys(h, "<Enter>");
	ok(h->app->st.mark[c] == TUI_LOCKED && h->app->st.thr[c] == o[want].threshold,
	   "Enter locks %s at the option under the cursor (%zu: %.6g), not the first", name, want,
	   o[want].threshold);
	char said[96];
	snprintf(said, sizeof said, "%s locked at %.6g", name, o[want].threshold);
	h_has(said, "and says what it changed");
	/* the keys that edit one camera act on the camera shown */
	h_keys(h, "L");
	ok(h->app->st.mark[c] == TUI_FREE, "L in the camera view frees %s", name);
	/* Right steps up to the last threshold, then stops: never a mute */
	h_keys(h, "20<Right>");
	size_t last = n - 1;
	while (o[last].muted && last > 0)
		last--;
	ok(h->app->st.mark[c] == TUI_LOCKED && h->app->st.thr[c] == o[last].threshold,
	   "20<Right> stops at the last threshold (%.6g), not muted", o[last].threshold);
	h_keys(h, "<Right>");
	ok(h->app->st.mark[c] == TUI_LOCKED, "one more Right: still locked, not muted");
	h_has("already at its last option (m mutes it)", "and says how to mute");
	h_keys(h, "m");
	ok(h->app->st.mark[c] == TUI_MUTED, "m mutes it");
	h_keys(h, ":threshold 7.5<Enter>");
	ok(h->app->st.mark[c] == TUI_MUTED, ":threshold above every score changes nothing");
	h_has("to mute it, press m or type :mute", "and points to :mute");
	h_keys(h, "F");
	ok(h->app->st.mark[c] == TUI_FREE, "F frees it again");
	h_keys(h, "q");
	ok(tui_view_top(h->app)->parent == NULL, "q closes the camera view: the list");
	is_str(h_selected(), name, "with the same camera selected");
	to_list(h);
}

/* The store view: a cursor over the stores; Enter filters the list to the
 * store under it, Esc in the list clears the filter. */
static void test_store_cursor(h_app *h)
{
	/* the stores by FP, most first (the view's first order): the third */
	const char *names[8];
	uint64_t fp[8];
	int k = 0;
	for (size_t i = 0; i < h->ds->n_cameras; i++) {
		if (i == 0 || strcmp(h->ds->cameras[i].store, h->ds->cameras[i - 1].store) != 0) {
			names[k] = h->ds->cameras[i].store;
			fp[k++] = 0;
		}
		fp[k - 1] += h->ds->cameras[i].n_fp;
	}
	for (int x = 0; x < k; x++) /* a selection sort of four stores */
		for (int y = x + 1; y < k; y++)
			if (fp[y] > fp[x]) {
				uint64_t t = fp[x];
				const char *n = names[x];
				fp[x] = fp[y], names[x] = names[y];
				fp[y] = t, names[y] = n;
			}
	const char *third = names[2];
	h_keys(h, "6");
	int y0 = h_find(" store ");
	ok(y0 >= 0 && strncmp(h_row(y0 + 1), " ", 1) == 0 && strstr(h_row(y0 + 1), names[0]) != NULL,
	   "6: the store with most FP first (%s)", names[0]);
	h_keys(h, "<Esc>");
	/* a digit typed alone is its own key once the script ends (in a
	 * terminal, after 0.4 s); followed by j it would be a count */
	h_keys(h, "6");
	h_keys(h, "jj");
	int y = h_find(" store ");
	ok(y >= 0 && highlighted(y + 3, 2) && !highlighted(y + 1, 2),
	   "6 jj: the third store's row is highlighted");
	h_keys(h, "<Enter>");
	ok(tui_view_top(h->app)->parent == NULL, "Enter goes back to the list");
	char want[64];
	snprintf(want, sizeof want, "filter '%s:'", third);
	h_has(want, "filtered to the store under the cursor (%s), not the first", third);
	tui_request rq = {.kind = TUI_REQ_SHOWN};
	tui_view_request(h->app, &rq);
	size_t n_store = 0;
	for (size_t i = 0; i < h->ds->n_cameras; i++)
		n_store += strcmp(h->ds->cameras[i].store, third) == 0;
	is_int((long long)rq.n_rows, (long long)n_store, "the list shows that store's %zu cameras", n_store);
	h_keys(h, "<Esc>");
	rq.kind = TUI_REQ_SHOWN;
	tui_view_request(h->app, &rq);
	ok(rq.text == NULL && rq.n_rows == h->ds->n_cameras, "Esc clears the filter: every camera");
	/* sorted by name, then a search: Enter on the store found */
	h_keys(h, "6");
	h_keys(h, ":sort store<Enter>");
	y0 = h_find(" store");
	ok(y0 >= 0 && strstr(h_row(y0 + 1), " east ") != NULL, ":sort store in the store view: east first");
	h_keys(h, "/we<Enter><Enter>");
	h_has("filter 'west:'", "/we finds west, Enter filters the list to it");
	to_list(h);
}

/* What the list has: its rows in order, the cursor, the filter, the
 * marks and thresholds, the target and strategy. */
typedef struct list_state {
	uint32_t rows[16];
	size_t n, pos;
	char filter[64];
	uint8_t mark[16];
	double thr[16];
	double target;
	ct_strategy strategy;
} list_state;

static void list_state_take(h_app *h, list_state *s)
{
	memset(s, 0, sizeof *s);
	tui_request rq = {.kind = TUI_REQ_SHOWN};
	tui_view_request(h->app, &rq);
	s->n = rq.n_rows < 16 ? rq.n_rows : 16;
	memcpy(s->rows, rq.rows, s->n * sizeof *s->rows);
	s->pos = rq.pos;
	snprintf(s->filter, sizeof s->filter, "%s", rq.text ? rq.text : "");
	for (size_t i = 0; i < h->ds->n_cameras && i < 16; i++) {
		s->mark[i] = h->app->st.mark[i];
		s->thr[i] = isnan(h->app->st.thr[i]) ? -1 : h->app->st.thr[i];
	}
	s->target = h->app->st.target;
	s->strategy = h->app->st.strategy;
}

static bool list_state_same(const list_state *x, const list_state *y)
{
	return memcmp(x, y, sizeof *x) == 0;
}

/* Every key of the action table pressed over help, the fleet summary and
 * the backtest, each from a fresh open of the view: the list's state is
 * the same after it. */
static void test_keys_over_views(h_app *h)
{
	static const struct {
		const char *key, *name;
	} views[] = {{"?", "help"}, {"4", "fleet"}, {"5", "backtest"}};
	/* a state that undo, free or reset would change if they got through */
	h_keys(h, "g:sort store<Enter>jL");
	ok(tui_app_n_manual(h->app) == 1, "one camera locked before the views open");
	for (size_t v = 0; v < sizeof views / sizeof views[0]; v++) {
		int bad = 0, keys = 0;
		for (int a = 0; a < TUI_N_ACTIONS; a++) {
			if (a == TUI_ACT_QUIT_NOW)
				continue; /* quits the app: nothing is left to compare */
			const char *p = tui_actions[a].keys;
			while (*p) {
				while (*p == ' ')
					p++;
				size_t len = strcspn(p, " ");
				if (!len)
					break;
				int key = tui_key_parse(p, len);
				p += len;
				if (key < 0)
					continue;
				char script[32];
				const char *kn = tui_key_name(key);
				if (key == '<')
					snprintf(script, sizeof script, "<lt>");
				else if (strlen(kn) > 1)
					snprintf(script, sizeof script, "<%s>", kn);
				else
					snprintf(script, sizeof script, "%s", kn);
				list_state before, after;
				h_keys(h, views[v].key);
				list_state_take(h, &before);
				h_keys(h, script);
				/* a prompt the key opened is cancelled; digits flushed */
				h_keys(h, "<C-g>");
				list_state_take(h, &after);
				keys++;
				if (!list_state_same(&before, &after)) {
					bad++;
					tap_diag("%s over %s changed the list's state", script, views[v].name);
				}
				to_list(h);
			}
		}
		is_int(bad, 0, "%d keys pressed over %s: the list's state unchanged", keys, views[v].name);
	}
	/* the edit keys say they did nothing there */
	h_keys(h, "?L");
	h_has("no camera in focus in the help view", "L over help says it does nothing there");
	to_list(h);
	h_keys(h, "5");
	h_keys(h, "<Right>");
	h_has("no camera in focus in the backtest view", "Right over the backtest says so too");
	to_list(h);
	/* export works from any view */
	h_keys(h, "4");
	h_keys(h, ":export views.json<Enter>");
	h_has("exported 5 thresholds to views.json", "export from the fleet view");
	ok(tui_view_top(h->app)->parent != NULL, "and the fleet view stays");
	to_list(h);
	h_keys(h, "u");
	ok(tui_app_n_manual(h->app) == 0, "back in the list, u undoes the lock");
}

/* Opening a full-screen view closes the other; help opens over any view
 * and goes back there; C-g cancels the prompt. */
static void test_switches(h_app *h)
{
	h_keys(h, "6");
	h_has(" store ", "6: the store view");
	h_keys(h, "4");
	h_keys(h, "");
	h_has("fleet summary", "4 over the store view: the fleet summary");
	h_keys(h, "q");
	ok(tui_view_top(h->app)->parent == NULL, "q: back to the list, the store view was closed");
	h_lacks(" store    cameras", "the store view is gone");
	h_keys(h, "<Enter>?");
	h_has("keys and commands", "? over the camera view: help");
	h_keys(h, "<Esc>");
	h_has("  opt   threshold", "Esc closes help: back to the camera view");
	to_list(h);
	h_keys(h, "<F1>");
	h_has("keys and commands", "F1 opens help");
	to_list(h);
	/* C-g cancels the prompt: nothing typed runs */
	double t = h->app->st.target;
	h_keys(h, ":target 50%<C-g>");
	ok(!h->app->prompt_open, "C-g closes the prompt");
	ok(h->app->st.target == t, "and the line typed is not run (target still %g)", t);
	h_has("cancelled", "the message says so");
	/* Space pages, it never locks */
	h_keys(h, "g<Space>");
	ok(tui_app_n_manual(h->app) == 0, "Space in the list locks nothing");
	tui_request rq = {.kind = TUI_REQ_SHOWN};
	tui_view_request(h->app, &rq);
	ok(rq.pos > 0, "Space pages down the list (row %zu)", rq.pos + 1);
	to_list(h);
}

int main(void)
{
	h_screen_open(120, 40);
	if (chdir(h_dir) != 0) /* the export lands there */
		return 1;
	h_app h;
	h_open(&h, "10%", CT_EXACT, false);
	h_keys(&h, "");
	test_camera_cursor(&h);
	test_store_cursor(&h);
	test_keys_over_views(&h);
	test_switches(&h);
	h_close(&h);
	h_screen_close();
	return tap_done();
}
