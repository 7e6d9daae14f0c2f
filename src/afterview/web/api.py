"""The JSON API: ``/api/advise``, ``/api/draft``, ``/api/check``, ``/api/rules``.

Responses are the CLI's contracts (shared/DESIGN.md): advise returns Contract 2, draft
``{"drafts": [...]}`` as ``afterview draft --json``, check Contract 4."""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Response
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, WithJsonSchema

from afterview.web.errors import GUARD_ERRORS, documented
from afterview.web.memo import checker_for, record_for
from afterview.web.security import json_only

router = APIRouter(
    prefix="/api",
    tags=["api"],
    responses=documented(*GUARD_ERRORS),
    dependencies=[Depends(json_only)],
)

Kind = Literal["thank_you", "value_add", "status_check", "linkedin_note", "handwritten_note"]
MAX_DRAFT = 20_000  # characters
JSON = "application/json"


def _situation_schema() -> dict[str, Any]:
    """Contract 1's JSON Schema (from the model that validates situation files), with its
    definitions inlined so it can sit inside the OpenAPI document."""
    from afterview.model import Situation as SituationModel

    schema = SituationModel.model_json_schema()
    defs = schema.pop("$defs", {})

    def inline(node: Any) -> Any:
        if isinstance(node, dict):
            if "$ref" in node:
                return inline(defs[node["$ref"].rsplit("/", 1)[-1]])
            return {k: inline(v) for k, v in node.items()}
        if isinstance(node, list):
            return [inline(v) for v in node]
        return node

    return dict(inline(schema))


# Validated by afterview's own model (errors name the field as for a file), documented as it.
SituationJSON = Annotated[dict[str, Any], WithJsonSchema(_situation_schema())]


class SituationRequest(BaseModel):
    """A situation (Contract 1 as JSON) and the moment to advise at."""

    model_config = ConfigDict(extra="forbid")

    situation: SituationJSON = Field(description="The situation file's content, as JSON.")
    now: AwareDatetime | None = Field(
        None, description="Advise as of this time; default: the situation's `now`, else the clock."
    )


class CheckRequest(BaseModel):
    """A draft's text to check against a situation."""

    model_config = ConfigDict(extra="forbid")

    situation: SituationJSON = Field(description="The situation file's content, as JSON.")
    text: str = Field(max_length=MAX_DRAFT, description="The draft: optional Subject: line, body.")
    kind: Kind = "thank_you"
    at: AwareDatetime | None = Field(None, description="When it would be sent; default: now.")


@router.post("/advise")
def advise(request: SituationRequest) -> dict[str, Any]:
    """Should I email, when and to whom: Contract 2."""
    from afterview.advice import advise as run_advise

    record = record_for(request.situation)
    return run_advise(record, now=request.now).to_dict()


@router.post("/draft")
def draft(request: SituationRequest) -> dict[str, Any]:
    """One distinct draft per action of the advice (Contract 3)."""
    from afterview.drafting import draft_messages

    record = record_for(request.situation)
    return {"drafts": [d.to_dict() for d in draft_messages(record, now=request.now)]}


@router.post("/check", response_model=None)
async def check(request: CheckRequest) -> Response:
    """Check a draft against the interview record: Contract 4.

    Runs on the event loop (it is ~1 ms of CPU; a thread hop would cost a third of that) and
    reuses the checker built for the same situation (the live editor's case)."""
    from afterview.checks.draft import parse_text

    checker = checker_for(request.situation, request.kind, request.at)
    result = checker.check_all([parse_text(request.text, "draft")])
    return Response(json.dumps(result.to_dict(), ensure_ascii=False), media_type=JSON)


@router.get("/rules")
def rules() -> dict[str, Any]:
    """The advice rules and the check rules, with their ids and one-line summaries."""
    from afterview.advice.pack import load_pack
    from afterview.checks.registry import all_rules

    return {
        "advice": [{"id": r.id, "explain": r.explain} for r in load_pack().rules],
        "check": [{"id": r.id, "severity": r.severity, "summary": r.summary} for r in all_rules()],
    }
