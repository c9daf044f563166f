/* actions.c -- tables generated from actions.h, and key-spec parsing. */
#include "config.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "tui/actions.h"

#define TUI_ACTION_INFO_(id, name, group, keys, arg, help) \
	{name, TUI_GROUP_##group, keys, arg, help},
const tui_action_info tui_actions[TUI_N_ACTIONS] = { TUI_ACTIONS(TUI_ACTION_INFO_) };
#undef TUI_ACTION_INFO_

#define TUI_GROUP_TITLE_(id, title) title,
const char *const tui_group_titles[TUI_N_GROUPS] = { TUI_GROUPS(TUI_GROUP_TITLE_) };
#undef TUI_GROUP_TITLE_

static const struct {
	const char *name;
	int key;
} named_keys[] = {
	{"Up", KEY_UP},       {"Down", KEY_DOWN}, {"Left", KEY_LEFT},
	{"Right", KEY_RIGHT}, {"PgUp", KEY_PPAGE}, {"PgDn", KEY_NPAGE},
	{"Home", KEY_HOME},   {"End", KEY_END},   {"Enter", '\n'},
	{"Esc", 27},          {"Tab", '\t'},      {"Space", ' '},
};

/* One key spec token ("j", "C-r", "Down") to a curses key, or -1. */
static int parse_key(const char *tok, size_t len)
{
	if (len == 1)
		return (unsigned char)tok[0];
	if (len == 3 && tok[0] == 'C' && tok[1] == '-')
		return tok[2] & 0x1f;
	for (size_t i = 0; i < sizeof named_keys / sizeof named_keys[0]; i++)
		if (strlen(named_keys[i].name) == len && strncmp(named_keys[i].name, tok, len) == 0)
			return named_keys[i].key;
	return -1;
}

const char *tui_key_name(int key)
{
	static char buf[8];
	for (size_t i = 0; i < sizeof named_keys / sizeof named_keys[0]; i++)
		if (named_keys[i].key == key)
			return named_keys[i].name;
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

/* Key to action, filled once from the key specs. */
static short key_table[KEY_MAX + 1];
static int key_table_ready;

static void build_key_table(void)
{
	for (int k = 0; k <= KEY_MAX; k++)
		key_table[k] = -1;
	for (int a = 0; a < TUI_N_ACTIONS; a++) {
		const char *p = tui_actions[a].keys;
		while (*p) {
			while (*p == ' ')
				p++;
			size_t len = strcspn(p, " ");
			if (!len)
				break;
			int key = parse_key(p, len);
			if (key >= 0 && key <= KEY_MAX)
				key_table[key] = (short)a;
			p += len;
		}
	}
	key_table_ready = 1;
}

int tui_action_for_key(int key)
{
	if (!key_table_ready)
		build_key_table();
	if (key == KEY_ENTER || key == '\r')
		key = '\n';
	if (key == KEY_BACKSPACE)
		key = 127;
	if (key < 0 || key > KEY_MAX)
		return -1;
	return key_table[key];
}

int tui_action_find(const char *name)
{
	static const struct {
		const char *alias;
		int action;
	} aliases[] = {
		{"q", TUI_ACT_QUIT}, {"q!", TUI_ACT_QUIT_NOW}, {"w", TUI_ACT_EXPORT},
		{"quit", TUI_ACT_QUIT},
	};
	for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
		if (strcmp(name, aliases[i].alias) == 0)
			return aliases[i].action;
	for (int a = 0; a < TUI_N_ACTIONS; a++)
		if (strcmp(name, tui_actions[a].name) == 0)
			return a;
	return -1;
}

int tui_action_needs_arg(int action)
{
	const char *arg = tui_actions[action].arg;
	return arg && arg[0] != '[';
}

void tui_list_actions(FILE *out)
{
	for (int a = 0; a < TUI_N_ACTIONS; a++) {
		const tui_action_info *i = &tui_actions[a];
		fprintf(out, "%s\t%s\t%s\t%s\n", i->name, i->keys, i->arg ? i->arg : "",
		        i->help);
	}
}
