/* SPDX-License-Identifier: GPL-2.0 */
/* The Linux ABIs a header is measured on, and the engines that can measure each. */
#ifndef IFA_ABIS_H
#define IFA_ABIS_H

#include <stddef.h>

struct ifa_abi {
	const char *name;
	const char *clang_triple;	/* NULL: clang has no such target */
	const char *clang_flags;	/* extra clang arguments, space-separated, or NULL */
	const char *gcc;		/* cross compiler command, NULL: none in Debian */
	const char *gcc_flags;		/* extra GCC arguments, space-separated, or NULL */
	const char *package;		/* Debian package that provides gcc */
	const char *note;		/* what makes this ABI interesting */
};

extern const struct ifa_abi ifa_abis[];
extern const size_t ifa_nabis;

const struct ifa_abi *ifa_abi_find(const char *name);

#endif
