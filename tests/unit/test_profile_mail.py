"""The reset-mail adapters: SMTP against a local fake relay (RFC 5321 dialogue, AUTH PLAIN),
and the embedded outbox used when no relay is configured."""
from __future__ import annotations

import base64
import email
import email.policy
import socketserver
import stat
import threading

import pytest

from myg_app.server.auth.mail import Mail, MailSettings, OutboxMailer, SmtpMailer, mailer_for


class FakeRelay(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True

    def __init__(self):
        self.received: list[dict] = []
        super().__init__(("127.0.0.1", 0), _Handler)


class _Handler(socketserver.StreamRequestHandler):
    def reply(self, line: str) -> None:
        self.wfile.write((line + "\r\n").encode())

    def handle(self) -> None:
        got: dict = {"rcpt": [], "auth": None}
        self.reply("220 fake relay")
        while line := self.rfile.readline().decode().rstrip("\r\n"):
            cmd = line.split(" ", 1)[0].upper()
            if cmd == "EHLO":
                self.reply("250-fake")
                self.reply("250-AUTH PLAIN")
                self.reply("250 8BITMIME")
            elif cmd == "AUTH":
                got["auth"] = base64.b64decode(line.split()[2]).split(b"\0")[1:]
                self.reply("235 ok")
            elif cmd == "MAIL":
                got["from"] = line
                self.reply("250 ok")
            elif cmd == "RCPT":
                got["rcpt"].append(line)
                self.reply("250 ok")
            elif cmd == "DATA":
                self.reply("354 go")
                data = b""
                while (chunk := self.rfile.readline()) != b".\r\n":
                    data += chunk
                got["data"] = data
                self.server.received.append(got)
                self.reply("250 queued")
            elif cmd == "QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("250 ok")


@pytest.fixture
def relay():
    server = FakeRelay()
    t = threading.Thread(target=server.serve_forever, daemon=True)
    t.start()
    yield server
    server.shutdown()
    server.server_close()


def test_smtp_mailer_speaks_smtp_with_auth(relay):
    port = relay.server_address[1]
    mailer = SmtpMailer(MailSettings(host="127.0.0.1", port=port, starttls=False,
                                     user="myg", password="pw", sender="MY광양 <no-reply@x.kr>"))
    mailer.send(Mail("citizen@example.com", "[MY광양] 비밀번호 재설정 안내", "새 비밀번호를 정해 주세요."))
    (got,) = relay.received
    assert got["auth"] == [b"myg", b"pw"]
    assert "citizen@example.com" in got["rcpt"][0]
    msg = email.message_from_bytes(got["data"], policy=email.policy.default)
    assert msg["Subject"] == "[MY광양] 비밀번호 재설정 안내"
    assert "새 비밀번호" in msg.get_content()


def test_without_a_relay_mail_goes_to_the_private_outbox(tmp_path):
    mailer = mailer_for(tmp_path, MailSettings(host=None))
    assert isinstance(mailer, OutboxMailer)
    mailer.send(Mail("a@example.com", "제목", "본문"))
    (path,) = (tmp_path / "outbox").glob("*.eml")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert email.message_from_bytes(path.read_bytes(), policy=email.policy.default)["To"] == "a@example.com"


def test_a_configured_relay_is_used(tmp_path):
    assert isinstance(mailer_for(tmp_path, MailSettings(host="smtp.example")), SmtpMailer)
