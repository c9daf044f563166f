/* screen.h -- the whole screen (screen.c): the status lines, the body's
 * view on top of the stack, the message or hint line, the prompt, and the
 * "terminal too small" screen.  Only the main loop calls it. */
#ifndef CAMTUNE_TUI_SCREEN_H
#define CAMTUNE_TUI_SCREEN_H

#include "tui/view.h"

/* Draw everything and refresh the terminal. */
void tui_screen_draw(tui_app *a);

#endif
