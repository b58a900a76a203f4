"""The memory planner: given a card, the weights and a job's shape, it chooses resident, FP8, streamed or refuses
with what the job needs. Weights are counted from the real architectures' parameters on the meta device (the 18.9 B
LTX-2 transformer, the 12 B Gemma 3 text encoder, LTX-2's VAEs, vocoder and connectors), nothing downloaded."""

from __future__ import annotations

import pytest
import torch

from backend.models.memory.activations import JobShape, activation_bytes, tokens
from backend.models.memory.budget import CardMemory, GiB, available_bytes, card_memory, gb
from backend.models.memory.fp8 import block_classes, select_fp8_layers
from backend.models.memory.planner import PlanInputs, plan_memory
from backend.models.memory.weights import ComponentWeights, count_component, module_bytes

SHOT = JobShape(768, 512, 121)  # the studio's default shot, with sound


@pytest.fixture(scope="module")
def ltx2_19b() -> dict[str, object]:
    from diffusers import AutoencoderKLLTX2Audio, AutoencoderKLLTX2Video, LTX2VideoTransformer3DModel
    from diffusers.pipelines.ltx2 import LTX2TextConnectors
    from diffusers.pipelines.ltx2.vocoder import LTX2Vocoder
    from transformers import Gemma3Config, Gemma3ForConditionalGeneration, Gemma3TextConfig, SiglipVisionConfig

    gemma_12b = Gemma3Config(
        text_config=Gemma3TextConfig(
            vocab_size=262208,
            hidden_size=3840,
            intermediate_size=15360,
            num_hidden_layers=48,
            num_attention_heads=16,
            num_key_value_heads=8,
            head_dim=256,
        ),
        vision_config=SiglipVisionConfig(
            hidden_size=1152,
            intermediate_size=4304,
            num_hidden_layers=27,
            num_attention_heads=16,
            image_size=896,
            patch_size=14,
        ),
    )
    with torch.device("meta"):
        transformer = LTX2VideoTransformer3DModel().to(torch.bfloat16)  # the defaults are the 19 B model
        text = Gemma3ForConditionalGeneration(gemma_12b).to(torch.bfloat16)
        others = [
            AutoencoderKLLTX2Video(),
            AutoencoderKLLTX2Audio(),
            LTX2Vocoder(),
            LTX2TextConnectors(text_proj_in_factor=49),  # Gemma's 48 layers + its embeddings, stacked
        ]
    return {
        "config": transformer.config,
        "transformer": count_component(
            "transformer", transformer, block_classes(transformer), [m for _, m in select_fp8_layers(transformer)]
        ),
        "text": count_component("text_encoder", text, block_classes(text), [m for _, m in select_fp8_layers(text)]),
        "other": sum(module_bytes(m.to(torch.bfloat16)) for m in others),
    }


def _card(total_gib: float, used_gib: float = 1.0) -> int:
    """What a model may plan with on a card of ``total_gib`` (GiB, as card makers' "GB" are) with ``used_gib`` held
    by the desktop and the driver."""
    total = int(total_gib * GiB)
    return available_bytes(CardMemory(total, total - int(used_gib * GiB), measured=True))


def _inputs(model: dict[str, object], free: int, shape: JobShape = SHOT, **fields: object) -> PlanInputs:
    defaults: dict[str, object] = {
        "free_bytes": free,
        "transformer": model["transformer"],
        "text_encoder": model["text"],
        "other_bytes": model["other"],
        "activation_bytes": activation_bytes("ltx2", shape, model["config"]),
        "tight_activation_bytes": activation_bytes("ltx2", shape, model["config"], framewise_decode=True),
        "fp8_matmul": True,
    }
    return PlanInputs(**{**defaults, **fields})  # type: ignore[arg-type]


def test_the_19b_model_counts_as_its_parameters_say(ltx2_19b: dict[str, object]) -> None:
    transformer = ltx2_19b["transformer"]
    assert isinstance(transformer, ComponentWeights)
    assert transformer.loaded_bytes == 2 * 18_876_174_592  # every parameter once, in bf16
    assert transformer.fp8_layers == 1344  # every Linear of the 48 blocks
    # FP8 covers 18.53 B of 18.88 B parameters: half the bytes of those, plus a float32 scale per row.
    assert 19.0e9 < transformer.fp8_bytes < 19.5e9
    assert 0.7e9 < transformer.largest_block_bytes < 0.8e9  # one of 48 blocks
    text = ltx2_19b["text"]
    assert isinstance(text, ComponentWeights)
    assert 24.0e9 < text.loaded_bytes < 24.8e9 and text.fp8_layers == 48 * 7


def test_a_24_gb_card_streams_the_19b_model(ltx2_19b: dict[str, object]) -> None:
    free = _card(24)  # RTX 4090
    plan = plan_memory(_inputs(ltx2_19b, free))
    assert plan.name == "streamed" and plan.placement == "streamed"
    assert plan.text_encoder == "streamed"
    assert not plan.tiled_decode  # a whole 512-pixel tile of 121 frames decodes at once: the resident plan's pixels
    assert plan.weight_dtype == "bf16"  # streaming keeps the weights exact
    assert plan.needed_bytes <= free
    # FP8 resident would not fit: 19.2 GB of transformer alone, with the VAEs and the shot's activations on top.
    forced = plan_memory(_inputs(ltx2_19b, free, requested="fp8"))
    assert forced.name == "refuse"
    assert "MILIMO_VIDEO_MEMORY_PLAN=auto" in (forced.message or "")


def test_a_32_gb_card_runs_fp8_resident_without_streaming_the_transformer(ltx2_19b: dict[str, object]) -> None:
    free = _card(32)  # RTX 5090 (compute capability 12.0: FP8 matmuls)
    plan = plan_memory(_inputs(ltx2_19b, free))
    assert plan.name == "fp8" and plan.placement == "resident"
    assert plan.weight_dtype == "fp8" and plan.fp8_mode == "rowwise"
    assert plan.text_encoder == "streamed"  # 24 GB of Gemma does not fit beside it: it runs, then leaves
    assert plan.needed_bytes <= free
    # A card without FP8 matmuls (Ampere) stores FP8 and multiplies in bf16.
    older = plan_memory(_inputs(ltx2_19b, free, fp8_matmul=False))
    assert older.name == "fp8" and older.fp8_mode == "weight_only"


def test_big_cards_keep_everything_resident_in_bf16(ltx2_19b: dict[str, object]) -> None:
    for total in (80, 141):  # H100, H200
        plan = plan_memory(_inputs(ltx2_19b, _card(total)))
        assert (plan.name, plan.weight_dtype, plan.text_encoder) == ("resident", "bf16", "resident")
    # 48 GB: the transformer stays bf16 and the text encoder is streamed, rather than anything in FP8.
    plan = plan_memory(_inputs(ltx2_19b, _card(48)))
    assert (plan.name, plan.text_encoder) == ("resident", "streamed")


def test_a_card_too_small_is_refused_with_what_the_job_needs(ltx2_19b: dict[str, object]) -> None:
    free = _card(8)
    plan = plan_memory(_inputs(ltx2_19b, free, sam_bytes=3 * 10**9))
    assert plan.name == "refuse"
    assert plan.needed_bytes > free
    message = plan.message or ""
    assert f"needs {gb(plan.needed_bytes)} of GPU memory, the card has {gb(free)} free" in message
    assert "stop the SAM service (it holds 3.0 GB)" in message
    assert "lower the resolution or the frame count" in message
    # On a 16 GB card a 2048x1152 shot of 505 frames (150,000 tokens) is refused, the default shot streams.
    free = _card(16)
    huge = plan_memory(_inputs(ltx2_19b, free, shape=JobShape(2048, 1152, 505)))
    assert huge.name == "refuse" and "lower the resolution" in (huge.message or "")
    assert plan_memory(_inputs(ltx2_19b, free)).name == "streamed"
    # A 241-frame shot streams on it only when the VAE decodes in chunks of frames (7.6 GB at once, 1.1 GB chunked).
    long_shot = JobShape(768, 512, 241)
    chunked = plan_memory(_inputs(ltx2_19b, free, shape=long_shot))
    assert chunked.name == "streamed" and chunked.tiled_decode
    assert plan_memory(_inputs(ltx2_19b, free, shape=long_shot, tight_activation_bytes=None)).name == "refuse"


def test_a_forced_plan_is_taken_when_it_fits(ltx2_19b: dict[str, object]) -> None:
    free = _card(141)
    assert plan_memory(_inputs(ltx2_19b, free, requested="fp8")).name == "fp8"
    assert plan_memory(_inputs(ltx2_19b, free, requested="streamed")).name == "streamed"
    assert plan_memory(_inputs(ltx2_19b, _card(24), requested="resident")).name == "refuse"


def test_the_reserve_grows_with_the_shot_and_uses_the_real_token_count(ltx2_19b: dict[str, object]) -> None:
    config = ltx2_19b["config"]
    assert tokens("ltx2", SHOT, config) == 16 * 16 * 24 + 60  # 16 latent frames of 16 x 24, plus the sound
    sizes = [
        activation_bytes("ltx2", JobShape(w, h, f), config) for w, h, f in ((512, 320, 49), SHOT_DIMS, (1280, 704, 241))
    ]
    assert sizes == sorted(sizes) and sizes[0] < sizes[-1]
    # A single CFG branch (batch 1) needs no more than the pair.
    assert activation_bytes("ltx2", JobShape(768, 512, 121, batch=1), config) <= sizes[1]


SHOT_DIMS = (SHOT.width, SHOT.height, SHOT.frames)


def test_a_cpu_simulates_a_card_from_the_budget_setting() -> None:
    cpu = torch.device("cpu")
    assert card_memory(cpu, None) is None  # nothing to plan for
    card = card_memory(cpu, 24.0, used_bytes=2 * GiB)
    assert card == CardMemory(total_bytes=24 * GiB, free_bytes=22 * GiB, measured=False)
    # A simulated card keeps 2 % back; a real one at least 256 MiB.
    assert available_bytes(card, sam_bytes=GiB) == 22 * GiB - GiB - 24 * GiB // 50
    tiny = CardMemory(total_bytes=10**6, free_bytes=10**6, measured=True)
    assert available_bytes(tiny) == 0
