/* replay.c -- run a libFuzzer target's inputs as an ordinary test.
 *
 * Linked with one of fuzz/fuzz_*.c (which define LLVMFuzzerTestOneInput),
 * it feeds every file of the directories named on the command line -- by
 * default tests/fuzz-corpus/TARGET: the seeds and every input a fuzzer
 * ever crashed on -- to the target once, one TAP line each.  So every
 * crash found stays a regression test in `make check`, with gcc or clang,
 * and under the sanitizer build it is checked for what ASan/UBSan see.
 * A crash ends the program, which the TAP driver reports as an error.
 */
#include "config.h"

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../tap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void replay_file(const char *path, const char *name)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		ok(0, "%s: cannot open", name);
		return;
	}
	size_t cap = 4096, n = 0;
	uint8_t *buf = malloc(cap);
	size_t got;
	while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
		n += got;
		if (n == cap) {
			uint8_t *nb = realloc(buf, cap *= 2);
			if (!nb) {
				free(buf);
				buf = NULL;
			}
			buf = nb;
		}
	}
	fclose(f);
	if (!buf) {
		ok(0, "%s: out of memory", name);
		return;
	}
	/* A private copy of exactly n bytes, so ASan sees reads past the end. */
	uint8_t *exact = malloc(n ? n : 1);
	memcpy(exact, buf, n);
	free(buf);
	int r = LLVMFuzzerTestOneInput(exact, n);
	free(exact);
	/* a crash or a sanitizer report ends the run; a target returns 0 */
	is_int(r, 0, "%s (%zu bytes)", name, n);
}

static void replay_dir(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d) {
		ok(0, "%s: cannot open the directory", dir);
		return;
	}
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			char **nn = realloc(names, cap * sizeof *names);
			if (!nn)
				break;
			names = nn;
		}
		names[n++] = strdup(e->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof *names, by_name);
	for (size_t i = 0; i < n; i++) {
		char path[4096];
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		replay_file(path, names[i]);
		free(names[i]);
	}
	free(names);
}

int main(int argc, char **argv)
{
	/* Absolute paths first: a target's initialisation may change the
	 * working directory (fuzz_prompt works in a private one). */
	char *dirs[64];
	int n = 0;
	for (int i = 1; i < argc && n < 64; i++)
		dirs[n++] = realpath(argv[i], NULL);
	if (n == 0) {
		const char *top = getenv("top_srcdir") ? getenv("top_srcdir") : ".";
		char dir[4096];
		snprintf(dir, sizeof dir, "%s/tests/fuzz-corpus/%s", top, REPLAY_TARGET);
		dirs[n++] = realpath(dir, NULL);
	}
	if (LLVMFuzzerInitialize)
		LLVMFuzzerInitialize(&argc, &argv);
	for (int i = 0; i < n; i++) {
		if (dirs[i])
			replay_dir(dirs[i]);
		else
			ok(0, "a corpus directory does not exist");
		free(dirs[i]);
	}
	return tap_done();
}
