"""The memory a job's shape needs on top of the weights: the transformer's activation peak during one forward and
the VAE's decode peak, per model family, from a table measured on the GPU (``bench/gpu_memory.py``, docs/memory.md).

The transformer's peak grows with its token count (attention runs through memory-efficient SDPA kernels, so there is
no tokens x tokens matrix: the peak is the widest intermediate of one block, the feed-forward's 4x expansion) and with
its hidden width; the decode peak with the pixels x frames of one VAE tile. So the table is kept as bytes per token per
channel and bytes per decoded pixel-frame, which also scale to other widths (the tiny test models, other checkpoints).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class JobShape:
    """What one job generates: pixels, frames (1 for a still) and the transformer's batch (2: a CFG pair)."""

    width: int
    height: int
    frames: int = 1
    batch: int = 2


@dataclass(frozen=True)
class ActivationProfile:
    family: str
    width: int  # the hidden width these figures were measured at
    bytes_per_token: float  # transformer peak above the weights, per token of one sample
    decode_bytes_per_pixel_frame: float  # VAE decode peak, per decoded pixel x frame of one tile
    tile_pixels: int  # the side of the VAE's spatial tile (0: no tiling)
    source: str
    framewise_frames: int  # the frames a frame-wise decode holds at once (measured: chunks overlap and look back)


#: LTX-2 measured on the H200 (``bench/gpu_memory.py``, 2026-12-04, random weights, bf16; rows in docs/memory.md);
#: FLUX.2 derived from its architecture until the bench measures it.
PROFILES: dict[str, ActivationProfile] = {
    # LTX-2 19B, one CFG forward (batch 2): 173-183 KB above the weights per token of one sample at every shape
    # measured (1,144 to 14,140 tokens: linear in tokens, as memory-efficient attention makes it); 185 KB keeps the
    # smallest shot's fixed overhead covered. Decode (the 2.0 VAE, 512-pixel tiles, all frames at once): 118 B per
    # pixel x frame of one tile (3.49 GiB at 768x512x121); frame-wise decoding holds about 34 frames' worth.
    "ltx2": ActivationProfile(
        "ltx2", 4096, 185_000.0, 120.0, 512, "measured on the H200 (bench/gpu_memory.py, 2026-12-04)", 36
    ),
    # FLUX.2-dev: hidden 6144; the single-stream blocks' fused QKV+MLP projection is 55,296 wide (2 B each), its
    # SwiGLU output and the attention tensors besides: ~250 KB per token. Decode: 128 channels at full resolution,
    # a few tensors live with norms in float32.
    "flux2": ActivationProfile("flux2", 6144, 250_000.0, 1536.0, 0, "derived from the architecture", 1),
}


def transformer_width(config: Any) -> int:
    """The hidden width of a diffusers transformer from its config (heads x head dim)."""
    return int(config.get("num_attention_heads", 1)) * int(config.get("attention_head_dim", 1))


def tokens(family: str, shape: JobShape, config: Any) -> int:
    """Transformer tokens of one sample: LTX-2 video latents (plus its audio, about one token a frame, half as wide)
    from the VAE factors its config states; FLUX.2 image latents in 2x2 patches plus its 512 text tokens."""
    if family == "ltx2":
        time_factor, space_factor, _ = tuple(config.get("vae_scale_factors", (8, 32, 32)))
        patch, patch_t = int(config.get("patch_size", 1)), int(config.get("patch_size_t", 1))
        latent_frames = (shape.frames - 1) // time_factor + 1
        video = (
            (latent_frames // patch_t)
            * (shape.height // space_factor // patch)
            * (shape.width // space_factor // patch)
        )
        return video + shape.frames // 2
    if family == "flux2":
        return (shape.height // 16) * (shape.width // 16) + 512
    raise ValueError(f"no activation profile for {family!r}")


def activation_bytes(
    family: str, shape: JobShape, config: Any, *, decoder_scale: float = 1.0, framewise_decode: bool = False
) -> int:
    """The reserve a job of ``shape`` needs beside the weights: the larger of the transformer's peak and the decode
    peak (they never overlap: decoding starts once denoising ends).

    ``decoder_scale``: this VAE's decoder width against the profiled one (the tiny test VAE is 8 channels wide, not
    256). ``framewise_decode``: the VAE decodes in chunks of frames (tight budgets), not all frames of a tile at once.
    """
    profile = PROFILES[family]
    width = transformer_width(config)
    forward = profile.bytes_per_token * (width / profile.width) * tokens(family, shape, config) * shape.batch
    side_h = min(shape.height, profile.tile_pixels) if profile.tile_pixels else shape.height
    side_w = min(shape.width, profile.tile_pixels) if profile.tile_pixels else shape.width
    frames = min(shape.frames, profile.framewise_frames) if framewise_decode else shape.frames
    decode = profile.decode_bytes_per_pixel_frame * decoder_scale * side_h * side_w * frames
    return int(max(forward, decode))


def decoder_scale(family: str, vae_config: Any) -> float:
    """How wide this VAE's decoder is against the profiled one (LTX-2's first decoder block: 256 channels; FLUX.2's
    VAE: 128), so a tiny test VAE gets a tiny decode reserve."""
    if vae_config is None:
        return 1.0
    if family == "ltx2":
        channels = vae_config.get("decoder_block_out_channels") or vae_config.get("block_out_channels") or (256,)
        return float(channels[0]) / 256.0
    channels = vae_config.get("block_out_channels") or (128,)
    return float(channels[0]) / 128.0
