"""Build a tiny, random-weight LTX-2 pipeline folder with the real architecture and on-disk layout.

Why this exists: the real LTX-2 checkpoint is tens of gigabytes and needs a GPU, but everything around the model
(job queue, progress events, cancellation, MP4 muxing, the UI) should be exercised end-to-end on any laptop and in
CI, with no model hub. So we instantiate the *same* diffusers/transformers classes the real checkpoint uses, only
with a few dozen channels, and save them with ``LTX2Pipeline.save_pretrained``. The result loads through exactly
the code path a real download does (``LTX2Pipeline.from_pretrained``) and generates a 9-frame 64x64 clip in a
fraction of a second on a CPU. Its output is noise, and the folder says so in ``milimo_test_model.json``.

Sizes are chosen so that shapes stay consistent across components:

* Gemma 3 text hidden size 32, 2 layers, so the connectors see ``32 * (2 + 1)`` stacked hidden states and project
  to 4 heads x 8 dims = 32 = the transformer's ``caption_channels``.
* The video VAE compresses 4x in space (2x2 pixel patches, then one 2x block) and 2x in time, so 64x64x9 becomes
  a 16x16x5 latent: 1,280 video tokens, which keeps the transformer (most of the run time) fast.
* The audio VAE keeps the real 16 kHz mel front end but with a hop of 16 samples, and the vocoder upsamples by
  4 x 4 = 16, so the decoded waveform lasts as long as the video (as with the real model) rather than a fraction.
* Encoders compress exactly as their decoders expand (video 2x in time, audio 4x in time and mel), so a clip or a
  sound encoded for conditioning (retake, audio-to-video, clip keyframes) has the latent shape the pipeline makes.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import torch

from milimo_common.test_models import cpu_float32, write_model_folder

__all__ = ["AUDIO_SAMPLE_RATE", "TEXT_MAX_SEQUENCE_LENGTH", "build_tiny_ltx2"]

#: Sample rate of both the tiny audio VAE's mel front end and the tiny vocoder's output (AAC-compatible).
AUDIO_SAMPLE_RATE = 16000
#: Stored as the tokenizer's ``model_max_length``; callers use it as the pipeline's ``max_sequence_length``
#: (the real Gemma tokenizer reports a huge value there, so ``min(1024, model_max_length)`` is 1024 for it).
TEXT_MAX_SEQUENCE_LENGTH = 32

_TEXT_HIDDEN = 32
_TEXT_LAYERS = 2
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
        in_channels=4,
        out_channels=4,
        patch_size=1,
        patch_size_t=1,
        num_attention_heads=2,
        attention_head_dim=8,
        cross_attention_dim=16,
        vae_scale_factors=(2, 4, 4),  # (time, height, width) compression of the VAE below
        audio_in_channels=4,
        audio_out_channels=4,
        audio_num_attention_heads=2,
        audio_attention_head_dim=4,
        audio_cross_attention_dim=8,
        audio_sampling_rate=AUDIO_SAMPLE_RATE,
        audio_hop_length=16,
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
        latent_channels=4,
        block_out_channels=(8,),
        decoder_block_out_channels=(8,),
        layers_per_block=(1,),
        decoder_layers_per_block=(1, 1),
        spatio_temporal_scaling=(True,),
        decoder_spatio_temporal_scaling=(True,),
        decoder_inject_noise=(False, False),
        downsample_type=("spatiotemporal",),  # time too, as the decoder upsamples it: encode(decode(z)) keeps F
        upsample_residual=(False,),
        upsample_factor=(1,),
        timestep_conditioning=False,
        patch_size=2,  # pixel space-to-depth, as the real VAE does with 4: keeps the transformer's token count low
        patch_size_t=1,
        encoder_causal=True,
        decoder_causal=False,
    )

    torch.manual_seed(seed)
    audio_vae = AutoencoderKLLTX2Audio(
        base_channels=4,  # = latent_channels x latent mel bins: the size of the latents_mean/std buffers
        output_channels=2,
        ch_mult=(1, 1, 1),  # two 2x downsamples: the encoder compresses 4x in time and mel, as the pipeline assumes
        num_res_blocks=1,
        attn_resolutions=None,
        in_channels=2,
        resolution=32,
        latent_channels=2,
        norm_type="pixel",
        causality_axis="height",
        dropout=0.0,
        mid_block_add_attention=False,
        sample_rate=AUDIO_SAMPLE_RATE,
        mel_hop_length=16,
        is_causal=True,
        mel_bins=8,
    )

    torch.manual_seed(seed)
    vocoder = LTX2Vocoder(
        in_channels=2 * 8,  # audio VAE output channels x mel bins
        hidden_channels=32,
        out_channels=2,  # stereo, like the real model
        upsample_kernel_sizes=[8, 8],
        upsample_factors=[4, 4],  # 16 samples per mel frame = the audio VAE's hop length
        resnet_kernel_sizes=[3],
        resnet_dilations=[[1, 3, 5]],
        leaky_relu_negative_slope=0.1,
        output_sampling_rate=AUDIO_SAMPLE_RATE,
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

    return write_model_folder(target, seed=seed, architecture="ltx2", overwrite=overwrite, save=save)
