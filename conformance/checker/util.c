/* SPDX-License-Identifier: GPL-2.0 */
#define _GNU_SOURCE
#include "util.h"

#include <ctype.h>
#include <limits.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <spawn.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

char *ifa_read_file(const char *path, size_t *len, const char **err)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0;

	if (!f) {
		*err = strerror(errno);
		return NULL;
	}
	for (;;) {
		if (n + 4096 + 1 > cap) {
			char *nb;

			cap = cap ? cap * 2 : 8192;
			nb = realloc(buf, cap);
			if (!nb) {
				free(buf);
				fclose(f);
				*err = "out of memory";
				return NULL;
			}
			buf = nb;
		}
		size_t got = fread(buf + n, 1, cap - n - 1, f);

		n += got;
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		free(buf);
		fclose(f);
		*err = "read error (is it a directory?)";
		return NULL;
	}
	fclose(f);
	buf[n] = '\0';
	if (len)
		*len = n;
	return buf;
}

int ifa_copy(char *dst, size_t size, const char *src, size_t n)
{
	if (n >= size) {
		memcpy(dst, src, size - 1);
		dst[size - 1] = '\0';
		return -1;
	}
	memcpy(dst, src, n);
	dst[n] = '\0';
	return 0;
}

void ifa_str_add(struct ifa_str *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if (b->len + (size_t)n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 64;
		char *p;

		while (cap < b->len + (size_t)n + 1)
			cap *= 2;
		p = realloc(b->s, cap);
		if (!p) {
			b->oom = 1;
			return;
		}
		b->s = p;
		b->cap = cap;
	}
	va_start(ap, fmt);
	vsnprintf(b->s + b->len, b->cap - b->len, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

const char *ifa_str_get(const struct ifa_str *b)
{
	return b->s ? b->s : "";
}

char *ifa_str_take(struct ifa_str *b)
{
	char *s = b->s ? b->s : strdup("");

	memset(b, 0, sizeof(*b));
	return s;
}

void ifa_str_free(struct ifa_str *b)
{
	free(b->s);
	memset(b, 0, sizeof(*b));
}

int ifa_fmt(char *dst, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(dst, size, fmt, ap);
	va_end(ap);
	return (n < 0 || (size_t)n >= size) ? -1 : 0;
}

char *ifa_trim(char *s)
{
	char *end;

	while (isspace((unsigned char)*s))
		s++;
	end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		*--end = '\0';
	return s;
}

static int parse_number(const char **p, unsigned long long *out)
{
	char *end;

	errno = 0;
	*out = strtoull(*p, &end, 0);
	if (end == *p || errno)
		return -1;
	while (*end == 'u' || *end == 'U' || *end == 'l' || *end == 'L')
		end++;
	*p = end;
	return 0;
}

static void skip_space(const char **p)
{
	while (isspace((unsigned char)**p))
		(*p)++;
}

/* term := number | '(' expr ')' ; expr := term ('<<' term | '|' term)* */
static int parse_expr(const char **p, unsigned long long *out, int depth);

static int parse_term(const char **p, unsigned long long *out, int depth)
{
	skip_space(p);
	if (**p == '(') {
		(*p)++;
		if (parse_expr(p, out, depth + 1))
			return -1;
		skip_space(p);
		if (**p != ')')
			return -1;
		(*p)++;
		return 0;
	}
	if (!isdigit((unsigned char)**p))
		return -1;
	return parse_number(p, out);
}

static int parse_expr(const char **p, unsigned long long *out, int depth)
{
	unsigned long long v, rhs;

	if (depth > 16 || parse_term(p, &v, depth))
		return -1;
	for (;;) {
		skip_space(p);
		if ((*p)[0] == '<' && (*p)[1] == '<') {
			*p += 2;
			if (parse_term(p, &rhs, depth) || rhs > 63)
				return -1;
			v <<= rhs;
		} else if ((*p)[0] == '|') {
			*p += 1;
			if (parse_term(p, &rhs, depth))
				return -1;
			v |= rhs;
		} else {
			break;
		}
	}
	*out = v;
	return 0;
}

int ifa_parse_value(const char *s, unsigned long long *out)
{
	const char *p = s;

	if (parse_expr(&p, out, 0))
		return -1;
	skip_space(&p);
	return *p ? -1 : 0;
}

/* The limits every child runs under, and when each started. */
static double child_timeout = 60;
static unsigned long long child_memory = 4ull << 30;
static struct child { pid_t pid; double started; } *children;
static size_t nchildren, capchildren;

static double now_seconds(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

void ifa_limits_set(double timeout_seconds, unsigned long long memory_bytes)
{
	child_timeout = timeout_seconds;
	child_memory = memory_bytes;
}

void ifa_limits_get(double *timeout_seconds, unsigned long long *memory_bytes)
{
	*timeout_seconds = child_timeout;
	*memory_bytes = child_memory;
}

pid_t ifa_spawn(const char *const *argv, const char *out_path, const char *err_path)
{
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	struct rlimit mem = { child_memory, child_memory };
	sigset_t none, chld;
	pid_t pid;
	int rc;

	/*
	 * SIGCHLD stays blocked here so that ifa_wait() can sleep until a
	 * child ends (sigtimedwait) instead of polling; children start with
	 * nothing blocked.
	 */
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld, NULL);
	sigemptyset(&none);
	posix_spawnattr_init(&attr);
	posix_spawnattr_setsigmask(&attr, &none);
	/* Its own process group: a compiler driver's cc1 and as die with it. */
	posix_spawnattr_setpgroup(&attr, 0);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETPGROUP);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, out_path ? out_path : "/dev/null",
					 O_WRONLY | O_CREAT | O_TRUNC, 0600);
	posix_spawn_file_actions_addopen(&fa, 2, err_path ? err_path : "/dev/null",
					 O_WRONLY | O_CREAT | O_TRUNC, 0600);
	rc = posix_spawnp(&pid, argv[0], &fa, &attr, (char *const *)argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&attr);
	if (rc)
		return -1;
	/* The child's address space is capped as soon as it exists (a compiler fed a macro bomb). */
	prlimit(pid, RLIMIT_AS, &mem, NULL);
	if (nchildren == capchildren) {
		size_t cap = capchildren ? capchildren * 2 : 64;
		struct child *c = realloc(children, cap * sizeof(*c));

		if (c) {
			children = c;
			capchildren = cap;
		}
	}
	if (nchildren < capchildren) {
		children[nchildren].pid = pid;
		children[nchildren++].started = now_seconds();
	}
	return pid;
}

/* When pid started, and forgets it; now when it is not known. */
static double started_at(pid_t pid, int forget)
{
	size_t i;
	double t;

	for (i = 0; i < nchildren; i++)
		if (children[i].pid == pid) {
			t = children[i].started;
			if (forget)
				children[i] = children[--nchildren];
			return t;
		}
	return now_seconds();
}

int ifa_wait(pid_t pid)
{
	double deadline, left;
	sigset_t chld;
	int status;
	pid_t got;

	if (pid <= 0)
		return 127;
	deadline = started_at(pid, 0) + child_timeout;
	for (;;) {
		got = waitpid(pid, &status, WNOHANG);
		if (got == pid)
			break;
		if (got < 0 && errno != EINTR) {
			started_at(pid, 1);
			return 127;
		}
		if (now_seconds() >= deadline) {
			/* Past its time (a header that includes a FIFO, a compiler that hangs). */
			kill(-pid, SIGKILL);
			kill(pid, SIGKILL);
			while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
				;
			started_at(pid, 1);
			return IFA_TIMED_OUT;
		}
		/* Sleep until some child ends, or the time is up (SIGCHLD is blocked: see ifa_spawn). */
		left = deadline - now_seconds();
		sigemptyset(&chld);
		sigaddset(&chld, SIGCHLD);
		sigtimedwait(&chld, NULL, &(struct timespec){ (time_t)left,
			     (long)((left - (double)(time_t)left) * 1e9) });
	}
	started_at(pid, 1);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

int ifa_split_flags(const char *flags, char *buf, size_t bufsz,
		    const char **argv, int max)
{
	char *tok, *save;
	int n = 0;

	if (!flags || ifa_copy(buf, bufsz, flags, strlen(flags)))
		return 0;
	for (tok = strtok_r(buf, " ", &save); tok && n < max; tok = strtok_r(NULL, " ", &save))
		argv[n++] = tok;
	return n;
}

/* The work directory a signal must not leave behind, and the handler that removes it. */
static char cleanup_dir[PATH_MAX];

static void on_fatal_signal(int sig)
{
	struct timespec pause = { 0, 20 * 1000 * 1000 };
	size_t i;
	int tries;
	pid_t pid;

	/* They would write into a directory about to go: their groups die first. */
	for (i = 0; i < nchildren; i++) {
		kill(-children[i].pid, SIGKILL);
		kill(children[i].pid, SIGKILL);
	}
	for (i = 0; i < nchildren; i++)
		while (waitpid(children[i].pid, NULL, 0) < 0 && errno == EINTR)
			;
	/* A grandchild killed with its group may still be closing a file: try again until gone. */
	for (tries = 0; *cleanup_dir && tries < 50 && access(cleanup_dir, F_OK) == 0; tries++) {
		char *const argv[] = { (char *)"rm", (char *)"-rf", cleanup_dir, NULL };
		char *const envp[] = { NULL };

		if (tries)
			nanosleep(&pause, NULL);
		pid = fork();
		if (pid == 0) {
			execve("/bin/rm", argv, envp);
			_exit(127);
		}
		if (pid < 0)
			break;
		while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
			;
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

/* The signals that end a run early, and remove its work directory first. */
static const int fatal_signals[] = { SIGTERM, SIGHUP, SIGINT, SIGQUIT };

void ifa_block_fatal_signals(int block)
{
	sigset_t set;
	size_t i;

	sigemptyset(&set);
	for (i = 0; i < sizeof(fatal_signals) / sizeof(fatal_signals[0]); i++)
		sigaddset(&set, fatal_signals[i]);
	sigprocmask(block ? SIG_BLOCK : SIG_UNBLOCK, &set, NULL);
}

void ifa_cleanup_on_signal(const char *dir)
{
	size_t i;

	if (!dir) {
		*cleanup_dir = '\0';
		return;
	}
	if (ifa_copy(cleanup_dir, sizeof(cleanup_dir), dir, strlen(dir)))
		*cleanup_dir = '\0';
	for (i = 0; i < sizeof(fatal_signals) / sizeof(fatal_signals[0]); i++)
		signal(fatal_signals[i], on_fatal_signal);
}
