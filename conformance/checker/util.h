/* SPDX-License-Identifier: GPL-2.0 */
/* Small helpers shared by every part of iommu-fault-abi. */
#ifndef IFA_UTIL_H
#define IFA_UTIL_H

#include <stddef.h>

/* Exit codes, documented in README.md. */
enum {
	IFA_EXIT_PASS = 0,	/* conforming */
	IFA_EXIT_FINDINGS = 1,	/* findings of MUST severity */
	IFA_EXIT_INPUT = 2,	/* usage or input error */
	IFA_EXIT_ENV = 3,	/* nothing could measure the header */
};

/* Reads a whole file, NUL-terminated. Returns NULL and sets *err (static text). */
char *ifa_read_file(const char *path, size_t *len, const char **err);

/* Copies at most size-1 bytes and always terminates. Returns 0 if it fit. */
int ifa_copy(char *dst, size_t size, const char *src, size_t n);

/* Formats into dst; returns 0 if it fit. */
int ifa_fmt(char *dst, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* A string that grows as it is appended to; s is "" until the first append. */
struct ifa_str {
	char *s;
	size_t len, cap;
	int oom;		/* an append ran out of memory; s holds what fit */
};

/* Appends formatted text. */
void ifa_str_add(struct ifa_str *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The text so far ("" if none); stays owned by b. */
const char *ifa_str_get(const struct ifa_str *b);
/* The text, handed over to the caller to free (never NULL unless memory runs out). */
char *ifa_str_take(struct ifa_str *b);
void ifa_str_free(struct ifa_str *b);

/* Trims leading and trailing white space in place; returns s. */
char *ifa_trim(char *s);

/* Parses "123", "0x1f", "1 << 3", "(1 << 3)" with optional U/L suffixes. */
int ifa_parse_value(const char *s, unsigned long long *out);

#include <sys/types.h>

/*
 * Starts argv[0] (searched in PATH) with stdout and stderr sent to the
 * given files (NULL: /dev/null). Returns the pid, or -1.
 */
pid_t ifa_spawn(const char *const *argv, const char *out_path, const char *err_path);

/* Splits a space-separated flag list into argv slots (in buf); returns the count added. */
int ifa_split_flags(const char *flags, char *buf, size_t bufsz,
		    const char **argv, int max);

/* What ifa_wait() returns for a child it killed at its time limit. */
#define IFA_TIMED_OUT 124

/*
 * Every child started from now on gets at most timeout_seconds of wall
 * time and memory_bytes of address space (defaults: 60 s, 4 GiB).
 */
void ifa_limits_set(double timeout_seconds, unsigned long long memory_bytes);

/* The limits set, for work that runs in a child of this process (libclang). */
void ifa_limits_get(double *timeout_seconds, unsigned long long *memory_bytes);

/*
 * On SIGTERM, SIGHUP, SIGINT or SIGQUIT, kills the children and removes
 * dir before dying of the signal (NULL: forget it).
 */
void ifa_cleanup_on_signal(const char *dir);

/* Holds those signals back (1) or lets them through (0), around creating the directory. */
void ifa_block_fatal_signals(int block);

/*
 * Waits for pid; returns its exit code, 128 if killed by a signal, 127 on
 * error, IFA_TIMED_OUT when it ran past its time and was killed.
 */
int ifa_wait(pid_t pid);

#endif
