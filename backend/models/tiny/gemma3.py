"""Build a tiny, random-weight Gemma 3 "virtual director" folder in the real transformers layout.

The director (:mod:`backend.models.gemma.director`) rewrites a filmmaker's plain instruction into a cinematic prompt
with an instruction-tuned Gemma 3 (``google/gemma-3-*-it``). Those checkpoints are gigabytes, so tests and laptops
use this folder instead: the same ``Gemma3ForCausalLM`` class with hidden size 32 and 2 layers, an offline
``GemmaTokenizer`` and a chat template in Gemma's turn format, saved with ``save_pretrained``. It loads with
``AutoModelForCausalLM`` / ``AutoTokenizer`` exactly as a real download does, and generates a few hundred tokens in
well under a second on a CPU. Its output is random bytes, and ``milimo_test_model.json`` says so.

With ``multimodal=True`` the model is a ``Gemma3ForConditionalGeneration`` (text model plus a minimal SigLIP tower),
the class the larger real checkpoints (4B and up) are published as, so the loader's handling of those is tested too.

The tokenizer is re-derived here rather than imported from :mod:`backend.models.tiny.ltx2`, whose helper is
private: a vocabulary of Gemma's special tokens, Gemma's word marker, 256 byte-fallback tokens and printable ASCII,
no merges, so any text in any script tokenizes without downloads. Unlike the LTX-2 one, the turn markers are
registered as special added tokens (as in the real tokenizer), so the chat template's ``<start_of_turn>`` is one
token and ``skip_special_tokens`` removes it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import torch

from milimo_common.test_models import cpu_float32, write_model_folder

__all__ = ["DIRECTOR_CHAT_TEMPLATE", "build_tiny_gemma3_director"]

_HIDDEN = 32
_LAYERS = 2
#: Context length recorded in the config and as the tokenizer's ``model_max_length``. Every character of the
#: byte-level vocabulary is one token, so the director's system guidance alone is ~1,000 tokens.
_MAX_POSITIONS = 8192

# Gemma's special tokens, the first five in Gemma's order (pad 0, eos 1, bos 2, unk 3, mask 4).
_CORE_SPECIAL_TOKENS = ("<pad>", "<eos>", "<bos>", "<unk>", "<mask>")
# Registered as special *added* tokens so that they are matched whole in text (the chat template emits them).
_ADDED_SPECIAL_TOKENS = (
    "<start_of_turn>",
    "<end_of_turn>",
    "<start_of_image>",
    "<end_of_image>",
    "<image_soft_token>",
)

#: Gemma's turn format, written for this project:
#: ``<bos><start_of_turn>user\n...<end_of_turn>\n<start_of_turn>model\n``.
#: Gemma has no system role: a leading system message is put at the top of the first user turn, separated by a
#: blank line. ``assistant`` turns are rendered as ``model``; user and model turns must alternate.
DIRECTOR_CHAT_TEMPLATE = (
    "{{- bos_token -}}"
    "{%- if messages and messages[0]['role'] == 'system' -%}"
    "{%- set preamble = messages[0]['content'] | trim ~ '\\n\\n' -%}"
    "{%- set turns = messages[1:] -%}"
    "{%- else -%}"
    "{%- set preamble = '' -%}"
    "{%- set turns = messages -%}"
    "{%- endif -%}"
    "{%- for message in turns -%}"
    "{%- if message['role'] not in ('user', 'assistant', 'model') -%}"
    "{{- raise_exception('unsupported role: ' ~ message['role']) -}}"
    "{%- endif -%}"
    "{%- if (message['role'] == 'user') != (loop.index0 % 2 == 0) -%}"
    "{{- raise_exception('turns must alternate user/assistant, starting with user') -}}"
    "{%- endif -%}"
    "{{- '<start_of_turn>' ~ ('user' if message['role'] == 'user' else 'model') ~ '\\n' -}}"
    "{%- if loop.first -%}{{- preamble -}}{%- endif -%}"
    "{{- message['content'] | trim ~ '<end_of_turn>\\n' -}}"
    "{%- endfor -%}"
    "{%- if add_generation_prompt -%}{{- '<start_of_turn>model\\n' -}}{%- endif -%}"
)


def _build_tokenizer() -> Any:
    from tokenizers import AddedToken
    from transformers import GemmaTokenizer

    vocab = {token: index for index, token in enumerate((*_CORE_SPECIAL_TOKENS, *_ADDED_SPECIAL_TOKENS, "\u2581"))}
    for byte in range(256):
        vocab[f"<0x{byte:02X}>"] = len(vocab)
    # Printable ASCII as ordinary pieces, as a real SentencePiece vocabulary has them. Without these, everything
    # the random model samples is byte tokens, and runs of random bytes decode to U+FFFD (invalid UTF-8), so the
    # director's cleaned output would almost always be empty; with them it is random but readable text.
    for code in range(0x21, 0x7F):
        vocab[chr(code)] = len(vocab)
    tokenizer = GemmaTokenizer(vocab=vocab, merges=[], add_bos_token=True, model_max_length=_MAX_POSITIONS)
    # The tokens are in the vocabulary already, so they keep their ids; this only makes them match whole and
    # marks them special.
    tokenizer.add_tokens(
        [AddedToken(token, special=True, normalized=False) for token in _ADDED_SPECIAL_TOKENS], special_tokens=True
    )
    tokenizer.chat_template = DIRECTOR_CHAT_TEMPLATE
    tokenizer.padding_side = "left"  # batched generation pads on the left
    return tokenizer


def _text_config(vocab_size: int, ids: dict[str, int]) -> Any:
    from transformers import Gemma3TextConfig

    return Gemma3TextConfig(
        vocab_size=vocab_size,
        hidden_size=_HIDDEN,
        intermediate_size=64,
        num_hidden_layers=_LAYERS,
        num_attention_heads=2,
        num_key_value_heads=1,
        head_dim=16,
        query_pre_attn_scalar=16,
        max_position_embeddings=_MAX_POSITIONS,
        sliding_window=64,
        # One layer of each kind, as the real model interleaves them (5 sliding : 1 full), so both cache kinds
        # are exercised during generation.
        layer_types=["sliding_attention", "full_attention"],
        pad_token_id=ids["<pad>"],
        eos_token_id=ids["<eos>"],
        bos_token_id=ids["<bos>"],
    )


def _build_model(vocab_size: int, ids: dict[str, int], multimodal: bool) -> Any:
    from transformers import Gemma3Config, Gemma3ForCausalLM, Gemma3ForConditionalGeneration, SiglipVisionConfig

    text_config = _text_config(vocab_size, ids)
    if not multimodal:
        return Gemma3ForCausalLM(text_config).eval()
    # 8x8 images in 2x2 patches, pooled to 4 tokens per image: never used by the director, but the class builds
    # the tower and projector and their shapes must agree.
    vision_config = SiglipVisionConfig(
        hidden_size=16, intermediate_size=32, num_hidden_layers=1, num_attention_heads=2, image_size=8, patch_size=2
    )
    config = Gemma3Config(
        text_config=text_config,
        vision_config=vision_config,
        mm_tokens_per_image=4,
        boi_token_index=ids["<start_of_image>"],
        eoi_token_index=ids["<end_of_image>"],
        image_token_index=ids["<image_soft_token>"],
    )
    return Gemma3ForConditionalGeneration(config).eval()


def _generation_config(ids: dict[str, int]) -> Any:
    from transformers import GenerationConfig

    # As the real instruction-tuned checkpoints ship it: a turn ends at <end_of_turn> as well as at <eos>.
    return GenerationConfig(
        bos_token_id=ids["<bos>"],
        eos_token_id=[ids["<eos>"], ids["<end_of_turn>"]],
        pad_token_id=ids["<pad>"],
        do_sample=True,
        top_k=64,
        top_p=0.95,
    )


def build_tiny_gemma3_director(
    target: str | os.PathLike[str], seed: int = 0, *, overwrite: bool = False, multimodal: bool = False
) -> Path:
    """Build the tiny Gemma 3 director (model, tokenizer with chat template) and save it to ``target``.

    Deterministic: the same ``seed`` (and ``multimodal``) gives byte-identical files. Atomic: written to a hidden
    sibling directory and renamed into place. If ``target`` exists, raises ``FileExistsError`` unless
    ``overwrite`` is set, in which case the old folder is swapped out (two renames) and deleted.
    """

    def save(folder: Path) -> None:
        tokenizer = _build_tokenizer()
        specials = (*_CORE_SPECIAL_TOKENS, *_ADDED_SPECIAL_TOKENS)
        ids = {token: tokenizer.convert_tokens_to_ids(token) for token in specials}
        # A private generator state too: the caller's global RNG is left as it was.
        with torch.random.fork_rng(devices=[]), cpu_float32():
            torch.random.default_generator.manual_seed(seed)  # CPU only: leaves CUDA's RNG alone
            model = _build_model(len(tokenizer), ids, multimodal)
        model.generation_config = _generation_config(ids)
        model.save_pretrained(folder, safe_serialization=True)
        tokenizer.save_pretrained(folder)

    architecture = "gemma3-multimodal" if multimodal else "gemma3"
    return write_model_folder(target, seed=seed, architecture=architecture, overwrite=overwrite, save=save)
