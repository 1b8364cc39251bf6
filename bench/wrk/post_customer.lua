-- POST /api/booking/customers, a new customer (unique phone) per request:
--   wrk ... -s post_customer.lua URL -- <token> <dealer_id> <run 10..99> [idempotency]
-- With "idempotency" every request also carries a unique Idempotency-Key.
-- Each wrk thread has its own Lua state: setup() numbers the threads so phones never collide.
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

local counter = 0
local token, dealer, run, keyed

function init(args)
  token, dealer, run, keyed = args[1], args[2], args[3], args[4] == "idempotency"
  wrk.method = "POST"
  wrk.headers["Authorization"] = "Bearer " .. token
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Accept"] = "application/json"
end

function request()
  counter = counter + 1
  -- +86 13 <run: 2 digits> <thread: 1 digit> <counter: 6 digits>: a valid, unique mobile number
  local phone = string.format("+8613%02d%d%06d", tonumber(run), tid % 10, counter % 1000000)
  local body = string.format(
    '{"dealer_id":"%s","name":"Bench %s","phone":"%s","email":"bench%s@example.com"}',
    dealer, phone, phone, string.sub(phone, 2))
  -- wrk.format uses the table given instead of wrk.headers (only Host is copied): copy them
  local headers = {}
  for name, value in pairs(wrk.headers) do headers[name] = value end
  if keyed then
    headers["Idempotency-Key"] = string.format("bench-%s-%d-%d", run, tid, counter)
  end
  return wrk.format(nil, nil, headers, body)
end
