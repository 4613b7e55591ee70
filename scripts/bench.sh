#!/usr/bin/env bash
# Every benchmark, each printing its figures:
#   - criterion (release): decode 100k invoices, the 100k query (core, and through the app's
#     Desk), a 200-org batch at 20 ms latency, the export history's 100k snapshot and
#     comparison (each beside a peer: the CSV export, the query), the 100k CSV and XLSX exports
#   - scripts/bench-load.sh: wall time and peak memory of bdesk and the app's engine on 1,000
#     organizations and on 100k invoices
#   - scripts/bench-cli.sh: bdesk end to end against a Python script on the same stub
#   - scripts/bench-window.sh: the release app's window with 100k invoices (filter/sort to
#     repaint, cached start, idle memory) and the release binary's size
#   - scripts/bench-search.sh: a search typed during a batch of 1,000 organizations, last key
#     press to the frame with the answer, on a quiet machine and with one core busy
# Criterion reports land in target/criterion, the CLI summary in target/bench/cli/summary.txt,
# the window's in target/bench/window/summary.txt, the search's in target/bench/search/.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo bench -p billing-core --bench decode --bench query --bench desk_query --bench batch --bench history --bench export
bash scripts/bench-load.sh
bash scripts/bench-cli.sh
bash scripts/bench-window.sh
bash scripts/bench-search.sh
