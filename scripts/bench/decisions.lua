-- wrk script: POST /v1/decisions for a recorded visitor (visitor-00000001..1000, seeded by
-- scripts/bench/decisions.sh with post.lua) and 5 concrete cookie names: two essential, one analytics,
-- one pattern match (hc-<n>-preview) and one undeclared name.
--
-- The 1000 requests (one per visitor, each with its own hc-<n>-preview) are formatted once at start
-- and sent in turn, so the load generator does no string formatting per request (on a 2-core box its
-- CPU is taken from the server). DECISIONS_LUA_FORMAT=1 restores per-request formatting.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"

local function format(n)
  local body = string.format(
    '{"visitorId":"visitor-%08d","cookies":["_zendesk_session","_cf_bm","ajs_user_id","hc-%d-preview","unknown_cookie"]}',
    (n % 1000) + 1, n)
  return wrk.format("POST", "/v1/decisions", nil, body)
end

local pool = {}
local size = 1000
local counter = 0

init = function(args)
  if os.getenv("DECISIONS_LUA_FORMAT") ~= "1" then
    for n = 1, size do pool[n] = format(n) end
  end
end

request = function()
  counter = counter + 1
  if pool[1] == nil then return format(counter) end
  return pool[(counter % size) + 1]
end

-- machine-readable summary (latencies in microseconds), as ../shared/peers/report.lua prints it
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("WRKSUM requests=%d duration_us=%d rps=%.1f p50_us=%d p90_us=%d p99_us=%d max_us=%d non2xx=%d connect=%d read=%d write=%d timeout=%d\n",
    summary.requests, summary.duration, summary.requests / (summary.duration / 1e6),
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    e.status, e.connect, e.read, e.write, e.timeout))
end
