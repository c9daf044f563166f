/* input.c -- the explorer's one input source and key names (input.h). */
#include "config.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "tui/input.h"

static const struct {
	const char *name;
	int key;
} key_names[] = {
	{"Up", KEY_UP},       {"Down", KEY_DOWN},  {"Left", KEY_LEFT}, {"Right", KEY_RIGHT},
	{"PgUp", KEY_PPAGE},  {"PgDn", KEY_NPAGE}, {"Home", KEY_HOME}, {"End", KEY_END},
	{"Enter", '\n'},      {"Esc", 27},         {"Tab", '\t'},      {"Space", ' '},
	{"BS", KEY_BACKSPACE}, {"Del", KEY_DC},   {"F1", KEY_F(1)},
};

int tui_key_parse(const char *name, size_t len)
{
	if (len == 1)
		return (unsigned char)name[0];
	if (len == 3 && name[0] == 'C' && name[1] == '-')
		return name[2] & 0x1f;
	for (size_t i = 0; i < sizeof key_names / sizeof key_names[0]; i++)
		if (strlen(key_names[i].name) == len && strncmp(key_names[i].name, name, len) == 0)
			return key_names[i].key;
	return -1;
}

const char *tui_key_name(int key)
{
	static char buf[8];
	for (size_t i = 0; i < sizeof key_names / sizeof key_names[0]; i++)
		if (key_names[i].key == key)
			return key_names[i].name;
	if (key > 0 && key < 32) {
		buf[0] = 'C';
		buf[1] = '-';
		buf[2] = (char)(key | 0x60);
		buf[3] = '\0';
	} else if (key >= 32 && key < 127) {
		buf[0] = (char)key;
		buf[1] = '\0';
	} else {
		strcpy(buf, "?");
	}
	return buf;
}

static int script_next(tui_input *in)
{
	const char *s = in->script + in->pos;
	if (!*s)
		return TUI_KEY_EOF;
	const char *end = *s == '<' ? strchr(s, '>') : NULL;
	if (!end || end == s + 1) {
		in->pos++;
		return (unsigned char)*s;
	}
	size_t len = (size_t)(end - s - 1);
	const char *name = s + 1;
	if (len == 2 && strncmp(name, "lt", 2) == 0) {
		in->pos += 4;
		return '<';
	}
	int key = len > 1 ? tui_key_parse(name, len) : -1;
	if (key >= 0) {
		in->pos += len + 2;
		return key;
	}
	if (len > 7 && strncmp(name, "resize ", 7) == 0) {
		int cols = atoi(name + 7);
		const char *x = memchr(name, 'x', len);
		int rows = x ? atoi(x + 1) : 0;
		if (cols > 0 && rows > 0) {
			in->pos += len + 2;
			resize_term(rows, cols);
			return KEY_RESIZE;
		}
	}
	/* not a key name: the '<' is a key of its own */
	in->pos++;
	return '<';
}

bool tui_input_pending(const tui_input *in)
{
	return in && in->script && in->script[in->pos] != '\0';
}

int tui_input_get(tui_input *in, int timeout_ms)
{
	if (in->script)
		return script_next(in);
	wtimeout(stdscr, timeout_ms);
	return wgetch(stdscr);
}
