-- A bounded load for wrk: each connection waits `pause` ms before its next request,
-- so 64 connections offer at most 64000 / pause requests per second.
local pause = 128

function init(args)
  if args[1] then pause = tonumber(args[1]) end
end

function delay()
  return pause
end
