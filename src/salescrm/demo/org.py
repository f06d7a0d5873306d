"""The demo company: departments (华东/华南/华北 sales teams), managers and reps,
marketing and finance, lead assignment rules by region; products and campaigns."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from sqlalchemy import select

from salescrm.demo import data
from salescrm.demo.base import Demo, Team
from salescrm.models import PriceBook
from salescrm.platform.org.service import create_tenant

COMPANY = ("华锐智能科技有限公司", "Huarui Intelligent Technology Co., Ltd.")
REPS_PER_TEAM = 3


def company(demo: Demo, email: str, password: str) -> None:
    tenant, admin = create_tenant(demo.session, demo.t(COMPANY), email, password,
                                  demo.t(("系统管理员", "Demo Admin")), demo.locale)
    demo.tenant_id, demo.admin_id = tenant.id, admin.id


def _user(demo: Demo, login: str, roles: list[str], department_id: str,
          password: str, manager_id: str | None = None) -> str:
    row = demo.create("users", {
        "name": demo.person_name(), "email": f"{login}@{demo.domain}",
        "password": password, "roles": roles, "department_id": department_id,
        "manager_id": manager_id})
    return str(row.id)


def people(demo: Demo, password: str) -> None:
    """Sales (a director over three regional teams), marketing, finance."""
    sales = demo.create("departments", {"name": demo.t(("销售部", "Sales"))})
    director = _user(demo, "sales.director", ["sales_manager"], sales.id, password)
    demo.update("departments", sales.id, {"head_id": director})
    for key, (zh, en) in data.REGIONS.items():
        dept = demo.create("departments", {"name": demo.t((f"{zh}销售团队", f"{en} Sales")),
                                           "parent_id": sales.id})
        manager = _user(demo, f"{key}.manager", ["sales_manager"], dept.id, password,
                        director)
        demo.update("departments", dept.id, {"head_id": manager})
        team = Team(key, dept.id, manager)
        for n in range(1, REPS_PER_TEAM + 1):
            team.rep_ids.append(_user(demo, f"{key}.rep{n}", ["sales_rep"], dept.id,
                                      password, manager))
        demo.teams[key] = team
    marketing = demo.create("departments", {"name": demo.t(("市场部", "Marketing"))})
    demo.marketing_id = _user(demo, "marketing", ["sales_rep"], marketing.id, password)
    finance = demo.create("departments", {"name": demo.t(("财务部", "Finance"))})
    demo.create("roles", FINANCE_ROLE)
    demo.finance_id = _user(demo, "finance", ["finance"], finance.id, password)


# Finance reads the whole company's deals and orders and keeps its invoices and
# payments (开票, 回款); it changes no customer or deal.
FINANCE_ROLE = {
    "key": "finance", "name": "财务 / Finance", "data_scope": "all",
    "permissions": {"*": ["read", "export"],
                    **{name: ["read", "create", "update", "delete", "export"]
                       for name in ("invoices", "payments", "payment_plans")}}}
# Who to sign in as, for `salescrm demo` to print: (role zh, role en, login name).
SIGN_INS = (("销售", "Sales rep", "east.rep1"), ("销售经理", "Sales manager", "east.manager"),
            ("销售总监", "Sales director", "sales.director"), ("财务", "Finance", "finance"))


def sign_ins(admin_email: str) -> list[tuple[str, str, str]]:
    """(role zh, role en, email) of the demo's users worth trying, the admin first."""
    domain = admin_email.strip().lower().rsplit("@", 1)[-1]
    return [("管理员", "Administrator", admin_email.strip().lower())] + [
        (zh, en, f"{login}@{domain}") for zh, en, login in SIGN_INS]


def assignment_rules(demo: Demo) -> None:
    """New leads go round-robin to the team of their province."""
    for position, (key, team) in enumerate(demo.teams.items()):
        provinces = [p.zh if demo.zh else p.en for p in data.PROVINCES if p.region == key]
        demo.create("lead_assignment_rules", {
            "name": demo.t((f"{data.REGIONS[key][0]}线索", f"{data.REGIONS[key][1]} leads")),
            "position": (position + 1) * 10, "match_field": "province",
            "match_values": provinces, "department_id": team.department_id})


def catalog(demo: Demo) -> None:
    """Products with list prices, and the same prices in the standard price book."""
    ctx = demo.ctx()
    book = ctx.session.scalar(select(PriceBook).where(PriceBook.is_default.is_(True)))
    for code, zh, en, unit_zh, unit_en, cat_zh, cat_en, price, qty in data.PRODUCTS:
        product = demo.create("products", {
            "name": zh if demo.zh else en, "code": code, "unit": unit_zh if demo.zh else unit_en,
            "price": price, "category": cat_zh if demo.zh else cat_en})
        if book is not None:
            demo.create("price_book_entries", {"price_book_id": book.id,
                                               "product_id": product.id, "unit_price": price})
        demo.products.append({"id": product.id, "price": Decimal(price), "qty": qty,
                              "code": code})


def campaigns(demo: Demo) -> None:
    for channel, zh, en, budget, months_ago, days, utm in data.CAMPAIGNS:
        start = demo.today - timedelta(days=months_ago * 30)
        end = start + timedelta(days=days)
        spent = (Decimal(budget) * Decimal(demo.rnd.randint(70, 105)) / 100).quantize(
            Decimal("1"))
        row = demo.create("campaigns", {
            "name": zh if demo.zh else en, "channel": channel,
            "status": "completed" if end < demo.today else "active",
            "budget": budget, "actual_cost": str(spent), "start_date": start.isoformat(),
            "end_date": end.isoformat(), "owner_id": demo.marketing_id})
        # Campaigns are company reference data: the administrator sets them up, the
        # marketing rep owns them.
        demo.campaigns.append({"id": row.id, "channel": channel, "start": start, "end": end,
                               "utm": utm, "name": en})
