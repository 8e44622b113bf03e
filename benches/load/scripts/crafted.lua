-- Registrations whose password is zxcvbn's worst case (l33t substitutions,
-- the password is filled in by the harness), each with a new address.
local n = 0
function request()
  n = n + 1
  return wrk.format("POST", "/api/auth/register", { ["Content-Type"] = "application/x-www-form-urlencoded" },
    "email=crafted" .. id .. "-" .. n .. "%40bench.test&password={{PASSWORD_FORM}}")
end
