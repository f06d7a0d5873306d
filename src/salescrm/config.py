"""Settings, read from the environment with the prefix ``SALESCRM_`` (twelve-factor)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SALESCRM_", env_file=".env", extra="ignore")

    database_url: str = "sqlite:///./var/salescrm.db"
    # Reports may read from a replica; empty means the primary.
    reports_database_url: str = ""
    secret_key: str = "dev-only-change-me"
    allow_signup: bool = False
    # The embedded default runs the jobs worker in a thread of the server.
    embedded_worker: bool = True
    session_days: int = 14
    login_max_failures: int = 10
    login_window_minutes: int = 15
    # Argon2 cost; tests lower it so that a test tenant is created in milliseconds.
    password_time_cost: int = 2
    password_memory_cost: int = 19456
    web_dist: str = str(Path(__file__).resolve().parents[2] / "web" / "dist")
    job_max_attempts: int = 8
    job_lease_seconds: int = 60
    default_locale: str = "zh-CN"
    # The address users open (https://crm.example.com): links in e-mails (password
    # resets) and what `salescrm demo` prints. Empty: taken from each request.
    public_url: str = ""
    # Outgoing mail (password reset links). No host: no mail, and users ask an
    # administrator for a reset link instead. smtp_security: starttls | ssl | none.
    smtp_host: str = ""
    smtp_port: int = 587
    smtp_username: str = ""
    smtp_password: str = ""
    smtp_from: str = ""
    smtp_security: str = "starttls"
    # How long a password reset link opens the form: an administrator's (handed over
    # in a chat, say) and an e-mailed one. Reset e-mails one address may ask for, and
    # one client address, per hour.
    reset_link_admin_hours: int = 48
    reset_link_email_minutes: int = 60
    reset_requests_per_email: int = 3
    reset_requests_per_ip: int = 20
    # Webhooks to loopback/private/link-local addresses are refused unless this is set
    # (a laptop install posting to a local tool); see platform/webhooks/destinations.py.
    webhook_allow_private: bool = False
    # Spreadsheet imports (docs/decisions/0132): an XLSX is checked at upload without
    # being unpacked (413 import.too_large past these), then read in a child process
    # with a memory and CPU limit. Cells are rows × columns of the first sheet; the MB
    # are what the zip's parts unpack to. CSV files stream and have none of these.
    import_max_cells: int = 2_000_000
    import_max_unzipped_mb: int = 512
    import_max_sheet_mb: int = 256
    import_max_shared_strings_mb: int = 64
    import_max_zip_ratio: int = 200
    import_parse_memory_mb: int = 1024
    import_parse_cpu_seconds: int = 600
    # Comma-separated importable modules loaded after the built-in ones (extra job
    # handlers, objects or plugins without editing app.py; tests use it for workers).
    extra_modules: str = ""


@lru_cache
def get_settings() -> Settings:
    return Settings()
