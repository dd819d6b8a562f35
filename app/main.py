"""The FastAPI app factory: `uvicorn app.main:create_app --factory`."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
from collections.abc import AsyncIterator
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi_offline import FastAPIOffline
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.citizen_text import invalid_unicode
from app.composition import Product, build_product
from app.errors import DomainError, RateLimited, Unavailable
from app.jobs import running_worker
from app.settings import Settings

log = logging.getLogger(__name__)
FASTAPI_BODY_NOT_PARSED = "There was an error parsing the body"  # fastapi.routing, for a body it cannot decode


def create_app(settings: Settings | None = None, product: Product | None = None) -> FastAPI:
    settings = settings or Settings()
    product = product or build_product(settings)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # Warm in the background: /healthz answers at once, /readyz says what is still loading.
        product.start_watching()
        warm_up = asyncio.create_task(asyncio.to_thread(product.warm_up))
        async with contextlib.AsyncExitStack() as stack:
            if product.runs_jobs_in_process:
                await stack.enter_async_context(running_worker(product.job_app(), name=f"backend-{os.getpid()}"))
            try:
                yield
            finally:
                warm_up.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await warm_up
                await product.aclose()

    app = FastAPIOffline(  # API docs served from the installed package, never from a CDN; off in production
        title="Kontaktcenter chatbot",
        summary="Citizen chat, officer and editor APIs of the municipal contact center",
        version="0.1.0",
        lifespan=lifespan,
        docs_url="/docs" if settings.is_development else None,
        redoc_url=None,
        static_url="/docs-assets",
    )
    product.install(app)
    _install_error_handlers(app)
    _declare_problem_bodies(app)
    return app


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(DomainError)
    async def _domain_error(_: Request, error: DomainError) -> JSONResponse:
        headers = {}
        if isinstance(error, Unavailable | RateLimited):
            headers["Retry-After"] = str(error.retry_after_seconds)
        return JSONResponse({"detail": error.message}, status_code=error.status_code, headers=headers)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, error: StarletteHTTPException) -> Response:
        """FastAPI answers a body that is not UTF-8 with a bare 400; it is a 422 like any other broken body."""
        if error.status_code == 400 and error.detail == FASTAPI_BODY_NOT_PARSED:
            problem = Problem(field="body", problem="the body is not valid JSON: it is not UTF-8 text")
            return JSONResponse({"detail": [problem.model_dump()]}, status_code=422)
        return await http_exception_handler(request, error)

    @app.exception_handler(RequestValidationError)
    async def _invalid_request(_: Request, error: RequestValidationError) -> JSONResponse:
        """422 with a detail that names each field and says what is wrong with it (InvalidRequest)."""
        problems = [_problem(problem).model_dump() for problem in error.errors()]
        return JSONResponse({"detail": problems}, status_code=422)


class Problem(BaseModel):
    field: str = Field(description="Where: a dotted path in the body, or a query, path or header parameter")
    problem: str = Field(description="What is wrong, in words")


class InvalidRequest(BaseModel):
    """The body of every 422: a list of problems for a request that breaks the schema, or one sentence for a
    request the domain refuses (for example a contact form without consent)."""

    detail: list[Problem] | str


def _problem(problem: dict[str, Any]) -> Problem:
    location = [str(part) for part in problem["loc"]]
    if problem["type"] == "json_invalid":  # the location is a character offset, not a field
        reason = problem.get("ctx", {}).get("error", "not valid JSON")
        return Problem(field="body", problem=f"the body is not valid JSON: {reason} (at character {location[-1]})")
    field = ".".join(part for part in location if part != "body") or "body"
    if problem["type"] == "string_unicode":
        return Problem(field=field, problem=invalid_unicode(str(problem["input"])) or "text is not valid Unicode")
    return Problem(field=field, problem=problem["msg"])


def _declare_problem_bodies(app: FastAPI) -> None:
    """Make the OpenAPI document promise the 422 body the handlers above send, in place of FastAPI's default."""
    default = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = default()
            components = schema.setdefault("components", {}).setdefault("schemas", {})
            definitions = InvalidRequest.model_json_schema(ref_template="#/components/schemas/{model}")
            components.update(definitions.pop("$defs", {}))
            components["HTTPValidationError"] = definitions
            components.pop("ValidationError", None)
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
