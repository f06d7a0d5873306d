"""Accounts across provinces and industries with their contacts, and a year of
leads from campaigns and other channels (assigned by the rules, some converted)."""

from __future__ import annotations

from typing import Any

from salescrm.demo import data
from salescrm.demo.base import AccountInfo, Demo
from salescrm.modules.leads.conversion import convert_lead

ACCOUNTS = 280
LEADS = 200
POOL_SHARE = 0.08
LEVELS = (("A", 10), ("B", 25), ("C", 40), ("D", 25))


def _account_body(demo: Demo, province: data.Province, city: data.City) -> dict[str, Any]:
    industry = demo.rnd.choice(data.INDUSTRIES)
    source = demo.rnd.choice(list(data.LEAD_SOURCES.values()))
    street = demo.rnd.choice(("人民路", "建设路", "中山路", "解放路", "科技园路", "工业大道"))
    number = demo.rnd.randint(1, 999)
    return {
        "name": demo.company_name(city, industry),
        "industry": demo.t(industry[:2]),
        "level": demo.rnd.choices([lv for lv, _ in LEVELS], [w for _, w in LEVELS])[0],
        "region": demo.t(data.REGIONS[province.region]),
        "province": province.zh if demo.zh else province.en,
        "city": city.zh if demo.zh else city.en,
        "address": (f"{province.zh}{city.zh}{street}{number}号" if demo.zh
                    else f"{number} {demo.rnd.choice(('Renmin', 'Jianshe', 'Zhongshan'))} Road,"
                    f" {city.en}"),
        "phone": f"0{demo.rnd.randint(10, 999)}-{demo.rnd.randint(2000_0000, 8999_9999)}",
        "source": demo.t(source),
    }


def accounts(demo: Demo) -> None:
    """Each account belongs to a rep of its region's team; a few sit in the pool (公海)."""
    for _ in range(round(ACCOUNTS * demo.scale)):
        province, city = demo.place()
        body = _account_body(demo, province, city)
        created = demo.days_ago(120, 540)
        pooled = demo.rnd.random() < POOL_SHARE
        owner = None if pooled else demo.rnd.choice(demo.teams[province.region].rep_ids)
        row = demo.create("accounts", {**body, "owner_id": owner},
                          user_id=owner or demo.admin_id, at=created)
        info = AccountInfo(row.id, body["name"], owner, province, city, body["level"], created)
        for _ in range(demo.rnd.choice((1, 1, 2, 2, 3))):
            info.contact_ids.append(_contact(demo, info))
        demo.accounts.append(info)


def _contact(demo: Demo, account: AccountInfo) -> str:
    name = demo.person_name()
    row = demo.create("contacts", {
        "name": name, "account_id": account.id, "title": demo.t(demo.rnd.choice(data.TITLES)),
        "mobile": demo.mobile(), "email": f"c{demo.counts['contacts'] + 1:04d}@"
        f"{account.city.en.lower().replace(' ', '')}.example.cn",
        "owner_id": account.owner_id}, user_id=account.owner_id or demo.admin_id,
        at=account.created)
    return str(row.id)


def leads(demo: Demo) -> None:
    """Leads of the past year: most from campaigns, the rest from the website and
    referrals; the rules hand them to the team of their province, some stay in the pool."""
    for n in range(round(LEADS * demo.scale)):
        campaign = demo.rnd.choice(demo.campaigns) if demo.rnd.random() < 0.7 else None
        if campaign is not None:
            span = max((min(campaign["end"], demo.today) - campaign["start"]).days, 1)
            age = (demo.today - campaign["start"]).days - demo.rnd.randint(0, span)
            channel = campaign["channel"]
        else:
            age = demo.rnd.randint(1, 360)
            channel = demo.rnd.choice(("website", "referral"))
        created = demo.days_ago(max(age, 0), max(age, 0) + 1)
        body = _lead_body(demo, n, channel, campaign)
        if demo.rnd.random() < 0.12:
            body["owner_id"] = None  # left in the pool (公海)
        row = demo.create("leads", body, user_id=demo.marketing_id, at=created)
        _progress(demo, row, created)


def _lead_body(demo: Demo, n: int, channel: str, campaign: dict[str, Any] | None
               ) -> dict[str, Any]:
    province, city = demo.place()
    industry = demo.rnd.choice(data.INDUSTRIES)
    body: dict[str, Any] = {
        "name": demo.person_name(), "company": demo.company_name(city, industry),
        "title": demo.t(demo.rnd.choice(data.TITLES)), "mobile": demo.mobile(),
        "email": f"lead{n + 1:04d}@{city.en.lower().replace(' ', '')}.example.cn",
        "source": demo.t(data.LEAD_SOURCES[channel]),
        "province": province.zh if demo.zh else province.en,
        "city": city.zh if demo.zh else city.en,
    }
    if campaign is not None:
        body["campaign_id"] = campaign["id"]
        if campaign["utm"]:
            body.update(utm_source=campaign["utm"], utm_medium="cpc" if channel == "search"
                        else "social", utm_campaign=f"demo-{campaign['channel']}")
    return body


def _progress(demo: Demo, lead: Any, created: Any) -> None:
    """Older leads have been worked: contacted, qualified, dropped or converted."""
    age = (demo.now - created).days
    if lead.owner_id is None or age < 7:
        return
    roll = demo.rnd.random()
    if roll < 0.25:
        demo.update("leads", lead.id, {"status": "contacted"}, user_id=lead.owner_id)
    elif roll < 0.45:
        demo.update("leads", lead.id, {"status": "qualified"}, user_id=lead.owner_id)
    elif roll < 0.60:
        demo.update("leads", lead.id, {"status": "unqualified"}, user_id=lead.owner_id)
    elif roll < 0.75 and age > 30:
        _convert(demo, lead, created)


def _convert(demo: Demo, lead: Any, created: Any) -> None:
    """Converted into an account and a contact; its deal is written by the deals step."""
    result = convert_lead(demo.ctx(lead.owner_id), lead.id, {})
    demo.counts["leads converted"] += 1
    province = next((p for p in data.PROVINCES if lead.province in (p.zh, p.en)),
                    data.PROVINCES[0])
    city = next((c for c in province.cities if lead.city in (c.zh, c.en)), province.cities[0])
    from salescrm.models import Account, Contact

    demo.backdated[Account.__table__][result["account_id"]] = created
    demo.backdated[Contact.__table__][result["contact_id"]] = created
    demo.accounts.append(AccountInfo(result["account_id"], lead.company, lead.owner_id,
                                     province, city, "B", created, [result["contact_id"]],
                                     lead.campaign_id))
