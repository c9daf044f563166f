/* test_tui_prompt.c -- the readline prompt, headless: editing, cancel,
 * history (kept across sessions, in $XDG_STATE_HOME/camtune/history) and
 * Tab completion of commands, cameras, strategies and columns. */
#include "config.h"

#include <sys/stat.h>

#include "harness.h"

static const char *prompt_row(void)
{
	return h_row(LINES - 1);
}

static bool file_has_line(const char *path, const char *line)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return false;
	char buf[512];
	bool found = false;
	while (fgets(buf, sizeof buf, f)) {
		buf[strcspn(buf, "\n")] = '\0';
		if (strcmp(buf, line) == 0)
			found = true;
	}
	fclose(f);
	return found;
}

/* A script that ends with the prompt open leaves it on the screen, so a
 * test can read the line being typed; the next script starts afresh. */
static void test_editing(h_app *h)
{
	h_keys(h, ":target 15");
	is_str(prompt_row(), ":target 15", "the prompt shows what is typed");
	h_keys(h, ":target 15%<Enter>");
	h_has("(15%)", "Enter runs the command");
	h_keys(h, ":targte<BS><BS>et 1%<Left><Left>7<Enter>");
	h_has("(71%)", "Backspace and Left edit the line");
	h_keys(h, ":target 1<resize 100x30>");
	is_str(prompt_row(), ":target 1", "a resize keeps the line being typed");
	ok(strstr(h_row(LINES - 2), "FP saved") != NULL, "and redraws the screen around it");
	h_keys(h, "<resize 120x40>");
	h_keys(h, ":target 99%<Esc>");
	h_has("(71%)", "Esc cancels");
	h_has("cancelled", "and says so");
	h_keys(h, ":target 98%<C-c>");
	h_has("(71%)", "Ctrl-C cancels too");
	h_keys(h, ":frobnicate<Enter>");
	h_has("unknown command 'frobnicate'", "an unknown command is named");
	h_keys(h, ":undo now<Enter>");
	h_has("undo takes no argument", "an argument where none is taken is refused");
	h_keys(h, ":q<Enter>");
	h_has("Changes not exported", ":q is quit, and asks first");
	h_keys(h, "n");
}

static void test_history(h_app *h)
{
	h_keys(h, ":target 12%<Enter>");
	h_keys(h, ":<Up>");
	is_str(prompt_row(), ":target 12%", "Up recalls the last command");
	h_keys(h, ":<Up><Up>");
	is_str(prompt_row(), ":q", "Up again: the one before");
	h_keys(h, ":<Up><Up><Down>");
	is_str(prompt_row(), ":target 12%", "Down comes back");
	h_keys(h, ":<Up><Enter>");
	h_has("target 12%", "a recalled command runs");
	ok(file_has_line(h->history, "target 12%"), "the history file holds the command");
	ok(!file_has_line(h->history, "target 99%"), "a cancelled line is not in the history");
}

static void test_history_across_sessions(void)
{
	h_app h2;
	h_open(&h2, "10%", CT_EXACT, false);
	h_keys(&h2, ":<Up>");
	is_str(prompt_row(), ":sort saved", "a new session recalls the previous one's last command");
	h_keys(&h2, "<Esc>");
	h_close(&h2);
}

static void test_xdg_state_home(void)
{
	char state[128], path[200];
	snprintf(state, sizeof state, "%s/state", h_dir);
	snprintf(path, sizeof path, "%s/camtune/history", state);
	setenv("XDG_STATE_HOME", state, 1);
	ct_dataset *ds = h_dataset();
	ct_options *opts = ct_options_build(ds);
	tui_config cfg = {.ds = ds, .opts = opts, .source = "five.csv", .target_text = "10%"};
	tui_app *a = tui_app_new(&cfg);
	tui_app_run_script(a, ":target 20%<Enter>");
	ok(file_has_line(path, "target 20%"), "history goes to $XDG_STATE_HOME/camtune/history");
	tui_prompt_done(a);
	tui_app_free(a);
	ct_options_free(opts);
	ct_dataset_free(ds);
	unsetenv("XDG_STATE_HOME");
}

static void test_completion(h_app *h)
{
	h_keys(h, ":strategy-n<Tab>");
	is_str(prompt_row(), ":strategy-next", "Tab completes a command name");
	h_keys(h, ":str<Tab>");
	is_str(prompt_row(), ":strategy", "Tab completes the common prefix");
	h_has("2 matches:  strategy  strategy-next", "and lists the matches in the status bar");
	h_keys(h, ":strategy h<Tab>");
	is_str(prompt_row(), ":strategy hull", "Tab completes a strategy");
	h_keys(h, ":goto we<Tab>");
	is_str(prompt_row(), ":goto west:3", "Tab completes a camera name");
	h_keys(h, ":lock north<Tab>");
	is_str(prompt_row(), ":lock north:", "cameras of one store: the common prefix");
	h_has("north:1  north:2", "and the list of them");
	h_keys(h, ":lock north<Tab>2<Enter>");
	char cells[16][32];
	int n = h_cells("north:2", cells);
	is_str(n ? cells[n - 1] : "", "L", ":lock north:2 locks the named camera");
	is_str(h_selected(), "north:2", "and selects it");
	h_keys(h, ":sort sa<Tab>");
	is_str(prompt_row(), ":sort saved", "Tab completes a column");
	h_keys(h, ":sort sa<Tab><Enter>");
	h_has("sorted by saved", "and the command runs");
}

int main(void)
{
	h_screen_open(120, 40);
	h_app h;
	h_open(&h, "10%", CT_EXACT, false);
	h_keys(&h, "");
	test_editing(&h);
	test_history(&h);
	test_completion(&h);
	h_close(&h);
	test_history_across_sessions();
	test_xdg_state_home();
	h_screen_close();
	return tap_done();
}
