/* SPDX-License-Identifier: GPL-2.0 */
#define _GNU_SOURCE
#include "pahole_engine.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int ifa_pahole_available(void)
{
	const char *argv[] = { "pahole", "--version", NULL };

	return ifa_wait(ifa_spawn(argv, NULL, NULL)) == 0;
}

pid_t ifa_pahole_start(const char *dir)
{
	char *obj = NULL, *out = NULL, *err = NULL;
	pid_t pid = -1;

	if (asprintf(&obj, "%s/probe.o", dir) >= 0 && asprintf(&out, "%s/pahole.out", dir) >= 0 &&
	    asprintf(&err, "%s/pahole.err", dir) >= 0) {
		const char *argv[] = { "pahole", obj, NULL };

		pid = ifa_spawn(argv, out, err);
	}
	free(obj);
	free(out);
	free(err);
	return pid;
}

static long number_after(const char *line, const char *key)
{
	const char *p = strstr(line, key);

	return p ? strtol(p + strlen(key), NULL, 10) : -1;
}

void ifa_pahole_read(const char *dir, int status, struct ifa_pahole *p)
{
	char *path, *text = NULL, *line, *next;
	struct ifa_pahole_struct *cur = NULL;
	const char *rerr;
	int depth = 0;

	ifa_pahole_free(p);
	if (asprintf(&path, "%s/pahole.out", dir) >= 0) {
		text = ifa_read_file(path, NULL, &rerr);
		free(path);
	}
	if (status != 0 || !text || !*text) {
		free(text);
		return;
	}
	for (line = text; line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (depth == 0 && (!strncmp(line, "struct ", 7) || !strncmp(line, "union ", 6))) {
			const char *name = strchr(line, ' ') + 1;

			if (p->nstructs == p->cap) {
				size_t cap = p->cap ? p->cap * 2 : 16;
				struct ifa_pahole_struct *q = realloc(p->structs, cap * sizeof(*q));

				if (!q)
					break;
				p->structs = q;
				p->cap = cap;
			}
			cur = &p->structs[p->nstructs++];
			memset(cur, 0, sizeof(*cur));
			cur->name = strndup(name, strspn(name, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
							  "abcdefghijklmnopqrstuvwxyz0123456789_"));
			cur->size = -1;
			if (!cur->name) {
				p->nstructs--;
				break;
			}
		}
		for (const char *c = line; *c; c++)
			depth += (*c == '{') - (*c == '}');
		if (!cur || depth != 1)
			continue;
		if (strstr(line, "/* size: "))
			cur->size = number_after(line, "/* size: ");
		if (strstr(line, "sum holes: "))
			cur->holes = number_after(line, "sum holes: ");
		if (strstr(line, "/* padding: "))
			cur->padding = number_after(line, "/* padding: ");
	}
	free(text);
	p->ok = p->nstructs > 0;
}

void ifa_pahole_free(struct ifa_pahole *p)
{
	size_t i;

	for (i = 0; i < p->nstructs; i++)
		free(p->structs[i].name);
	free(p->structs);
	memset(p, 0, sizeof(*p));
}

const struct ifa_pahole_struct *ifa_pahole_find(const struct ifa_pahole *p,
						const char *name)
{
	size_t i;

	for (i = 0; i < p->nstructs; i++)
		if (!strcmp(p->structs[i].name, name))
			return &p->structs[i];
	return NULL;
}
