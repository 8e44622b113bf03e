-- A page request, signed in by the seeded cookies.
wrk.headers["Cookie"] = "{{COOKIE}}"
