"""The virtual director: an instruction-tuned Gemma 3 rewrites a filmmaker's plain instruction into a cinematic prompt.

"she runs to the car, it's raining" becomes one paragraph a text-to-video model (LTX-2) can work with: subject,
action, camera, lens, light, mood and sound, in continuity with the previous shot and keeping the project's
``@triggers`` (characters, props, places) verbatim so that the element system can still find them.

Loading. Real sources are ``google/gemma-3-*-it`` checkpoints or local copies of them. The 1B model is published
as the text-only ``Gemma3ForCausalLM``; 4B and larger as the multimodal ``Gemma3ForConditionalGeneration``. In
transformers 5.23 ``AutoModelForCausalLM`` maps both model types (``gemma3_text`` and ``gemma3``), the latter to
``Gemma3ForConditionalGeneration`` itself, whose ``generate`` works with text alone (checked with the tiny
multimodal build). Should a transformers version refuse the multimodal config for causal LM, the loader falls back
to ``Gemma3ForConditionalGeneration`` explicitly. The vision tower is then loaded but never used; it is a few
hundred MB next to the language model's gigabytes.

Determinism. ``generate`` takes no ``torch.Generator``: sampling draws from the default generator of the logits'
device. :func:`enrich` therefore seeds that generator inside ``torch.random.fork_rng``, so the same seed gives the
same tokens (on the same hardware, dtype and library versions) and the caller's global RNG state is left as it was.
"""

from __future__ import annotations

import contextlib
import math
import os
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import torch

from backend.models.sources import resolve_source

__all__ = [
    "DIRECTOR_SYSTEM_PROMPT",
    "DIRECTOR_TEMPERATURE",
    "DIRECTOR_TOP_K",
    "DIRECTOR_TOP_P",
    "MAX_CONTEXT_PROMPT_CHARS",
    "MAX_ELEMENTS",
    "MAX_INSTRUCTION_CHARS",
    "MAX_NEW_TOKENS_LIMIT",
    "Director",
    "DirectorContext",
    "EnrichResult",
    "build_director_messages",
    "clean_prompt",
    "enrich",
    "load_director",
    "truncate_at_word",
]

#: Longest instruction accepted, in characters.
MAX_INSTRUCTION_CHARS = 2000
#: The previous and current shot prompts are cut (at a word boundary) to this many characters in the chat prompt.
MAX_CONTEXT_PROMPT_CHARS = 2000
#: At most this many elements are listed; a trigger is at most 64 characters, a description at most 400.
MAX_ELEMENTS = 32
_MAX_TRIGGER_CHARS = 64
_MAX_ELEMENT_DESCRIPTION_CHARS = 400
_MAX_PROJECT_NAME_CHARS = 200
#: Upper bound for ``max_new_tokens``.
MAX_NEW_TOKENS_LIMIT = 1024

#: Sampling settings passed to ``generate`` (Gemma 3's published top-k/top-p, a slightly cooler temperature).
DIRECTOR_TEMPERATURE = 0.7
DIRECTOR_TOP_K = 64
DIRECTOR_TOP_P = 0.95

DIRECTOR_SYSTEM_PROMPT = """\
You are the virtual director of a film studio. You turn a filmmaker's plain instruction for one shot into a \
single prompt for a text-to-video model that creates the picture and its sound together.

Write one paragraph of vivid, concrete, present-tense prose, about 80 to 160 words, that covers in this order:
1. the subject: who or what we see, and how they look;
2. the action, as it unfolds from the start of the shot to its end;
3. the camera: shot size, angle and movement;
4. the lens and focus: focal length, depth of field;
5. the light: source, direction, quality and colour;
6. the mood and colour palette;
7. the sound: ambience, effects, music, and any spoken line in quotation marks.

Rules:
- Stay faithful to the instruction. Add visual and sonic detail, never new story events.
- If a previous shot is given, keep continuity with it: same characters, wardrobe, props, location, time of day \
and light, unless the instruction changes them.
- If a current shot prompt is given, revise it according to the instruction instead of starting over.
- Words that start with @ name the project's characters, props and places. Copy every @trigger exactly as written, \
character for character; never translate, explain, pluralise or replace it.
- Describe only what can be seen and heard. No on-screen text unless the instruction asks for it.
- Answer with the prompt only: no title, no preamble, no list, no notes, no quotation marks around it."""

# Turn and control markers of Gemma's chat format. Real Gemma tokenizers match them inside ordinary text, so a
# user string containing "<end_of_turn>" would otherwise close the user turn early (prompt injection).
_MARKUP = re.compile(
    r"<\s*/?\s*(?:start_of_turn|end_of_turn|bos|eos|pad|unk|mask|start_of_image|end_of_image|image_soft_token)\s*>",
    re.IGNORECASE,
)
_WHITESPACE = re.compile(r"\s+")
_LEADING_LABEL = re.compile(r"^(?:\*\*|__)?\s*(?:final\s+)?(?:video\s+)?prompt\s*:\s*(?:\*\*|__)?\s*", re.IGNORECASE)
_QUOTE_PAIRS = {'"': '"', "\u201c": "\u201d", "'": "'"}


# --------------------------------------------------------------------------------------------------------- loading


@dataclass(frozen=True)
class Director:
    """A loaded instruction-tuned Gemma 3 (in eval mode) and its tokenizer, which has a chat template."""

    model: Any  # Gemma3ForCausalLM or Gemma3ForConditionalGeneration
    tokenizer: Any  # a Gemma tokenizer
    source: str
    #: Token ids that end a reply: the model's EOS ids plus ``<end_of_turn>``.
    stop_token_ids: tuple[int, ...]

    @property
    def device(self) -> torch.device:
        return self.model.device


def _resolve_source(source: str | os.PathLike[str]) -> str:
    """Local paths must exist and hold a ``config.json``; anything else is a hub id."""
    return resolve_source(source, "config.json", "transformers model")


def _load_model(source: str, dtype: torch.dtype) -> Any:
    from transformers import AutoModelForCausalLM

    try:
        return AutoModelForCausalLM.from_pretrained(source, dtype=dtype)
    except ValueError as error:
        # "Unrecognized configuration class ... for this kind of AutoModel": a multimodal Gemma 3 checkpoint in a
        # transformers version whose causal-LM auto mapping lacks it. Its generate() works on text alone.
        if "configuration class" not in str(error).lower():
            raise
        from transformers import AutoConfig, Gemma3ForConditionalGeneration

        if AutoConfig.from_pretrained(source).model_type != "gemma3":
            raise
        return Gemma3ForConditionalGeneration.from_pretrained(source, dtype=dtype)


def _stop_token_ids(model: Any, tokenizer: Any) -> tuple[int, ...]:
    ids: list[int] = []
    configured = model.generation_config.eos_token_id
    if configured is None:
        configured = tokenizer.eos_token_id
    for value in configured if isinstance(configured, (list, tuple)) else [configured]:
        if value is not None and int(value) not in ids:
            ids.append(int(value))
    end_of_turn = tokenizer.convert_tokens_to_ids("<end_of_turn>")
    if isinstance(end_of_turn, int) and end_of_turn != tokenizer.unk_token_id and end_of_turn not in ids:
        ids.append(end_of_turn)
    if not ids:
        raise ValueError("the director model defines no end-of-sequence token")
    return tuple(ids)


def load_director(source: str | os.PathLike[str], device: str | torch.device, dtype: torch.dtype) -> Director:
    """Load an instruction-tuned Gemma 3 and its tokenizer from a local folder or hub id, in ``dtype``, on ``device``.

    Raises ``FileNotFoundError`` for a missing local folder and ``ValueError`` if the tokenizer has no chat
    template and does not know Gemma's turn markers (i.e. it is not an instruction-tuned Gemma).
    """
    from transformers import AutoTokenizer

    resolved = _resolve_source(source)
    tokenizer = AutoTokenizer.from_pretrained(resolved)
    model = _load_model(resolved, dtype)
    model.to(device)
    return director_from(model, tokenizer, resolved)


def director_from(model: Any, tokenizer: Any, source: str) -> Director:
    """A director over an already loaded Gemma 3 and its tokenizer (LTX-2's own text encoder, when the director is
    configured as the same weights: no second copy). ``ValueError`` if the tokenizer has no chat template and does
    not know Gemma's turn markers (not an instruction-tuned Gemma)."""
    if not tokenizer.chat_template:
        # Some exports keep the template only in the processor's files; Gemma's turn format is fixed, so ours
        # serves if the vocabulary has the turn markers.
        if tokenizer.convert_tokens_to_ids("<start_of_turn>") in (None, tokenizer.unk_token_id):
            raise ValueError(f"{source}: tokenizer has no chat template; use an instruction-tuned Gemma 3 (-it)")
        from backend.models.tiny.gemma3 import DIRECTOR_CHAT_TEMPLATE

        tokenizer.chat_template = DIRECTOR_CHAT_TEMPLATE
    model.eval()
    return Director(model=model, tokenizer=tokenizer, source=source, stop_token_ids=_stop_token_ids(model, tokenizer))


# --------------------------------------------------------------------------------------------------- the prompt


@dataclass(frozen=True)
class DirectorContext:
    """What the director knows about the shot besides the instruction.

    ``elements`` are ``(trigger, description)`` pairs, e.g. ``("@maya", "a woman in her thirties, red raincoat")``;
    triggers are shown to the model exactly as given.
    """

    project_name: str
    width: int
    height: int
    fps: float
    previous_prompt: str | None
    shot_prompt: str | None
    elements: tuple[tuple[str, str], ...] = ()

    def __post_init__(self) -> None:
        if not isinstance(self.project_name, str):
            raise ValueError("project_name must be a string")
        for name in ("width", "height"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
                raise ValueError(f"{name} must be a positive integer, got {value!r}")
        if (
            isinstance(self.fps, bool)
            or not isinstance(self.fps, (int, float))
            or not (math.isfinite(self.fps) and self.fps > 0)
        ):
            raise ValueError(f"fps must be a positive number, got {self.fps!r}")
        for name in ("previous_prompt", "shot_prompt"):
            value = getattr(self, name)
            if value is not None and not isinstance(value, str):
                raise ValueError(f"{name} must be a string or None")
        elements = tuple(tuple(pair) for pair in self.elements)
        if len(elements) > MAX_ELEMENTS:
            raise ValueError(f"at most {MAX_ELEMENTS} elements, got {len(elements)}")
        for pair in elements:
            if len(pair) != 2 or not all(isinstance(part, str) for part in pair):
                raise ValueError(f"an element is a (trigger, description) pair of strings, got {pair!r}")
            trigger = pair[0]
            if not trigger or len(trigger) > _MAX_TRIGGER_CHARS or any(ch.isspace() for ch in trigger):
                raise ValueError(f"element trigger must be 1-{_MAX_TRIGGER_CHARS} characters, no spaces: {trigger!r}")
            if _MARKUP.search(trigger):
                raise ValueError(f"element trigger contains chat markup: {trigger!r}")
        object.__setattr__(self, "elements", elements)


def _plain(text: str, limit: int) -> str:
    """User-supplied text made safe for the chat prompt: markup removed, whitespace collapsed, length bounded."""
    return truncate_at_word(_WHITESPACE.sub(" ", _MARKUP.sub("", text)).strip(), limit)


def _validate_instruction(instruction: str) -> str:
    if not isinstance(instruction, str):
        raise ValueError("instruction must be a string")
    text = instruction.strip()
    if not _MARKUP.sub("", text).strip():
        raise ValueError("instruction is empty")
    if len(text) > MAX_INSTRUCTION_CHARS:
        raise ValueError(f"instruction is {len(text)} characters; the limit is {MAX_INSTRUCTION_CHARS}")
    return text


def build_director_messages(instruction: str, context: DirectorContext) -> list[dict[str, str]]:
    """The chat for one rewrite: our system guidance, then one user turn with the shot's context and the instruction.

    Gemma has no system role; its chat template puts the system text at the top of the user turn. User text is
    cleaned of Gemma's turn markers so it cannot end the turn early. Raises ``ValueError`` for a bad instruction.
    """
    text = _plain(_validate_instruction(instruction), MAX_INSTRUCTION_CHARS)
    width, height = context.width, context.height
    shape = "landscape" if width > height else "portrait" if height > width else "square"
    lines = []
    project = _plain(context.project_name, _MAX_PROJECT_NAME_CHARS)
    if project:
        lines.append(f"Project: {project}")
    lines.append(f"Frame: {width}x{height} ({shape}), {context.fps:g} fps")
    previous = _plain(context.previous_prompt or "", MAX_CONTEXT_PROMPT_CHARS)
    lines.append(f"Previous shot: {previous}" if previous else "Previous shot: none, this is the first shot.")
    current = _plain(context.shot_prompt or "", MAX_CONTEXT_PROMPT_CHARS)
    if current:
        lines.append(f"Current prompt of this shot (revise it): {current}")
    if context.elements:
        lines.append("Elements (copy each @trigger exactly):")
        for trigger, description in context.elements:
            about = _plain(description, _MAX_ELEMENT_DESCRIPTION_CHARS)
            lines.append(f"- {trigger}: {about}" if about else f"- {trigger}")
    lines.append(f"Instruction: {text}")
    return [
        {"role": "system", "content": DIRECTOR_SYSTEM_PROMPT},
        {"role": "user", "content": "\n".join(lines)},
    ]


# ------------------------------------------------------------------------------------------------- generation


@dataclass(frozen=True)
class EnrichResult:
    """``prompt``: the cleaned, length-bounded prompt (may be empty); ``raw``: the decoded reply, special tokens
    included; ``tokens``: how many tokens were generated."""

    prompt: str
    raw: str
    tokens: int


@contextlib.contextmanager
def seeded(seed: int, device: torch.device) -> Iterator[None]:
    """Seed the generator that sampling on ``device`` draws from; restore the previous states afterwards.

    CPU: only the CPU generator is touched (``torch.manual_seed`` would also queue a seed for every CUDA device).
    CUDA: the CPU generator and that one device's. Other backends: ``torch.manual_seed`` (their own generator is
    not restored by ``fork_rng``; documented limitation).
    """
    if device.type == "cuda":
        index = device.index if device.index is not None else torch.cuda.current_device()
        with torch.random.fork_rng(devices=[index], device_type="cuda"):
            torch.random.default_generator.manual_seed(seed)
            with torch.cuda.device(index):
                torch.cuda.manual_seed(seed)
            yield
    elif device.type == "cpu":
        with torch.random.fork_rng(devices=[]):
            torch.random.default_generator.manual_seed(seed)
            yield
    else:
        with torch.random.fork_rng(devices=[]):
            torch.manual_seed(seed)
            yield


def truncate_at_word(text: str, max_chars: int) -> str:
    """``text`` cut to at most ``max_chars`` characters, at the last whitespace if that cuts a word (hard cut when
    the first word alone is longer), trailing whitespace removed."""
    if len(text) <= max_chars:
        return text
    head = text[:max_chars]
    if not text[max_chars].isspace():
        cut = max(head.rfind(" "), head.rfind("\n"), head.rfind("\t"))
        if cut > 0:
            head = head[:cut]
    return head.rstrip()


def clean_prompt(text: str) -> str:
    """The reply as a one-paragraph prompt: undecodable bytes (U+FFFD) and control characters dropped, whitespace
    collapsed, a leading "Prompt:" label and quotation marks wrapping the whole reply removed."""
    text = text.replace("\ufffd", "")
    text = "".join(" " if unicodedata.category(ch) == "Cc" else ch for ch in text)
    text = _WHITESPACE.sub(" ", text).strip()
    text = _LEADING_LABEL.sub("", text, count=1).strip()
    if len(text) >= 2 and _QUOTE_PAIRS.get(text[0]) == text[-1]:
        text = text[1:-1].strip()
    return text


def chat_inputs(director: Director, messages: list[dict[str, str]]) -> tuple[Any, int]:
    """The chat ``messages`` as ``generate``'s inputs on the director's device, and the pad token id to use."""
    tokenizer = director.tokenizer
    # The template writes <bos> itself, so the text is tokenized without adding special tokens again.
    chat = tokenizer.apply_chat_template(messages, tokenize=False, add_generation_prompt=True)
    inputs = tokenizer(chat, add_special_tokens=False, return_tensors="pt").to(director.device)
    pad_token_id = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else director.stop_token_ids[0]
    return inputs, pad_token_id


def enrich(
    director: Director,
    instruction: str,
    context: DirectorContext,
    seed: int,
    max_new_tokens: int = 200,
    max_chars: int = 1200,
) -> EnrichResult:
    """Rewrite ``instruction`` into a cinematic prompt with seeded sampling.

    At most ``max_new_tokens`` tokens are generated and the prompt is cut to ``max_chars`` at a word boundary.
    The prompt may be empty (a random-weight test model often produces nothing decodable): the caller decides
    what to do then. Raises ``ValueError`` for an empty or over-long instruction or out-of-range limits.
    """
    if isinstance(max_new_tokens, bool) or not isinstance(max_new_tokens, int):
        raise ValueError("max_new_tokens must be an integer")
    if not 1 <= max_new_tokens <= MAX_NEW_TOKENS_LIMIT:
        raise ValueError(f"max_new_tokens must be between 1 and {MAX_NEW_TOKENS_LIMIT}, got {max_new_tokens}")
    if isinstance(max_chars, bool) or not isinstance(max_chars, int) or max_chars < 1:
        raise ValueError(f"max_chars must be a positive integer, got {max_chars!r}")
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise ValueError("seed must be an integer")

    tokenizer, model = director.tokenizer, director.model
    inputs, pad_token_id = chat_inputs(director, build_director_messages(instruction, context))
    prompt_length = inputs["input_ids"].shape[1]

    with torch.inference_mode(), seeded(seed & 0xFFFF_FFFF_FFFF_FFFF, director.device):
        output = model.generate(
            input_ids=inputs["input_ids"],
            attention_mask=inputs["attention_mask"],
            do_sample=True,
            temperature=DIRECTOR_TEMPERATURE,
            top_k=DIRECTOR_TOP_K,
            top_p=DIRECTOR_TOP_P,
            max_new_tokens=max_new_tokens,
            eos_token_id=list(director.stop_token_ids),
            pad_token_id=pad_token_id,
        )
    new_tokens = output[0, prompt_length:].tolist()
    raw = tokenizer.decode(new_tokens, skip_special_tokens=False)
    text = clean_prompt(tokenizer.decode(new_tokens, skip_special_tokens=True))
    return EnrichResult(prompt=truncate_at_word(text, max_chars), raw=raw, tokens=len(new_tokens))
