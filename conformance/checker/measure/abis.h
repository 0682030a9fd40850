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
	/*
	 * Debian's copy of the kernel's UAPI headers for the ABI's
	 * architecture, for headers that reach past <linux/types.h>:
	 * linux-libc-dev-<uapi_arch>-cross installs /usr/<uapi_triple>/include
	 * ($IFA_UAPI_ROOT/<uapi_triple>/include when that is set). NULL: none.
	 */
	const char *uapi_arch;
	const char *uapi_triple;
	int big_endian;
};

extern const struct ifa_abi ifa_abis[];
extern const size_t ifa_nabis;

const struct ifa_abi *ifa_abi_find(const char *name);

/* The ABI's kernel UAPI include directory into buf; -1 if Debian has none or it is not installed. */
int ifa_abi_uapi_dir(const struct ifa_abi *abi, char *buf, size_t size);

#endif
