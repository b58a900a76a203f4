"""Build a tiny, random-weight LTX-2 pipeline folder with the real architecture and on-disk layout.

Why this exists: the real LTX-2 checkpoint is tens of gigabytes and needs a GPU, but everything around the model
(job queue, progress events, cancellation, MP4 muxing, the UI) should be exercised end-to-end on any laptop and in
CI, with no model hub. So we instantiate the *same* diffusers/transformers classes the real checkpoint uses, only
with a few dozen channels, and save them with ``LTX2Pipeline.save_pretrained``. The result loads through exactly
the code path a real download does (``LTX2Pipeline.from_pretrained``). Its output is noise, and the folder says so
in ``milimo_test_model.json``.

It compresses exactly as the real LTX-2 does, so a clip of a real size costs the tiny transformer the real number of
tokens (121 frames at 768x512: 16 x 16 x 24 = 6,144 video tokens and 126 audio tokens, a denoising step in well under
a second on a 2-core CPU) and every size rule (multiples of 32 pixels, ``8k + 1`` frames, 25 audio latents a second)
is the real model's. Channels are what stays tiny. Sizes are chosen so that shapes stay consistent across components:

* Gemma 3 text hidden size 32, 2 layers, so the connectors see ``32 * (2 + 1)`` stacked hidden states and project
  to 4 heads x 8 dims = 32 = the transformer's ``caption_channels``.
* The video VAE compresses 32x in space and 8x in time with the real encoder's layout (4x4 pixel patches, then
  downsampling blocks: spatial, temporal, spatiotemporal, spatiotemporal) and decodes with three 2x spatiotemporal
  upsamples and the patches, so 9 frames at 64x64 are a 2x2x2 latent and 121 at 768x512 a 16x16x24 one. The
  transformer's ``vae_scale_factors`` are the same ``(8, 32, 32)``, so its positions are the real ones.
* The audio VAE has the real 16 kHz mel front end and hop (160 samples: 100 mel frames, 25 latent frames a second),
  with 8 mel bins instead of 64; the vocoder upsamples each mel frame by the real 6 x 5 x 2 x 2 x 2 = 240 samples to
  24 kHz, so the decoded sound lasts as long as the video (to the pipeline's rounding of the latent count, as with
  the real model).
* Encoders compress exactly as their decoders expand (video 32x and 8x, audio 4x in time and mel), so
  ``encode(decode(z))`` keeps the latent shape: a clip or a sound encoded for conditioning (retake, audio-to-video,
  clip keyframes) has the latent shape the pipeline makes.
* The tokenizer is built here (byte fallback, no download), so everything works offline.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import torch

from backend.models.tiny import TEST_MODEL_REVISIONS
from milimo_common.test_models import cpu_float32, write_model_folder

__all__ = [
    "AUDIO_HOP_LENGTH",
    "AUDIO_SAMPLE_RATE",
    "TEXT_MAX_SEQUENCE_LENGTH",
    "VIDEO_SPATIAL_COMPRESSION",
    "VIDEO_TEMPORAL_COMPRESSION",
    "VOCODER_SAMPLE_RATE",
    "build_tiny_ltx2",
]

#: Sample rate of the audio VAE's mel front end (what a sound to condition on is resampled to), as the real one.
AUDIO_SAMPLE_RATE = 16000
#: Samples per mel frame at ``AUDIO_SAMPLE_RATE``, as the real one: 100 mel frames, 25 audio latents a second.
AUDIO_HOP_LENGTH = 160
#: Sample rate of the vocoder's output (what a generated clip's sound is), as the real one: 240 samples a mel frame.
VOCODER_SAMPLE_RATE = 24000
#: Pixels per latent pixel and frames per latent frame (after the first) of the video VAE, as the real one.
VIDEO_SPATIAL_COMPRESSION = 32
VIDEO_TEMPORAL_COMPRESSION = 8
#: Stored as the tokenizer's ``model_max_length``; callers use it as the pipeline's ``max_sequence_length``
#: (the real Gemma tokenizer reports a huge value there, so ``min(1024, model_max_length)`` is 1024 for it).
TEXT_MAX_SEQUENCE_LENGTH = 32

_TEXT_HIDDEN = 32
_TEXT_LAYERS = 2
_VIDEO_LATENT_CHANNELS = 4  # also the tiny latent upsampler's channels (backend.models.tiny.ltx2_upsampler)
_AUDIO_LATENT_CHANNELS = 2
_AUDIO_MEL_BINS = 8  # the real model has 64; the token count does not depend on it, only the channels
# Channels of an audio token: latent channels x latent mel bins (the audio VAE compresses mel bins 4x).
_AUDIO_LATENT_FEATURES = _AUDIO_LATENT_CHANNELS * (_AUDIO_MEL_BINS // 4)
# Gemma's special tokens, in Gemma's order for the first five; the multimodal ones let the Gemma 3 config point
# its image-token ids at real vocabulary entries instead of ids past the end of a 267-entry embedding table.
_SPECIAL_TOKENS = (
    "<pad>",
    "<eos>",
    "<bos>",
    "<unk>",
    "<mask>",
    "<start_of_turn>",
    "<end_of_turn>",
    "<start_of_image>",
    "<end_of_image>",
    "<image_soft_token>",
)


def _build_tokenizer() -> Any:
    """A ``GemmaTokenizer`` whose vocabulary is the special tokens, Gemma's word marker and 256 byte tokens.

    With no merges, every character is encoded through byte fallback (``<0x41>`` for "A"), so any prompt in any
    script tokenizes without an unknown token, and nothing needs downloading. The word marker ``▁`` (which the
    Gemma normalizer puts in place of spaces) gets its own id so a space is one token and decodes back to a
    space. ``<bos>`` is prepended, as the real Gemma tokenizer does.
    """
    from transformers import GemmaTokenizer

    vocab = {token: index for index, token in enumerate((*_SPECIAL_TOKENS, "\u2581"))}
    for byte in range(256):
        vocab[f"<0x{byte:02X}>"] = len(vocab)
    tokenizer = GemmaTokenizer(vocab=vocab, merges=[], add_bos_token=True, model_max_length=TEXT_MAX_SEQUENCE_LENGTH)
    tokenizer.padding_side = "left"  # what the LTX-2 pipeline uses for Gemma
    return tokenizer


def _build_text_encoder(vocab_size: int, token_ids: dict[str, int]) -> Any:
    """Gemma 3 (text + a minimal SigLIP tower, as the real class requires) with text hidden size 32."""
    from transformers import Gemma3Config, Gemma3ForConditionalGeneration, Gemma3TextConfig, SiglipVisionConfig

    text_config = Gemma3TextConfig(
        vocab_size=vocab_size,
        hidden_size=_TEXT_HIDDEN,
        intermediate_size=64,
        num_hidden_layers=_TEXT_LAYERS,
        num_attention_heads=2,
        num_key_value_heads=1,
        head_dim=16,
        query_pre_attn_scalar=16,
        max_position_embeddings=256,
        sliding_window=16,
        pad_token_id=token_ids["<pad>"],
        eos_token_id=token_ids["<eos>"],
        bos_token_id=token_ids["<bos>"],
    )
    # 8x8 images in 2x2 patches = 4x4 patches, pooled to 2x2 = 4 tokens per image; never used for text, but
    # the class builds the tower and projector, and their shapes must agree.
    vision_config = SiglipVisionConfig(
        hidden_size=16,
        intermediate_size=32,
        num_hidden_layers=1,
        num_attention_heads=2,
        image_size=8,
        patch_size=2,
    )
    config = Gemma3Config(
        text_config=text_config,
        vision_config=vision_config,
        mm_tokens_per_image=4,
        boi_token_index=token_ids["<start_of_image>"],
        eoi_token_index=token_ids["<end_of_image>"],
        image_token_index=token_ids["<image_soft_token>"],
    )
    return Gemma3ForConditionalGeneration(config).eval()


def _build_components(seed: int) -> dict[str, Any]:
    """Instantiate every pipeline component, reseeding before each so each one's weights depend only on ``seed``
    (not on how many random numbers an earlier component happened to draw)."""
    from diffusers import (
        AutoencoderKLLTX2Audio,
        AutoencoderKLLTX2Video,
        FlowMatchEulerDiscreteScheduler,
        LTX2VideoTransformer3DModel,
    )
    from diffusers.pipelines.ltx2 import LTX2TextConnectors
    from diffusers.pipelines.ltx2.vocoder import LTX2Vocoder

    tokenizer = _build_tokenizer()
    token_ids = {token: tokenizer.convert_tokens_to_ids(token) for token in _SPECIAL_TOKENS}

    torch.manual_seed(seed)
    text_encoder = _build_text_encoder(len(tokenizer), token_ids)

    torch.manual_seed(seed)
    connectors = LTX2TextConnectors(
        caption_channels=_TEXT_HIDDEN,
        text_proj_in_factor=_TEXT_LAYERS + 1,  # the pipeline stacks every hidden state, embeddings included
        video_connector_num_attention_heads=4,
        video_connector_attention_head_dim=8,
        video_connector_num_layers=1,
        video_connector_num_learnable_registers=None,
        audio_connector_num_attention_heads=4,
        audio_connector_attention_head_dim=8,
        audio_connector_num_layers=1,
        audio_connector_num_learnable_registers=None,
        connector_rope_base_seq_len=32,
        rope_theta=10000.0,
        rope_double_precision=False,
        causal_temporal_positioning=False,
        rope_type="split",
    )

    torch.manual_seed(seed)
    transformer = LTX2VideoTransformer3DModel(
        in_channels=_VIDEO_LATENT_CHANNELS,
        out_channels=_VIDEO_LATENT_CHANNELS,
        patch_size=1,
        patch_size_t=1,
        num_attention_heads=2,
        attention_head_dim=8,
        cross_attention_dim=16,
        # (time, height, width) compression of the video VAE below = the real LTX-2's: the positions RoPE sees
        vae_scale_factors=(VIDEO_TEMPORAL_COMPRESSION, VIDEO_SPATIAL_COMPRESSION, VIDEO_SPATIAL_COMPRESSION),
        audio_in_channels=_AUDIO_LATENT_FEATURES,
        audio_out_channels=_AUDIO_LATENT_FEATURES,
        audio_num_attention_heads=2,
        audio_attention_head_dim=4,
        audio_cross_attention_dim=8,
        audio_sampling_rate=AUDIO_SAMPLE_RATE,
        audio_hop_length=AUDIO_HOP_LENGTH,
        num_layers=2,
        qk_norm="rms_norm_across_heads",
        caption_channels=_TEXT_HIDDEN,
        rope_double_precision=False,
        rope_type="split",
    )

    torch.manual_seed(seed)
    vae = AutoencoderKLLTX2Video(
        in_channels=3,
        out_channels=3,
        latent_channels=_VIDEO_LATENT_CHANNELS,
        # The real encoder's pattern of downsamples, with a handful of channels: 4x4 pixel patches, then 2x in
        # space, 2x in time, and twice 2x in both: 32x spatially and 8x in time.
        block_out_channels=(8, 8, 8, 8),
        down_block_types=("LTX2VideoDownBlock3D",) * 4,
        downsample_type=("spatial", "temporal", "spatiotemporal", "spatiotemporal"),
        spatio_temporal_scaling=(True, True, True, True),
        layers_per_block=(1, 1, 1, 1, 1),
        # The decoder undoes it with three 2x spatiotemporal upsamples (residual, channels halved each time, as
        # the real one), then the 4x4 patches: encode(decode(z)) keeps the latent shape.
        decoder_block_out_channels=(8, 16, 32),  # the least with 2x channel halving and residual upsamples
        decoder_layers_per_block=(1, 1, 1, 1),
        decoder_spatio_temporal_scaling=(True, True, True),
        decoder_inject_noise=(False, False, False, False),
        upsample_type=("spatiotemporal",) * 3,
        upsample_residual=(True, True, True),
        upsample_factor=(2, 2, 2),
        timestep_conditioning=False,
        patch_size=4,
        patch_size_t=1,
        encoder_causal=True,
        decoder_causal=False,
        # The class derives its ratios as patch x 2^(downsampling blocks), which counts the spatial-only and
        # time-only blocks in both axes (64 and 16 here); the pipeline sizes latents from these, so say them.
        spatial_compression_ratio=VIDEO_SPATIAL_COMPRESSION,
        temporal_compression_ratio=VIDEO_TEMPORAL_COMPRESSION,
    )

    torch.manual_seed(seed)
    audio_vae = AutoencoderKLLTX2Audio(
        base_channels=_AUDIO_LATENT_FEATURES,  # = the size of the latents_mean/std buffers
        output_channels=2,
        ch_mult=(1, 1, 1),  # two 2x downsamples: the encoder compresses 4x in time and mel, as the pipeline assumes
        num_res_blocks=1,
        attn_resolutions=None,
        in_channels=2,
        resolution=32,
        latent_channels=_AUDIO_LATENT_CHANNELS,
        norm_type="pixel",
        causality_axis="height",
        dropout=0.0,
        mid_block_add_attention=False,
        sample_rate=AUDIO_SAMPLE_RATE,
        mel_hop_length=AUDIO_HOP_LENGTH,  # the real hop: 100 mel frames, 25 latent frames a second
        is_causal=True,
        mel_bins=_AUDIO_MEL_BINS,
    )

    torch.manual_seed(seed)
    vocoder = LTX2Vocoder(
        in_channels=2 * _AUDIO_MEL_BINS,  # audio VAE output channels x mel bins
        hidden_channels=32,  # halved by each upsample: 16, 8, 4, 2, 1 channels
        out_channels=2,  # stereo, like the real model
        # The real vocoder's upsampling: 6 x 5 x 2 x 2 x 2 = 240 samples per mel frame, so 100 mel frames a second
        # become 24 kHz and the sound lasts as long as the video.
        upsample_kernel_sizes=[16, 15, 8, 4, 4],
        upsample_factors=[6, 5, 2, 2, 2],
        resnet_kernel_sizes=[3],
        resnet_dilations=[[1, 3, 5]],
        leaky_relu_negative_slope=0.1,
        output_sampling_rate=VOCODER_SAMPLE_RATE,
    )

    return {
        "scheduler": FlowMatchEulerDiscreteScheduler(),
        "vae": vae.eval(),
        "audio_vae": audio_vae.eval(),
        "text_encoder": text_encoder,
        "tokenizer": tokenizer,
        "connectors": connectors.eval(),
        "transformer": transformer.eval(),
        "vocoder": vocoder.eval(),
    }


def build_tiny_ltx2(target: str | os.PathLike[str], seed: int = 0, *, overwrite: bool = False) -> Path:
    """Build the tiny LTX-2 pipeline and save it to ``target``; returns ``target``.

    Deterministic: the same ``seed`` gives byte-identical weight files. The folder appears atomically: it is
    written to a hidden sibling directory and renamed into place, so an interrupted build never leaves a
    half-written model behind. If ``target`` exists, raises ``FileExistsError`` unless ``overwrite`` is set, in
    which case the old folder is swapped out (two renames) and then deleted.
    """
    from diffusers import LTX2Pipeline

    def save(folder: Path) -> None:
        with cpu_float32():
            pipe = LTX2Pipeline(**_build_components(seed))
        pipe.save_pretrained(folder, safe_serialization=True)

    return write_model_folder(
        target, seed=seed, architecture="ltx2", overwrite=overwrite, save=save, revision=TEST_MODEL_REVISIONS["ltx2"]
    )
