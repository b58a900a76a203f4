"""Print the API's OpenAPI schema as JSON, without starting the server (the web app generates its types from it)."""

from __future__ import annotations

import json
import sys

from backend.api.app import create_app


def main() -> None:
    json.dump(create_app(start_worker=False).openapi(), sys.stdout, indent=2, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
