-- wrk script: POST /allocate with a unique order id on every request.
--
-- Environment (read by every wrk thread):
--   BENCH_TAG   prefix that makes order ids unique across wrk runs on the same database (e.g. "fresh-m")
--   BENCH_SKUS  number of skus BENCH-SKU-1 .. BENCH-SKU-<n>; each request picks one at random (default 100)
--   BENCH_SKU   if set, every request goes to this one sku instead (the hot-sku scenario)
--   BENCH_PAUSE_MS  if set, each connection waits this long after an answer before its next request: a
--               load under what the machine can serve, so that two runs compared (the broker off and on)
--               do about the same work a second, each with its group commits of about the same size
--
-- Order id = <tag>-<thread number>-<per-thread counter>: each wrk thread has its own Lua state, so the
-- counter needs no locking, and the thread number keeps two threads apart.
--
-- response() counts statuses per thread (this slows wrk a little, which is acceptable here); done()
-- adds up the threads' counters and prints one machine-readable RESULT line for bench/run.

local threads = {}

function setup(thread)
   thread:set("tid", #threads + 1)
   table.insert(threads, thread)
end

function init(args)
   tag = os.getenv("BENCH_TAG") or "wrk"
   hot_sku = os.getenv("BENCH_SKU")
   if hot_sku == "" then hot_sku = nil end
   skus = tonumber(os.getenv("BENCH_SKUS") or "100")
   counter = 0
   s201, s2xx, non2xx, s409, s5xx = 0, 0, 0, 0, 0
   math.randomseed(os.time() + 7919 * tid)
end

local headers = { ["Content-Type"] = "application/json" }

-- wrk looks for delay() once the script is loaded: defined only when a pause is asked for.
local pause_ms = tonumber(os.getenv("BENCH_PAUSE_MS") or "")
if pause_ms and pause_ms > 0 then
   function delay()
      return pause_ms
   end
end

function request()
   counter = counter + 1
   local sku = hot_sku or ("BENCH-SKU-" .. math.random(1, skus))
   local body = string.format('{"orderid":"%s-%d-%d","sku":"%s","qty":%d}',
                              tag, tid, counter, sku, math.random(1, 3))
   return wrk.format("POST", "/allocate", headers, body)
end

function response(status, headers, body)
   if status == 201 then s201 = s201 + 1 end
   if status >= 200 and status < 300 then
      s2xx = s2xx + 1
   else
      non2xx = non2xx + 1
      if status == 409 then s409 = s409 + 1 end
      if status >= 500 then s5xx = s5xx + 1 end
   end
end

function done(summary, latency, requests)
   local total = { s201 = 0, s2xx = 0, non2xx = 0, s409 = 0, s5xx = 0 }
   for _, thread in ipairs(threads) do
      for key in pairs(total) do
         total[key] = total[key] + (thread:get(key) or 0)
      end
   end
   local seconds = summary.duration / 1e6
   local e = summary.errors
   io.write(string.format(
      "RESULT requests=%d seconds=%.3f rps=%.1f ok_per_s=%.1f p50_ms=%.2f p99_ms=%.2f max_ms=%.2f " ..
      "s201=%d non2xx=%d s409=%d s5xx=%d socket_errors=%d\n",
      summary.requests, seconds, summary.requests / seconds, total.s201 / seconds,
      latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
      total.s201, total.non2xx, total.s409, total.s5xx,
      e.connect + e.read + e.write + e.timeout))
end
