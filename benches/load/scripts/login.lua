-- Each wrk thread signs in with its own share of the accounts, in turn, so
-- no account has two attempts in flight at once.
local n = 0
function request()
  local account = id * {{ACCOUNTS_PER_THREAD}} + n % {{ACCOUNTS_PER_THREAD}}
  n = n + 1
  return wrk.format("POST", "/api/auth/login", { ["Content-Type"] = "application/x-www-form-urlencoded" },
    "email=user" .. account .. "%40bench.test&password={{PASSWORD_FORM}}")
end
