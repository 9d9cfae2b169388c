"""Outgoing mail for account messages (password reset).

Two adapters behind one `send(Mail)`:
- SMTP (`MYG_SMTP_HOST`, `MYG_SMTP_PORT`, `MYG_SMTP_USER`, `MYG_SMTP_PASSWORD`,
  `MYG_SMTP_STARTTLS`, `MYG_SMTP_SENDER`): the city's mail relay, standard SMTP (RFC 5321)
  with STARTTLS and AUTH when configured;
- the embedded default without a relay: each message is written as an .eml file (0600) into
  `<data dir>/outbox/`, so a demo or a developer can open the link without any mail server.
"""
from __future__ import annotations

import logging
import os
import smtplib
import uuid
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path
from typing import Protocol

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from myg_app.server.privacy import mask_email

log = logging.getLogger(__name__)


class MailSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="MYG_SMTP_", extra="ignore")

    host: str | None = None
    port: int = 587
    user: str | None = None
    password: str | None = Field(default=None, repr=False)
    starttls: bool = True
    sender: str = "MY광양 <no-reply@localhost>"
    timeout: float = 10.0


@dataclass(frozen=True)
class Mail:
    to: str
    subject: str
    body: str


class Mailer(Protocol):
    def send(self, mail: Mail) -> None: ...


def _message(sender: str, mail: Mail) -> EmailMessage:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = sender, mail.to, mail.subject
    msg.set_content(mail.body)  # UTF-8: Korean text as it is
    return msg


@dataclass
class SmtpMailer:
    settings: MailSettings

    def send(self, mail: Mail) -> None:
        s = self.settings
        assert s.host
        with smtplib.SMTP(s.host, s.port, timeout=s.timeout) as smtp:
            if s.starttls:
                smtp.starttls()
            if s.user:
                smtp.login(s.user, s.password or "")
            smtp.send_message(_message(s.sender, mail))
        log.info("mail sent to %s", mask_email(mail.to))


@dataclass
class OutboxMailer:
    folder: Path
    sender: str

    def send(self, mail: Mail) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / f"{uuid.uuid4().hex}.eml"
        # 0600: the file holds a live reset link.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(_message(self.sender, mail).as_bytes())
        log.info("mail to %s written to %s (no SMTP relay configured)", mask_email(mail.to), path)


def mailer_for(data_dir: Path, settings: MailSettings | None = None) -> Mailer:
    s = settings or MailSettings()
    if s.host:
        return SmtpMailer(s)
    return OutboxMailer(Path(data_dir) / "outbox", s.sender)
