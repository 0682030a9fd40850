#!/bin/sh
# Installs the Debian packages a make target needs, or says exactly which
# are missing and how to install them. Usage: ensure-deps.sh GROUP...
#   build  compile iommu-fault-abi (gcc, libclang)
#   header check a header on every ABI: GCC cross compilers, pahole, and
#          clang and g++ for the C90-to-C++17 compiles of IFA-HDR-4; each
#          architecture's kernel UAPI headers, for headers that reach past
#          <linux/types.h> (<linux/ioctl.h> in most of include/uapi); the
#          kernel's scripts/kernel-doc (linux-kbuild-6.1) for IFA-HDR-5
#   test   run the test suites (Check, pytest, clang's sanitizer runtime; qemu-user
#          and the C libraries to run the reference decoder built for s390x,
#          m68k and i386; cmark-gfm and chromium for the pictures' test;
#          pytest-xdist to run the cases in parallel, jsonschema to validate
#          every JSON output, man to render the man pages)
#   html   render the spec to HTML (make html: cmark-gfm)
set -eu

pkgs_build="gcc make pkg-config libclang-19-dev"
pkgs_test="check python3-pytest libclang-rt-14-dev qemu-user libc6-dev-s390x-cross
libc6-dev-m68k-cross libc6-dev-i386-cross cmark-gfm chromium
python3-pytest-xdist python3-jsonschema man-db groff-base"
pkgs_html="cmark-gfm"
pkgs_header="clang g++ dwarves linux-kbuild-6.1 gcc-i686-linux-gnu gcc-x86-64-linux-gnux32 gcc-aarch64-linux-gnu
gcc-arm-linux-gnueabi gcc-arm-linux-gnueabihf gcc-powerpc-linux-gnu
gcc-powerpc64-linux-gnu gcc-powerpc64le-linux-gnu gcc-s390x-linux-gnu
gcc-riscv64-linux-gnu gcc-mips-linux-gnu gcc-mipsel-linux-gnu
gcc-mips64-linux-gnuabi64 gcc-mips64el-linux-gnuabi64 gcc-sparc64-linux-gnu
gcc-m68k-linux-gnu gcc-alpha-linux-gnu gcc-hppa-linux-gnu gcc-hppa64-linux-gnu
gcc-sh4-linux-gnu gcc-arc-linux-gnu
linux-libc-dev-amd64-cross linux-libc-dev-i386-cross linux-libc-dev-x32-cross
linux-libc-dev-arm64-cross linux-libc-dev-armel-cross linux-libc-dev-armhf-cross
linux-libc-dev-powerpc-cross linux-libc-dev-ppc64-cross linux-libc-dev-ppc64el-cross
linux-libc-dev-s390x-cross linux-libc-dev-riscv64-cross linux-libc-dev-mips-cross
linux-libc-dev-mipsel-cross linux-libc-dev-mips64-cross linux-libc-dev-mips64el-cross
linux-libc-dev-sparc64-cross linux-libc-dev-m68k-cross linux-libc-dev-alpha-cross
linux-libc-dev-hppa-cross linux-libc-dev-sh4-cross linux-libc-dev-arc-cross"

want=""
for group in "$@"; do
	case "$group" in
	build) want="$want $pkgs_build" ;;
	test) want="$want $pkgs_test" ;;
	header) want="$want $pkgs_header" ;;
	html) want="$want $pkgs_html" ;;
	*) echo "ensure-deps.sh: unknown group '$group'" >&2; exit 2 ;;
	esac
done

if ! command -v dpkg-query >/dev/null 2>&1; then
	echo "ensure-deps.sh: not a Debian system; install the equivalents of:$want" >&2
	exit 1
fi

missing=""
for p in $want; do
	case "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" in
	*"install ok installed"*) ;;
	*) missing="$missing $p" ;;
	esac
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" != 0 ]; then
	echo "Missing Debian packages:$missing" >&2
	echo "Install them as root, then run make again:" >&2
	echo "  apt-get update && apt-get install -y --no-install-recommends$missing" >&2
	exit 1
fi
# Another install (apt, dpkg, unattended-upgrades) may hold the package
# system's locks: wait for it, at most DEPS_LOCK_TIMEOUT seconds (300), saying
# so, rather than fail at once. make DEPS=true skips this script altogether.
lock_wait=${DEPS_LOCK_TIMEOUT:-300}
locks="/var/lib/dpkg/lock-frontend /var/lib/dpkg/lock /var/lib/apt/lists/lock
/var/cache/apt/archives/lock"
if command -v fuser >/dev/null 2>&1; then
	waited=0
	# shellcheck disable=SC2086
	while fuser $locks >/dev/null 2>&1; do
		if [ "$waited" -ge "$lock_wait" ]; then
			echo "ensure-deps.sh: another package install still holds the dpkg lock after" \
				"$lock_wait s; install by hand:" >&2
			echo "  apt-get update && apt-get install -y --no-install-recommends$missing" >&2
			echo "or skip the installs with make DEPS=true" >&2
			exit 1
		fi
		[ "$waited" = 0 ] && echo "ensure-deps.sh: another package install holds the dpkg" \
			"lock; waiting up to $lock_wait s for it to finish, to install:$missing" >&2
		sleep 5
		waited=$((waited + 5))
	done
fi
echo "Installing missing Debian packages:$missing"
export DEBIAN_FRONTEND=noninteractive
# And apt's own wait, for an install that takes the lock between the check and now.
apt-get -o DPkg::Lock::Timeout="$lock_wait" update -q >/dev/null
# shellcheck disable=SC2086
apt-get -o DPkg::Lock::Timeout="$lock_wait" install -y -q --no-install-recommends $missing >/dev/null
