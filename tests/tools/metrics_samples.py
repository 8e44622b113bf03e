"""Reads Prometheus text exposition on stdin with prometheus_client's own
parser and prints its samples as JSON: [{"name", "labels", "value"}, ...].
A payload the parser refuses makes this exit non-zero."""

import json
import sys

from prometheus_client.parser import text_string_to_metric_families

samples = []
for family in text_string_to_metric_families(sys.stdin.read()):
    for sample in family.samples:
        samples.append({"family": family.name, "type": family.type, "name": sample.name,
                        "labels": sample.labels, "value": sample.value})
json.dump(samples, sys.stdout)
