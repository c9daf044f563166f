/* test_tui_list.c -- the camera list, headless: default order, navigation,
 * sorting, filter and search. */
#include "config.h"

#include "harness.h"

/* Store:camera of the list rows in screen order. */
static int list_order(char names[][32], int max)
{
	int header = -1;
	for (int y = 0; y < LINES && header < 0; y++)
		if (strncmp(h_row(y), "store", 5) == 0)
			header = y;
	int n = 0;
	for (int y = header + 1; y >= 1 && y < LINES && n < max; y++) {
		char row[512];
		snprintf(row, sizeof row, "%s", h_row(y));
		char *store = strtok(row, " "), *cam = strtok(NULL, " ");
		if (!store || !cam || strcmp(store, "curve") == 0 || strstr(store, "frontier"))
			break;
		snprintf(names[n++], 32, "%s:%s", store, cam);
	}
	return n;
}

static void test_default_order(h_app *h)
{
	char names[8][32];
	int n = list_order(names, 8);
	is_int(n, 5, "five cameras listed");
	/* baseline FP descending: 20, 10, 7, 5, 3 */
	static const char *const want[] = {"north:2", "north:1", "west:3", "south:7", "east:12"};
	for (int i = 0; i < 5 && i < n; i++)
		is_str(names[i], want[i], "row %d by baseline FP", i + 1);
	is_str(h_selected(), "north:2", "the first row is selected");
	h_has(tui_locale_is_utf8() ? "FP\u25bc" : "FPv", "the FP column shows the sort order");
}

static void test_navigation(h_app *h)
{
	h_keys(h, "j");
	is_str(h_selected(), "north:1", "j selects the next row");
	h_has(" 2/5", "the status bar says where the selection is");
	h_keys(h, "<Down><Down>");
	is_str(h_selected(), "south:7", "Down twice");
	h_keys(h, "k");
	is_str(h_selected(), "west:3", "k goes back");
	h_keys(h, "G");
	is_str(h_selected(), "east:12", "G: last row");
	h_keys(h, "j");
	is_str(h_selected(), "east:12", "j on the last row stays");
	h_keys(h, "g");
	is_str(h_selected(), "north:2", "g: first row");
	h_keys(h, "<End>");
	is_str(h_selected(), "east:12", "End");
	h_keys(h, "<Home>");
	is_str(h_selected(), "north:2", "Home");
	h_keys(h, "<PgDn>");
	is_str(h_selected(), "east:12", "PgDn past the end stops on the last row");
	h_keys(h, "<PgUp>");
	is_str(h_selected(), "north:2", "PgUp");
}

static void test_sorting(h_app *h)
{
	char names[8][32];
	h_keys(h, ":sort store<Enter>");
	list_order(names, 8);
	is_str(names[0], "east:12", "sort store: east first");
	is_str(names[4], "west:3", "sort store: west last");
	h_has(tui_locale_is_utf8() ? "store\u25b2" : "store^", "header marks store, ascending");
	h_has("sorted by store", "message says so");
	/* the selection follows its camera, not its row */
	is_str(h_selected(), "north:2", "selection kept across sorting");
	h_keys(h, "I");
	list_order(names, 8);
	is_str(names[0], "west:3", "I reverses: west first");
	h_keys(h, ":sort tp<Enter>");
	list_order(names, 8);
	is_str(names[0], "north:1", "sort tp: most thefts first (3)");
	is_str(names[1], "west:3", "then 2");
	is_str(names[4], "south:7", "no theft last");
	is_str(names[2], "east:12", "ties (TP 1) keep the dataset order: east first");
	is_str(names[3], "north:2", "then north:2");
	h_keys(h, "I");
	list_order(names, 8);
	is_str(names[0], "south:7", "ascending TP: no theft first");
	is_str(names[1], "east:12", "ties still in dataset order");
	is_str(names[4], "north:1", "most thefts last");
	h_keys(h, "I");
	h_keys(h, ">");
	h_has("sorted by fp", "> moves to the next column");
	list_order(names, 8);
	is_str(names[0], "north:2", "sorted by fp again");
	h_keys(h, "<lt>");
	h_has("sorted by tp", "< moves back");
	h_keys(h, ":sort nonsense<Enter>");
	h_has("sort by one of", "an unknown column is refused");
	/* 80 columns hide prec and alerts, and keep AUC: > and < skip them */
	h_keys(h, ":sort fp<Enter><resize 80x24>");
	ok(strstr(h_row(1), "AUC") && !strstr(h_row(1), "prec") && !strstr(h_row(1), "alerts"),
	   "80 columns: AUC shown, prec and alerts hidden (%s)", h_row(1));
	h_keys(h, ":sort tp<Enter>>");
	h_has("sorted by fp", "> from TP: FP");
	h_keys(h, ">");
	h_has("sorted by auc", "> skips prec, hidden, after FP");
	h_keys(h, "<lt><lt>");
	h_has("sorted by tp", "< skips it back");
	h_keys(h, ":sort alerts<Enter>");
	h_has("sorted by alerts", "a hidden column can still be named");
	ok(strstr(h_row(1), "alerts") != NULL, "and the sorted column is then shown (%s)", h_row(1));
	/* :columns hides a column, ] scrolls to those that do not fit */
	h_keys(h, ":sort fp<Enter>:columns auc<Enter>");
	h_has("hidden columns: auc", ":columns says which are hidden");
	ok(!strstr(h_row(1), "AUC"), ":columns auc hides AUC (%s)", h_row(1));
	h_keys(h, ":columns auc<Enter>");
	ok(strstr(h_row(1), "AUC") != NULL, "and shows it again");
	h_keys(h, ":columns bogus<Enter>");
	h_has("columns: 'bogus' is not one of", "an unknown column is refused");
	h_keys(h, "]");
	ok(strstr(h_row(1), "alerts") != NULL && strstr(h_row(1), "store") != NULL &&
	       strstr(h_row(1), "camera") != NULL,
	   "]: the hidden alerts column shows, store and camera stay (%s)", h_row(1));
	h_keys(h, "[");
	ok(!strstr(h_row(1), "alerts"), "[: back (%s)", h_row(1));
	h_keys(h, "<resize 120x40>:sort fp<Enter>");
}

static void test_filter(h_app *h)
{
	char names[8][32];
	h_keys(h, ":filter north<Enter>");
	int n = list_order(names, 8);
	is_int(n, 2, "filter north: two cameras");
	h_has("filter 'north': 2 of 5 cameras", "filter message");
	h_has("| filter 'north'", "the status bar shows the filter");
	h_keys(h, "f<C-w>west<Enter>");
	n = list_order(names, 8);
	is_int(n, 1, "f opens the prompt with the filter; west: one camera");
	is_str(names[0], "west:3", "only west");
	is_str(h_selected(), "west:3", "the selection moves into the filtered list");
	h_keys(h, ":filter zzz<Enter>");
	h_has("no camera matches the filter", "empty filter result says so");
	/* 60 columns: the filter and "not exported" stay in the top line */
	h_keys(h, "<resize 60x16>:filter north<Enter>L");
	ok(strstr(h_row(0), "filter 'north'") && strstr(h_row(0), "not exported") &&
	   strstr(h_row(0), "strategy exact"),
	   "narrow: the top line keeps strategy, filter and 'not exported' (%s)", h_row(0));
	h_has(tui_locale_is_utf8() ? "n\u2026h " : "n~h ",
	      "a store name cut to its column keeps both ends, an ellipsis between");
	h_keys(h, "u<resize 120x40>");
	h_keys(h, ":filter<Enter>");
	n = list_order(names, 8);
	is_int(n, 5, "an empty filter shows all again");
}

static void test_search(h_app *h)
{
	h_keys(h, "g/south<Enter>");
	is_str(h_selected(), "south:7", "/south selects south:7");
	h_keys(h, "/north<Enter>");
	is_str(h_selected(), "north:2", "/north wraps to north:2");
	h_has("search wrapped", "wrapping is said");
	h_keys(h, "n");
	is_str(h_selected(), "north:1", "n: next match");
	h_keys(h, "n");
	is_str(h_selected(), "north:2", "n wraps");
	h_keys(h, "N");
	is_str(h_selected(), "north:1", "N: previous match");
	h_keys(h, "/nowhere<Enter>");
	h_has("no camera matches", "a search without match says so");
	is_str(h_selected(), "north:1", "and keeps the selection");
	h_keys(h, ":goto east:12<Enter>");
	is_str(h_selected(), "east:12", ":goto selects a camera by name");
	h_keys(h, ":goto mars<Enter>");
	h_has("no camera 'mars'", ":goto of an unknown camera says so");
}

int main(void)
{
	h_screen_open(120, 40);
	h_app h;
	h_open(&h, "10%", CT_EXACT, false);
	h_keys(&h, "");
	test_default_order(&h);
	test_navigation(&h);
	test_sorting(&h);
	test_filter(&h);
	test_search(&h);
	h_close(&h);
	h_screen_close();
	return tap_done();
}
