"""Liveness and readiness: /healthz says the process lives, /readyz that it can serve citizens."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

router = APIRouter(tags=["health"])


@router.get("/healthz", summary="Liveness: the backend process answers")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get(
    "/readyz",
    summary="Readiness: Rasa answers, the database is reachable, the index and the classifiers are loaded",
    responses={
        200: {"description": "Ready: every check passed"},
        503: {"description": "Not ready: `not_ready` names what is still loading or unreachable"},
    },
)
async def readyz(request: Request) -> JSONResponse:
    product = request.app.state.product
    checks = {
        "dialogue_engine": await product.chat.dialogue_engine_is_up(),
        "database": product.database.is_reachable(),
        "knowledge_base_index": product.knowledge_base.is_ready(),
        "emergency_check": product.emergencies.is_ready(),
        "question_kind_check": product.question_kinds.is_ready(),
    }
    not_ready = [name for name, ok in checks.items() if not ok]
    body = {
        "status": "ready" if not not_ready else "not ready",
        "checks": checks,
        "not_ready": not_ready,
        # which published content this replica answers from: after a publish, every replica's converges
        "content_version": product.knowledge_base.content_version(),
    }
    return JSONResponse(body, status_code=503 if not_ready else 200)
