/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * Declarations a UAPI header may hold that the measuring must take in its
 * stride: a flexible array member, a struct known only by its typedef, a
 * nested named struct, a packed struct, a two-dimensional array, and the
 * types IFA-PORT-4 forbids.
 */
#include <linux/types.h>
struct flex { __u32 n; __u32 __reserved; __aligned_u64 data[]; };
typedef struct { __u32 q; __u32 r; } anon_t;
struct nested { __u32 x; struct { __u32 y; __u32 z; } inner; __u32 w; };
struct packed_u64 { __u32 a; __u64 b; } __attribute__((packed));
struct arr2d { __u32 m[2][3]; };
struct forbidden { void *p; char c; _Bool b; long l; };
