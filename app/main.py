"""The FastAPI app factory: `uvicorn app.main:create_app --factory`."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from app.composition import Product, build_product
from app.errors import DomainError, RateLimited, Unavailable
from app.settings import Settings

log = logging.getLogger(__name__)


def create_app(settings: Settings | None = None, product: Product | None = None) -> FastAPI:
    settings = settings or Settings()
    product = product or build_product(settings)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # Warm in the background: /healthz answers at once, /readyz says what is still loading.
        tasks = [
            asyncio.create_task(asyncio.to_thread(product.warm_up)),
            asyncio.create_task(product.run_periodic_jobs()),
        ]
        try:
            yield
        finally:
            for task in tasks:
                task.cancel()
            for task in tasks:
                with contextlib.suppress(asyncio.CancelledError):
                    await task
            await product.aclose()

    app = FastAPI(
        title="Kontaktcenter chatbot",
        summary="Citizen chat, officer and editor APIs of the municipal contact center",
        version="0.1.0",
        lifespan=lifespan,
    )
    product.install(app)
    _install_error_handlers(app)
    return app


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(DomainError)
    async def _domain_error(_: Request, error: DomainError) -> JSONResponse:
        headers = {}
        if isinstance(error, Unavailable | RateLimited):
            headers["Retry-After"] = str(error.retry_after_seconds)
        return JSONResponse({"detail": error.message}, status_code=error.status_code, headers=headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid_request(_: Request, error: RequestValidationError) -> JSONResponse:
        """422 with a detail that names each field and says what is wrong with it."""
        problems = [
            {"field": ".".join(str(part) for part in problem["loc"] if part != "body"), "problem": problem["msg"]}
            for problem in error.errors()
        ]
        return JSONResponse({"detail": problems}, status_code=422)
