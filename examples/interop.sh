#!/usr/bin/env bash
# Interop check of the example server with real clients: curl (SMTP upload, POP3 list and retrieve, IMAP list and
# fetch) and Python's smtplib/poplib/imaplib (STARTTLS, AUTH, the sender a login may use, SMTPUTF8 with sendmail and
# send_message, the --relay queue keeping BY=/MT-PRIORITY/HOLDFOR/NOTIFY/RRVS, STLS, USER/PASS, APOP, DELE only after
# QUIT; IMAP with every result checked in the Maildir on disk:
# examples/imap_interop.py). Starts examples/target/missive-server.jar on free loopback ports, once per transport
# (blocking, netty), restarts it once on the same Maildir, prints "N passed, M failed", exits non-zero on failure.
set -uo pipefail
cd "$(dirname "$0")/.."
jar=examples/target/missive-server.jar
if [ ! -f "$jar" ]; then
  mvn -q -B install -DskipTests || exit 1
fi
command -v curl >/dev/null || { apt-get update -qq && apt-get install -y -qq curl; }
py=/usr/bin/python3
[ -x "$py" ] || py=python3

work=$(mktemp -d)
server=
trap '[ -n "$server" ] && kill $server 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT

start_server() { # transport [keep]: starts missive-server on fresh free ports and a fresh Maildir, or with keep
  # on the same ports and Maildir as before (a restart)
  if [ "${2:-}" != keep ]; then
    ports=$($py -c 'import socket
s=[socket.socket() for _ in range(5)]
[x.bind(("127.0.0.1",0)) for x in s]
print(" ".join(str(x.getsockname()[1]) for x in s))')
    read -r smtp submission pop3 imap nexthop <<<"$ports" # nobody listens on nexthop: relayed mail stays queued
    rm -rf "$work/mail"
  fi
  java -jar "$jar" --smtp "$smtp" --submission "$submission" --pop3 "$pop3" --imap "$imap" --maildir "$work/mail" \
    --domain example.org --user alice:secret --user bob:pw --user carol:pw3 --transport "$1" \
    --relay "127.0.0.1:$nexthop" \
    >>"$work/server-$1.log" 2>&1 &
  server=$!
  for _ in $(seq 1 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$imap") 2>/dev/null && break
    sleep 0.2
  done
}

stop_server() {
  kill "$server" 2>/dev/null; wait "$server" 2>/dev/null; server=
}

. examples/script-checks.sh # passed, failed, check

cat >"$work/interop.py" <<'PY'
import poplib, smtplib, ssl, sys, time, email.utils
host = "127.0.0.1"
smtp_port, sub_port, pop_port = map(int, sys.argv[2:5])
test = sys.argv[1]
# the demo server's certificate is self-signed: this test only, never in real clients
insecure = ssl.create_default_context()
insecure.check_hostname = False
insecure.verify_mode = ssl.CERT_NONE

def submission_starttls_auth():
    s = smtplib.SMTP(host, sub_port, timeout=10)
    s.ehlo("client.example")
    assert not s.has_extn("auth"), "AUTH offered before STARTTLS"
    s.starttls(context=insecure)
    s.ehlo("client.example")
    assert s.has_extn("auth"), "AUTH not offered after STARTTLS"
    s.login("alice", "secret")
    msg = "From: alice@example.org\r\nTo: bob@example.org\r\nSubject: submitted\r\n\r\nhi bob\r\n"
    refused = s.sendmail("alice@example.org", ["bob@example.org"], msg)
    assert not refused, refused
    s.quit()

def submission_sender_must_be_the_login():
    # logged in as alice: bob's address is refused at MAIL FROM with 553 5.7.1 (Postfix
    # reject_sender_login_mismatch); her own address and the null sender <> are accepted
    s = smtplib.SMTP(host, sub_port, timeout=10)
    s.starttls(context=insecure)
    s.login("alice", "secret")
    msg = "From: bob@example.org\r\nTo: bob@example.org\r\nSubject: forged\r\n\r\nnot from bob\r\n"
    try:
        s.sendmail("bob@example.org", ["bob@example.org"], msg)
        raise AssertionError("a sender alice does not own was accepted")
    except smtplib.SMTPSenderRefused as e:
        assert e.smtp_code == 553 and e.smtp_error.startswith(b"5.7.1 "), (e.smtp_code, e.smtp_error)
    assert not s.sendmail("alice@example.org", ["bob@example.org"], "Subject: own\r\n\r\nmine\r\n")
    assert not s.sendmail("", ["alice@example.org"], "Subject: bounce\r\n\r\nnull sender\r\n")
    s.quit()

def smtputf8():
    s = smtplib.SMTP(host, smtp_port, timeout=10)
    s.ehlo("client.example")
    assert s.has_extn("smtputf8")
    msg = "From: jürgen@ex.example\r\nTo: bob@example.org\r\nSubject: grüße\r\n\r\nUTF-8 body ✓\r\n".encode("utf-8")
    s.sendmail("jürgen@ex.example", ["bob@example.org"], msg, mail_options=["SMTPUTF8", "BODY=8BITMIME"])
    s.quit()

def smtputf8_send_message():
    # send_message appends SMTPUTF8 BODY=8BITMIME to these options itself for a non-ASCII address, so MAIL FROM
    # carries each twice: the same meaning twice is accepted (RFC 5321 §4.1.2 does not forbid it)
    from email.message import EmailMessage
    import email.policy
    msg = EmailMessage(policy=email.policy.SMTPUTF8)
    msg["From"] = "jürgen@ex.example"
    msg["To"] = "bob@example.org"
    msg["Subject"] = "grüße via send_message"
    msg.set_content("UTF-8 body ✓")
    s = smtplib.SMTP(host, smtp_port, timeout=10)
    refused = s.send_message(msg, mail_options=["SMTPUTF8", "BODY=8BITMIME"])
    assert not refused, refused
    s.quit()

def submission_relay_keeps_the_envelope():
    # with --relay the submission port offers what the relay honours, and the relay spool (.relay/queue in the
    # Maildir) keeps it with the message: BY=, MT-PRIORITY, the hold, each recipient's NOTIFY and RRVS
    import glob
    maildir = sys.argv[5]
    s = smtplib.SMTP(host, sub_port, timeout=10)
    s.starttls(context=insecure)
    s.ehlo("client.example")
    s.login("alice", "secret")
    for e in ("deliverby", "mt-priority", "rrvs", "futurerelease", "dsn"):
        assert s.has_extn(e), e
    refused = s.sendmail("alice@example.org", ["dave@remote.example"], "Subject: for later\r\n\r\nheld\r\n",
                         mail_options=["BY=86400;R", "MT-PRIORITY=3", "HOLDFOR=3600"],
                         rcpt_options=["NOTIFY=FAILURE", "RRVS=2020-01-01T00:00:00Z;C"])
    assert not refused, refused
    s.quit()
    envs = [open(f, encoding="utf-8").read().splitlines() for f in glob.glob(maildir + "/.relay/queue/*.env")]
    mine = [e for e in envs if any(l.startswith("to dave@remote.example") for l in e)]
    assert len(mine) == 1, envs
    lines = mine[0]
    assert lines[0] == "missive-relay 3", lines
    for want in ("from alice@example.org", "by 86400;R", "priority 3"):
        assert want in lines, (want, lines)
    assert any(l.startswith("release ") for l in lines), lines
    to = [l for l in lines if l.startswith("to ")]
    assert to == ["to dave@remote.example\t2020-01-01T00:00:00Z;C\tNOTIFY=FAILURE"], to

def login_when_unlocked(user, password):
    for _ in range(50):
        p = poplib.POP3(host, pop_port, timeout=10)
        p.user(user)
        try:
            p.pass_(password)
            return p
        except poplib.error_proto as e:
            if b"[IN-USE]" not in str(e).encode():
                raise
            p.sock.close()
            time.sleep(0.1)
    raise AssertionError("maildrop still locked after 5 s")

def pop3_stls_and_dele_after_quit():
    p = poplib.POP3(host, pop_port, timeout=10)
    p.stls(context=insecure)
    p.user("bob"); p.pass_("pw")
    count, _ = p.stat()
    assert count >= 1, count
    lines = p.retr(1)[1]
    assert any(l.startswith(b"Subject:") for l in lines)
    p.dele(1)
    p.file.close(); p.sock.close()  # connection lost without QUIT: nothing is deleted (RFC 1939 §6)
    p = login_when_unlocked("bob", "pw")  # the lock lasts until the server has seen the close
    assert p.stat()[0] == count, "a DELE without QUIT removed a message"
    p.dele(1)
    p.quit()
    p = poplib.POP3(host, pop_port, timeout=10)
    p.user("bob"); p.pass_("pw")
    assert p.stat()[0] == count - 1
    p.quit()

def pop3_apop_and_uidl():
    p = poplib.POP3(host, pop_port, timeout=10)
    p.apop("alice", "secret")
    uidl1 = p.uidl()[1]
    p.quit()
    p = poplib.POP3(host, pop_port, timeout=10)
    p.apop("alice", "secret")
    assert p.uidl()[1] == uidl1, "UIDL not stable across sessions"
    p.quit()

globals()[test]()
PY
curl_imap_list() { # imap port
  curl -sS --fail "imap://carol:pw3@127.0.0.1:$1/" | grep -E '\\Sent.*Sent'
}

curl_imap_fetch() { # imap port, maildir: curl's UID fetch gives the file's bytes
  local uid file
  uid=$(curl -sS --fail "imap://carol:pw3@127.0.0.1:$1/INBOX" -X 'UID SEARCH SUBJECT "count one"' |
    sed -n 's/^\* SEARCH \([0-9]*\).*/\1/p' | tr -d '\r')
  file=$(grep -l 'Subject: count one' "$2"/carol/new/* "$2"/carol/cur/* 2>/dev/null | head -1)
  [ -n "$uid" ] && [ -n "$file" ] || { echo "uid '$uid' file '$file'"; return 1; }
  cp "$file" "$work/expected" # the fetch sets \Seen, which renames the file
  curl -sS --fail "imap://carol:pw3@127.0.0.1:$1/INBOX;UID=$uid" | cmp - "$work/expected"
}

suite() { # transport
  start_server "$1"
  printf 'From: carol@remote.example\r\nTo: alice@example.org\r\nSubject: via curl\r\n\r\n.starts with a dot\r\nhello from curl\r\n' >"$work/msg.txt"

  check "$1: curl SMTP upload to the MX port" \
    curl -sS --fail "smtp://127.0.0.1:$smtp" --mail-from carol@remote.example --mail-rcpt alice@example.org -T "$work/msg.txt"
  check "$1: curl SMTP refuses an unknown local user" \
    bash -c "! curl -sS 'smtp://127.0.0.1:$smtp' --mail-from carol@remote.example --mail-rcpt nobody@example.org -T '$work/msg.txt'"
  check "$1: curl POP3 list (plaintext login allowed on loopback)" \
    bash -c "curl -sS --fail 'pop3://alice:secret@127.0.0.1:$pop3/' | grep -Eq '^1 [0-9]+'"
  check "$1: curl POP3 retrieve, dot-unstuffed" \
    bash -c "curl -sS --fail 'pop3://alice:secret@127.0.0.1:$pop3/1' | grep -q '^.starts with a dot'"
  check "$1: curl POP3 wrong password refused" \
    bash -c "! curl -sS --fail 'pop3://alice:nope@127.0.0.1:$pop3/'"

  for t in submission_starttls_auth submission_sender_must_be_the_login smtputf8 smtputf8_send_message \
           submission_relay_keeps_the_envelope pop3_stls_and_dele_after_quit pop3_apop_and_uidl; do
    check "$1: python $t" "$py" "$work/interop.py" "$t" "$smtp" "$submission" "$pop3" "$work/mail"
  done

  for t in imap_select_counts_agree_with_the_maildir imap_fetch_every_item \
           imap_uid_search_and_store_flags_in_file_names imap_copy_move_expunge_on_disk imap_append_with_flags \
           imap_create_rename_delete_are_directories imap_list_special_use imap_starttls_and_authenticate_plain \
           imap_idle_woken_by_smtp_delivery imap_two_sessions_with_expunge imap_pop3_deletion_is_an_expunge \
           imap_uids_stable_across_reconnects; do
    check "$1: python $t" "$py" examples/imap_interop.py "$t" "$smtp" "$imap" "$work/mail" "$work/uids" "$pop3"
  done
  check "$1: curl IMAP list shows the special-use folders" curl_imap_list "$imap"
  check "$1: curl IMAP fetch by UID, byte for byte" curl_imap_fetch "$imap" "$work/mail"
  stop_server
  start_server "$1" keep
  check "$1: python imap_uids_stable_across_restarts" \
    "$py" examples/imap_interop.py imap_uids_stable_across_restarts "$smtp" "$imap" "$work/mail" "$work/uids" "$pop3"
  stop_server
}

for transport in blocking netty; do
  suite "$transport"
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
