"""The Rasa action endpoint: POST /webhook, answered by rasa_sdk's executor in-process.

Rasa calls it with `?token=...` (endpoints.yml); without the right token the
call is refused, so a public backend cannot be used to drive the actions.
"""

from __future__ import annotations

import hmac
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Query, Request
from fastapi.responses import JSONResponse
from rasa_sdk.executor import ActionExecutor
from rasa_sdk.interfaces import (
    ActionExecutionRejection,
    ActionMissingDomainException,
    ActionNotFoundException,
)

router = APIRouter(include_in_schema=False)


def get_executor(request: Request) -> ActionExecutor:
    return request.app.state.action_executor


def get_webhook_token(request: Request) -> str:
    return request.app.state.action_webhook_token


@router.post("/webhook")
async def webhook(
    action_call: Annotated[dict[str, Any], Body()],
    executor: Annotated[ActionExecutor, Depends(get_executor)],
    expected_token: Annotated[str, Depends(get_webhook_token)],
    token: Annotated[str, Query()] = "",
) -> JSONResponse:
    if not hmac.compare_digest(token, expected_token):
        return JSONResponse({"error": "wrong or missing token"}, status_code=401)
    try:
        result = await executor.run(action_call)
    except ActionExecutionRejection as error:
        return JSONResponse({"error": error.message, "action_name": error.action_name}, status_code=400)
    except ActionNotFoundException as error:
        return JSONResponse({"error": error.message, "action_name": error.action_name}, status_code=404)
    except ActionMissingDomainException as error:
        return JSONResponse({"error": error.message, "action_name": error.action_name}, status_code=449)
    return JSONResponse(result.model_dump() if result else None)
