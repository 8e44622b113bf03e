-- Numbers the wrk threads: each sees its own `id` (0, 1, …).
local counter = 0
function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
end
