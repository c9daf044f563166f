/* runstat.c -- run one command and print what the benchmark compares:
 * wall seconds, CPU seconds of all its threads, and its peak RSS.
 *
 *   runstat COMMAND [ARG]...  ->  (on stderr) runstat: wall=… cpu=… maxrss_kb=… status=…
 *
 * The command's stdout and stderr are its own; runstat exits with the
 * command's status (128 + signal when killed).  The figures come from
 * wait4(), so they are the child's alone, whatever else the machine runs.
 *
 * Built by `make bench` (EXTRA_PROGRAMS), not installed, not a test. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: runstat COMMAND [ARG]...\n");
		return 64;
	}
	double t0 = now();
	pid_t pid = fork();
	if (pid < 0) {
		perror("runstat: fork");
		return 71;
	}
	if (pid == 0) {
		execvp(argv[1], argv + 1);
		fprintf(stderr, "runstat: %s: %s\n", argv[1], strerror(errno));
		_exit(127);
	}
	int status;
	struct rusage ru;
	while (wait4(pid, &status, 0, &ru) < 0)
		if (errno != EINTR) {
			perror("runstat: wait4");
			return 71;
		}
	double t1 = now();
	double cpu = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec * 1e-6 +
	             (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec * 1e-6;
	int rc = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	fprintf(stderr, "runstat: wall=%.4f cpu=%.3f maxrss_kb=%ld status=%d\n", t1 - t0, cpu,
	        ru.ru_maxrss, rc);
	return rc;
}
