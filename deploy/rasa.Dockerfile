# syntax=docker/dockerfile:1
#
# The Rasa image: Rasa 3.6 open source on Python 3.10, pinned by bot/requirements.txt, with the model
# TRAINED AT BUILD TIME from config.yml, bot/domain and bot/data (the same `rasa train` command as
# app/rasa_project.py's ensure_model). The image never trains and never downloads anything at run time.
#
# Build from the repository root (the build context must be the root, not deploy/):
#   docker build -f deploy/rasa.Dockerfile -t kontaktcenter-rasa .
# Training takes about 6 minutes on two cores. BuildKit reads deploy/rasa.Dockerfile.dockerignore.
# linux/amd64 only: bot/requirements.txt pins tensorflow 2.12, whose wheels this set is locked for.
#
# At run time the container needs SECRET_KEY (the backend's), DATABASE_URL (PostgreSQL: the tracker
# store) and ACTION_ENDPOINT_URL (the backend's /webhook); deploy/rasa/entrypoint.py writes endpoints.yml
# from them under /tmp and execs `rasa run` on port 5005 (RASA_PORT) without --enable-api.

# ---------------------------------------------------------------------------------------------------
FROM python:3.10-slim-bookworm AS build

ARG UV_VERSION=0.13.9
RUN pip install --no-cache-dir "uv==${UV_VERSION}"

ENV UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PYTHON_DOWNLOADS=never \
    RASA_TELEMETRY_ENABLED=false \
    TF_CPP_MIN_LOG_LEVEL=2 \
    HF_HUB_OFFLINE=1 \
    SQLALCHEMY_SILENCE_UBER_WARNING=1

# Rasa's environment, exactly as `make rasa-env` makes it (uv pip sync of the pinned file).
COPY bot/requirements.txt /tmp/requirements.txt
RUN --mount=type=cache,target=/root/.cache/uv \
    uv venv --python /usr/local/bin/python3.10 /opt/rasa \
 && VIRTUAL_ENV=/opt/rasa uv pip sync /tmp/requirements.txt

# Train: only what the model is made of, so a change elsewhere in the repository reuses this layer.
WORKDIR /build
COPY config.yml ./
COPY bot/domain/ bot/domain/
COPY bot/data/ bot/data/
RUN /opt/rasa/bin/rasa train \
      --config config.yml \
      --domain bot/domain \
      --data bot/data \
      --out /build/models \
      --fixed-model-name kontaktcenter \
 && test -s /build/models/kontaktcenter.tar.gz

# ---------------------------------------------------------------------------------------------------
FROM python:3.10-slim-bookworm AS runtime

LABEL org.opencontainers.image.title="kontaktcenter-rasa" \
      org.opencontainers.image.description="Rasa 3.6 dialogue engine of the Kontaktcenter chatbot, model trained at build time"

RUN groupadd --system --gid 10001 rasa \
 && useradd --system --uid 10001 --gid rasa --home-dir /home/rasa --create-home --shell /usr/sbin/nologin rasa

COPY --from=build /opt/rasa /opt/rasa
WORKDIR /srv/kontaktcenter
COPY --from=build /build/models/kontaktcenter.tar.gz models/kontaktcenter.tar.gz
COPY bot/credentials.yml bot/credentials.yml
COPY bot/__init__.py bot/__init__.py
COPY bot/addons/ bot/addons/
# bot/addons/tracker_store.py imports app.redaction (standard library only); Rasa loads nothing else of app/.
COPY app/__init__.py app/redaction.py app/
COPY deploy/rasa/entrypoint.py deploy/healthcheck.py ./

ENV PATH=/opt/rasa/bin:$PATH \
    PYTHONPATH=/srv/kontaktcenter \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    HOME=/home/rasa \
    RASA_TELEMETRY_ENABLED=false \
    RASA_PORT=5005 \
    RASA_RUNTIME_DIR=/tmp/rasa \
    RASA_CACHE_DIRECTORY=/tmp/rasa/cache \
    MPLCONFIGDIR=/tmp/rasa/matplotlib \
    TF_CPP_MIN_LOG_LEVEL=2 \
    TF_INTER_OP_PARALLELISM_THREADS=1 \
    TF_INTRA_OP_PARALLELISM_THREADS=2 \
    HF_HUB_OFFLINE=1 \
    DO_NOT_TRACK=1 \
    SQLALCHEMY_SILENCE_UBER_WARNING=1

USER 10001:10001
# Rasa also keeps a telemetry setting in ~/.config/rasa/global.yml and would write it on first start;
# writing it now (disabled) lets the root filesystem be read-only at run time.
RUN rasa telemetry disable >/dev/null

EXPOSE 5005
HEALTHCHECK --interval=30s --timeout=5s --start-period=120s --retries=3 \
    CMD ["python", "/srv/kontaktcenter/healthcheck.py", "http://127.0.0.1:5005/"]

ENTRYPOINT ["python", "/srv/kontaktcenter/entrypoint.py"]
