"""An imported opportunity's stage may be written as its key or as the stage's name
in either language (``商务谈判``, ``Negotiation``); a stage its pipeline does not
have is reported with the pipeline's stages listed."""

from __future__ import annotations

from typing import Any

from salescrm.modules.sales.pipelines import default_pipeline, get_pipeline
from salescrm.platform.imports.choices import Choices, ChoiceSource
from salescrm.platform.tenancy import Context

DEFAULT = ""  # the scope of rows that name no pipeline


def _scope(_ctx: Context, body: dict[str, Any]) -> str:
    pipeline = body.get("pipeline_id")
    return pipeline if isinstance(pipeline, str) else DEFAULT


def _stages(ctx: Context, pipeline_id: str) -> Choices | None:
    pipeline = get_pipeline(ctx, pipeline_id) if pipeline_id else default_pipeline(ctx)
    if pipeline is None:
        return None  # the pipeline lookup reports the row
    stages = [s for s in pipeline.stages or [] if s.get("key")]
    labels: dict[str, str] = {}
    for stage in stages:
        for name in (stage.get("name"), *(stage.get("labels") or {}).values()):
            if isinstance(name, str) and name:
                labels.setdefault(name, stage["key"])

    def listing(locale: str, sep: str, with_key: bool) -> str:
        return sep.join(f"{(s.get('labels') or {}).get(locale) or s.get('name') or s['key']}"
                        + (f" ({s['key']})" if with_key else "") for s in stages)

    # English names each stage's key too (API clients write keys); the Chinese screen
    # lists the names a person writes, no internal keys.
    return Choices(tuple(s["key"] for s in stages), labels,
                   {"en": listing("en", ", ", True), "zh-CN": listing("zh-CN", "、", False)})


# On the opportunities behaviour (modules/sales/wiring.py).
STAGE_CHOICES = {"stage": ChoiceSource(_scope, _stages)}
