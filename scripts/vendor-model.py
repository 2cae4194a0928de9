#!/usr/bin/env python3
"""Copy a botocore service model into models/, without its documentation strings.

The models are AWS's own API shapes (Apache-2.0, from botocore). berth reads them at start-up
to validate requests and to know the list of operations. Run this to refresh a model:

    python3 scripts/vendor-model.py ecs 2014-11-13
"""
import gzip, json, os, sys
import botocore

service, version = sys.argv[1], sys.argv[2]
src = os.path.join(os.path.dirname(botocore.__file__), "data", service, version, "service-2.json.gz")
model = json.load(gzip.open(src))

def strip(node):
    if isinstance(node, dict):
        return {k: strip(v) for k, v in node.items() if k not in ("documentation", "documentationUrl", "examples")}
    if isinstance(node, list):
        return [strip(v) for v in node]
    return node

out = os.path.join(os.path.dirname(__file__), "..", "models", f"{service}-{version}.json")
with open(out, "w") as f:
    json.dump(strip(model), f, separators=(",", ":"), sort_keys=True)
print(out, os.path.getsize(out))
