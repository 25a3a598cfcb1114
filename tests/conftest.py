"""Shared fixtures: where the official Bot API method list lives (read from ../shared, never copied)."""

from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
API_SPEC_PATH = REPO_ROOT.parent / "shared" / "telegram-bot-api" / "api.min.json"


@pytest.fixture(scope="session")
def api_spec_path() -> Path:
    if not API_SPEC_PATH.exists():
        pytest.fail(f"the Bot API method list is missing at {API_SPEC_PATH}")
    return API_SPEC_PATH
