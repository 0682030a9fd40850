/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * The kernel's UAPI integer types, as <linux/types.h> defines them through
 * <asm-generic/int-ll64.h>, in one file with no other include.
 *
 * Probes put this directory first with -nostdinc: cross compilers have no
 * <asm/types.h>, and a header under test must not reach any libc header
 * (IFA-HDR-2). Every architecture's UAPI uses int-ll64 except that some
 * 64-bit ones (alpha, mips64, powerpc64) give userspace int-l64 unless
 * __SANE_USERSPACE_TYPES__ is defined; there "unsigned long" has the same
 * size and alignment as "unsigned long long", so layouts do not change.
 */
#ifndef _LINUX_TYPES_H
#define _LINUX_TYPES_H

typedef __signed__ char __s8;
typedef unsigned char __u8;
typedef __signed__ short __s16;
typedef unsigned short __u16;
typedef __signed__ int __s32;
typedef unsigned int __u32;
#ifdef __GNUC__
__extension__ typedef __signed__ long long __s64;
__extension__ typedef unsigned long long __u64;
#else
typedef __signed__ long long __s64;
typedef unsigned long long __u64;
#endif

#ifdef __CHECKER__
#define __bitwise __attribute__((bitwise))
#else
#define __bitwise
#endif
#define __bitwise__ __bitwise

typedef __u16 __bitwise __le16;
typedef __u16 __bitwise __be16;
typedef __u32 __bitwise __le32;
typedef __u32 __bitwise __be32;
typedef __u64 __bitwise __le64;
typedef __u64 __bitwise __be64;
typedef __u16 __bitwise __sum16;
typedef __u32 __bitwise __wsum;

#define __aligned_u64 __u64 __attribute__((aligned(8)))
#define __aligned_s64 __s64 __attribute__((aligned(8)))
#define __aligned_be64 __be64 __attribute__((aligned(8)))
#define __aligned_le64 __le64 __attribute__((aligned(8)))

typedef unsigned __bitwise __poll_t;

#endif /* _LINUX_TYPES_H */
