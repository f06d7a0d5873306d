"""What every step of the demo shares: the seeded randomness, the clock, one context
per acting user, writes through the same services the API uses, and names that
pass the duplicate check (查重)."""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, update
from sqlalchemy.orm import Session

from salescrm.db.types import utcnow
from salescrm.demo import data
from salescrm.models import AuditEntry
from salescrm.platform.dedupe import company_name_key, person_name_key
from salescrm.platform.records import service as records
from salescrm.platform.tenancy import Context
from salescrm.platform.tenancy.system import system_context


@dataclass
class Team:
    key: str  # east | south | north
    department_id: str
    manager_id: str
    rep_ids: list[str] = field(default_factory=list)


@dataclass
class AccountInfo:
    id: str
    name: str
    owner_id: str | None
    province: data.Province
    city: data.City
    level: str
    created: datetime
    contact_ids: list[str] = field(default_factory=list)
    campaign_id: str | None = None


class Demo:
    """State of one demo load."""

    def __init__(self, session: Session, seed: int, locale: str, domain: str,
                 scale: float = 1.0) -> None:
        self.session = session
        # Colleagues sign in as east.rep1@<the admin's domain> (emails are unique
        # across the installation, so two demo companies need two domains).
        self.domain = domain
        self.scale = scale
        self.rnd = random.Random(seed)
        self.zh = locale == "zh-CN"
        self.locale = "zh-CN" if self.zh else "en"
        self.now = utcnow().replace(microsecond=0)
        self.today = self.now.date()
        self.tenant_id = ""
        self.admin_id = ""
        self.marketing_id = ""
        self.finance_id = ""
        self.teams: dict[str, Team] = {}
        self.products: list[dict[str, Any]] = []
        self.campaigns: list[dict[str, Any]] = []
        self.accounts: list[AccountInfo] = []
        self._contexts: dict[str, Context] = {}
        self._names: set[str] = set()
        self._companies: set[str] = set()
        self._phones: set[str] = set()
        # table → record id → when it "really" happened (the services stamp now)
        self.backdated: dict[Any, dict[str, datetime]] = defaultdict(dict)  # Table → …
        self.counts: dict[str, int] = defaultdict(int)

    # --- acting users and writes ------------------------------------------------------
    def ctx(self, user_id: str | None = None) -> Context:
        user_id = user_id or self.admin_id
        found = self._contexts.get(user_id)
        if found is None:
            found = system_context(self.session, self.tenant_id, user_id)
            found.locale = self.locale
            self._contexts[user_id] = found
        return found

    def create(self, object_name: str, body: dict[str, Any], user_id: str | None = None,
               at: datetime | None = None) -> Any:
        """Create as the API would (the object's own service when it has one)."""
        ctx = self.ctx(user_id)
        obj = ctx.object(object_name)
        row = records.create(ctx, obj, body)
        self.counts[object_name] += 1
        if at is not None:
            self.backdated[obj.model.__table__][row.id] = at
        return row

    def update(self, object_name: str, record_id: str, body: dict[str, Any],
               user_id: str | None = None) -> Any:
        ctx = self.ctx(user_id)
        obj = ctx.object(object_name)
        row = records.load_for_write(ctx, obj, record_id)
        return records.update(ctx, obj, record_id, {**body, "version": row.version})

    def backdate(self) -> None:
        """Give records their story's creation time, and their audit "create" entries."""
        audit: Any = AuditEntry.__table__
        for table, when in self.backdated.items():
            rows = [{"rid": rid, "at": at} for rid, at in when.items()]
            self.session.execute(update(table).where(table.c.id == bindparam("rid")).values(
                created_at=bindparam("at"), updated_at=bindparam("at")), rows)
            self.session.execute(update(audit).where(
                audit.c.record_id == bindparam("rid"), audit.c.action == "create")
                .values(at=bindparam("at")), rows)

    # --- words ------------------------------------------------------------------------
    def t(self, pair: tuple[str, str]) -> str:
        return pair[0] if self.zh else pair[1]

    def days_ago(self, low: int, high: int) -> datetime:
        moment = self.now - timedelta(days=self.rnd.uniform(low, high))
        # Office hours, Beijing time (UTC+8): 09:00–18:00 is 01:00–10:00 UTC.
        return moment.replace(hour=self.rnd.randint(1, 9), minute=self.rnd.choice((0, 15, 30,
                                                                                    45)),
                              second=0)

    def person_name(self) -> str:
        """A name no contact or lead has yet (the duplicate check blocks equal names)."""
        for _ in range(200):
            surname = self.rnd.choice(data.SURNAMES)
            if self.zh:
                name = surname[0] + self.rnd.choice(data.GIVEN_ZH)
            else:
                name = f"{self.rnd.choice(data.GIVEN_EN)} {surname[1]}"
            key = person_name_key(name) or name
            if key not in self._names:
                self._names.add(key)
                return name
        # Pools exhausted: add a middle initial / a second given character.
        name = (surname[0] + self.rnd.choice(data.GIVEN_ZH) + self.rnd.choice(data.GIVEN_ZH)
                if self.zh else f"{self.rnd.choice(data.GIVEN_EN)} "
                f"{chr(65 + self.rnd.randrange(26))}. {surname[1]}")
        key = person_name_key(name) or name
        if key in self._names:
            return self.person_name()
        self._names.add(key)
        return name

    def company_name(self, city: data.City, industry: tuple[Any, ...]) -> str:
        while True:
            brand = self.rnd.choice(data.BRANDS)
            word = self.rnd.randrange(len(industry[2]))
            form = self.rnd.choice(data.COMPANY_FORMS)
            if self.zh:
                name = f"{city.zh}{brand[0]}{industry[2][word]}{form[0]}"
            else:
                name = f"{city.en} {brand[1]} {industry[3][word]} {form[1]}"
            key = company_name_key(name) or name
            if key not in self._companies:
                self._companies.add(key)
                return name

    def mobile(self) -> str:
        while True:
            number = f"1{self.rnd.choice('3578')}{self.rnd.randrange(10**9):09d}"
            if number not in self._phones:
                self._phones.add(number)
                return number

    def place(self, region: str | None = None) -> tuple[data.Province, data.City]:
        """East China is the biggest market, then South, then North."""
        if region is None:
            region = self.rnd.choices(("east", "south", "north"), (45, 35, 20))[0]
        province = self.rnd.choice([p for p in data.PROVINCES if p.region == region])
        return province, self.rnd.choice(province.cities)

    def date_after(self, start: date, low: int, high: int) -> date:
        return start + timedelta(days=self.rnd.randint(low, high))
