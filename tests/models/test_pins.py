"""Code that relies on a library's private hooks names the version it was checked against: that version must be the
one the lock file installs, and another one must be refused (not run with quietly different behaviour)."""

from __future__ import annotations

import re
from pathlib import Path

import diffusers
import pytest

LOCK = Path(__file__).resolve().parents[2] / "requirements.lock"


def locked_version(package: str) -> str:
    match = re.search(rf"^{re.escape(package)}==(\S+)$", LOCK.read_text(), re.M)
    assert match, f"{package} is not pinned in {LOCK}"
    return match.group(1)


def test_handoff_names_the_locked_diffusers() -> None:
    from backend.models.ltx2 import handoff

    assert handoff.PINNED_DIFFUSERS == locked_version("diffusers") == diffusers.__version__


def test_handoff_refuses_another_diffusers() -> None:
    from backend.models.ltx2.handoff import check_diffusers_version

    check_diffusers_version(locked_version("diffusers"))
    with pytest.raises(ImportError, match=r"private hooks of diffusers 0\.42\.1, but diffusers 0\.43\.0"):
        check_diffusers_version("0.43.0")
