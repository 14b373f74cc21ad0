# scripts/bench/interleaved.sh — sourced by http.sh and consents.sh: interleaved load rounds.
# The caller sets the arrays labels, urls and pids (one entry per running server), PEERS, and
# lines (a file collecting one line per run).

# Runs RUNS rounds; each round loads every server once with ../shared/peers/run.sh (RUNS=1, the
# caller's SCENARIOS and DURATION), one at a time, the order rotating from round to round (round 1:
# the first server first; round 2: the next one first; ...). Prints every run with its round number
# and appends it to $lines.
interleaved_rounds() {
  local n=${#labels[@]} round k i
  printf '%-5s %-12s %-7s %9s %-17s %8s %8s %7s %7s %8s %7s %7s\n' round label scenario "req/s" "" p50_ms p99_ms non2xx sockerr rss_MiB srvCPU wrkCPU
  for round in $(seq 1 "$1"); do
    for k in $(seq 0 $((n - 1))); do
      i=$(( (k + round - 1) % n ))
      RUNS=1 SERVER_PIDS=${pids[$i]} "$PEERS/run.sh" "${urls[$i]}" "${labels[$i]}" | tail -n +2 | sed "s/^/$round     /" | tee -a "$lines"
    done
  done
}

# Prints the medians over the rounds and the ratios of consent-service to every other server
# (scripts/bench/interleaved-summary.awk).
interleaved_summary() {
  echo
  echo "medians over $1 interleaved rounds:"
  printf '%-12s %-7s %9s %8s %8s %7s %7s %8s %7s %7s\n' label scenario "req/s" p50_ms p99_ms non2xx sockerr rss_MiB srvCPU wrkCPU
  awk -f "$(dirname "${BASH_SOURCE[0]}")/interleaved-summary.awk" "$lines"
}
