#!/usr/bin/env bash
# Builds .venv-embedders: the backend's locked environment plus the sentence-transformers extra and the model
# its tests load. The product's own environment (.venv) never carries torch.
#
# torch is the CPU build, chosen here rather than by the lock (which can only name PyPI's CUDA build):
#   - from a folder of wheels when it holds one (TORCH_WHEELS, default /opt/wheels, as on the CI machines);
#   - else from TORCH_INDEX_URL when set (e.g. https://download.pytorch.org/whl/cpu);
#   - else from PyPI, which on x86_64 is a CUDA build of several GB that runs on the CPU too.
# Usage: scripts/embedders-env.sh UV VENV
set -euo pipefail
uv=$1
venv=$2
torch_version=${TORCH_VERSION:-2.13.0}
wheels=${TORCH_WHEELS:-/opt/wheels}

"$uv" venv --allow-existing --quiet --python 3.11 "$venv"
export VIRTUAL_ENV=$venv
if ls "$wheels"/torch-"$torch_version"+cpu-*.whl >/dev/null 2>&1; then
  "$uv" pip install --quiet --find-links "$wheels" "torch==$torch_version+cpu"
elif [ -n "${TORCH_INDEX_URL:-}" ]; then
  "$uv" pip install --quiet --index-url "$TORCH_INDEX_URL" --extra-index-url https://pypi.org/simple "torch==$torch_version"
else
  echo "No CPU build of torch in $wheels and no TORCH_INDEX_URL: installing torch from PyPI (several GB)." >&2
  "$uv" pip install --quiet "torch==$torch_version"
fi
# Everything else exactly as locked, without the lock's own torch and its CUDA libraries.
requirements=$(mktemp)
trap 'rm -f "$requirements"' EXIT
"$uv" export --frozen --no-hashes --no-emit-project --extra sentence-transformers \
  --group dev --group embedders-tests 2>/dev/null \
  | grep -v -E '^(torch|triton|nvidia-[a-z0-9-]+|cuda-[a-z0-9-]+)==' >"$requirements"
"$uv" pip install --quiet -r "$requirements"
"$uv" pip install --quiet --no-deps -e .
