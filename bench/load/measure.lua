-- wrk script: optional POST with the session and CSRF token, random case pages, and a summary as JSON.
-- Environment: LOAD_METHOD (GET/POST), LOAD_PATHS (space-separated; one is picked per request),
-- LOAD_COOKIE, LOAD_CSRF, LOAD_BODY, LOAD_EXPECT (the status that counts as success).
local paths = {}
for p in string.gmatch(os.getenv("LOAD_PATHS") or "/", "%S+") do table.insert(paths, p) end
local method = os.getenv("LOAD_METHOD") or "GET"
local body = os.getenv("LOAD_BODY")
local expect = tonumber(os.getenv("LOAD_EXPECT") or "200")
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  unexpected = 0
  math.randomseed(os.time() + math.floor(os.clock() * 1000000))
  wrk.headers["Cookie"] = os.getenv("LOAD_COOKIE")
  wrk.headers["X-CSRFToken"] = os.getenv("LOAD_CSRF")
  wrk.headers["Referer"] = "http://127.0.0.1/"
  if method == "POST" then
    wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
  end
end

function request()
  local path = paths[math.random(#paths)]
  return wrk.format(method, path, nil, method == "POST" and body or nil)
end

function response(status, headers, body)
  if status ~= expect then unexpected = unexpected + 1 end
end

function done(summary, latency, requests)
  local bad = 0
  for _, thread in ipairs(threads) do bad = bad + thread:get("unexpected") end
  local errors = summary.errors
  io.write(string.format(
    'LOADJSON {"requests": %d, "seconds": %.3f, "p50_ms": %.2f, "p95_ms": %.2f, "p99_ms": %.2f, ' ..
    '"unexpected_status": %d, "socket_errors": %d}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, bad,
    errors.connect + errors.read + errors.write + errors.timeout))
end
