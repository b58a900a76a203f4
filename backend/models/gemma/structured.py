"""Answers that satisfy a JSON schema: the director's ``generate`` under xgrammar's grammar-constrained decoding.

At every step the grammar masks the tokens that would leave the schema, so the answer is JSON of the asked shape
(types, enums, lengths, numeric ranges, array sizes) whatever the weights are — a random-weight test model included.
What a grammar cannot say (each line of dialogue used once, in order) the caller checks on the parsed answer. An
answer cut off by ``max_new_tokens`` is unfinished JSON: :class:`UnfinishedAnswer`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import torch

from .director import Director, chat_inputs, seeded

__all__ = ["StructuredAnswer", "UnfinishedAnswer", "generate_json"]


class UnfinishedAnswer(ValueError):
    """The answer stopped before its JSON was complete (``max_new_tokens`` reached)."""


@dataclass(frozen=True)
class StructuredAnswer:
    data: Any
    raw: str
    tokens: int


def _compiled(director: Director, schema: dict[str, Any]) -> Any:
    import xgrammar as xgr

    # The embedding may be padded past the tokenizer's vocabulary: the grammar's mask must cover every logit.
    vocab_size = director.model.config.get_text_config().vocab_size
    # Gemma ends a turn with <end_of_turn>, not its EOS: the grammar must know it as a stop, or it lets it through
    # mid-answer as one more token.
    info = xgr.TokenizerInfo.from_huggingface(
        director.tokenizer, vocab_size=vocab_size, stop_token_ids=list(director.stop_token_ids)
    )
    return xgr.GrammarCompiler(info).compile_json_schema(json.dumps(schema), any_whitespace=False)


def generate_json(
    director: Director,
    messages: list[dict[str, str]],
    schema: dict[str, Any],
    seed: int,
    max_new_tokens: int,
    temperature: float = 0.7,
) -> StructuredAnswer:
    """One sampled answer to the chat ``messages`` that satisfies ``schema`` (seeded: same seed, same answer)."""
    import xgrammar as xgr

    inputs, pad_token_id = chat_inputs(director, messages)
    prompt_length = inputs["input_ids"].shape[1]
    constrain = xgr.contrib.hf.LogitsProcessor(_compiled(director, schema))  # holds the parse state: one per call
    with torch.inference_mode(), seeded(seed & 0xFFFF_FFFF_FFFF_FFFF, director.device):
        output = director.model.generate(
            **inputs,
            do_sample=True,
            temperature=temperature,
            max_new_tokens=max_new_tokens,
            logits_processor=[constrain],
            eos_token_id=list(director.stop_token_ids),
            pad_token_id=pad_token_id,
        )
    new_tokens = output[0, prompt_length:].tolist()
    raw = director.tokenizer.decode(new_tokens, skip_special_tokens=True)
    try:
        # strict=False: a string may hold raw control characters (a test model's bytes); the caller cleans text.
        data = json.loads(raw, strict=False)
    except json.JSONDecodeError:
        raise UnfinishedAnswer(
            f"the answer stopped after {len(new_tokens)} tokens before its JSON was complete"
        ) from None
    return StructuredAnswer(data=data, raw=raw, tokens=len(new_tokens))
