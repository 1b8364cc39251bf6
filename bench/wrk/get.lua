-- GET with a bearer token: wrk ... -s get.lua URL -- <token>
function init(args)
  wrk.headers["Authorization"] = "Bearer " .. args[1]
  wrk.headers["Accept"] = "application/json"
end
