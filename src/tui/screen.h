/* screen.h -- the whole screen (screen.c): the status lines, the body's
 * layout of views, the message or hint line, the prompt, and the
 * "terminal too small" screen.  Only the main loop calls it. */
#ifndef CAMTUNE_TUI_SCREEN_H
#define CAMTUNE_TUI_SCREEN_H

#include "tui/view.h"

/* The view that has the focus: help, fleet, backtest, or the list. */
const tui_view_ops *tui_focus_view(const tui_app *a);
/* The lower (or right) pane under the list: curve, frontier or quality. */
const tui_view_ops *tui_pane_view(const tui_app *a);
/* Draw everything and refresh the terminal. */
void tui_screen_draw(tui_app *a);

#endif
