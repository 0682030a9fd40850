#include <linux/types.h>
struct broken {
	__u32 a __u32 b;
};
