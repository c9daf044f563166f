/* prompt.h -- GNU readline in the explorer's last line (prompt.c).
 *
 * The prompt has no key loop of its own: the main loop opens it, hands it
 * each key it reads while the prompt is open, and gets the line back.
 *
 *   tui_prompt_init(a);                  once, after curses is up
 *   tui_prompt_open(a, ":", "target ");  a->prompt_open is then true
 *   r = tui_prompt_key(a, key, &line);   per key: TUI_PROMPT_*
 *   tui_prompt_done(a);                  at the end (saves the history)
 */
#ifndef CAMTUNE_TUI_PROMPT_H
#define CAMTUNE_TUI_PROMPT_H

#include "tui/tui.h"

enum { TUI_PROMPT_OPEN, TUI_PROMPT_LINE, TUI_PROMPT_CANCEL };

void tui_prompt_init(tui_app *a);
void tui_prompt_done(tui_app *a);
void tui_prompt_open(tui_app *a, const char *prompt, const char *fill);
/* One key: TUI_PROMPT_OPEN (still open), TUI_PROMPT_LINE (*line: the
 * line, malloc'ed; the prompt is closed) or TUI_PROMPT_CANCEL (closed). */
int tui_prompt_key(tui_app *a, int key, char **line);
/* Close the prompt without running the line, the screen left as it is
 * (a script that ends with the prompt open). */
void tui_prompt_close(tui_app *a);
/* Draw the prompt line and put the cursor there (the screen's drawing
 * calls it while the prompt is open). */
void tui_prompt_redisplay(tui_app *a);

#endif
