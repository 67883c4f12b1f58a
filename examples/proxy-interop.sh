#!/usr/bin/env bash
# Scaling out behind real proxies (issue 24): two example-server instances over one shared Maildir, reached
#   1. through HAProxy (Debian's haproxy) in TCP mode, which sends a PROXY protocol v2 header to each instance;
#   2. through nginx's mail proxy (Debian's nginx with libnginx-mod-mail), which speaks SMTP to the instances: a
#      PROXY v1 header (every connection from a trusted proxy begins with one), then XCLIENT naming the client; its
#      auth_http endpoint is a small Python server started here.
# Clients bind to 127.0.0.2 and 127.0.0.3 (Linux's loopback takes all of 127/8); the proxies run on 127.0.0.1, the
# address the instances trust (--trusted-proxy; for nginx, which speaks SMTP itself, also --xclient-proxy, never for
# HAProxy, whose clients' own XCLIENT must be refused). Checked each time: delivery, that the Received: field names the
# real client, and that the per-address connection limit counts the real client (not the proxy). Installs haproxy
# and nginx when missing (apt, as root); runs them in the foreground on unprivileged ports with their pid and
# temporary files in a temporary directory, and stops everything on exit. Prints "N passed, M failed".
set -uo pipefail
cd "$(dirname "$0")/.."
jar=examples/target/missive-server.jar
if [ ! -f "$jar" ]; then
  mvn -q -B install -DskipTests || exit 1
fi
need=()
command -v haproxy >/dev/null || [ -x /usr/sbin/haproxy ] || need+=(haproxy)
{ command -v nginx >/dev/null || [ -x /usr/sbin/nginx ]; } && [ -f /usr/lib/nginx/modules/ngx_mail_module.so ] \
  || need+=(nginx libnginx-mod-mail)
if [ "${#need[@]}" -gt 0 ]; then
  echo "== installing ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  { apt-get update -qq && apt-get install -y -qq --no-install-recommends "${need[@]}"; } >/dev/null || exit 1
fi
PATH=$PATH:/usr/sbin
py=/usr/bin/python3
[ -x "$py" ] || py=python3

work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
  wait 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

free_ports() { # count
  $py -c 'import socket,sys
s=[socket.socket() for _ in range(int(sys.argv[1]))]
[x.bind(("127.0.0.1",0)) for x in s]
print(" ".join(str(x.getsockname()[1]) for x in s))' "$1"
}

await_port() { # port
  for _ in $(seq 1 150); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.2
  done
  echo "nothing listens on $1" >&2
  return 1
}

start_instances() { # name transport [option...]: two instances on one Maildir, trusting 127.0.0.1, 2 per address
  read -r a1 a2 a3 b1 b2 b3 <<<"$(free_ports 6)"
  rm -rf "$work/mail"
  for i in a b; do
    if [ $i = a ]; then ports=($a1 $a2 $a3); else ports=($b1 $b2 $b3); fi
    java -jar "$jar" --smtp "${ports[0]}" --submission "${ports[1]}" --pop3 "${ports[2]}" --imap 0 --maildir "$work/mail" \
      --domain example.org --user alice:secret --transport "$2" --trusted-proxy 127.0.0.1 \
      --max-connections-per-address 2 "${@:3}" >"$work/$1-$i.log" 2>&1 &
    pids+=($!)
    await_port "${ports[2]}" || return 1 # the first instance makes the shared data directory before the second
  done
  smtp_a=$a1
  smtp_b=$b1
}

. examples/script-checks.sh # passed, failed, check

cat >"$work/clients.py" <<'PY'
import glob, os, re, smtplib, socket, sys, time
test, port, maildir = sys.argv[1], int(sys.argv[2]), sys.argv[3]

def client(source):
    return smtplib.SMTP("127.0.0.1", port, source_address=(source, 0), timeout=20)

def delivered(marker, timeout=20):
    end = time.time() + timeout
    while time.time() < end:
        for f in glob.glob(os.path.join(maildir, "alice", "new", "*")):
            with open(f, "rb") as m:
                data = m.read()
            if marker.encode() in data:
                return data.decode("utf-8", "replace")
        time.sleep(0.2)
    raise AssertionError("no message with " + marker + " in alice's Maildir")

if test == "delivery":
    # four messages from each client address: round robin spreads them over both instances
    for source in ("127.0.0.2", "127.0.0.3"):
        for n in range(4):
            marker = "msg-%s-%d" % (source, n)
            with client(source) as s:
                s.ehlo("client.example")
                s.sendmail("sender@example.net", ["alice@example.org"],
                           "Subject: %s\r\nMessage-ID: <%s@example.net>\r\n\r\n%s\r\n" % (marker, marker, marker))
            message = delivered(marker)
            received = message.split("\r\n\r\n", 1)[0]
            first = re.search(r"^Received: .*?(?=^\S)", received + "\r\nX:", re.S | re.M).group(0)
            assert "[" + source + "]" in first, "Received: names another client:\n" + first
            assert "[127.0.0.1]" not in first, "Received: names the proxy:\n" + first
    print("8 messages, each Received: field naming its real client")

elif test == "limit":
    time.sleep(1) # the delivery check's last connection is released
    # two connections per client address on each instance, four instances' worth through round robin: the fifth
    # connection from 127.0.0.2 is refused, while 127.0.0.3, behind the same proxy address, is still served
    held, greeted, refused = [], 0, 0
    for _ in range(5):
        s = socket.create_connection(("127.0.0.1", port), timeout=20, source_address=("127.0.0.2", 0))
        line = s.makefile("rb").readline().decode()
        held.append(s)
        if line.startswith("220"):
            greeted += 1
        elif line.startswith("421"):
            refused += 1
        else:
            raise AssertionError("unexpected greeting " + line)
    assert (greeted, refused) == (4, 1), "greeted %d, refused %d from 127.0.0.2" % (greeted, refused)
    other = socket.create_connection(("127.0.0.1", port), timeout=20, source_address=("127.0.0.3", 0))
    line = other.makefile("rb").readline().decode()
    assert line.startswith("220"), "127.0.0.3 refused while 127.0.0.2 is at its limit: " + line
    print("127.0.0.2: 4 greeted, 1 refused with 421; 127.0.0.3 greeted")
    time.sleep(1)

elif test == "smtp-limit":
    # through an SMTP proxy the instance is reached after RCPT TO: five sessions from 127.0.0.2 held open, round
    # robin over the two instances, the fifth refused; 127.0.0.3 is still served
    held, accepted, refused = [], 0, 0
    for n in range(5):
        s = client("127.0.0.2")
        s.ehlo("client.example")
        s.mail("sender@example.net")
        code, _ = s.rcpt("alice@example.org")
        held.append(s)
        if code == 250:
            accepted += 1
        else:
            refused += 1
    assert (accepted, refused) == (4, 1), "accepted %d, refused %d from 127.0.0.2" % (accepted, refused)
    other = client("127.0.0.3")
    other.ehlo("client.example")
    other.mail("sender@example.net")
    code, text = other.rcpt("alice@example.org")
    assert code == 250, "127.0.0.3 refused while 127.0.0.2 is at its limit: %d %s" % (code, text)
    print("127.0.0.2: 4 sessions accepted, 1 refused; 127.0.0.3 accepted")

elif test == "xclient-refused":
    # through a TCP proxy the client's own commands reach the instance: XCLIENT is not offered, and refused
    with client("127.0.0.2") as s:
        code, text = s.ehlo("client.example")
        assert b"XCLIENT" not in text, "XCLIENT offered through a TCP proxy:\n" + text.decode()
        code, text = s.docmd("XCLIENT", "ADDR=192.0.2.9 LOGIN=alice")
        assert code == 550, "XCLIENT through a TCP proxy answered %d %s" % (code, text)
    print("EHLO without XCLIENT; XCLIENT answered 550")

elif test == "no-header":
    # a connection from the trusted address without a PROXY header is closed before any greeting
    s = socket.create_connection(("127.0.0.1", port), timeout=20)
    s.sendall(b"EHLO direct.example\r\n")
    assert s.recv(100) == b"", "greeted without a PROXY header"
    print("closed ungreeted")
PY

run_py() { $py "$work/clients.py" "$@"; }

haproxy_run() { # transport
  start_instances haproxy "$1" || { failed=$((failed + 1)); echo "FAIL haproxy $1: instances did not start"; return; }
  read -r front <<<"$(free_ports 1)"
  cat >"$work/haproxy.cfg" <<CFG
global
  maxconn 200
  pidfile $work/haproxy.pid
defaults
  mode tcp
  timeout connect 5s
  timeout client 60s
  timeout server 60s
frontend smtp
  bind 127.0.0.1:$front
  default_backend instances
backend instances
  balance roundrobin
  server a 127.0.0.1:$smtp_a send-proxy-v2
  server b 127.0.0.1:$smtp_b send-proxy-v2
CFG
  haproxy -db -f "$work/haproxy.cfg" >"$work/haproxy-$1.log" 2>&1 &
  local hp=$!
  pids+=($hp)
  await_port "$front" || { failed=$((failed + 1)); echo "FAIL haproxy did not start"; cat "$work/haproxy-$1.log"; }
  check "haproxy $1: delivery and Received: name the real client" run_py delivery "$front" "$work/mail"
  check "haproxy $1: the per-address limit counts the real client" run_py limit "$front" "$work/mail"
  check "haproxy $1: the trusted address without a header is refused" run_py no-header "$smtp_a" "$work/mail"
  check "haproxy $1: a client's own XCLIENT is refused" run_py xclient-refused "$front" "$work/mail"
  kill "$hp" 2>/dev/null
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
  wait 2>/dev/null
  pids=()
}

cat >"$work/auth.py" <<'PY'
# nginx's auth_http endpoint: every SMTP session may pass (smtp_auth none) and goes to the next instance in turn
import http.server, itertools, sys
ports = itertools.cycle(sys.argv[2:])
class Auth(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        port = next(ports)
        sys.stderr.write("auth %s %s -> %s\n" % (self.headers.get("Client-IP"), self.headers.get("Auth-SMTP-To"), port))
        self.send_response(200)
        self.send_header("Auth-Status", "OK")
        self.send_header("Auth-Server", "127.0.0.1")
        self.send_header("Auth-Port", port)
        self.end_headers()
    def log_message(self, *args):
        pass
http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Auth).serve_forever()
PY

nginx_run() { # transport
  start_instances nginx "$1" --xclient-proxy 127.0.0.1 || { failed=$((failed + 1)); echo "FAIL nginx $1: instances did not start"; return; }
  read -r front auth <<<"$(free_ports 2)"
  $py "$work/auth.py" "$auth" "$smtp_a" "$smtp_b" 2>"$work/auth-$1.log" &
  pids+=($!)
  mkdir -p "$work/nginx"
  cat >"$work/nginx/nginx.conf" <<CFG
load_module /usr/lib/nginx/modules/ngx_mail_module.so;
daemon off;
master_process off;
worker_processes 1;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log info;
events { worker_connections 64; }
mail {
  server_name proxy.example;
  auth_http 127.0.0.1:$auth/auth;
  proxy_pass_error_message on;
  xclient on;
  smtp_auth none;
  smtp_capabilities 8BITMIME;
  server {
    listen 127.0.0.1:$front;
    protocol smtp;
    proxy_protocol on;
  }
}
CFG
  nginx -p "$work/nginx" -e "$work/nginx/error.log" -c "$work/nginx/nginx.conf" >"$work/nginx-$1.log" 2>&1 &
  local np=$!
  pids+=($np)
  await_port "$auth" && await_port "$front" \
    || { failed=$((failed + 1)); echo "FAIL nginx did not start"; cat "$work/nginx/error.log" "$work/nginx-$1.log"; }
  check "nginx $1: delivery and Received: name the real client (PROXY v1 + XCLIENT)" \
    run_py delivery "$front" "$work/mail"
  check "nginx $1: the per-address limit counts the real client" run_py smtp-limit "$front" "$work/mail"
  check "nginx $1: nginx named the client with XCLIENT" grep -q "XCLIENT names the client \[127.0.0.2\]" \
    "$work/nginx-a.log" "$work/nginx-b.log"
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
  wait 2>/dev/null
  pids=()
  [ "$failed" -eq 0 ] || tail -n 20 "$work/nginx/error.log" "$work"/nginx-a.log 2>/dev/null | sed 's/^/     /'
}

haproxy_run blocking
haproxy_run netty
nginx_run blocking
nginx_run netty

echo
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
