/* SPDX-License-Identifier: GPL-2.0 */
#include "abis.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define NONE NULL

/*
 * Every userspace ABI a Linux kernel serves, plus parisc64, whose kernel
 * reads the records of 32-bit parisc userspace. GCC is the authority
 * where Debian ships a cross compiler; clang measures the rest. ABIs of
 * one architecture share its UAPI headers, which select by predefined
 * macros (riscv32 and riscv64, the three MIPS ABIs, sparc32 and sparc64).
 */
const struct ifa_abi ifa_abis[] = {
	{ "x86_64", "x86_64-linux-gnu", NONE, "gcc", "-m64", "gcc", "LP64", "amd64", "x86_64-linux-gnu", 0 },
	{ "i386", "i386-linux-gnu", NONE, "i686-linux-gnu-gcc", NONE, "gcc-i686-linux-gnu", "__u64 4-aligned", "i386", "i686-linux-gnu", 0 },
	{ "x32", "x86_64-linux-gnux32", NONE, "x86_64-linux-gnux32-gcc", NONE, "gcc-x86-64-linux-gnux32", "ILP32 on x86_64", "x32", "x86_64-linux-gnux32", 0 },
	{ "aarch64", "aarch64-linux-gnu", NONE, "aarch64-linux-gnu-gcc", NONE, "gcc-aarch64-linux-gnu", "LP64", "arm64", "aarch64-linux-gnu", 0 },
	{ "aarch64_be", "aarch64_be-linux-gnu", NONE, "aarch64-linux-gnu-gcc", "-mbig-endian", "gcc-aarch64-linux-gnu", "big endian", "arm64", "aarch64-linux-gnu", 1 },
	{ "arm-eabi", "arm-linux-gnueabi", NONE, "arm-linux-gnueabi-gcc", NONE, "gcc-arm-linux-gnueabi", "ILP32, __u64 8-aligned", "armel", "arm-linux-gnueabi", 0 },
	{ "arm-eabihf", "armv7-linux-gnueabihf", NONE, "arm-linux-gnueabihf-gcc", NONE, "gcc-arm-linux-gnueabihf", "hard float", "armhf", "arm-linux-gnueabihf", 0 },
	{ "armeb-eabi", "armeb-linux-gnueabi", NONE, "arm-linux-gnueabi-gcc", "-mbig-endian", "gcc-arm-linux-gnueabi", "big endian", "armel", "arm-linux-gnueabi", 1 },
	{ "arm-oabi", "arm-linux-gnu", "-mabi=apcs-gnu", "arm-linux-gnueabi-gcc", "-mabi=apcs-gnu", "gcc-arm-linux-gnueabi", "__u64 4-aligned", "armel", "arm-linux-gnueabi", 0 },
	{ "ppc32", "powerpc-linux-gnu", NONE, "powerpc-linux-gnu-gcc", NONE, "gcc-powerpc-linux-gnu", "ILP32 big endian", "powerpc", "powerpc-linux-gnu", 1 },
	{ "ppc64", "powerpc64-linux-gnu", NONE, "powerpc64-linux-gnu-gcc", NONE, "gcc-powerpc64-linux-gnu", "LP64 big endian", "ppc64", "powerpc64-linux-gnu", 1 },
	{ "ppc64le", "powerpc64le-linux-gnu", NONE, "powerpc64le-linux-gnu-gcc", NONE, "gcc-powerpc64le-linux-gnu", "LP64", "ppc64el", "powerpc64le-linux-gnu", 0 },
	{ "s390x", "s390x-linux-gnu", NONE, "s390x-linux-gnu-gcc", NONE, "gcc-s390x-linux-gnu", "LP64 big endian", "s390x", "s390x-linux-gnu", 1 },
	{ "riscv32", "riscv32-linux-gnu", NONE, "riscv64-linux-gnu-gcc", "-march=rv32imac -mabi=ilp32", "gcc-riscv64-linux-gnu", "ILP32", "riscv64", "riscv64-linux-gnu", 0 },
	{ "riscv64", "riscv64-linux-gnu", NONE, "riscv64-linux-gnu-gcc", NONE, "gcc-riscv64-linux-gnu", "LP64", "riscv64", "riscv64-linux-gnu", 0 },
	{ "mips-o32", "mips-linux-gnu", NONE, "mips-linux-gnu-gcc", NONE, "gcc-mips-linux-gnu", "big endian", "mips", "mips-linux-gnu", 1 },
	{ "mipsel-o32", "mipsel-linux-gnu", NONE, "mipsel-linux-gnu-gcc", NONE, "gcc-mipsel-linux-gnu", "little endian", "mipsel", "mipsel-linux-gnu", 0 },
	{ "mips-n32", "mips64-linux-gnuabin32", NONE, "mips64-linux-gnuabi64-gcc", "-mabi=n32", "gcc-mips64-linux-gnuabi64", "ILP32 on mips64", "mips64", "mips64-linux-gnuabi64", 1 },
	{ "mips-n64", "mips64-linux-gnuabi64", NONE, "mips64-linux-gnuabi64-gcc", NONE, "gcc-mips64-linux-gnuabi64", "LP64 big endian", "mips64", "mips64-linux-gnuabi64", 1 },
	{ "mipsel-n64", "mips64el-linux-gnuabi64", NONE, "mips64el-linux-gnuabi64-gcc", NONE, "gcc-mips64el-linux-gnuabi64", "LP64", "mips64el", "mips64el-linux-gnuabi64", 0 },
	{ "sparc32", "sparc-linux-gnu", NONE, "sparc64-linux-gnu-gcc", "-m32", "gcc-sparc64-linux-gnu", "ILP32 big endian", "sparc64", "sparc64-linux-gnu", 1 },
	{ "sparc64", "sparc64-linux-gnu", NONE, "sparc64-linux-gnu-gcc", NONE, "gcc-sparc64-linux-gnu", "LP64 big endian", "sparc64", "sparc64-linux-gnu", 1 },
	{ "m68k", "m68k-linux-gnu", NONE, "m68k-linux-gnu-gcc", NONE, "gcc-m68k-linux-gnu", "__u64 2-aligned, tail padding to 2", "m68k", "m68k-linux-gnu", 1 },
	{ "alpha", NONE, NONE, "alpha-linux-gnu-gcc", NONE, "gcc-alpha-linux-gnu", "LP64", "alpha", "alpha-linux-gnu", 0 },
	{ "parisc", NONE, NONE, "hppa-linux-gnu-gcc", NONE, "gcc-hppa-linux-gnu", "ILP32 big endian", "hppa", "hppa-linux-gnu", 1 },
	{ "parisc64", NONE, NONE, "hppa64-linux-gnu-gcc", NONE, "gcc-hppa64-linux-gnu", "kernel of 32-bit parisc userspace", "hppa", "hppa-linux-gnu", 1 },
	{ "sh4", NONE, NONE, "sh4-linux-gnu-gcc", NONE, "gcc-sh4-linux-gnu", "__u64 4-aligned", "sh4", "sh4-linux-gnu", 0 },
	{ "arc", "arc-linux-gnu", NONE, "arc-linux-gnu-gcc", NONE, "gcc-arc-linux-gnu", "__u64 4-aligned", "arc", "arc-linux-gnu", 0 },
	/*
	 * Debian has no UAPI headers of these three; their asm/ is
	 * asm-generic throughout, as riscv's is, whose copy serves them.
	 */
	{ "loongarch64", "loongarch64-linux-gnu", NONE, NONE, NONE, NONE, "LP64", "riscv64", "riscv64-linux-gnu", 0 },
	{ "hexagon", "hexagon-unknown-linux-musl", NONE, NONE, NONE, NONE, "ILP32", "riscv64", "riscv64-linux-gnu", 0 },
	{ "csky", "csky-linux-gnu", NONE, NONE, NONE, NONE, "ILP32, __u64 4-aligned", "riscv64", "riscv64-linux-gnu", 0 },
};

const size_t ifa_nabis = sizeof(ifa_abis) / sizeof(ifa_abis[0]);

const struct ifa_abi *ifa_abi_find(const char *name)
{
	size_t i;

	for (i = 0; i < ifa_nabis; i++)
		if (!strcmp(ifa_abis[i].name, name))
			return &ifa_abis[i];
	return NULL;
}

int ifa_abi_uapi_dir(const struct ifa_abi *abi, char *buf, size_t size)
{
	const char *root = getenv("IFA_UAPI_ROOT");	/* another distribution's layout */

	if (!abi->uapi_triple ||
	    ifa_fmt(buf, size, "%s/%s/include", root && *root ? root : "/usr", abi->uapi_triple))
		return -1;
	return access(buf, R_OK) ? -1 : 0;
}
