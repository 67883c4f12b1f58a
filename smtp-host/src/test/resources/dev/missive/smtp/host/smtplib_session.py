"""Python's smtplib against an SmtpListener in submission mode (run by PythonClientsTest).

Arguments: the STARTTLS port, the implicit-TLS port, the PEM file of the certificate to trust.
"""
import smtplib
import ssl
import sys

port, tls_port, cafile = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
context = ssl.create_default_context(cafile=cafile)
message = b"Subject: from smtplib\r\n\r\nhello\r\n.a line that starts with a dot\r\n"

with smtplib.SMTP("127.0.0.1", port, local_hostname="client.example", timeout=20) as s:
    s.ehlo()
    assert s.has_extn("starttls"), s.esmtp_features
    assert not s.has_extn("auth"), "AUTH offered before TLS: %r" % s.esmtp_features
    s.starttls(context=context)
    s.ehlo()
    assert s.has_extn("auth"), s.esmtp_features
    try:
        s.sendmail("alice@example.org", ["bob@example.org"], message)
        raise SystemExit("MAIL accepted before AUTH")
    except smtplib.SMTPSenderRefused as e:
        assert e.smtp_code == 530, e
        print("MAIL before AUTH refused", e.smtp_code)
    s.login("alice", "secret")
    s.sendmail("alice@example.org", ["bob@example.org"], message)
    print("sent over STARTTLS")

with smtplib.SMTP_SSL("127.0.0.1", tls_port, local_hostname="client.example", context=context, timeout=20) as s:
    s.login("alice", "secret")
    s.sendmail("alice@example.org", ["bob@example.org"], message)
    print("sent over implicit TLS")
print("done")
