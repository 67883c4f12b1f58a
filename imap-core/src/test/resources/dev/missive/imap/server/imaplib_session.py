"""Every command of Python's imaplib against a Missive IMAP server (argv: port, 'starttls' or 'plain').

Prints one line per step and exits non-zero at the first answer that is not what RFC 9051 says.
"""
import imaplib
import ssl
import sys

port = int(sys.argv[1])
mode = sys.argv[2]


def check(what, result, expect="OK"):
    typ, data = result
    print(what, typ, data)
    if typ != expect:
        sys.exit(f"{what}: expected {expect}, got {typ} {data}")
    return data


M = imaplib.IMAP4("127.0.0.1", port)
caps = M.capabilities
print("capabilities", caps)
if mode == "starttls":
    if "LOGINDISABLED" not in caps or "STARTTLS" not in caps:
        sys.exit("before TLS the server must offer STARTTLS and LOGINDISABLED")
    try:
        M.login("alice", "secret")
        sys.exit("LOGIN before TLS must be refused")
    except imaplib.IMAP4.error as e:
        print("login before TLS refused:", e)
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    check("starttls", M.starttls(ssl_context=ctx))
    if "LOGINDISABLED" in M.capabilities:
        sys.exit("LOGINDISABLED after TLS")

check("capability", M.capability())
check("noop", M.noop())
check("login", M.login("alice", "secret"))
check("namespace", M.namespace())
check("create", M.create("Archive/2026"))
check("create", M.create("Trash"))
check("subscribe", M.subscribe("Archive/2026"))
data = check("list", M.list())
names = [d.decode() for d in data]
if not any('"Archive/2026"' in n or "Archive/2026" in n for n in names):
    sys.exit("LIST misses the new mailbox: %r" % names)
if not any("\\HasChildren" in n and "Archive" in n for n in names):
    sys.exit("LIST misses \\HasChildren: %r" % names)
check("list pattern", M.list('""', "Arch%"))
check("lsub", M.lsub())
check("status", M.status("INBOX", "(MESSAGES UIDNEXT UIDVALIDITY UNSEEN SIZE)"))

msg = (b"From: Bob <bob@example.org>\r\nTo: alice@example.org\r\nSubject: Quarterly numbers\r\n"
       b"Message-ID: <q1@example.org>\r\nDate: Mon, 7 Dec 2026 10:00:00 +0000\r\n\r\n"
       b"The numbers are in.\r\nSee you.\r\n")
check("append", M.append("INBOX", "(\\Flagged)", imaplib.Time2Internaldate(1_800_000_000), msg))
check("append Trash", M.append("Trash", None, None, msg))
data = check("append to a missing mailbox", M.append("Nowhere", None, None, msg), "NO")
if b"TRYCREATE" not in data[0]:
    sys.exit("APPEND to a missing mailbox: TRYCREATE expected: %r" % data)

data = check("select", M.select("INBOX"))
count = int(data[0])
if count != 3:
    sys.exit("INBOX should hold 3 messages, has %d" % count)
check("check", M.check())
check("fetch flags", M.fetch("1:*", "(FLAGS UID RFC822.SIZE INTERNALDATE)"))
data = check("fetch envelope", M.fetch("3", "(ENVELOPE BODYSTRUCTURE)"))
if b"Quarterly numbers" not in data[0]:
    sys.exit("ENVELOPE misses the subject: %r" % data)
data = check("fetch body", M.fetch("3", "(BODY.PEEK[])"))
if data[0][1] != msg:
    sys.exit("BODY[] differs from what was appended: %r" % data[0][1])
data = check("fetch header fields", M.fetch("3", "(BODY.PEEK[HEADER.FIELDS (SUBJECT)])"))
if data[0][1] != b"Subject: Quarterly numbers\r\n\r\n":
    sys.exit("HEADER.FIELDS: %r" % data[0][1])
data = check("fetch partial", M.fetch("3", "(BODY.PEEK[TEXT]<4.7>)"))
if data[0][1] != b"numbers":
    sys.exit("partial fetch: %r" % (data,))
check("fetch rfc822", M.fetch("1", "(RFC822)"))
data = check("fetch flags after", M.fetch("1", "(FLAGS)"))
if b"\\Seen" not in data[0]:
    sys.exit("BODY[] without PEEK must set \\Seen: %r" % data)
data = check("uid fetch", M.uid("FETCH", "1:*", "(FLAGS)"))
data = check("search", M.search(None, "SUBJECT", "quarterly"))
if data[0].split() != [b"3"]:
    sys.exit("SEARCH SUBJECT: %r" % data)
data = check("search flagged", M.search(None, "FLAGGED"))
if data[0].split() != [b"3"]:
    sys.exit("SEARCH FLAGGED: %r" % data)
data = check("uid search", M.uid("SEARCH", "ALL"))
check("search charset", M.search("UTF-8", "BODY", "numbers"))
check("store", M.store("1", "+FLAGS", "(\\Deleted)"))
check("store silent", M.store("2", "+FLAGS.SILENT", "(\\Answered)"))
check("copy", M.copy("2", "Archive/2026"))
check("uid copy", M.uid("COPY", "3", "Archive/2026"))
check("uid move", M.uid("MOVE", "3", "Trash"))
data = check("expunge", M.expunge())
# imaplib keeps untagged responses until read: the MOVE's "* 3 EXPUNGE" (RFC 6851 §3.3), then EXPUNGE's own
if data != [b"3", b"1"]:
    sys.exit("MOVE should expunge message 3, EXPUNGE message 1: %r" % data)
check("uid store", M.uid("STORE", "2", "-FLAGS", "(\\Answered)"))
check("unselect", M.unselect())
check("examine", M.select("Archive/2026", readonly=True))
check("store in a read-only mailbox", M.store("1", "+FLAGS", "(\\Deleted)"), "NO")
check("close", M.close())
# imaplib wraps APPEND's literal in "UTF8 (...)" inside the literal once UTF8=ACCEPT is enabled (a client bug),
# so ENABLE comes after the APPENDs
check("enable", M.enable("UTF8=ACCEPT"))
check("rename", M.rename("Archive", "Old"))
data = check("list after rename", M.list('""', "*"))
if not any(b"Old/2026" in d for d in data):
    sys.exit("RENAME should move the children: %r" % data)
check("unsubscribe", M.unsubscribe("Old/2026"))
check("delete", M.delete("Old/2026"))
typ, data = M.delete("INBOX")
print("delete INBOX", typ, data)
if typ != "NO":
    sys.exit("deleting INBOX must fail")
try:
    M.xatom("FROBNICATE")
    sys.exit("an unknown command is BAD")
except imaplib.IMAP4.error as e:
    print("unknown command:", e)
check("logout", M.logout(), "BYE")
print("done")
