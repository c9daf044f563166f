/* fuzz_prompt.c -- libFuzzer target for the explorer's prompt command
 * parser (tui_app_command: "name [argument]", as typed after ':').
 *
 * The explorer runs headless (curses on /dev/null, as in tests/tui) on a
 * small fixed fleet.  The first two input bytes pick the screen size
 * (1x1 up to 256x64, so tiny screens are drawn too); the rest is split at
 * newlines into prompt lines, each run through tui_app_command and then
 * solved, rebuilt and drawn as the main loop would.
 *
 * Safety: export and load-locks take file names, so every '/' becomes '_' and
 * the process works in a private temporary directory emptied after each
 * input: the fuzzer can only create or read files there.
 */
#include "config.h"

#include <curses.h>
#include <dirent.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/optimise.h"
#include "tui/app.h"
#include "tui/prompt.h"
#include "tui/tui.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

static ct_dataset *ds;
static ct_options *opts;
static char dir[64];

/* Three stores, ties, a camera without thefts, one without normals. */
static ct_dataset *fleet(void)
{
	static const struct {
		const char *store, *id;
		double p[8];
		bool theft[8];
		int n;
	} cams[] = {
		{"north", "1", {0.3, 0.8, 0.9, 0.05, 0.5, 0.5, 0.85, 0.1},
		 {1, 1, 1, 0, 0, 0, 0, 0}, 8},
		{"north", "2", {0.95, 0.01, 0.02, 0.2}, {1, 0, 0, 0}, 4},
		{"south", "7", {0.1, 0.2, 0.3}, {0, 0, 0}, 3},
		{"west", "3", {0.5, 0.6, 0.55, 0.65, 0.9}, {1, 1, 0, 0, 0}, 5},
		{"east:x", "12", {0.7, 0.7}, {1, 1}, 2},
	};
	ct_builder *b = ct_builder_new();
	if (!b)
		return NULL;
	for (size_t i = 0; i < sizeof cams / sizeof cams[0]; i++) {
		int32_t c = ct_builder_camera(b, cams[i].store, strlen(cams[i].store), cams[i].id,
		                              strlen(cams[i].id));
		for (int k = 0; k < cams[i].n; k++)
			ct_builder_add(b, (uint32_t)c, cams[i].p[k], cams[i].theft[k]);
	}
	return ct_builder_finish(b);
}

static void empty_dir(void);

/* Leave nothing behind: the fuzzer exits through exit() at the end of a
 * timed run, and the replay test at the end of its corpus. */
static void remove_dir(void)
{
	empty_dir();
	if (chdir("/") == 0)
		rmdir(dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	if (!setlocale(LC_ALL, "C.UTF-8"))
		setlocale(LC_ALL, "");
	setlocale(LC_NUMERIC, "C");
	setenv("INPUTRC", "/dev/null", 1);
	strcpy(dir, "/tmp/camtune-fuzz-prompt-XXXXXX");
	if (!mkdtemp(dir) || chdir(dir) != 0) {
		perror("fuzz_prompt: temporary directory");
		exit(1);
	}
	atexit(remove_dir);
	FILE *out = fopen("/dev/null", "w"), *in = fopen("/dev/null", "r");
	SCREEN *scr = newterm("xterm-256color", out, in);
	if (!scr)
		scr = newterm("vt100", out, in);
	if (!scr) {
		fprintf(stderr, "fuzz_prompt: no terminfo entry\n");
		exit(1);
	}
	set_term(scr);
	ds = fleet();
	opts = ds ? ct_options_build(ds) : NULL;
	if (!opts) {
		fprintf(stderr, "fuzz_prompt: cannot build the fleet\n");
		exit(1);
	}
	return 0;
}

static void empty_dir(void)
{
	DIR *d = opendir(".");
	if (!d)
		return;
	struct dirent *e;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			unlink(e->d_name);
	closedir(d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 2 || size > 4096)
		return 0;
	resize_term(1 + data[1] % 64, 1 + data[0]);
	char *text = malloc(size - 1);
	if (!text)
		return 0;
	memcpy(text, data + 2, size - 2);
	text[size - 2] = '\0';
	for (char *p = text; p < text + size - 2; p++)
		if (*p == '/')
			*p = '_';

	char history[96];
	snprintf(history, sizeof history, "%s/history", dir);
	tui_config cfg = {
		.ds = ds,
		.opts = opts,
		.source = "fuzz.csv",
		.target_text = "10%",
		.strategy = CT_EXACT,
		.history_path = history,
	};
	tui_app *a = tui_app_new(&cfg);
	if (!a) {
		free(text);
		return 0;
	}
	tui_app_run_script(a, ""); /* start: inline solver, first solve and draw */
	/* Keep an (empty) input source: a command that opens the prompt again
	 * (`prompt`) reads from it and sees the end of input, as a script does. */
	tui_input in = {.script = "", .pos = 0};
	a->in = &in;
	a->scripted = true;
	/* Lines end at '\n'; a NUL inside the input ends the line early, as C
	 * strings do in the real prompt. */
	char *line = text, *end = text + size - 2;
	while (line <= end && !a->quit) {
		char *nl = memchr(line, '\n', (size_t)(end - line));
		if (nl)
			*nl = '\0';
		tui_app_command(a, line); /* runs it and does what it asks, as the loop does */
		if (!nl)
			break;
		line = nl + 1;
	}
	a->in = NULL;
	tui_prompt_done(a);
	tui_app_free(a);
	free(text);
	empty_dir();
	return 0;
}
