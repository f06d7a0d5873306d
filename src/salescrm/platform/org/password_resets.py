"""Forgotten passwords: one-time links to choose a new one (issue 13).

An administrator makes a link for a user and hands it over; when SMTP is configured,
users ask for one by e-mail themselves. Either way only the token's hash is stored, a
link works once, expires, ends every session of the user when used, and the new
password follows the rules of every password change. Asking by e-mail answers the same
whatever the address (no account oracle: the lookup and the mail happen in a job) and
is throttled per address and per client.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from salescrm.config import get_settings
from salescrm.db.types import utcnow
from salescrm.models import Job, PasswordReset, PasswordResetRequest, User
from salescrm.platform.auth.tokens import new_token, token_hash
from salescrm.platform.definitions import require_admin
from salescrm.platform.errors import FieldError, ProblemError, validation_error
from salescrm.platform.i18n import register, t
from salescrm.platform.jobs import enqueue
from salescrm.platform.mail import mail_configured, send_mail
from salescrm.platform.org.service import check_new_password, set_own_password
from salescrm.platform.records import service as records
from salescrm.platform.tenancy import Context
from salescrm.platform.tenancy.system import system_context

EMAIL_JOB = "password_reset.email"
# The page of the web app that reads the token from the address's fragment: a fragment
# is never sent to a server, so the token stays out of access logs and Referer headers.
RESET_PAGE = "/reset-password#token="


def _issue(session: Session, user: User, via: str, lifetime: timedelta,
           created_by: str | None) -> tuple[str, PasswordReset]:
    """A new link for ``user``; the user's earlier unused links stop working."""
    now = utcnow()
    session.execute(update(PasswordReset).where(
        PasswordReset.user_id == user.id, PasswordReset.used_at.is_(None),
        PasswordReset.expires_at > now).values(expires_at=now)
        .execution_options(synchronize_session=False))
    token = new_token("spr")
    row = PasswordReset(tenant_id=user.tenant_id, user_id=user.id, token_hash=token_hash(token),
                        via=via, created_by=created_by, expires_at=now + lifetime)
    session.add(row)
    session.flush()
    return token, row


def link(base_url: str, token: str) -> str:
    return (get_settings().public_url or base_url).rstrip("/") + RESET_PAGE + token


def admin_link(ctx: Context, user_id: str, base_url: str) -> dict[str, Any]:
    """``POST /users/{id}/password_reset``: an administrator's link for an active user."""
    require_admin(ctx)
    user = ctx.session.scalar(select(User).where(User.id == user_id))
    if user is None or user.deleted_at is not None:
        raise ProblemError(404, "error.not_found")
    if not user.is_active:
        raise ProblemError(409, "auth.reset_user_inactive")
    hours = get_settings().reset_link_admin_hours
    token, row = _issue(ctx.session, user, "admin", timedelta(hours=hours), ctx.user.id)
    records.save_changes(ctx, ctx.object("users"), user, {},  # who made a link for whom
                         noted={"password_reset_link": [None, "created"]})
    return {"url": link(base_url, token), "expires_at": row.expires_at.isoformat(),
            "user_id": user.id}


def _email_of(body: Any) -> str:
    email = body.get("email") if isinstance(body, dict) else None
    if not isinstance(email, str) or not email.strip() or len(email) > 254 or "@" not in email:
        raise validation_error([FieldError("email", "field.type_email")])
    return email.strip().lower()


def request_email(session: Session, body: Any, ip: str | None, base_url: str,
                  locale: str) -> None:
    """``POST /auth/password_reset``: the same for every address. 403 without SMTP;
    429 past the hourly allowance of the address or of the client."""
    if not mail_configured():
        raise ProblemError(403, "auth.reset_mail_off")
    email = _email_of(body)
    s = get_settings()
    since = utcnow() - timedelta(hours=1)

    def asked(*where: Any) -> int:
        return session.scalar(select(func.count()).select_from(PasswordResetRequest)
                              .where(PasswordResetRequest.at >= since, *where)) or 0

    if asked(PasswordResetRequest.email == email) >= s.reset_requests_per_email or (
            ip and asked(PasswordResetRequest.ip == ip) >= s.reset_requests_per_ip):
        raise ProblemError(429, "auth.reset_throttled", headers={"Retry-After": "3600"})
    session.add(PasswordResetRequest(email=email, ip=ip, at=utcnow()))
    enqueue(session, EMAIL_JOB, {"email": email, "base_url": base_url, "locale": locale},
            max_attempts=5)


def send_reset_email(session: Session, job: Job) -> None:
    """Look the address up and mail a link to an active user; nothing for any other
    address. A failed send rolls the link back with the job, which is retried."""
    session.info["tenant_id"] = None
    payload = job.payload
    user = session.scalar(select(User).where(func.lower(User.email) == payload["email"],
                                             User.is_active.is_(True),
                                             User.deleted_at.is_(None)))
    if user is None:
        return
    minutes = get_settings().reset_link_email_minutes
    token, _row = _issue(session, user, "email", timedelta(minutes=minutes), None)
    locale = user.locale or payload.get("locale") or "zh-CN"
    send_mail(user.email, t("auth.reset_mail_subject", locale),
              t("auth.reset_mail_body", locale, name=user.name, minutes=minutes,
                url=link(payload["base_url"], token)))


def confirm(session: Session, body: Any) -> dict[str, Any]:
    """``POST /auth/password_reset/confirm {"token","password"}``: the link's user gets
    the new password; the link is spent and every session of the user ends."""
    if not isinstance(body, dict):
        raise ProblemError(422, "error.body_not_object")
    token, password = body.get("token"), body.get("password")
    session.info["tenant_id"] = None
    row = session.scalar(select(PasswordReset).where(
        PasswordReset.token_hash == token_hash(token))) if isinstance(token, str) \
        and 0 < len(token) <= 200 else None
    user = session.get(User, row.user_id) if row is not None else None
    if (row is None or user is None or row.used_at is not None or row.expires_at <= utcnow()
            or not user.is_active or user.deleted_at is not None):
        raise validation_error([FieldError("token", "auth.reset_link_invalid")])
    check_new_password(password, user.email)
    ctx = system_context(session, row.tenant_id, user.id)
    set_own_password(ctx, user, str(password), keep_token=None)  # checked above
    row.used_at = utcnow()
    return {"email": user.email}


register({
    "auth.reset_mail_off": {
        "en": "Password reset e-mails are not set up here: ask your administrator for a "
              "reset link.",
        "zh-CN": "本系统未配置重置密码邮件，请联系管理员获取重置链接。"},
    "auth.reset_throttled": {
        "en": "Too many reset requests: try again in an hour.",
        "zh-CN": "重置请求过多，请一小时后再试。"},
    "auth.reset_requested": {
        "en": "If an account uses this address, a link to choose a new password is on "
              "its way. Check your inbox.",
        "zh-CN": "如果该邮箱对应一个账号，重置密码的链接已发送，请查收邮件。"},
    "auth.reset_link_invalid": {
        "en": "This reset link has expired or was already used: ask for a new one.",
        "zh-CN": "该重置链接已过期或已被使用，请重新获取。"},
    "auth.reset_user_inactive": {
        "en": "This user is deactivated: activate them first.",
        "zh-CN": "该用户已停用，请先启用。"},
    "auth.reset_mail_subject": {
        "en": "Choose a new SalesCRM password", "zh-CN": "重置您的 SalesCRM 密码"},
    "auth.reset_mail_body": {
        "en": "Hello {name},\n\nSomeone (we hope you) asked to reset your SalesCRM "
              "password. Open this link within {minutes} minutes to choose a new one:\n\n"
              "{url}\n\nIf it was not you, ignore this e-mail: your password stays as it is.",
        "zh-CN": "{name}，您好：\n\n有人（希望是您本人）申请重置您的 SalesCRM 密码。请在 "
                 "{minutes} 分钟内打开以下链接设置新密码：\n\n{url}\n\n"
                 "如果不是您本人操作，请忽略本邮件，您的密码不会改变。"},
})
