/* scroll.h -- scrolling, written once for every view that scrolls: the
 * camera list (a cursor row that the window follows) and the text views
 * (help, fleet, backtest, stores: the window itself moves).
 *
 * A view calls tui_scroll_fit() when it draws (it knows how many rows it
 * has and shows), and hands the navigation actions to tui_scroll_move().
 */
#ifndef CAMTUNE_TUI_SCROLL_H
#define CAMTUNE_TUI_SCROLL_H

#include <stdbool.h>
#include <stddef.h>

typedef struct tui_scroll {
	size_t top;  /* first row shown */
	size_t cur;  /* the selected row (cursor views) */
	size_t n;    /* rows in all, at the last fit */
	size_t page; /* rows shown, at the last fit */
	bool cursor; /* a row is selected; else the window moves */
} tui_scroll;

/* Apply a navigation action (TUI_ACT_DOWN UP PAGE_DOWN PAGE_UP FIRST
 * LAST) `count` times; false when the action is not one of them. */
bool tui_scroll_move(tui_scroll *s, int action, size_t count);
/* n rows, page of them shown: keep top and the cursor in range and the
 * cursor inside the window. */
void tui_scroll_fit(tui_scroll *s, size_t n, size_t page);

#endif
