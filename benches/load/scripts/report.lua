-- Appended to every scenario: reports in one line the harness parses.
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("KEYCARD-RESULT %d %d %d %d %d\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(99), e.status + e.connect + e.read + e.write + e.timeout))
end
