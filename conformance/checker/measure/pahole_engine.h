/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The pahole engine: an independent reading of the probe object's DWARF.
 * Only pahole's numbers are used (size, holes, padding), never its other
 * text: pahole 1.24 prints a false __packed__ on i386 and cannot read some
 * objects at all (arc, sh4, mips64), which counts as "no reading".
 */
#ifndef IFA_PAHOLE_ENGINE_H
#define IFA_PAHOLE_ENGINE_H

#include "measure.h"

#include <sys/types.h>

struct ifa_pahole_struct {
	char *name;
	long size, holes, padding;
};

struct ifa_pahole {
	int ok;			/* 1 if pahole read the object; otherwise no reading */
	size_t nstructs, cap;
	struct ifa_pahole_struct *structs;
};

int ifa_pahole_available(void);

/* Starts pahole on dir/probe.o, output in dir/pahole.out. */
pid_t ifa_pahole_start(const char *dir);

/* Parses dir/pahole.out after pahole exited with status. */
void ifa_pahole_read(const char *dir, int status, struct ifa_pahole *p);

void ifa_pahole_free(struct ifa_pahole *p);

const struct ifa_pahole_struct *ifa_pahole_find(const struct ifa_pahole *p,
						const char *name);

#endif
