"""Standard schemas (Atom's RELAX NG, IPTC ninjs) live outside the project in shared/schemas
beside the checkout (they are public standards, not our code; see shared/schemas/README.md).
SCHEMAS_DIR overrides where to look. Tests that need one skip, saying why, when it is absent."""

import os
from pathlib import Path

from django.conf import settings

SCHEMAS_DIR = Path(os.environ.get("SCHEMAS_DIR") or Path(settings.BASE_DIR).parent / "shared" / "schemas")


def schema_path(name: str) -> Path | None:
    path = SCHEMAS_DIR / name
    return path if path.exists() else None


def missing_reason(name: str) -> str:
    return f"{name} not found in {SCHEMAS_DIR} (shared/schemas is not beside the checkout; set SCHEMAS_DIR)"
