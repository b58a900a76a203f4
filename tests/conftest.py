# --- tiny LTX-2 model (owned by the models/media work; keep self-contained) -----------------------------------
# Tests never reach a model hub: everything they load is built locally. Set before anything imports
# huggingface_hub, which reads the variable once at import time.
import os as _os
import pathlib as _pathlib

_os.environ.setdefault("HF_HUB_OFFLINE", "1")

import pytest as _pytest


@_pytest.fixture(scope="session")
def tiny_ltx2_dir(tmp_path_factory: _pytest.TempPathFactory) -> _pathlib.Path:
    """A tiny random-weight LTX-2 pipeline folder (real diffusers layout), built once per test session (~1 s)."""
    from backend.models.tiny import build_tiny_ltx2

    return build_tiny_ltx2(tmp_path_factory.mktemp("models") / "ltx2-tiny", seed=0)


# --- end tiny LTX-2 model ------------------------------------------------------------------------------------
