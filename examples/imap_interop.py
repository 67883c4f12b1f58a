import imaplib, os, re, smtplib, socket, ssl, sys, time
# IMAP cases of examples/interop.sh: Python's imaplib against missive-server's IMAP port, every result checked
# against the Maildir on disk (carol's Maildir++: INBOX is mail/carol, folder X is mail/carol/.X)
host = "127.0.0.1"
test = sys.argv[1]
smtp_port, imap_port = int(sys.argv[2]), int(sys.argv[3])
maildir = os.path.join(sys.argv[4], "carol")
state = sys.argv[5]  # a file for what a later case (after a restart) compares with
insecure = ssl.create_default_context()  # the demo server's certificate is self-signed: this test only
insecure.check_hostname = False
insecure.verify_mode = ssl.CERT_NONE

def deliver(subject, body="hello\r\n"):
    s = smtplib.SMTP(host, smtp_port, timeout=10)
    s.sendmail("dave@remote.example", ["carol@example.org"],
               "From: Dave <dave@remote.example>\r\nTo: carol@example.org\r\nSubject: " + subject
               + "\r\nMessage-ID: <" + subject.replace(" ", ".") + "@remote.example>\r\n"
               + "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"
               + "--b\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n" + body
               + "--b\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n"
               + "AAECAwQF\r\n--b--\r\n")
    s.quit()

def login():
    m = imaplib.IMAP4(host, imap_port, timeout=10)
    m.login("carol", "pw3")  # plaintext on loopback, as POP3 allows it
    return m

def files(folder=""):
    out = {}
    for sub in ("new", "cur"):
        d = os.path.join(maildir, folder, sub)
        for f in os.listdir(d):
            out[f] = os.path.join(d, f)
    return out

def ok(r):
    typ, data = r
    assert typ == "OK", (typ, data)
    return data

def uid_of(m, subject):
    data = ok(m.uid("SEARCH", "SUBJECT", '"' + subject + '"'))
    uids = data[0].split()
    assert len(uids) == 1, (subject, data)
    return uids[0].decode()

def file_of(uid_subject):
    for name, path in files().items():
        with open(path, "rb") as f:
            if ("Subject: " + uid_subject + "\r\n").encode() in f.read():
                return name, path
    raise AssertionError("no file holds " + uid_subject)

def imap_select_counts_agree_with_the_maildir():
    deliver("count one")
    deliver("count two")
    m = login()
    n = int(ok(m.select("INBOX"))[0])
    assert n == len(files()) and n >= 2, (n, files())
    st = ok(m.status("INBOX", "(MESSAGES UIDNEXT UIDVALIDITY UNSEEN SIZE)"))[0].decode()
    assert ("MESSAGES %d" % n) in st, st
    size = sum(os.path.getsize(p) for p in files().values())
    assert ("SIZE %d" % size) in st, (st, size)
    m.logout()

def imap_fetch_every_item():
    deliver("fetch me", "line one\r\nline two\r\n")
    m = login()
    ok(m.select("INBOX"))
    uid = uid_of(m, "fetch me")
    name, path = file_of("fetch me")
    raw = open(path, "rb").read()
    data = ok(m.uid("FETCH", uid, "(UID FLAGS INTERNALDATE RFC822.SIZE ENVELOPE BODY BODYSTRUCTURE BODY.PEEK[])"))
    meta = data[0][0].decode()
    assert ("RFC822.SIZE %d" % len(raw)) in meta, meta
    assert '"fetch me"' in meta and "ENVELOPE" in meta and "BODYSTRUCTURE" in meta and "INTERNALDATE" in meta, meta
    assert data[0][1] == raw, "BODY[] differs from the file"
    parts = ok(m.uid("FETCH", uid, "(BODY.PEEK[HEADER] BODY.PEEK[TEXT] BODY.PEEK[1] BODY.PEEK[1.MIME] "
                                    "BODY.PEEK[HEADER.FIELDS (SUBJECT)] BODY.PEEK[]<0.10> BINARY.PEEK[2] "
                                    "BINARY.SIZE[2] RFC822.HEADER)"))
    got = {}
    for item in parts:
        if isinstance(item, tuple):
            got[item[0].decode().split()[-1].rstrip("{}0123456789").strip()] = item[1]
    blob = b"".join(i[1] for i in parts if isinstance(i, tuple))
    head, _, text = raw.partition(b"\r\n\r\n")
    assert head + b"\r\n\r\n" in blob and text in blob, "HEADER/TEXT"
    assert b"line one\r\nline two\r\n" in blob, "BODY[1]"
    assert b"Subject: fetch me\r\n\r\n" in blob, "HEADER.FIELDS"
    assert raw[:10] in blob, "partial"
    assert b"\x00\x01\x02\x03\x04\x05" in blob, "BINARY[2] decoded"
    assert "BINARY.SIZE[2] 6" in str(parts), parts
    # a non-peek fetch sets \Seen, which lands in the file name
    ok(m.uid("FETCH", uid, "(BODY[TEXT])"))
    assert file_of("fetch me")[0].endswith(":2,S"), file_of("fetch me")[0]
    m.logout()

def imap_uid_search_and_store_flags_in_file_names():
    deliver("flag me")
    m = login()
    ok(m.select("INBOX"))
    uid = uid_of(m, "flag me")
    ok(m.uid("STORE", uid, "+FLAGS", r"(\Flagged \Answered $Important)"))
    name = file_of("flag me")[0]
    assert re.search(r":2,FRa$", name), name
    ok(m.uid("STORE", uid, "-FLAGS", r"(\Answered)"))
    assert file_of("flag me")[0].endswith(":2,Fa"), file_of("flag me")[0]
    assert uid.encode() in ok(m.uid("SEARCH", "FLAGGED", "KEYWORD", "$Important"))[0].split()
    m.logout()
    m = login()  # keywords across sessions
    ok(m.select("INBOX"))
    assert "$Important" in ok(m.uid("FETCH", uid, "(FLAGS)"))[0].decode()
    m.logout()

def imap_copy_move_expunge_on_disk():
    deliver("move me")
    deliver("copy me")
    deliver("expunge me")
    m = login()
    ok(m.create("Archive"))
    ok(m.select("INBOX"))
    ok(m.uid("COPY", uid_of(m, "copy me"), "Archive"))
    ok(m.uid("MOVE", uid_of(m, "move me"), "Archive"))
    archived = [open(p, "rb").read() for p in files(".Archive").values()]
    assert len(archived) == 2 and any(b"Subject: move me" in a for a in archived), archived
    assert not any(b"Subject: move me" in open(p, "rb").read() for p in files().values()), "MOVE left the original"
    assert any(b"Subject: copy me" in open(p, "rb").read() for p in files().values()), "COPY removed the original"
    ok(m.uid("STORE", uid_of(m, "expunge me"), "+FLAGS.SILENT", r"(\Deleted)"))
    assert file_of("expunge me")[0].endswith(":2,T")
    ok(m.expunge())
    assert not any(b"Subject: expunge me" in open(p, "rb").read() for p in files().values())
    m.logout()

def imap_append_with_flags():
    msg = b"From: carol@example.org\r\nSubject: draft\r\n\r\nnot sent yet\r\n"
    m = login()
    typ, data = m.append("Drafts", r"(\Draft \Seen)", imaplib.Time2Internaldate(1700000000), msg)
    assert typ == "OK" and b"APPENDUID" in data[0], data
    [(name, path)] = files(".Drafts").items()
    assert name.endswith(":2,DS"), name
    assert open(path, "rb").read() == msg
    assert int(os.path.getmtime(path)) == 1700000000, os.path.getmtime(path)
    m.logout()

def imap_create_rename_delete_are_directories():
    m = login()
    ok(m.create("Projects/Q1.plan"))
    assert os.path.isdir(os.path.join(maildir, ".Projects.Q1\\2eplan", "cur"))
    ok(m.rename("Projects", "Old/Projects"))
    assert os.path.isdir(os.path.join(maildir, ".Old.Projects.Q1\\2eplan", "cur"))
    assert not os.path.exists(os.path.join(maildir, ".Projects"))
    ok(m.delete("Old/Projects/Q1.plan"))
    assert not os.path.exists(os.path.join(maildir, ".Old.Projects.Q1\\2eplan"))
    typ, _ = m.create("../escape")
    assert typ == "NO", typ
    try:  # ".." in modified UTF-7: the engine refuses the non-canonical form (BAD), the store any (NO)
        typ, _ = m.create("&AC4ALg-")
        assert typ == "NO", typ
    except imaplib.IMAP4.error as e:
        assert "BAD" in str(e) or "modified UTF-7" in str(e), e
    assert not os.path.exists(os.path.join(os.path.dirname(maildir), "escape"))
    m.logout()

def imap_list_special_use():
    m = login()
    lines = [l.decode() for l in ok(m.list('""', "*"))]
    want = {"Sent": r"\Sent", "Drafts": r"\Drafts", "Trash": r"\Trash", "Junk": r"\Junk"}
    for name, attr in want.items():
        assert any(attr in l and l.endswith(name) for l in lines), (name, lines)
    typ, data = m._simple_command("LIST", "(SPECIAL-USE)", '""', "*")
    special = [l.decode() for l in m._untagged_response(typ, data, "LIST")[1]]
    assert len(special) == 4, special
    m.logout()

def imap_starttls_and_authenticate_plain():
    m = imaplib.IMAP4(host, imap_port, timeout=10)
    assert "STARTTLS" in m.capabilities, m.capabilities
    m.starttls(ssl_context=insecure)
    assert "AUTH=PLAIN" in m.capabilities or "AUTH=PLAIN" in ok(m.capability())[0].decode()
    ok(m.authenticate("PLAIN", lambda _: b"\0carol\0pw3"))
    ok(m.select("INBOX"))
    m.logout()

def imap_uids_stable_across_reconnects():
    m = login()
    ok(m.select("INBOX"))
    first = ok(m.uid("SEARCH", "ALL"))[0]
    validity = ok(m.status("INBOX", "(UIDVALIDITY)"))[0]
    m.logout()
    m = login()
    ok(m.select("INBOX"))
    assert ok(m.uid("SEARCH", "ALL"))[0] == first
    m.logout()
    with open(state, "wb") as f:
        f.write(first + b"\n" + validity)

def imap_uids_stable_across_restarts():
    first, validity = open(state, "rb").read().split(b"\n")
    m = login()
    ok(m.select("INBOX"))
    assert ok(m.uid("SEARCH", "ALL"))[0] == first, (ok(m.uid("SEARCH", "ALL")), first)
    assert ok(m.status("INBOX", "(UIDVALIDITY)"))[0] == validity
    m.logout()

def imap_idle_woken_by_smtp_delivery():
    m = login()
    n = int(ok(m.select("INBOX"))[0])
    tag = m._new_tag().decode()
    m.send((tag + " IDLE\r\n").encode())
    assert m.readline().startswith(b"+"), "no continuation"
    deliver("wake up")
    delivered = time.monotonic()
    line = m.readline()
    waited = time.monotonic() - delivered
    assert line.strip() == ("* %d EXISTS" % (n + 1)).encode(), line
    m.send(b"DONE\r\n")
    end = m.readline()
    while end.startswith(b"* "):  # an IMAP4rev1 session gets * n RECENT after the EXISTS (RFC 3501 §7.3.2)
        end = m.readline()
    assert end.startswith((tag + " OK").encode()), end
    print("IDLE woken %.3f s after the delivery" % waited)
    assert waited < 1.5, waited  # the handler engine's IDLE poll is 1 s
    m.logout()

def imap_two_sessions_with_expunge():
    deliver("shared one")
    deliver("shared two")
    a, b = login(), login()
    ok(a.select("INBOX"))
    nb = int(ok(b.select("INBOX"))[0])
    uid = uid_of(a, "shared one")
    ok(a.uid("STORE", uid, "+FLAGS.SILENT", r"(\Deleted)"))
    ok(a.expunge())
    typ, data = b.noop()
    assert typ == "OK"
    assert b.untagged_responses.get("EXPUNGE"), b.untagged_responses
    assert int(ok(b.select("INBOX"))[0]) == nb - 1
    a.logout(); b.logout()

def imap_pop3_deletion_is_an_expunge():
    import poplib
    deliver("pop deletes me")
    m = login()
    n = int(ok(m.select("INBOX"))[0])
    p = poplib.POP3(host, int(sys.argv[6]), timeout=10)
    p.user("carol"); p.pass_("pw3")
    count = p.stat()[0]
    for i in range(1, count + 1):
        if b"Subject: pop deletes me" in b"\r\n".join(p.top(i, 0)[1]):
            p.dele(i)
    p.quit()
    typ, _ = m.noop()
    assert m.untagged_responses.get("EXPUNGE"), m.untagged_responses
    assert int(ok(m.select("INBOX"))[0]) == n - 1
    m.logout()

globals()[test]()
