"""Shared fixtures: the real reference data beside the repo (../shared/data)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """Path of the real boundary files and code tables.

    In CI (``REQUIRE_SHARED_DATA=1``) a missing folder fails the test loudly; on a developer
    machine without it the test skips with the reason.
    """
    if not (SHARED_DATA / "README.md").exists():
        msg = f"reference data not found at {SHARED_DATA.name} beside the repo (../shared/data)"
        if os.environ.get("REQUIRE_SHARED_DATA") == "1":
            pytest.fail(msg)
        pytest.skip(msg)
    return SHARED_DATA
