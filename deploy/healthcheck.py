"""Container health check without curl: exit 0 when the URL answers 200, else 1.

Usage: python healthcheck.py /healthz            (http://127.0.0.1:$PORT/healthz, PORT defaults to 8000)
       python healthcheck.py http://127.0.0.1:5005/
Standard library only, so it runs in the backend image (Python 3.11) and the Rasa image (Python 3.10).
"""

from __future__ import annotations

import os
import sys
import urllib.error
import urllib.request


def main(argv: list[str]) -> int:
    target = argv[1] if len(argv) > 1 else "/healthz"
    if target.startswith("/"):
        target = f"http://127.0.0.1:{os.environ.get('PORT', '8000')}{target}"
    try:
        with urllib.request.urlopen(target, timeout=4) as response:
            return 0 if response.status == 200 else 1
    except (urllib.error.URLError, OSError) as error:
        print(f"{target}: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
