#!/usr/bin/env bash
# Every benchmark, each printing its figures:
#   - criterion (release): decode 100k invoices, the 100k query, a 200-org batch at 20 ms latency
#   - scripts/bench-cli.sh: bdesk end to end against a Python script on the same stub
# Criterion reports land in target/criterion, the CLI summary in target/bench/cli/summary.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo bench -p billing-core --bench decode --bench query --bench batch
bash scripts/bench-cli.sh
