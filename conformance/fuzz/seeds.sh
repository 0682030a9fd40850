#!/bin/sh
# Seed corpora of the fuzz targets, from the fixtures: seeds.sh DIR makes
# DIR/<target>/ for every target (existing inputs are kept).
set -eu
dir=$1
root=$(cd "$(dirname "$0")/../.." && pwd)
for t in decode response queue decoder_line spec fixture; do
	mkdir -p "$dir/$t"
done
cp "$root"/fixtures/generated/records/*.bin "$dir/decode/"
for f in "$root"/fixtures/generated/records-be/*.bin; do
	cp "$f" "$dir/decode/be-$(basename "$f")"
done
cp "$root"/fixtures/generated/responses/*.bin "$dir/response/"
for f in "$root"/fixtures/generated/responses-be/*.bin; do
	cp "$f" "$dir/response/be-$(basename "$f")"
done
# One request per record fixture, at both levels and a stride of two records.
for f in "$root"/fixtures/generated/records/*.bin; do
	hex=$(od -An -v -tx1 "$f" | tr -d ' \n')
	name=$(basename "$f" .bin)
	printf 'decode v1 128 %s\n' "$hex" > "$dir/decoder_line/$name"
	printf 'decode v1+gpasid 256 %s%s\ndecode v1 -1 %s\n\nstatus\n' "$hex" "$hex" "$hex" \
		> "$dir/decoder_line/$name-2"
done
# Queues: N, record size, then operations (0 push, 1 try-push, 2 pop, 3 peek,
# 4 release, 5 count, 6 lost, 7 and 8 forge head or tail with 4 bytes).
printf '\003\017\000\000\000\000\000\002\005\006\002\002\002' > "$dir/queue/fill-drop-drain"
printf '\000\177\001\001\003\004\004\002\005' > "$dir/queue/one-slot"
printf '\003\017\000\000\007\011\000\000\000\000\002\005' > "$dir/queue/head-forged"
printf '\003\017\000\010\011\000\000\000\002\003\004\005\000' > "$dir/queue/tail-forged"
cp "$root"/spec/*.md "$dir/spec/"
cp "$root"/fixtures/*.txt "$dir/fixture/"
