"""Outgoing mail through the company's SMTP server (settings ``SALESCRM_SMTP_*``)."""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage

from salescrm.config import get_settings


def mail_configured() -> bool:
    s = get_settings()
    return bool(s.smtp_host and s.smtp_from)


def send_mail(to: str, subject: str, text: str) -> None:
    """Send one plain-text message; raises on any SMTP failure (a job retries it)."""
    s = get_settings()
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = s.smtp_from, to, subject
    message.set_content(text)
    if s.smtp_security == "ssl":
        smtp: smtplib.SMTP = smtplib.SMTP_SSL(s.smtp_host, s.smtp_port, timeout=30,
                                              context=ssl.create_default_context())
    else:
        smtp = smtplib.SMTP(s.smtp_host, s.smtp_port, timeout=30)
    with smtp:
        if s.smtp_security == "starttls":
            smtp.starttls(context=ssl.create_default_context())
        if s.smtp_username:
            smtp.login(s.smtp_username, s.smtp_password)
        smtp.send_message(message)
