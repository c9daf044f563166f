/* actions.c -- tables generated from actions.h, key lookup, hints. */
#include "config.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "tui/actions.h"
#include "tui/input.h"
#include "tui/view.h"

#define TUI_ACTION_INFO_(id, name, group, scope, view, keys, arg, comp, alias, hint, help) \
	{name, TUI_GROUP_##group, TUI_SCOPE_##scope, keys, arg, TUI_ARG_##comp, alias, hint, help},
const tui_action_info tui_actions[TUI_N_ACTIONS] = { TUI_ACTIONS(TUI_ACTION_INFO_) };
#undef TUI_ACTION_INFO_

#define TUI_GROUP_TITLE_(id, title) title,
const char *const tui_group_titles[TUI_N_GROUPS] = { TUI_GROUPS(TUI_GROUP_TITLE_) };
#undef TUI_GROUP_TITLE_

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
			int key = tui_key_parse(p, len);
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
	if (key < 0 || key > KEY_MAX)
		return -1;
	return key_table[key];
}

int tui_action_find(const char *name)
{
	for (int a = 0; a < TUI_N_ACTIONS; a++)
		if (strcmp(name, tui_actions[a].name) == 0 ||
		    (tui_actions[a].alias && strcmp(name, tui_actions[a].alias) == 0))
			return a;
	return -1;
}

int tui_action_needs_arg(int action)
{
	const char *arg = tui_actions[action].arg;
	return arg && arg[0] != '[';
}

const char *tui_action_first_key(int action, char *buf, size_t len)
{
	const char *k = tui_actions[action].keys;
	size_t n = strcspn(k, " ");
	snprintf(buf, len, "%.*s", (int)n, k);
	return buf;
}

void tui_action_hints(const int *actions, char *buf, size_t len)
{
	size_t used = 0;
	buf[0] = '\0';
	for (int i = 0; actions[i] >= 0 && used < len; i++) {
		const tui_action_info *ai = &tui_actions[actions[i]];
		char key[16];
		tui_action_first_key(actions[i], key, sizeof key);
		/* the same word as the next one: "+/- target" */
		bool joined = actions[i + 1] >= 0 && ai->hint && tui_actions[actions[i + 1]].hint &&
		              strcmp(ai->hint, tui_actions[actions[i + 1]].hint) == 0;
		int n = snprintf(buf + used, len - used, "%s%s%s", key, joined ? "/" : " ",
		                 joined ? "" : ai->hint ? ai->hint : ai->name);
		if (n < 0 || (size_t)n >= len - used)
			break;
		used += (size_t)n;
		if (!joined && actions[i + 1] >= 0 && used + 2 < len) {
			memcpy(buf + used, "  ", 3);
			used += 2;
		}
	}
}

void tui_list_actions(FILE *out)
{
	for (int a = 0; a < TUI_N_ACTIONS; a++) {
		const tui_action_info *i = &tui_actions[a];
		fprintf(out, "%s\t%s\t%s\t%s\n", i->name, i->keys, i->arg ? i->arg : "",
		        i->help);
	}
}
