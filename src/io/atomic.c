/* atomic.c -- temporary file + fsync + rename; the list of temporary
 * files an interrupting signal removes; staged sets of files. */
#include "config.h"

#include "io/atomic.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io/exit.h"

/* ---- removing temporary files on SIGINT, SIGTERM, SIGHUP ------------------
 *
 * Each live temporary file (and staging directory) has a slot; the
 * handler removes them with async-signal-safe calls only (unlink,
 * unlinkat, rmdir), then lets the signal do what it did before.  A program
 * that handles the signal itself (the explorer quits from its main loop)
 * keeps its handler: its writes end by commit or abort as usual. */

#define N_SLOTS 16
static const int cleanup_signals[] = {SIGINT, SIGTERM, SIGHUP};
#define N_CLEANUP_SIGNALS (sizeof cleanup_signals / sizeof cleanup_signals[0])

typedef struct slot {
	const char *file;        /* a temporary file */
	const ct_staging *staging;
} slot;
static slot slots[N_SLOTS];
static struct sigaction previous[N_CLEANUP_SIGNALS];

static void remove_all(void)
{
	for (int i = 0; i < N_SLOTS; i++)
		if (slots[i].file)
			unlink(slots[i].file);
	for (int i = 0; i < N_SLOTS; i++) {
		const ct_staging *s = slots[i].staging;
		if (!s)
			continue;
		for (size_t k = 0; k < s->n; k++)
			unlinkat(s->tmp_fd, s->names[k], 0);
		rmdir(s->tmp);
	}
}

static void (*volatile signal_hook)(void);

static void on_signal(int sig)
{
	void (*hook)(void) = signal_hook;
	if (hook)
		hook();
	for (size_t i = 0; i < N_CLEANUP_SIGNALS; i++) {
		if (cleanup_signals[i] != sig)
			continue;
		if (previous[i].sa_handler != SIG_DFL && previous[i].sa_handler != SIG_IGN &&
		    !(previous[i].sa_flags & SA_SIGINFO)) {
			previous[i].sa_handler(sig);
			return;
		}
	}
	remove_all();
	signal(sig, SIG_DFL);
	raise(sig);
}

static void hold(sigset_t *old)
{
	sigset_t set;
	sigemptyset(&set);
	for (size_t i = 0; i < N_CLEANUP_SIGNALS; i++)
		sigaddset(&set, cleanup_signals[i]);
	sigprocmask(SIG_BLOCK, &set, old);
}

static void release(const sigset_t *old)
{
	sigprocmask(SIG_SETMASK, old, NULL);
}

static void install(void)
{
	static bool installed;
	if (installed)
		return;
	installed = true;
	for (size_t i = 0; i < N_CLEANUP_SIGNALS; i++) {
		sigaction(cleanup_signals[i], NULL, &previous[i]);
		if (previous[i].sa_handler == SIG_IGN)
			continue; /* nohup: the signal stays ignored */
		struct sigaction sa;
		memset(&sa, 0, sizeof sa);
		sa.sa_handler = on_signal;
		sigemptyset(&sa.sa_mask);
		sigaction(cleanup_signals[i], &sa, NULL);
	}
}

void ct_signal_hook_set(void (*hook)(void))
{
	sigset_t old;
	hold(&old);
	install();
	signal_hook = hook;
	release(&old);
}

/* A slot for file or staging, or -1 when all are taken (the file is then
 * only removed by commit or abort). */
static int take_slot(const char *file, const ct_staging *staging)
{
	sigset_t old;
	hold(&old);
	install();
	int got = -1;
	for (int i = 0; i < N_SLOTS && got < 0; i++)
		if (!slots[i].file && !slots[i].staging) {
			slots[i].file = file;
			slots[i].staging = staging;
			got = i;
		}
	release(&old);
	return got;
}

static void give_slot(int i)
{
	if (i < 0)
		return;
	sigset_t old;
	hold(&old);
	slots[i].file = NULL;
	slots[i].staging = NULL;
	release(&old);
}

/* ---- one file ------------------------------------------------------------- */

static void clear(ct_atomic *a)
{
	give_slot(a->slot);
	free(a->path);
	free(a->tmp);
	a->path = a->tmp = NULL;
	a->f = NULL;
	a->slot = -1;
}

static FILE *refuse(ct_atomic *a, int code, char *err, size_t errlen, const char *fmt,
                    const char *path, const char *why)
{
	snprintf(err, errlen, fmt, path, why);
	a->code = code;
	clear(a);
	return NULL;
}

static bool names_stdout(const char *path)
{
	return strcmp(path, "-") == 0 || strcmp(path, "/dev/stdout") == 0 ||
	       strcmp(path, "/dev/fd/1") == 0 || strcmp(path, "/proc/self/fd/1") == 0;
}

FILE *ct_atomic_open(ct_atomic *a, const char *path, char *err, size_t errlen)
{
	memset(a, 0, sizeof *a);
	a->slot = -1;
	if (names_stdout(path)) {
		a->f = stdout;
		return a->f;
	}
	struct stat st, lst;
	bool exists = stat(path, &st) == 0;
	bool is_link = lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode);
	if (exists && S_ISDIR(st.st_mode))
		return refuse(a, CT_EXIT_CANTCREAT, err, errlen, "%s: is a directory%s", path, "");
	if (exists && (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode) || S_ISFIFO(st.st_mode))) {
		/* Written in place: renaming a file over it would replace the
		 * node itself (as root, /dev/null would become a regular file). */
		a->f = fopen(path, "w");
		if (!a->f)
			return refuse(a, CT_EXIT_CANTCREAT, err, errlen, "%s: cannot write: %s", path,
			              strerror(errno));
		a->in_place = true;
		a->path = strdup(path); /* for messages; NULL is fine */
		return a->f;
	}
	if (exists && !S_ISREG(st.st_mode))
		return refuse(a, CT_EXIT_CANTCREAT, err, errlen,
		              "%s: not a regular file, a device or a FIFO%s", path, "");
	if (!exists && is_link)
		return refuse(a, CT_EXIT_CANTCREAT, err, errlen,
		              "%s: a symbolic link to nothing (%s)", path, strerror(errno));
	/* A link to a file: that file is replaced, the link stays. */
	a->path = is_link ? realpath(path, NULL) : strdup(path);
	if (!a->path)
		return refuse(a, errno == ENOMEM ? CT_EXIT_NOMEM : CT_EXIT_CANTCREAT, err, errlen,
		              "%s: cannot create: %s", path, strerror(errno));
	size_t n = strlen(a->path);
	a->tmp = malloc(n + 16);
	if (!a->tmp)
		return refuse(a, CT_EXIT_NOMEM, err, errlen, "%s: %s", path, "out of memory");
	/* Same directory as the target, so rename() stays atomic. */
	snprintf(a->tmp, n + 16, "%s" CT_ATOMIC_TMP_SUFFIX, a->path);
	sigset_t old;
	hold(&old); /* no signal between creating the file and listing it */
	int fd = mkstemp(a->tmp);
	int saved = errno;
	if (fd >= 0)
		a->slot = take_slot(a->tmp, NULL);
	release(&old);
	if (fd < 0)
		return refuse(a, CT_EXIT_CANTCREAT, err, errlen, "%s: cannot create: %s", path,
		              strerror(saved));
	if (exists) {
		/* The file replaced keeps its owner and mode (a 0600 file stays
		 * private): owner first, as chown clears set-id bits.  Not
		 * root: only the group may change, if at all; the mode still
		 * holds. */
		if (fchown(fd, st.st_uid, st.st_gid) != 0)
			(void)!fchown(fd, (uid_t)-1, st.st_gid);
		(void)fchmod(fd, st.st_mode & 0777);
	} else {
		/* mkstemp makes 0600; a new thresholds file is ordinary data. */
		mode_t mask = umask(0);
		umask(mask);
		(void)fchmod(fd, 0666 & ~mask);
	}
	a->f = fdopen(fd, "w");
	if (!a->f) {
		saved = errno;
		close(fd);
		unlink(a->tmp);
		return refuse(a, CT_EXIT_CANTCREAT, err, errlen, "%s: cannot create: %s", path,
		              strerror(saved));
	}
	return a->f;
}

/* The one wording of a failed write, and its exit code: standard output
 * 74, a file 73. */
static int write_error(const ct_atomic *a, bool to_stdout, int saved, char *err, size_t errlen)
{
	if (to_stdout) {
		snprintf(err, errlen, "standard output: write error%s%s", saved ? ": " : "",
		         saved ? strerror(saved) : "");
		return CT_EXIT_IOERR;
	}
	snprintf(err, errlen, "%s: cannot write%s%s", a->path ? a->path : "output",
	         saved ? ": " : "", saved ? strerror(saved) : "");
	return CT_EXIT_CANTCREAT;
}

/* fsync makes the new file durable before it replaces the old one; plot
 * skips it for its thousands of pictures (see atomic.h). */
static int commit(ct_atomic *a, bool sync, char *err, size_t errlen)
{
	if (!a->f)
		return CT_EXIT_FAILURE;
	if (a->f == stdout) {
		errno = 0;
		int bad = fflush(stdout) != 0 || ferror(stdout);
		a->f = NULL;
		return bad ? write_error(a, true, errno, err, errlen) : CT_EXIT_OK;
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
		int rc = bad ? write_error(a, false, saved, err, errlen) : CT_EXIT_OK;
		clear(a);
		return rc;
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
		int rc = write_error(a, false, saved, err, errlen);
		unlink(a->tmp);
		clear(a);
		return rc;
	}
	clear(a);
	return CT_EXIT_OK;
}

int ct_atomic_commit(ct_atomic *a, char *err, size_t errlen)
{
	return commit(a, true, err, errlen);
}

int ct_atomic_commit_nosync(ct_atomic *a, char *err, size_t errlen)
{
	return commit(a, false, err, errlen);
}

int ct_atomic_fail(ct_atomic *a, int saved, char *err, size_t errlen)
{
	int rc = write_error(a, a->f == stdout, saved, err, errlen);
	ct_atomic_abort(a);
	return rc;
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

bool ct_same_file(const char *path, const char *in)
{
	struct stat a, b;
	if (!path || !in || strcmp(in, "-") == 0 || names_stdout(path))
		return false;
	return stat(path, &a) == 0 && stat(in, &b) == 0 && a.st_dev == b.st_dev &&
	       a.st_ino == b.st_ino && S_ISREG(a.st_mode);
}

/* ---- staged sets of files ------------------------------------------------ */

int ct_staging_open(ct_staging *s, const char *dir, char *err, size_t errlen)
{
	memset(s, 0, sizeof *s);
	s->dir_fd = s->tmp_fd = -1;
	s->slot = -1;
	size_t n = strlen(dir);
	s->dir = strdup(dir);
	s->tmp = malloc(n + 24);
	if (!s->dir || !s->tmp) {
		snprintf(err, errlen, "%s: out of memory", dir);
		s->code = CT_EXIT_NOMEM;
		goto fail;
	}
	snprintf(s->tmp, n + 24, "%s/.camtune-XXXXXX", dir);
	s->dir_fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (s->dir_fd < 0) {
		snprintf(err, errlen, "%s: cannot open the directory: %s", dir, strerror(errno));
		s->code = CT_EXIT_CANTCREAT;
		goto fail;
	}
	sigset_t old;
	hold(&old);
	bool made = mkdtemp(s->tmp) != NULL;
	int saved = errno;
	if (made) {
		s->tmp_fd = open(s->tmp, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		saved = errno;
		if (s->tmp_fd >= 0)
			s->slot = take_slot(NULL, s);
		else
			rmdir(s->tmp);
	}
	release(&old);
	if (!made || s->tmp_fd < 0) {
		snprintf(err, errlen, "%s: cannot create a file in it: %s", dir, strerror(saved));
		s->code = CT_EXIT_CANTCREAT;
		goto fail;
	}
	return 0;
fail:
	if (s->dir_fd >= 0)
		close(s->dir_fd);
	free(s->dir);
	free(s->tmp);
	s->dir = s->tmp = NULL;
	return -1;
}

FILE *ct_staging_file(ct_staging *s, ct_atomic *a, const char *name, char *err, size_t errlen)
{
	memset(a, 0, sizeof *a);
	a->slot = -1;
	if (s->n == s->cap) {
		size_t cap = s->cap ? 2 * s->cap : 64;
		char **v = malloc(cap * sizeof *v);
		if (!v) {
			snprintf(err, errlen, "%s: out of memory", s->dir);
			a->code = CT_EXIT_NOMEM;
			return NULL;
		}
		if (s->n)
			memcpy(v, s->names, s->n * sizeof *v);
		/* The handler may read the list at any time: swap it whole. */
		sigset_t old;
		hold(&old);
		char **was = s->names;
		s->names = v;
		s->cap = cap;
		release(&old);
		free(was);
	}
	char *copy = strdup(name);
	size_t len = strlen(s->tmp) + strlen(name) + 2;
	char *path = malloc(len);
	if (!copy || !path) {
		free(copy);
		free(path);
		snprintf(err, errlen, "%s: out of memory", s->dir);
		a->code = CT_EXIT_NOMEM;
		return NULL;
	}
	snprintf(path, len, "%s/%s", s->tmp, name);
	FILE *f = ct_atomic_open(a, path, err, errlen);
	free(path);
	if (!f) {
		free(copy);
		return NULL;
	}
	sigset_t old;
	hold(&old);
	s->names[s->n++] = copy;
	release(&old);
	return f;
}

static void staging_free(ct_staging *s)
{
	give_slot(s->slot);
	if (s->tmp_fd >= 0)
		close(s->tmp_fd);
	if (s->dir_fd >= 0)
		close(s->dir_fd);
	for (size_t k = 0; k < s->n; k++)
		free(s->names[k]);
	free(s->names);
	free(s->dir);
	free(s->tmp);
	memset(s, 0, sizeof *s);
	s->dir_fd = s->tmp_fd = s->slot = -1;
}

int ct_staging_commit(ct_staging *s, char *err, size_t errlen)
{
	int rc = CT_EXIT_OK;
	sigset_t old;
	hold(&old);
	size_t k = 0;
	for (; k < s->n; k++)
		if (renameat(s->tmp_fd, s->names[k], s->dir_fd, s->names[k]) != 0) {
			snprintf(err, errlen, "%s/%s: cannot write: %s", s->dir, s->names[k],
			         strerror(errno));
			rc = CT_EXIT_CANTCREAT;
			break;
		}
	for (; k < s->n; k++)
		unlinkat(s->tmp_fd, s->names[k], 0);
	rmdir(s->tmp);
	staging_free(s);
	release(&old);
	return rc;
}

void ct_staging_abort(ct_staging *s)
{
	if (!s->tmp)
		return;
	sigset_t old;
	hold(&old);
	for (size_t k = 0; k < s->n; k++)
		unlinkat(s->tmp_fd, s->names[k], 0);
	rmdir(s->tmp);
	staging_free(s);
	release(&old);
}
