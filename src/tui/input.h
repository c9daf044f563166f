/* input.h -- the explorer's one input source and the one table of key
 * names.
 *
 * Everything that reads a key -- the main loop, which also feeds the
 * readline prompt -- reads it here: the terminal, or a script of keys
 * (tests, `camtune tui --script`), so scripts drive the program exactly as
 * a user does.  Key names ("Down", "C-r", "q") are parsed and printed here
 * for the action table, the help screen and the script syntax alike.
 *
 * Script syntax: plain characters are keys; <NAME> is a named key
 * (tui_key_parse: <Down> <Up> <Left> <Right> <PgUp> <PgDn> <Home> <End>
 * <Enter> <Esc> <Tab> <BS> <Del> <Space> <C-x>), <lt> is a '<', and
 * <resize COLSxROWS> resizes the screen.
 */
#ifndef CAMTUNE_TUI_INPUT_H
#define CAMTUNE_TUI_INPUT_H

#include <stdbool.h>
#include <stddef.h>

#define TUI_KEY_EOF (-2)

typedef struct tui_input {
	const char *script; /* NULL: the terminal */
	size_t pos;
} tui_input;

/* Next key; ERR on timeout (terminal), TUI_KEY_EOF at the end of a
 * script.  timeout_ms < 0 waits. */
int tui_input_get(tui_input *in, int timeout_ms);

/* True when a script has keys left: the next key is already there. */
bool tui_input_pending(const tui_input *in);

/* A key name of len bytes ("j", "C-r", "Down") to a curses key, or -1. */
int tui_key_parse(const char *name, size_t len);
/* The name of a curses key, e.g. "Down", "C-r", "q"; static buffer. */
const char *tui_key_name(int key);

#endif
