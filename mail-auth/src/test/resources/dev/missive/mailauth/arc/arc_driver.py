"""Seals and validates ARC chains with dkimpy for ArcDkimpyInteropTest (run by Debian's /usr/bin/python3).

Reads one JSON job from the file named by argv[1]:
  {"keys": {"sel._domainkey.example.com": "v=DKIM1; ..."},
   "verify": [path, ...],
   "seal": [{"path": ..., "selector": ..., "domain": ..., "key": PEM text, "srv_id": ..., "out": path}, ...]}
Prints one line per item: "verify PATH pass|fail|none REASON" and "seal PATH ok|error: ...".
Sealing needs python3-authres: dkimpy reads the Authentication-Results fields of srv_id into the new set.
"""
import json
import sys

import dkim

job = json.load(open(sys.argv[1]))
keys = {k.encode() + b".": v.encode() for k, v in job["keys"].items()}


def dnsfunc(name, timeout=5):
    return keys.get(name if name.endswith(b".") else name + b".")


for path in job["verify"]:
    with open(path, "rb") as f:
        message = f.read()
    cv, results, reason = dkim.arc_verify(message, dnsfunc=dnsfunc)
    status = cv.decode() if isinstance(cv, bytes) else str(cv)
    print("verify %s %s %s" % (path, status, reason))

for item in job["seal"]:
    with open(item["path"], "rb") as f:
        message = f.read()
    try:
        fields = dkim.arc_sign(message, item["selector"].encode(), item["domain"].encode(),
                               item["key"].encode(), item["srv_id"].encode(),
                               include_headers=[b"from", b"to", b"subject", b"date", b"message-id"])
        if not fields:
            raise ValueError("dkimpy added no ARC set")
        with open(item["out"], "wb") as f:
            f.write(b"".join(fields) + message)
        print("seal %s ok" % item["path"])
    except Exception as e:
        print("seal %s error: %s" % (item["path"], e))
sys.stdout.flush()
