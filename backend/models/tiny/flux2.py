"""Build a tiny, random-weight FLUX.2 Klein pipeline folder with the real architecture and on-disk layout.

Same idea as :mod:`backend.models.tiny.ltx2`: instantiate the classes the real FLUX.2 [klein] checkpoints use
(``Flux2Transformer2DModel``, ``AutoencoderKLFlux2``, ``FlowMatchEulerDiscreteScheduler``, a ``Qwen3ForCausalLM``
text encoder and a ``Qwen2TokenizerFast``), only with a handful of channels, and save them with
``Flux2KleinPipeline.save_pretrained``. The folder loads through ``Flux2KleinPipeline.from_pretrained`` exactly like
a real download, and text-to-image, reference editing and in-painting each take a few tens of milliseconds at
64x64 on a CPU. Its output is noise, and ``milimo_test_model.json`` says so.

Sizes are chosen so that shapes stay consistent across components, mirroring the real model's wiring:

* The real Klein pipeline stacks the hidden states of 3 of the text encoder's 36 layers (9, 18, 27), so the
  transformer's ``joint_attention_dim`` is 3 x the Qwen3 hidden size. Here Qwen3 has hidden size 16 and 4 layers,
  and the transformer expects 3 x 16 = 48 channels: the pipeline must be called with
  ``text_encoder_out_layers=(1, 2, 3)``. :func:`backend.models.flux2.text_encoder_out_layers` derives that (and
  the real model's 9/18/27) from the configs, so no caller special-cases this folder.
* The VAE has two blocks (2x spatial compression) and 1 latent channel; the pipeline packs 2x2 latent patches into
  4 channels (= the transformer's ``in_channels``), so a 64x64 image is 16x16 = 256 image tokens.
* The tokenizer is byte-level BPE with no merges (every byte is a token, so any text in any script encodes
  offline) plus Qwen's ``<|endoftext|>``, ``<|im_start|>`` and ``<|im_end|>``, and a minimal ChatML template,
  which is what the pipeline applies to every prompt. ``model_max_length`` (64) caps the padded prompt length.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import torch

from milimo_common.test_models import cpu_float32, write_model_folder

__all__ = ["ARCHITECTURE", "TEXT_MAX_SEQUENCE_LENGTH", "build_tiny_flux2"]

#: ``architecture`` value in the marker file.
ARCHITECTURE = "flux2_klein"
#: Stored as the tokenizer's ``model_max_length``; the adapters use ``min(512, model_max_length)`` as the pipeline's
#: ``max_sequence_length`` (512 for the real Qwen tokenizer).
TEXT_MAX_SEQUENCE_LENGTH = 64

_TEXT_HIDDEN = 16
_TEXT_LAYERS = 4
_STACKED_TEXT_LAYERS = 3  # as many as the real pipeline stacks
_SPECIAL_TOKENS = ("<|endoftext|>", "<|im_start|>", "<|im_end|>")
# ChatML, as Qwen uses, without the tool-calling and "thinking" parts (the pipeline passes enable_thinking=False,
# which this template simply ignores).
_CHAT_TEMPLATE = (
    "{%- for message in messages %}"
    "{{- '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n' }}"
    "{%- endfor %}"
    "{%- if add_generation_prompt %}{{- '<|im_start|>assistant\\n' }}{%- endif %}"
)


def _byte_symbols() -> list[str]:
    """The 256 printable stand-ins byte-level BPE uses for bytes 0..255, in byte order.

    Bytes that are already visible, non-space Latin-1 characters stand for themselves; the rest (controls, space,
    ...) are shifted to code points 256 and up, in byte order. This is the convention of the ``tokenizers``
    ``ByteLevel`` pre-tokenizer that ``Qwen2TokenizerFast`` uses, so every byte it produces is in this vocabulary.
    """
    visible = set(range(ord("!"), ord("~") + 1)) | set(range(0xA1, 0xAC + 1)) | set(range(0xAE, 0xFF + 1))
    symbols: list[str] = []
    shifted = 0
    for byte in range(256):
        if byte in visible:
            symbols.append(chr(byte))
        else:
            symbols.append(chr(256 + shifted))
            shifted += 1
    return symbols


def _build_tokenizer() -> Any:
    from tokenizers.pre_tokenizers import ByteLevel
    from transformers import Qwen2TokenizerFast

    symbols = _byte_symbols()
    assert set(symbols) == set(ByteLevel.alphabet())  # same convention as the pre-tokenizer
    vocab = {token: index for index, token in enumerate((*_SPECIAL_TOKENS, *symbols))}
    tokenizer = Qwen2TokenizerFast(
        vocab=vocab,
        merges=[],
        unk_token=None,
        eos_token="<|im_end|>",
        pad_token="<|endoftext|>",
        additional_special_tokens=["<|im_start|>", "<|im_end|>"],
        model_max_length=TEXT_MAX_SEQUENCE_LENGTH,
    )
    tokenizer.chat_template = _CHAT_TEMPLATE
    return tokenizer


def _build_text_encoder(vocab_size: int, pad_id: int, eos_id: int) -> Any:
    from transformers import Qwen3Config, Qwen3ForCausalLM

    config = Qwen3Config(
        vocab_size=vocab_size,
        hidden_size=_TEXT_HIDDEN,
        intermediate_size=32,
        num_hidden_layers=_TEXT_LAYERS,
        num_attention_heads=2,
        num_key_value_heads=1,
        head_dim=8,
        max_position_embeddings=TEXT_MAX_SEQUENCE_LENGTH * 2,
        max_window_layers=_TEXT_LAYERS,
        tie_word_embeddings=True,  # as in the smaller Qwen3 models
        pad_token_id=pad_id,
        eos_token_id=eos_id,
    )
    return Qwen3ForCausalLM(config).eval()


def _build_components(seed: int) -> dict[str, Any]:
    """Every pipeline component, reseeding before each so its weights depend only on ``seed``."""
    from diffusers import AutoencoderKLFlux2, FlowMatchEulerDiscreteScheduler, Flux2Transformer2DModel

    tokenizer = _build_tokenizer()

    torch.manual_seed(seed)
    text_encoder = _build_text_encoder(
        len(tokenizer), tokenizer.convert_tokens_to_ids("<|endoftext|>"), tokenizer.convert_tokens_to_ids("<|im_end|>")
    )

    torch.manual_seed(seed)
    transformer = Flux2Transformer2DModel(
        patch_size=1,
        in_channels=4,  # 1 latent channel x the pipeline's 2x2 latent patches
        num_layers=1,
        num_single_layers=1,
        attention_head_dim=16,
        num_attention_heads=2,
        joint_attention_dim=_TEXT_HIDDEN * _STACKED_TEXT_LAYERS,
        timestep_guidance_channels=32,
        axes_dims_rope=(4, 4, 4, 4),  # (T, H, W, L) position axes; sums to the head dim
        guidance_embeds=False,  # Klein has no guidance embedding (FLUX.2-dev does)
    )

    torch.manual_seed(seed)
    vae = AutoencoderKLFlux2(
        in_channels=3,
        out_channels=3,
        down_block_types=("DownEncoderBlock2D", "DownEncoderBlock2D"),
        up_block_types=("UpDecoderBlock2D", "UpDecoderBlock2D"),
        block_out_channels=(4, 8),
        layers_per_block=1,
        latent_channels=1,
        norm_num_groups=2,
        sample_size=1024,  # tiling threshold, as in the real VAE: never reached at test sizes
        mid_block_add_attention=True,
        patch_size=(2, 2),
    )

    return {
        "scheduler": FlowMatchEulerDiscreteScheduler(shift=3.0, use_dynamic_shifting=True),
        "vae": vae.eval(),
        "text_encoder": text_encoder,
        "tokenizer": tokenizer,
        "transformer": transformer.eval(),
    }


def build_tiny_flux2(target: str | os.PathLike[str], seed: int = 0, *, overwrite: bool = False) -> Path:
    """Build the tiny FLUX.2 Klein pipeline and save it to ``target``; returns ``target``.

    Deterministic (the same ``seed`` gives byte-identical files) and atomic (written to a hidden sibling, then
    renamed into place). If ``target`` exists, raises ``FileExistsError`` unless ``overwrite`` is set, in which
    case the old folder is swapped out and deleted.
    """
    from diffusers import Flux2KleinPipeline

    def save(folder: Path) -> None:
        with cpu_float32():
            pipe = Flux2KleinPipeline(**_build_components(seed), is_distilled=False)
        pipe.save_pretrained(folder, safe_serialization=True)

    return write_model_folder(target, seed=seed, architecture=ARCHITECTURE, overwrite=overwrite, save=save)
