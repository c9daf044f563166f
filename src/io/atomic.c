/* atomic.c -- temporary file + fsync + rename. */
#include "config.h"

#include "io/atomic.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void clear(ct_atomic *a)
{
	free(a->path);
	free(a->tmp);
	a->path = a->tmp = NULL;
	a->f = NULL;
}

FILE *ct_atomic_open(ct_atomic *a, const char *path, char *err, size_t errlen)
{
	memset(a, 0, sizeof *a);
	if (strcmp(path, "-") == 0) {
		a->f = stdout;
		return a->f;
	}
	struct stat st;
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, "%s: is a directory", path);
		return NULL;
	}
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		/* A device or a FIFO is written in place: renaming a file over
		 * it would replace the node itself (as root, /dev/null would
		 * become a regular file). */
		a->f = fopen(path, "w");
		if (!a->f) {
			snprintf(err, errlen, "%s: cannot write: %s", path, strerror(errno));
			return NULL;
		}
		a->in_place = true;
		return a->f;
	}
	size_t n = strlen(path);
	a->path = strdup(path);
	a->tmp = malloc(n + 16);
	if (!a->path || !a->tmp) {
		snprintf(err, errlen, "%s: out of memory", path);
		clear(a);
		return NULL;
	}
	/* Same directory as the target, so rename() stays atomic. */
	snprintf(a->tmp, n + 16, "%s.tmpXXXXXX", path);
	int fd = mkstemp(a->tmp);
	if (fd < 0) {
		snprintf(err, errlen, "%s: cannot create: %s", path, strerror(errno));
		clear(a);
		return NULL;
	}
	/* mkstemp makes 0600; a thresholds file is ordinary data. */
	mode_t mask = umask(0);
	umask(mask);
	(void)fchmod(fd, 0666 & ~mask);
	a->f = fdopen(fd, "w");
	if (!a->f) {
		snprintf(err, errlen, "%s: cannot create: %s", path, strerror(errno));
		close(fd);
		unlink(a->tmp);
		clear(a);
		return NULL;
	}
	return a->f;
}

/* fsync makes the new file durable before it replaces the old one; plot
 * skips it for its thousands of pictures (see atomic.h). */
static int commit(ct_atomic *a, bool sync, char *err, size_t errlen)
{
	if (!a->f)
		return -1;
	if (a->f == stdout) {
		int bad = fflush(stdout) != 0 || ferror(stdout);
		a->f = NULL;
		if (bad) {
			snprintf(err, errlen, "standard output: write error: %s", strerror(errno));
			return -1;
		}
		return 0;
	}
	if (a->in_place) {
		int bad = fflush(a->f) != 0 || ferror(a->f);
		int saved = errno;
		if (fclose(a->f) != 0 && !bad) {
			bad = 1;
			saved = errno;
		}
		a->f = NULL;
		a->in_place = false;
		if (bad)
			snprintf(err, errlen, "%s: cannot write: %s", a->path ? a->path : "output",
			         strerror(saved));
		clear(a);
		return bad ? -1 : 0;
	}
	int bad = fflush(a->f) != 0 || ferror(a->f) || (sync && fsync(fileno(a->f)) != 0);
	int saved = errno;
	if (fclose(a->f) != 0 && !bad) {
		bad = 1;
		saved = errno;
	}
	a->f = NULL;
	if (!bad && rename(a->tmp, a->path) != 0) {
		bad = 1;
		saved = errno;
	}
	if (bad) {
		snprintf(err, errlen, "%s: cannot write: %s", a->path, strerror(saved));
		unlink(a->tmp);
		clear(a);
		return -1;
	}
	clear(a);
	return 0;
}

int ct_atomic_commit(ct_atomic *a, char *err, size_t errlen)
{
	return commit(a, true, err, errlen);
}

int ct_atomic_commit_nosync(ct_atomic *a, char *err, size_t errlen)
{
	return commit(a, false, err, errlen);
}

void ct_atomic_abort(ct_atomic *a)
{
	if (a->f && a->f != stdout) {
		fclose(a->f);
		if (!a->in_place)
			unlink(a->tmp);
	}
	a->in_place = false;
	clear(a);
}
