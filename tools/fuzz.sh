#!/usr/bin/env bash
# Coverage-guided fuzzing of the feeds with libFuzzer and AddressSanitizer.
#   tools/fuzz.sh feeds [SECONDS] [TARGET...]   run each target (scanner, line, csv) for SECONDS (default 300)
#   tools/fuzz.sh build                         only build .build-fuzz/feeds-fuzz
# The corpus grows in Fuzz/corpus/<target> (commit what it adds after a long run: it is the
# regression set FeedsTests replays). A crash leaves Fuzz/crashes/<target>/crash-*; add it to
# the corpus once fixed. Each run's summary line (executions, coverage) goes to Fuzz/runs.log.
set -euo pipefail
cd "$(dirname "$0")/.."
out=.build-fuzz
mkdir -p "$out"

build() {
  local flags=(-O -sanitize=fuzzer,address -parse-as-library -module-cache-path "$out/modules")
  swiftc "${flags[@]}" -emit-module -emit-object -wmo -module-name IndicatorEngine \
    -emit-module-path "$out/IndicatorEngine.swiftmodule" -o "$out/IndicatorEngine.o" Sources/IndicatorEngine/*.swift
  swiftc "${flags[@]}" -I "$out" -emit-module -emit-object -wmo -module-name Feeds \
    -emit-module-path "$out/Feeds.swiftmodule" -o "$out/Feeds.o" Sources/Feeds/*.swift
  swiftc "${flags[@]}" -I "$out" -module-name FeedsFuzz Fuzz/FeedsFuzz.swift "$out/IndicatorEngine.o" "$out/Feeds.o" \
    -o "$out/feeds-fuzz" 2> >(grep -v "Cannot export local symbol" >&2)
}

case "${1:-}" in
  build) build ;;
  feeds)
    seconds=${2:-300}
    shift $(( $# >= 2 ? 2 : 1 ))
    targets=("$@")
    [ ${#targets[@]} -gt 0 ] || targets=(scanner line csv)
    build
    for t in "${targets[@]}"; do
      mkdir -p "Fuzz/corpus/$t" "Fuzz/crashes/$t"
      log="$out/$t.log"
      echo "fuzzing $t for $seconds s"
      status=0
      IOC_FUZZ_TARGET=$t "$out/feeds-fuzz" "Fuzz/corpus/$t" -max_total_time="$seconds" -max_len=4096 \
        -artifact_prefix="Fuzz/crashes/$t/" -print_final_stats=1 >"$log" 2>&1 || status=$?
      execs=$(grep -m1 'stat::number_of_executed_units' "$log" | awk '{print $2}')
      cov=$(grep -E '^#[0-9]+' "$log" | tail -1 | grep -o 'cov: [0-9]*' || true)
      echo "$(date -u +%F) $t ${seconds}s executions=${execs:-?} ${cov} exit=$status" | tee -a Fuzz/runs.log
      if [ "$status" -ne 0 ]; then
        grep -E 'ERROR|Fatal error|SUMMARY' "$log" | head -5
        echo "crash input in Fuzz/crashes/$t/ (full log: $log)"
        exit 1
      fi
    done
    ;;
  *) sed -n '2,7p' "$0"; exit 2 ;;
esac
