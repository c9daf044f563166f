/* input.c -- the explorer's one input source: the terminal, or a script
 * of keys (tests).  Everything that reads a key -- the main loop and the
 * readline prompt -- reads it here, so scripted tests drive the program
 * exactly as a user does.  Script syntax: see tui.h.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "tui/app.h"

static const struct {
	const char *name;
	int key;
} script_keys[] = {
	{"Down", KEY_DOWN}, {"Up", KEY_UP},     {"Left", KEY_LEFT},   {"Right", KEY_RIGHT},
	{"PgUp", KEY_PPAGE}, {"PgDn", KEY_NPAGE}, {"Home", KEY_HOME}, {"End", KEY_END},
	{"Enter", '\n'},    {"Esc", 27},        {"Tab", '\t'},        {"BS", KEY_BACKSPACE},
	{"Space", ' '},     {"lt", '<'},        {"Del", KEY_DC},
};

static int script_next(tui_input *in)
{
	const char *s = in->script + in->pos;
	if (!*s)
		return TUI_KEY_EOF;
	if (*s != '<' || !strchr(s, '>')) {
		in->pos++;
		return (unsigned char)*s;
	}
	const char *end = strchr(s, '>');
	size_t len = (size_t)(end - s - 1);
	const char *name = s + 1;
	in->pos += len + 2;
	if (len == 3 && name[0] == 'C' && name[1] == '-')
		return name[2] & 0x1f;
	for (size_t i = 0; i < sizeof script_keys / sizeof script_keys[0]; i++)
		if (strlen(script_keys[i].name) == len && strncmp(name, script_keys[i].name, len) == 0)
			return script_keys[i].key;
	if (len > 7 && strncmp(name, "resize ", 7) == 0) {
		int cols = atoi(name + 7);
		const char *x = memchr(name, 'x', len);
		int rows = x ? atoi(x + 1) : 0;
		if (cols > 0 && rows > 0) {
			resize_term(rows, cols);
			return KEY_RESIZE;
		}
	}
	/* not a key name: the '<' is a key of its own */
	in->pos -= len + 1;
	return '<';
}

int tui_input_get(tui_input *in, int timeout_ms)
{
	if (in->script)
		return script_next(in);
	wtimeout(stdscr, timeout_ms);
	return wgetch(stdscr);
}
