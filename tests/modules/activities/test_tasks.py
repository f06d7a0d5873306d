"""Tasks: assignee defaults, "own" = owned or assigned, reminders → notifications,
my day."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from tests.factories import Api


def _iso(delta: timedelta) -> str:
    return (datetime.now(UTC) + delta).isoformat()


def test_task_defaults_to_the_creator_and_completes(admin: Api) -> None:
    task = admin.create("tasks", title="回访客户")
    assert task["assignee_id"] == admin.user["id"] and task["status"] == "open"
    r = admin.patch(f"tasks/{task['id']}", {"version": task["version"], "status": "done"})
    assert r.status_code == 200 and r.json()["completed_at"]
    r = admin.patch(f"tasks/{task['id']}", {"version": r.json()["version"], "status": "open"})
    assert r.json()["completed_at"] is None


def test_assigned_tasks_count_as_own_records(tenant: Any) -> None:
    a, b, c = tenant.user("RepA"), tenant.user("RepB"), tenant.user("RepC")
    task = a.create("tasks", title="准备报价", assignee_id=b.user["id"])
    assert b.get(f"tasks/{task['id']}").status_code == 200
    assert [t["id"] for t in b.get("tasks").json()["items"]] == [task["id"]]
    assert c.get(f"tasks/{task['id']}").status_code == 404
    r = b.patch(f"tasks/{task['id']}", {"version": task["version"], "status": "done"})
    assert r.status_code == 200


def test_bad_task_input(admin: Api) -> None:
    for body, field in [({}, "title"), ({"title": "x", "due_at": "tomorrow"}, "due_at"),
                        ({"title": "x", "status": "later"}, "status"),
                        ({"title": "x", "assignee_id": "nobody"}, "assignee_id"),
                        ({"title": "x", "related_type": "accounts", "related_id": "no"},
                         "related_id")]:
        r = admin.post("tasks", body)
        assert r.status_code == 422, body
        assert field in {e["field"] for e in r.json()["errors"]}, (body, r.json())


def test_due_reminder_notifies_the_assignee_once(tenant: Any, worker: Any,
                                                 sessions: Any) -> None:
    rep = tenant.user("Rep")
    boss = tenant.admin
    task = boss.create("tasks", title="催收尾款", assignee_id=rep.user["id"],
                       remind_at=_iso(timedelta(minutes=-1)), due_at=_iso(timedelta(hours=2)))
    later = boss.create("tasks", title="下周拜访", assignee_id=rep.user["id"],
                        remind_at=_iso(timedelta(days=3)))
    _run_reminders(sessions, worker)
    _run_reminders(sessions, worker)
    notes = rep.get("notifications").json()
    reminders = [n for n in notes["items"] if n["kind"] == "task_reminder"]
    assert len(reminders) == 1
    assert reminders[0]["record_id"] == task["id"] and "催收尾款" in reminders[0]["title"]
    assert reminders[0]["read_at"] is None
    assert boss.get(f"tasks/{later['id']}").json()["reminded_at"] is None
    assert boss.get(f"tasks/{task['id']}").json()["version"] == task["version"]
    # Read it; someone else cannot.
    assert boss.post(f"notifications/{reminders[0]['id']}/read").status_code == 404
    r = rep.post(f"notifications/{reminders[0]['id']}/read")
    assert r.status_code == 200 and r.json()["read_at"]
    assert rep.get("notifications", params={"unread": "true"}).json()["items"] == []
    assert rep.get("notifications").json()["unread_count"] == 0


def _run_reminders(sessions: Any, worker: Any) -> None:
    from salescrm.platform.jobs import enqueue

    with sessions() as s, s.begin():
        s.info["tenant_id"] = None
        enqueue(s, "tasks.send_reminders", {})
    worker.run_until_idle()


def test_my_day_lists_overdue_and_today(tenant: Any) -> None:
    rep = tenant.user("Rep")
    other = tenant.user("Other")
    overdue = rep.create("tasks", title="昨天的", due_at=_iso(timedelta(days=-1)))
    soon = rep.create("tasks", title="马上", due_at=_iso(timedelta(minutes=1)))
    rep.create("tasks", title="下周", due_at=_iso(timedelta(days=7)))
    rep.create("tasks", title="无期限")
    done = rep.create("tasks", title="已完成", due_at=_iso(timedelta(days=-2)))
    rep.patch(f"tasks/{done['id']}", {"version": done["version"], "status": "done"})
    other.create("tasks", title="别人的", due_at=_iso(timedelta(days=-1)))
    # A zone far from UTC, unless its midnight is minutes away: then "due in a minute"
    # would be tomorrow there, so use UTC (never near midnight at the same time).
    zone = "Pacific/Kiritimati"
    local = datetime.now(ZoneInfo(zone))
    if local.hour == 23 and local.minute >= 45:
        zone = "UTC"
    day = rep.get("tasks/my_day", params={"tz": zone}).json()
    assert [t["id"] for t in day["overdue"]] == [overdue["id"]]
    assert [t["id"] for t in day["today"]] == [soon["id"]]
    assert day["timezone"] == zone
    r = rep.get("tasks/my_day", params={"tz": "Mars/Olympus"})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "tz"
