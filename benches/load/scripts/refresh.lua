-- Each wrk thread reads its own file of refresh tokens and presents each
-- token once: every request is a real rotation of a different session.
local tokens, next_token = {}, 1
function init(args)
  for line in io.lines(args[1] .. "/tokens-" .. id .. ".txt") do tokens[#tokens + 1] = line end
end
function request()
  local token = tokens[next_token] or "pool-exhausted"
  next_token = next_token + 1
  return wrk.format("POST", "/api/auth/refresh", {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = "keycard_rt=" .. token,
  }, "")
end
