-- A POST with an empty form body, signed in by the seeded cookies.
wrk.method = "POST"
wrk.body = ""
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Cookie"] = "{{COOKIE}}"
