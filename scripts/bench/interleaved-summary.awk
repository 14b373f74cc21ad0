# interleaved-summary.awk — medians and ratios of interleaved benchmark rounds (http.sh, consents.sh).
# Input: one line per run, "ROUND LABEL SCENARIO REQ/S (MIN-MAX) P50_MS P99_MS NON2XX SOCKERR RSS_MIB SRVCPU% WRKCPU%"
# (../shared/peers/run.sh's line with the round number in front). Prints per label and scenario the
# medians over the rounds, then for every other label the ratio of consent-service to it: the ratio of
# the medians and the median of the same-round ratios (load drift on a shared machine falls on both).
function median(list,   a, m, i, j, t) { m = split(list, a, " ")
  for (i = 2; i <= m; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] + 0 > t + 0; j--) a[j + 1] = a[j]; a[j + 1] = t }
  return a[int((m + 1) / 2)] }
{ key = $2 " " $3; if (!(key in seen)) { seen[key] = 1; order[++k] = key }
  rps[key] = rps[key] " " $4; p50[key] = p50[key] " " $6; p99[key] = p99[key] " " $7
  non[key] += $8; err[key] += $9; rss[key] = rss[key] " " $10; cpu[key] = cpu[key] " " $11; wcpu[key] = wcpu[key] " " $12
  r[$1, $2, $3] = $4 }
END {
  for (i = 1; i <= k; i++) { key = order[i]; split(key, lk, " ")
    printf "%-12s %-7s %9.0f %8.2f %8.2f %7d %7d %8.1f %6s%% %6s%%\n", lk[1], lk[2], median(rps[key]), median(p50[key]),
      median(p99[key]), non[key], err[key], median(rss[key]), median(cpu[key]) + 0, median(wcpu[key]) + 0
    med[key] = median(rps[key]) }
  for (i = 1; i <= k; i++) { key = order[i]; split(key, lk, " ")
    if (lk[1] == "consent-service") continue
    ours = "consent-service " lk[2]; if (!(ours in med)) continue
    list = ""; for (rd = 1; rd <= 1000; rd++) if (((rd, "consent-service", lk[2]) in r) && ((rd, lk[1], lk[2]) in r))
      list = list " " sprintf("%.2f", r[rd, "consent-service", lk[2]] / r[rd, lk[1], lk[2]])
    printf "ratio %-7s consent-service / %-12s %.2fx (medians); same-round ratios:%s (median %.2fx)\n",
      lk[2], lk[1], med[ours] / med[key], list, median(list) }
}
