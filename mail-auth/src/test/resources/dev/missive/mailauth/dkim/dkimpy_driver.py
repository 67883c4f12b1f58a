"""Signs and verifies messages with dkimpy for DkimpyInteropTest (run by Debian's /usr/bin/python3).

Reads one JSON job from the file named by argv[1]:
  {"keys": {"sel._domainkey.example.com": "v=DKIM1; ..."},
   "verify": [path, ...],
   "sign": [{"path": ..., "selector": ..., "domain": ..., "key": PEM-or-base64 text, "algorithm": "rsa-sha256",
             "canon": "relaxed/simple", "out": path}, ...]}
Prints one line per item: "verify PATH True|False" and "sign PATH ok|error: ...".
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
    try:
        ok = dkim.verify(message, dnsfunc=dnsfunc)
    except Exception as e:  # dkimpy raises on some malformed input
        ok = "error: %s" % e
    print("verify %s %s" % (path, ok))

for item in job["sign"]:
    with open(item["path"], "rb") as f:
        message = f.read()
    h, b = item["canon"].split("/")
    try:
        sig = dkim.sign(message, item["selector"].encode(), item["domain"].encode(), item["key"].encode(),
                        canonicalize=(h.encode(), b.encode()),
                        signature_algorithm=item["algorithm"].encode(),
                        include_headers=[b"from", b"to", b"subject", b"date", b"message-id"])
        with open(item["out"], "wb") as f:
            f.write(sig + message)
        print("sign %s ok" % item["path"])
    except Exception as e:
        print("sign %s error: %s" % (item["path"], e))
sys.stdout.flush()
