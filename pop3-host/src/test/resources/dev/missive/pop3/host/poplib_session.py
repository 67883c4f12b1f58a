"""Python's poplib against a Pop3Listener (run by PythonClientsTest).

Arguments: the STLS port, the implicit-TLS port, the PEM file of the certificate to trust.
Prints each retrieved message's lines so the test can compare them.
"""
import poplib
import ssl
import sys

port, tls_port, cafile = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
context = ssl.create_default_context(cafile=cafile)

pop = poplib.POP3("127.0.0.1", port, timeout=20)
assert "STLS" in pop.capa(), pop.capa()
try:
    pop.user("alice")
    pop.pass_("secret")
    raise SystemExit("plaintext login accepted before STLS")
except poplib.error_proto as e:
    print("login before STLS refused:", e)
pop.stls(context=context)
pop.user("alice")
pop.pass_("secret")
count, size = pop.stat()
assert count == 2, (count, size)
print("uidl", pop.uidl(2).decode())
resp, lines, octets = pop.retr(1)
print("retr 1:", b"|".join(lines).decode())
pop.dele(2)
pop.quit()

pops = poplib.POP3_SSL("127.0.0.1", tls_port, context=context, timeout=20)
pops.user("alice")
pops.pass_("secret")
print("implicit stat", pops.stat())
pops.quit()
print("done")
