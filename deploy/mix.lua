-- wrk script shared by deploy/test.sh and end2end/perf/front-cache.sh: asks
-- for the paths given after `--` in turn (each thread from its own start),
-- accepting gzip and brotli; with `--unique` first, each request at a new
-- address (`?u=<thread>-<n>` added, a parameter no page reads). Prints
--   RESULT <requests> <answers not 2xx> <socket errors>
-- (wrk's own "Non-2xx" line counts 4xx and 5xx only).
local threads = {}
wrk.headers["Accept-Encoding"] = "gzip, br"
function setup(thread) table.insert(threads, thread); thread:set("id", #threads) end
function init(args)
  unique = args[1] == "--unique"
  paths = {}
  for k = unique and 2 or 1, #args do table.insert(paths, args[k]) end
  bad = 0; n = 0; i = math.random(#paths)
end
function request()
  i = i % #paths + 1
  local path = paths[i]
  if unique then
    n = n + 1
    local sep = string.find(path, "?", 1, true) and "&" or "?"
    path = path .. sep .. "u=" .. id .. "-" .. n
  end
  return wrk.format("GET", path)
end
function response(status, headers, body) if status < 200 or status > 299 then bad = bad + 1 end end
function done(summary, latency, requests)
  local non2xx = 0
  for _, t in ipairs(threads) do non2xx = non2xx + t:get("bad") end
  local e = summary.errors
  io.write(string.format("RESULT %d %d %d\n", summary.requests, non2xx,
    e.connect + e.read + e.write + e.timeout))
end
