#!/bin/sh
# make bench: the checker's wall time over the whole ABI matrix beside the
# floor, for the canonical header and for Debian's vfio.h. The floor is
# what any full-matrix measurement must do at least: compile the header
# once with every installed GCC (-g -fno-eliminate-unused-debug-types, as
# many compiles at once as there are cores), then read each object once
# with pahole. Best of $runs runs each.
set -eu
tool=$1
runs=${BENCH_RUNS:-5}
here=$(cd "$(dirname "$0")" && pwd)
types="$here/../kernel-types"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
jobs=$(nproc)

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

best_of() {	# best wall time in ms of the command "$@", $runs times
	best=""
	for _ in $(seq "$runs"); do
		t0=$(now_ms)
		"$@" >/dev/null 2>&1 || true
		t=$(( $(now_ms) - t0 ))
		if [ -z "$best" ] || [ "$t" -lt "$best" ]; then best=$t; fi
	done
	echo "$best"
}

# One line per installed GCC ABI: name, compiler, its flags.
"$tool" abis | tail -n +2 | while read -r name _ gcc rest; do
	case "$gcc" in -|"("*) continue ;; esac
	flags=$(echo "$rest" | awk '{ for (i = 1; i <= NF && $i ~ /^-/; i++) printf "%s ", $i }')
	echo "$name $gcc $flags"
done > "$work/abis"

floor() {	# floor HEADER INCLUDE-OPTIONS
	header=$1
	inc=$2
	rm -f "$work"/*.o
	printf '#include "%s"\n' "$header" > "$work/probe.c"
	# shellcheck disable=SC2086
	while read -r name gcc flags; do
		echo "$gcc $flags $inc -g -fno-eliminate-unused-debug-types -c -o $work/$name.o $work/probe.c"
	done < "$work/abis" | xargs -P "$jobs" -I{} sh -c '{}'
	for o in "$work"/*.o; do pahole "$o" >/dev/null 2>&1 || true; done
}

report() {	# report LABEL HEADER INCLUDE-OPTIONS
	t_tool=$(best_of "$tool" check "$2")
	t_floor=$(best_of floor "$2" "$3")
	n=$(wc -l < "$work/abis")
	echo "$1: check ${t_tool} ms, floor ${t_floor} ms ($n GCC ABIs, $jobs at once, pahole on each)"
	awk -v a="$t_tool" -v b="$t_floor" -v l="$1" 'BEGIN { printf "%s: ratio check / floor: %.2f (aim: 1.5 or better)\n", l, a / b }'
}

report "canonical header" "$here/../../abi/include/linux/iommu_fault.h" "-nostdinc -I $types"
if [ -f /usr/include/linux/vfio.h ]; then
	report "vfio.h" /usr/include/linux/vfio.h ""
fi

# The whole tree: `check DIR` over every header of /usr/include/linux on
# every ABI, beside what libabigail does for one ABI (x86_64): each header
# compiled with -g -fno-eliminate-unused-debug-types into an object that
# keeps its types, then `abidw --load-all-types` on it, $jobs at once.
tree=${BENCH_TREE:-/usr/include/linux}
if [ -d "$tree" ]; then
	nh=$(find "$tree" -name '*.h' -type f | wc -l)
	t0=$(now_ms)
	"$tool" check "$tree" --quiet > "$work/scan.out" 2>/dev/null || true
	t_scan=$(( $(now_ms) - t0 ))
	summary=$(grep -E '^verdict:' "$work/scan.out" || echo "verdict: (none)")
	echo "whole tree ($tree, $nh headers): check ${t_scan} ms over every installed ABI"
	echo "  $summary"
	if command -v abidw >/dev/null 2>&1; then
		mkdir -p "$work/abi"
		t0=$(now_ms)
		find "$tree" -name '*.h' -type f | awk '{ printf "%d %s\n", NR, $0 }' |
			xargs -P "$jobs" -L 1 sh -c '
				printf "#include \"%s\"\nint probe_anchor;\n" "$3" > "$1/abi/$2.c"
				gcc -g -fno-eliminate-unused-debug-types -c -o "$1/abi/$2.o" "$1/abi/$2.c" 2>/dev/null &&
				abidw --load-all-types --no-architecture "$1/abi/$2.o" > /dev/null 2>&1
				exit 0' sh "$work"
		t_abi=$(( $(now_ms) - t0 ))
		echo "whole tree: libabigail (gcc -g + abidw --load-all-types) ${t_abi} ms for one ABI (x86_64), $jobs at once"
		awk -v a="$t_scan" -v b="$t_abi" -v n="$(wc -l < "$work/abis")" 'BEGIN {
			printf "whole tree: ratio check (%d GCC ABIs) / libabigail (1 ABI): %.2f (aim: 1.0 or better)\n", n, a / b }'
	else
		echo "whole tree: libabigail not installed (apt-get install abigail-tools): no ratio"
	fi
fi
