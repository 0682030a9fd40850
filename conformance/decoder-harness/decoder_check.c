/* SPDX-License-Identifier: GPL-2.0 */
#define _GNU_SOURCE
#include "decoder_check.h"
#include "fixture_gen.h"
#include "util.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_EXPECT 16

/* Writes the request of every fixture, checking each against its generated binary. */
static int write_requests(FILE *req, const char *dir, const struct ifa_fx_file *f,
			  const struct ifa_spec *spec, enum ifa_byte_order order,
			  char *err, size_t errsz)
{
	static unsigned char bytes[IFA_FX_MAX_BYTES];
	size_t i, j;

	for (i = 0; i < f->n; i++) {
		const struct ifa_fx_section *s = &f->s[i];
		long n = ifa_fx_section_bytes(&ifa_fx_records, f, s, spec, order, bytes,
					      sizeof(bytes), err, errsz);
		char gen[1100], path[1200];
		const char *rerr;
		size_t len;
		char *bin;

		if (n < 0)
			return -1;
		ifa_fx_generated_dir(dir, &ifa_fx_records, order, gen, sizeof(gen));
		ifa_fmt(path, sizeof(path), "%s/%s.bin", gen, s->name);
		bin = ifa_read_file(path, &len, &rerr);
		if (!bin || len != (size_t)n || memcmp(bin, bytes, len)) {
			free(bin);
			return ifa_fmt(err, errsz, "%s: missing or stale (run make regen)", path), -1;
		}
		free(bin);
		fprintf(req, "decode %s %s ", ifa_fx_get(s, "level"), ifa_fx_get(s, "size"));
		for (j = 0; j < (size_t)n; j++)
			fprintf(req, "%02x", bytes[j]);
		fputc('\n', req);
	}
	return 0;
}

/* Runs sh -c decoder with stdin and stdout redirected; kills it after timeout_s. */
static int run_decoder(const char *decoder, const char *in, const char *out, int timeout_s)
{
	const char *argv[] = { "/bin/sh", "-c", decoder, NULL };
	struct timespec nap = { 0, 10 * 1000 * 1000 };
	pid_t pid;
	int status, waited = 0;

	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		if (!freopen(in, "r", stdin) || !freopen(out, "w", stdout))
			_exit(127);
		setpgid(0, 0);
		execv(argv[0], (char *const *)argv);
		_exit(127);
	}
	while (waitpid(pid, &status, WNOHANG) == 0) {
		if (waited++ > timeout_s * 100) {
			kill(-pid, SIGKILL);
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
			return -2;
		}
		nanosleep(&nap, NULL);
	}
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

/* The next answer: lines up to "end". Returns how many, -1 if the output ended first. */
static int read_answer(char **cursor, char lines[][512], int max)
{
	int n = 0;

	while (*cursor && **cursor) {
		char *line = *cursor, *nl = strchr(line, '\n');

		*cursor = nl ? nl + 1 : line + strlen(line);
		if (nl)
			*nl = '\0';
		if (!strcmp(line, "end"))
			return n;
		if (n < max)
			ifa_copy(lines[n], 512, line, strlen(line));
		n++;
	}
	return -1;
}

static int judge(const struct ifa_fx_file *f, char *output)
{
	char *cursor = output;
	size_t i, passed = 0, failed = 0;

	for (i = 0; i < f->n; i++) {
		const struct ifa_fx_section *s = &f->s[i];
		char got[MAX_EXPECT][512];
		int n = read_answer(&cursor, got, MAX_EXPECT), k = 0, bad = 0;
		size_t j;

		for (j = 0; j < s->nkv; j++) {
			const char *want = s->kv[j].value;

			if (strcmp(s->kv[j].key, "expect"))
				continue;
			if (n < 0) {
				printf("FAIL %s (%s): no answer (no `end` line)\n", s->name,
				       ifa_fx_get(s, "rule"));
				bad = 1;
				break;
			}
			if (k >= n || k >= MAX_EXPECT || strcmp(got[k], want)) {
				printf("FAIL %s (%s): record %d: expected '%s', got '%s'\n", s->name,
				       ifa_fx_get(s, "rule"), k + 1, want,
				       k < n && k < MAX_EXPECT ? got[k] : "(nothing)");
				bad = 1;
			}
			k++;
		}
		if (n > k) {
			printf("FAIL %s (%s): %d lines for %d records\n", s->name, ifa_fx_get(s, "rule"),
			       n, k);
			bad = 1;
		}
		if (bad)
			failed++;
		else
			passed++;
	}
	printf("check-decoder: %zu passed, %zu failed\n", passed, failed);
	return failed ? 1 : 0;
}

int ifa_check_decoder(const char *dir, const struct ifa_spec *spec, const char *decoder,
		      enum ifa_byte_order order, int timeout_s, char *err, size_t errsz)
{
	static struct ifa_fx_file f;
	char src[1024], tmpl[] = "/tmp/ifa-decoder.XXXXXX", in[64], out[64];
	const char *rerr;
	char *output;
	FILE *req;
	int rc;

	ifa_fmt(src, sizeof(src), "%s/records.txt", dir);
	if (ifa_fx_load(src, &f, err, errsz))
		return 2;
	if (!mkdtemp(tmpl))
		return ifa_fmt(err, errsz, "cannot create a temporary directory"), 2;
	ifa_fmt(in, sizeof(in), "%s/requests", tmpl);
	ifa_fmt(out, sizeof(out), "%s/answers", tmpl);
	req = fopen(in, "w");
	if (!req || write_requests(req, dir, &f, spec, order, err, errsz)) {
		if (req)
			fclose(req);
		rc = 2;
		goto out;
	}
	fclose(req);
	rc = run_decoder(decoder, in, out, timeout_s);
	if (rc == -2)
		printf("the decoder did not finish within %d s and was killed\n", timeout_s);
	else if (rc)
		printf("the decoder exited with status %d\n", rc);
	output = ifa_read_file(out, NULL, &rerr);
	rc = judge(&f, output ? output : (char[]){ 0 });
	free(output);
out:
	remove(in);
	remove(out);
	rmdir(tmpl);
	return rc;
}
