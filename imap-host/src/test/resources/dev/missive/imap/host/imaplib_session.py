"""Python's imaplib against an ImapListener (run by ImapPythonTest).

Arguments: the STARTTLS port, the implicit-TLS port, the PEM file of the certificate to trust.
"""
import imaplib
import ssl
import sys

port, tls_port, cafile = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
context = ssl.create_default_context(cafile=cafile)

imap = imaplib.IMAP4("127.0.0.1", port, timeout=20)
assert "LOGINDISABLED" in imap.capabilities, imap.capabilities
try:
    imap.login("alice", "secret")
    raise SystemExit("LOGIN accepted before STARTTLS")
except imaplib.IMAP4.error as e:
    print("login before TLS refused:", e)
imap.starttls(ssl_context=context)
imap.login("alice", "secret")
typ, data = imap.select("INBOX")
assert typ == "OK" and data == [b"1"], (typ, data)
typ, data = imap.fetch("1", "(BODY.PEEK[])")
print("fetched:", data[0][1].decode().replace("\r\n", "|"))
imap.logout()

imaps = imaplib.IMAP4_SSL("127.0.0.1", tls_port, ssl_context=context, timeout=20)
imaps.login("alice", "secret")
typ, data = imaps.status("INBOX", "(MESSAGES)")
print("implicit status:", data[0].decode())
imaps.logout()
print("done")
