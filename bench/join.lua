-- wrk script for `make bench-join`: one random personal join link per request.
-- Usage: wrk ... -s bench/join.lua http://127.0.0.1:PORT -- TOKENS_FILE PATH_PREFIX EXPECTED_LOCATION
-- Counts every response that is not a 302 to EXPECTED_LOCATION, and prints one JSON line.

local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end

local tokens = {}
local prefix = "/join/"
local expected = ""

function init(args)
  local f = assert(io.open(args[1], "r"))
  for line in f:lines() do
    if #line > 0 then tokens[#tokens + 1] = line end
  end
  f:close()
  prefix = args[2] or prefix
  expected = args[3] or ""
  math.randomseed(os.time() * 1000 + id)
  responses, not302, wrong_location = 0, 0, 0
end

function request()
  return wrk.format("GET", prefix .. tokens[math.random(#tokens)] .. "/")
end

function response(status, headers, body)
  responses = responses + 1
  if status ~= 302 then
    not302 = not302 + 1
  elseif expected ~= "" and headers["Location"] ~= expected then
    wrong_location = wrong_location + 1
  end
end

function done(summary, latency, requests)
  local r, n, w = 0, 0, 0
  for _, t in ipairs(threads) do
    r = r + t:get("responses")
    n = n + t:get("not302")
    w = w + t:get("wrong_location")
  end
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests":%d,"duration_us":%d,"responses":%d,"not302":%d,"wrong_location":%d,' ..
    '"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d,' ..
    '"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d,"mean_us":%.1f}\n',
    summary.requests, summary.duration, r, n, w,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    latency.mean))
end
