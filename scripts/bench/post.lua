-- wrk script for scripts/bench/weighins: POST one JSON body, optionally with a Bearer token and a
-- fresh Idempotency-Key per request; stop after a per-thread request bound; print counts as JSON,
-- with the "id" of every 2xx weigh-in answered (the bench checks each of them is in the database).
-- wrk -s post.lua URL -- <body> <token or -> <key prefix or -> <max requests per thread>

local threads = {}

function setup(thread)
    thread:set("thread_no", #threads)
    table.insert(threads, thread)
end

function init(args)
    body, token, prefix, limit = args[1], args[2], args[3], tonumber(args[4])
    sent, ok, bad, last_bad, ids = 0, 0, 0, 0, {}
end

function request()
    sent = sent + 1
    local headers = { ["Content-Type"] = "application/json" }
    if token ~= "-" then headers["Authorization"] = "Bearer " .. token end
    if prefix ~= "-" then
        headers["Idempotency-Key"] = string.format("%s-%d-%d", prefix, thread_no, sent)
    end
    return wrk.format("POST", nil, headers, body)
end

function response(status, headers, body)
    if status >= 200 and status < 300 then
        ok = ok + 1
        if prefix ~= "-" then ids[#ids + 1] = body:match('"id":(%d+)') or "0" end
    else
        bad = bad + 1
        last_bad = status
    end
    if ok + bad >= limit then wrk.thread:stop() end
end

function done(summary, latency, requests)
    local sent_all, ok_all, bad_all, last, ids_all = 0, 0, 0, 0, {}
    for _, thread in ipairs(threads) do
        sent_all = sent_all + thread:get("sent")
        ok_all = ok_all + thread:get("ok")
        bad_all = bad_all + thread:get("bad")
        if thread:get("last_bad") ~= 0 then last = thread:get("last_bad") end
        for _, id in ipairs(thread:get("ids")) do ids_all[#ids_all + 1] = id end
    end
    local e = summary.errors
    io.write(string.format(
        'BENCH {"sent": %d, "ok": %d, "bad": %d, "last_bad": %d, "duration_us": %d, ' ..
        '"socket_errors": %d, "p50_us": %d, "p99_us": %d, "ids": [%s]}\n',
        sent_all, ok_all, bad_all, last, summary.duration,
        e.connect + e.read + e.write + e.timeout,
        latency:percentile(50), latency:percentile(99), table.concat(ids_all, ",")))
end
