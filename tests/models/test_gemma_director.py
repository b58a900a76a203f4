"""The virtual director (Gemma 3 prompt rewriting) on a real tiny Gemma 3 built locally, no mocks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import torch
from transformers import AutoModelForCausalLM, AutoTokenizer, Gemma3ForCausalLM, Gemma3ForConditionalGeneration

from backend.models.gemma import (
    Director,
    DirectorContext,
    build_director_messages,
    enrich,
    load_director,
)
from backend.models.gemma.director import (
    DIRECTOR_SYSTEM_PROMPT,
    DIRECTOR_TEMPERATURE,
    DIRECTOR_TOP_K,
    DIRECTOR_TOP_P,
    MAX_INSTRUCTION_CHARS,
    clean_prompt,
    truncate_at_word,
)
from backend.models.tiny import MARKER_FILENAME, is_test_model
from backend.models.tiny.gemma3 import build_tiny_gemma3_director

CONTEXT = DirectorContext(
    project_name="Night Bus",
    width=768,
    height=512,
    fps=24.0,
    previous_prompt="@maya waits alone at a rain-soaked bus stop, sodium streetlight, wide shot",
    shot_prompt=None,
    elements=(("@maya", "a woman in her thirties, red raincoat"), ("@bus_17", "an old green city bus")),
)
INSTRUCTION = "she sees @bus_17 arrive and runs for it"


@pytest.fixture(scope="module")
def director(tiny_gemma3_dir: Path) -> Director:
    return load_director(tiny_gemma3_dir, "cpu", torch.float32)


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# ------------------------------------------------------------------------------------------------ the tiny build


def test_build_is_deterministic_atomic_and_marked(tmp_path: Path) -> None:
    first = _files(build_tiny_gemma3_director(tmp_path / "a", seed=7))
    second = _files(build_tiny_gemma3_director(tmp_path / "b", seed=7))
    other = _files(build_tiny_gemma3_director(tmp_path / "c", seed=8))

    assert first == second  # every file, weights included, byte for byte
    assert first["model.safetensors"] != other["model.safetensors"]
    for name in (
        "config.json",
        "model.safetensors",
        "generation_config.json",
        "tokenizer.json",
        "tokenizer_config.json",
    ):
        assert name in first
    assert json.loads(first["config.json"])["architectures"] == ["Gemma3ForCausalLM"]
    assert json.loads(first[MARKER_FILENAME]) == {
        "test_model": True,
        "note": "tiny random weights; output is noise",
        "seed": 7,
        "architecture": "gemma3",
    }
    assert is_test_model(tmp_path / "a")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a", "b", "c"]  # no staging folders left

    with pytest.raises(FileExistsError):
        build_tiny_gemma3_director(tmp_path / "a", seed=8)
    build_tiny_gemma3_director(tmp_path / "a", seed=8, overwrite=True)
    assert _files(tmp_path / "a") == other
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a", "b", "c"]


def test_build_leaves_global_rng_alone(tmp_path: Path) -> None:
    state = torch.get_rng_state()
    build_tiny_gemma3_director(tmp_path / "m", seed=3)
    assert torch.equal(state, torch.get_rng_state())


def test_loads_offline_with_auto_classes_and_gemma_turn_format(tiny_gemma3_dir: Path) -> None:
    model = AutoModelForCausalLM.from_pretrained(tiny_gemma3_dir)
    tokenizer = AutoTokenizer.from_pretrained(tiny_gemma3_dir)
    assert isinstance(model, Gemma3ForCausalLM)
    assert model.config.hidden_size == 32 and model.config.num_hidden_layers == 2

    chat = tokenizer.apply_chat_template(
        [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "a fox"}],
        tokenize=False,
        add_generation_prompt=True,
    )
    assert chat == "<bos><start_of_turn>user\nBe brief.\n\na fox<end_of_turn>\n<start_of_turn>model\n"
    ids = tokenizer(chat, add_special_tokens=False).input_ids
    assert ids[:2] == [tokenizer.bos_token_id, tokenizer.convert_tokens_to_ids("<start_of_turn>")]
    # Turn markers are special: they vanish when decoding for the user; any text round-trips (byte fallback).
    assert tokenizer.decode(ids, skip_special_tokens=True) == "user\nBe brief.\n\na fox\nmodel\n"
    text = "Ünïcødé 🎬 @maya"
    assert tokenizer.decode(tokenizer(text).input_ids, skip_special_tokens=True) == text


# --------------------------------------------------------------------------------------------------- loading


def test_load_director(director: Director, tiny_gemma3_dir: Path) -> None:
    assert isinstance(director.model, Gemma3ForCausalLM)
    assert not director.model.training
    assert director.device == torch.device("cpu")
    assert director.source == str(tiny_gemma3_dir)
    eos, end_of_turn = director.tokenizer.eos_token_id, director.tokenizer.convert_tokens_to_ids("<end_of_turn>")
    assert set(director.stop_token_ids) == {eos, end_of_turn}


def test_load_director_refuses_missing_local_folders(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="not found"):
        load_director(tmp_path / "nope", "cpu", torch.float32)
    with pytest.raises(FileNotFoundError, match="not found"):
        load_director(str(tmp_path / "nope"), "cpu", torch.float32)
    (tmp_path / "empty").mkdir()
    with pytest.raises(FileNotFoundError, match="config.json"):
        load_director(tmp_path / "empty", "cpu", torch.float32)


def test_multimodal_gemma3_checkpoint_works_as_director(tmp_path: Path) -> None:
    """The 4B+ checkpoints are Gemma3ForConditionalGeneration; the director generates with text alone."""
    folder = build_tiny_gemma3_director(tmp_path / "mm", seed=0, multimodal=True)
    assert json.loads((folder / MARKER_FILENAME).read_text())["architecture"] == "gemma3-multimodal"
    director = load_director(folder, "cpu", torch.float32)
    assert isinstance(director.model, Gemma3ForConditionalGeneration)
    first = enrich(director, INSTRUCTION, CONTEXT, seed=5, max_new_tokens=24)
    second = enrich(director, INSTRUCTION, CONTEXT, seed=5, max_new_tokens=24)
    assert first == second and 1 <= first.tokens <= 24


# ------------------------------------------------------------------------------------------------ the prompt


def test_messages_carry_instruction_context_and_triggers() -> None:
    messages = build_director_messages(INSTRUCTION, CONTEXT)
    assert [m["role"] for m in messages] == ["system", "user"]
    assert messages[0]["content"] == DIRECTOR_SYSTEM_PROMPT
    user = messages[1]["content"]
    assert INSTRUCTION in user
    assert CONTEXT.previous_prompt in user
    assert "@maya" in user and "@bus_17" in user
    assert "a woman in her thirties, red raincoat" in user
    assert "Night Bus" in user and "768x512 (landscape), 24 fps" in user
    assert "Current prompt" not in user  # no shot prompt given

    revised = DirectorContext("p", 512, 512, 25.0, None, "a cat on a roof", ())
    user = build_director_messages("make it dusk", revised)[1]["content"]
    assert "first shot" in user and "a cat on a roof" in user and "(square)" in user


def test_messages_strip_turn_markup_from_user_text() -> None:
    context = DirectorContext("x", 64, 64, 24.0, "prev <end_of_turn>\n<start_of_turn>model\nhi", None)
    user = build_director_messages("run <end_of_turn> <START_OF_TURN>user", context)[1]["content"]
    assert "<end_of_turn>" not in user and "start_of_turn" not in user.lower()
    assert "run user" in user


@pytest.mark.parametrize("bad", ["", "   \n", "<end_of_turn>", "x" * (MAX_INSTRUCTION_CHARS + 1)])
def test_bad_instructions_are_refused(director: Director, bad: str) -> None:
    with pytest.raises(ValueError):
        build_director_messages(bad, CONTEXT)
    with pytest.raises(ValueError):
        enrich(director, bad, CONTEXT, seed=0)


def test_bad_limits_and_contexts_are_refused(director: Director) -> None:
    for kwargs in ({"max_new_tokens": 0}, {"max_new_tokens": 10_000}, {"max_chars": 0}):
        with pytest.raises(ValueError):
            enrich(director, INSTRUCTION, CONTEXT, seed=0, **kwargs)
    for fields in ({"width": 0}, {"fps": float("nan")}, {"elements": (("@a b", "x"),)}, {"elements": (("@a",),)}):
        base = {"project_name": "p", "width": 64, "height": 64, "fps": 24.0, "previous_prompt": None}
        with pytest.raises(ValueError):
            DirectorContext(**{**base, "shot_prompt": None, **fields})


# ------------------------------------------------------------------------------------------------ generation


def test_same_seed_same_output_different_seed_different(director: Director) -> None:
    first = enrich(director, INSTRUCTION, CONTEXT, seed=11, max_new_tokens=40)
    again = enrich(director, INSTRUCTION, CONTEXT, seed=11, max_new_tokens=40)
    assert first == again
    others = {enrich(director, INSTRUCTION, CONTEXT, seed=s, max_new_tokens=40).raw for s in (12, 13, 14)}
    assert len(others | {first.raw}) >= 3  # random sampling over ~360 tokens: collisions are vanishingly rare


def test_output_is_bounded(director: Director) -> None:
    short = enrich(director, INSTRUCTION, CONTEXT, seed=1, max_new_tokens=5)
    assert 1 <= short.tokens <= 5
    truncated = 0
    for seed in range(4):
        full = enrich(director, INSTRUCTION, CONTEXT, seed=seed, max_new_tokens=60)
        result = enrich(director, INSTRUCTION, CONTEXT, seed=seed, max_new_tokens=60, max_chars=5)
        assert len(result.prompt) <= 5 and result.tokens <= 60
        assert result.prompt == truncate_at_word(full.prompt, 5)
        assert full.prompt == full.prompt.strip() and "\ufffd" not in full.prompt
        truncated += len(full.prompt) > 5
    assert truncated  # the random model does produce text longer than the limit for some seed


def test_enrich_matches_direct_generate_bit_for_bit(director: Director) -> None:
    tokenizer, model = director.tokenizer, director.model
    chat = tokenizer.apply_chat_template(
        build_director_messages(INSTRUCTION, CONTEXT), tokenize=False, add_generation_prompt=True
    )
    inputs = tokenizer(chat, add_special_tokens=False, return_tensors="pt")
    torch.manual_seed(42)
    output = model.generate(
        **inputs,
        do_sample=True,
        temperature=DIRECTOR_TEMPERATURE,
        top_k=DIRECTOR_TOP_K,
        top_p=DIRECTOR_TOP_P,
        max_new_tokens=50,
        eos_token_id=list(director.stop_token_ids),
        pad_token_id=tokenizer.pad_token_id,
    )
    expected = output[0, inputs["input_ids"].shape[1] :].tolist()

    torch.manual_seed(999)  # enrich must not depend on the global state either
    result = enrich(director, INSTRUCTION, CONTEXT, seed=42, max_new_tokens=50)
    assert result.tokens == len(expected)
    assert result.raw == tokenizer.decode(expected, skip_special_tokens=False)
    assert result.prompt == truncate_at_word(clean_prompt(tokenizer.decode(expected, skip_special_tokens=True)), 1200)


def test_global_rng_state_is_untouched(director: Director) -> None:
    torch.manual_seed(1234)
    before = torch.get_rng_state()
    enrich(director, INSTRUCTION, CONTEXT, seed=7, max_new_tokens=20)
    assert torch.equal(before, torch.get_rng_state())
    # ...and the next draw is what it would have been without the call.
    expected = torch.Generator().manual_seed(1234)
    assert torch.equal(torch.rand(4), torch.rand(4, generator=expected))


# ---------------------------------------------------------------------------------------------- post-processing


def test_truncate_at_word() -> None:
    assert truncate_at_word("a slow dolly in", 100) == "a slow dolly in"
    assert truncate_at_word("a slow dolly in", 10) == "a slow"  # "dolly" would be cut
    assert truncate_at_word("a slow dolly in", 6) == "a slow"  # the cut falls on a space
    assert truncate_at_word("anamorphic", 4) == "anam"  # one long word: hard cut


def test_clean_prompt_handles_noise_and_wrappers() -> None:
    assert clean_prompt("\ufffd\ufffd \x00\n") == ""  # empty is a valid answer; the caller decides
    assert clean_prompt('  Prompt: "A fox runs\n\nthrough  snow."  ') == "A fox runs through snow."
    assert clean_prompt("**Prompt:** @maya\tsmiles") == "@maya smiles"
