"""The layers of docs/architecture.md hold (import-linter, configured in pyproject.toml), and a wrong import breaks
them: each contract is shown to fail on a copy of the tree with one deliberately wrong import."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = {
    "backend": ROOT / "backend",
    "milimo_sam": ROOT / "sam3" / "milimo_sam",
    "milimo_common": ROOT / "milimo_common",
}
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(cwd: Path, *contracts: str, python_path: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(python_path)} if python_path else dict(os.environ)
    selected = [arg for contract in contracts for arg in ("--contract", contract)]
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(cwd / "pyproject.toml"), "--no-cache", *selected],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )


def contract_ids() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    return [c["id"] for c in config["tool"]["importlinter"]["contracts"]]


def test_the_tree_keeps_every_contract() -> None:
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"Contracts: {len(contract_ids())} kept, 0 broken." in result.stdout


# (file, line appended to it, the contract that must then fail): one wrong import per contract, each in its own copy
WRONG_IMPORTS = [
    ("backend/media/atomic.py", "import backend.services.projects", "layers"),
    ("backend/render/plan.py", "import backend.interchange.read", "engines-independent"),
    ("backend/extend/plan.py", "import backend.db.tables", "engines-no-database"),
    ("backend/interchange/read.py", "import sqlmodel", "engines-no-database"),
    ("milimo_sam/masks.py", "import backend.config", "sam-service-own-package"),
    ("milimo_common/settings.py", "import milimo_sam.masks", "common-at-the-bottom"),
    ("backend/screenplay/model.py", "import backend.screenplay.fdx", "no-package-circles"),
]


def test_every_contract_is_shown_to_fail() -> None:
    assert {contract for _, _, contract in WRONG_IMPORTS} == set(contract_ids())


@pytest.mark.parametrize(("relative", "line", "contract"), WRONG_IMPORTS, ids=[f"{c}:{r}" for r, _, c in WRONG_IMPORTS])
def test_a_wrong_import_breaks_its_contract(tmp_path: Path, relative: str, line: str, contract: str) -> None:
    for name, source in PACKAGES.items():
        shutil.copytree(source, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    assert lint_imports(tmp_path, contract, python_path=tmp_path).returncode == 0  # the copy holds, as the tree does
    path = tmp_path / relative
    path.write_text(path.read_text() + f"\n{line}  # deliberately wrong\n")
    result = lint_imports(tmp_path, contract, python_path=tmp_path)
    assert result.returncode != 0 and "0 kept, 1 broken" in result.stdout, result.stdout[-3000:]
    module = relative.removesuffix(".py").replace("/", ".")
    assert module.rsplit(".", 1)[-1] in result.stdout  # the report names where the wrong import is
