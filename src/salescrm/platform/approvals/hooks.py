"""How business objects take part in approvals, without the approvals engine knowing them.

A module registers, per object, what happens to a record when an approval moves:
``APPROVAL_HOOKS["orders"] = {"submitted": fn, "approved": fn, "rejected": fn,
"withdrawn": fn}``, each ``fn(ctx, record_id)``; and ``SUBMIT_CHECKS[object] =
fn(ctx, record_id)`` that may raise a ProblemError when the record cannot be
submitted (e.g. an order with no lines). The approvals engine owns
``POST /api/v1/<object>/{id}/submit``; a record with a pending approval is locked
(``is_locked(ctx, object, id)``) and answers 409 to edits.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

APPROVAL_HOOKS: dict[str, dict[str, Callable[[Any, str], None]]] = {}
SUBMIT_CHECKS: dict[str, Callable[[Any, str], None]] = {}
