"""Check a folder of model weights without running it: layout, configs, and every tensor's name and shape.

Each model component is instantiated on the ``meta`` device from its own config (no memory, no weights), and its
expected state dict is compared with the tensor headers of the folder's safetensors files (read with
``safe_open``, which touches no tensor data). So a wrong checkpoint, a truncated download or a config that does
not match its weights is found in seconds, before a 40 GB load fails halfway through a job.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

_WEIGHT_GLOBS = ("*.safetensors",)


@dataclass
class ComponentReport:
    name: str
    library: str
    class_name: str
    parameters: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass
class VerifyReport:
    path: str
    pipeline: str | None
    components: list[ComponentReport] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and all(c.ok for c in self.components)


def _safetensors_shapes(folder: Path) -> dict[str, tuple[int, ...]]:
    from safetensors import safe_open

    shapes: dict[str, tuple[int, ...]] = {}
    for pattern in _WEIGHT_GLOBS:
        for file in sorted(folder.glob(pattern)):
            with safe_open(str(file), framework="pt") as handle:
                for key in handle.keys():
                    shapes[key] = tuple(handle.get_slice(key).get_shape())
    return shapes


_PIPELINE_MODULES = ("ltx2", "flux2")  # diffusers pipeline packages whose models are not exported at the top level


def _has_class(library: str, class_name: str) -> bool:
    try:
        _resolve_class(library, class_name)
    except ValueError:
        return False
    return True


def _resolve_class(library: str, class_name: str) -> type:
    """``model_index.json`` names a library: diffusers, transformers, or a diffusers pipeline module (``ltx2``)."""
    import importlib

    for module in (library, f"diffusers.pipelines.{library}", "diffusers"):
        try:
            found = getattr(importlib.import_module(module), class_name, None)
        except ImportError:
            continue
        if found is not None:
            return found
    raise ValueError(f"no class {class_name} in {library}")


def _expected_shapes(library: str, class_name: str, folder: Path) -> tuple[dict[str, tuple[int, ...]], object]:
    import torch
    from accelerate import init_empty_weights

    cls = _resolve_class(library, class_name)
    if hasattr(cls, "load_config"):  # a diffusers model
        with init_empty_weights():
            model = cls.from_config(cls.load_config(folder))
    else:
        import transformers

        config = transformers.AutoConfig.from_pretrained(folder)
        with init_empty_weights(), torch.device("meta"):
            model = cls._from_config(config)
    return {k: tuple(v.shape) for k, v in model.state_dict().items()}, model


def _checkpoint_key_mapper(model: object, expected: dict[str, tuple[int, ...]]):  # noqa: ANN202
    """transformers renames old checkpoint keys on load (e.g. Gemma 3's ``language_model.model.*``); apply the same
    renaming here so an older but valid layout is not reported as wrong. Returns key -> (new key, shape-checkable)."""
    try:
        from transformers import PreTrainedModel
        from transformers.conversion_mapping import get_model_conversion_mapping
        from transformers.core_model_loading import WeightConverter, WeightRenaming, rename_source_key
    except ImportError:
        return lambda key: (key, True)
    if not isinstance(model, PreTrainedModel):
        return lambda key: (key, True)
    transforms = get_model_conversion_mapping(model)
    renamings = [t for t in transforms if isinstance(t, WeightRenaming)]
    converters = [t for t in transforms if isinstance(t, WeightConverter)]

    def mapper(key: str) -> tuple[str, bool]:
        renamed, converter = rename_source_key(key, renamings, converters, model.base_model_prefix, expected)
        return renamed, converter is None  # a converter (fusing, splitting) changes shapes by design

    return mapper


def _check_model(report: ComponentReport, folder: Path) -> None:
    if not (folder / "config.json").is_file():
        report.problems.append(f"{folder.name}/config.json is missing")
        return
    actual = _safetensors_shapes(folder)
    if not actual:
        report.problems.append(f"no .safetensors weights in {folder}")
        return
    try:
        expected, model = _expected_shapes(report.library, report.class_name, folder)
    except Exception as error:  # noqa: BLE001 - any config error is a finding, not a crash
        report.problems.append(f"config does not build a {report.class_name}: {error}")
        return
    report.parameters = sum(_numel(s) for s in actual.values())
    mapper = _checkpoint_key_mapper(model, expected)
    renamed: dict[str, tuple[tuple[int, ...], bool]] = {}
    for key, shape in actual.items():
        new_key, checkable = mapper(key)
        renamed[new_key] = (shape, checkable)
    # Tied weights (e.g. an LM head sharing the embedding) may be stored once; only flag what truly is absent.
    missing = [k for k in expected if k not in renamed and not k.endswith("lm_head.weight")]
    unexpected = [k for k in renamed if k not in expected]
    mismatched = [
        f"{k}: config says {expected[k]}, file has {renamed[k][0]}"
        for k in expected
        if k in renamed and renamed[k][1] and expected[k] != renamed[k][0]
    ]
    for label, items in (
        ("missing tensors", missing),
        ("unexpected tensors", unexpected),
        ("shape mismatches", mismatched),
    ):
        if items:
            shown = ", ".join(items[:5]) + (f" … (+{len(items) - 5})" if len(items) > 5 else "")
            report.problems.append(f"{len(items)} {label}: {shown}")


def _numel(shape: tuple[int, ...]) -> int:
    total = 1
    for size in shape:
        total *= size
    return total


def _check_aux(report: ComponentReport, folder: Path) -> None:
    """Tokenizers, schedulers, processors: load them (cheap, no weights)."""
    try:
        cls = _resolve_class(report.library, report.class_name)
        if hasattr(cls, "load_config"):
            cls.from_config(cls.load_config(folder))
        else:
            cls.from_pretrained(folder)
    except Exception as error:  # noqa: BLE001
        report.problems.append(f"cannot load {report.class_name} from {folder}: {error}")


def verify_folder(path: str | Path) -> VerifyReport:
    root = Path(path)
    report = VerifyReport(path=str(root), pipeline=None)
    if not root.is_dir():
        report.problems.append(f"{root} is not a folder")
        return report
    index = root / "model_index.json"
    if index.is_file():  # a diffusers pipeline
        try:
            spec = json.loads(index.read_text())
        except ValueError as error:
            report.problems.append(f"model_index.json is not valid JSON: {error}")
            return report
        report.pipeline = spec.get("_class_name")
        for name, value in sorted(spec.items()):
            if name.startswith("_") or not isinstance(value, list) or value[0] is None:
                continue
            library, class_name = value
            component = ComponentReport(name, library, class_name)
            report.components.append(component)
            folder = root / name
            if not folder.is_dir():
                component.problems.append(f"folder {name}/ is missing")
            elif any(folder.glob("*.safetensors")):
                _check_model(component, folder)
            else:
                _check_aux(component, folder)
        return report
    config = root / "config.json"
    if config.is_file() and json.loads(config.read_text()).get("_class_name"):  # a single diffusers model
        class_name = json.loads(config.read_text())["_class_name"]
        report.pipeline = class_name
        library = next((lib for lib in ("diffusers", *_PIPELINE_MODULES) if _has_class(lib, class_name)), "diffusers")
        component = ComponentReport("model", library, class_name)
        report.components.append(component)
        _check_model(component, root)
        return report
    if config.is_file():  # a transformers model (e.g. the director)
        architectures = json.loads(config.read_text()).get("architectures") or []
        if not architectures:
            report.problems.append("config.json names no architecture")
            return report
        report.pipeline = architectures[0]
        component = ComponentReport("model", "transformers", architectures[0])
        report.components.append(component)
        _check_model(component, root)
        return report
    report.problems.append("neither model_index.json (diffusers) nor config.json (transformers) found")
    return report
