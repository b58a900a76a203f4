"""Build a tiny, random-weight SAM 3 folder in the real ``facebook/sam3`` layout.

The real checkpoint is ONE folder holding a ``Sam3VideoModel`` (``model_type: sam3_video``: a ``detector_model``, a
``tracker_model`` without its own vision encoder, and a ``tracker_neck``) plus a ``Sam3VideoProcessor`` (image
processor, video processor, CLIP tokenizer). transformers loads every SAM 3 class from that one folder:
``Sam3Model`` takes ``detector_config``, ``Sam3TrackerModel`` / ``Sam3TrackerVideoModel`` take ``tracker_config``
(the tracker borrows the detector's ViT backbone and ``tracker_neck`` through a weight renaming), ``Sam3VideoModel``
takes everything; the four processors read the same ``processor_config.json``. This folder is built the same way, so
the service's loading code is the code that serves real weights.

Size constraints found by running it (transformers 5.23), kept here so nobody shrinks it into a broken model:

* every FPN/DETR/decoder hidden size must be equal (the detector adds them together);
* the tracker's memory dimension is hard-wired to 64 (``kv_in_dim=64`` in its memory attention), and the object
  pointers are only reshaped correctly when the hidden size is a larger multiple of it, so hidden = 128;
* the tracker's vision config must equal the detector's (the weights are shared by renaming).

Weights are saved with ``save_original_format=False``: ``Sam3VideoModel.save_pretrained`` otherwise applies the
tracker's reverse renaming and writes ``tracker_model.tracker_model.*`` keys, which ``Sam3TrackerModel`` cannot load.
The real checkpoint has ``tracker_model.*`` keys, as written here.

The detection thresholds of the video model are lowered in the tiny config (random weights score about 0.25) so
that text tracking finds objects in tests; the real checkpoint keeps its own values.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import torch

from milimo_common.test_models import cpu_float32, write_model_folder

__all__ = ["IMAGE_SIZE", "build_tiny_sam3"]

#: Model input side in pixels: 8×8 patches of 14 pixels.
IMAGE_SIZE = 112
_PATCH = 14
_HIDDEN = 128
_BOS, _EOS = "<|startoftext|>", "<|endoftext|>"


def _build_tokenizer() -> Any:
    """CLIP's byte-level alphabet (each byte as a piece, with and without the end-of-word marker), no merges."""
    from transformers import CLIPTokenizer
    from transformers.convert_slow_tokenizer import bytes_to_unicode

    vocab = {_BOS: 0, _EOS: 1}
    for char in bytes_to_unicode().values():
        vocab[char] = len(vocab)
        vocab[f"{char}</w>"] = len(vocab)
    return CLIPTokenizer(vocab=vocab, merges=[], bos_token=_BOS, eos_token=_EOS, unk_token=_EOS, pad_token=_EOS)


def _vision_config() -> Any:
    from transformers import Sam3VisionConfig, Sam3ViTConfig

    backbone = Sam3ViTConfig(
        hidden_size=32,
        intermediate_size=64,
        num_hidden_layers=2,
        num_attention_heads=4,
        image_size=IMAGE_SIZE,
        pretrain_image_size=IMAGE_SIZE,
        patch_size=_PATCH,
        window_size=4,
        global_attn_indexes=[1],
    )
    return Sam3VisionConfig(backbone_config=backbone, fpn_hidden_size=_HIDDEN, scale_factors=[4.0, 2.0, 1.0, 0.5])


def _config(tokenizer: Any) -> Any:
    from transformers import (
        Sam3Config,
        Sam3DETRDecoderConfig,
        Sam3DETREncoderConfig,
        Sam3GeometryEncoderConfig,
        Sam3MaskDecoderConfig,
        Sam3TrackerVideoConfig,
        Sam3VideoConfig,
    )

    small = {"hidden_size": _HIDDEN, "num_attention_heads": 4, "intermediate_size": 64}
    detector = Sam3Config(
        vision_config=_vision_config(),
        text_config={
            "vocab_size": len(tokenizer),
            "hidden_size": 32,
            "intermediate_size": 64,
            "projection_dim": 32,
            "num_hidden_layers": 1,
            "num_attention_heads": 4,
            "max_position_embeddings": 32,  # Sam3Processor pads text to 32 tokens
            "hidden_act": "gelu",
            "bos_token_id": tokenizer.bos_token_id,
            "eos_token_id": tokenizer.eos_token_id,
            "pad_token_id": tokenizer.pad_token_id,
        },
        geometry_encoder_config=Sam3GeometryEncoderConfig(num_layers=1, **small),
        detr_encoder_config=Sam3DETREncoderConfig(num_layers=1, **small),
        detr_decoder_config=Sam3DETRDecoderConfig(num_layers=1, num_queries=8, **small),
        mask_decoder_config=Sam3MaskDecoderConfig(hidden_size=_HIDDEN, num_upsampling_stages=2, num_attention_heads=4),
    )
    tracker = Sam3TrackerVideoConfig(
        vision_config=_vision_config(),
        prompt_encoder_config={"hidden_size": _HIDDEN, "mask_input_channels": 4},
        mask_decoder_config={
            "hidden_size": _HIDDEN,
            "mlp_dim": 64,
            "num_hidden_layers": 1,
            "num_attention_heads": 4,
            "iou_head_hidden_dim": 64,
        },
        num_maskmem=3,
        max_object_pointers_in_encoder=4,
        max_cond_frame_num=2,
        memory_attention_hidden_size=_HIDDEN,
        memory_attention_num_layers=1,
        memory_attention_feed_forward_hidden_size=64,
        memory_encoder_hidden_size=_HIDDEN,
        memory_encoder_output_channels=64,
        mask_downsampler_embed_dim=_HIDDEN,
        memory_fuser_embed_dim=_HIDDEN,
        memory_fuser_intermediate_dim=64,
        image_size=IMAGE_SIZE,
    )
    return Sam3VideoConfig(
        detector_config=detector,
        tracker_config=tracker,
        low_res_mask_size=4 * IMAGE_SIZE // _PATCH,
        hotstart_delay=0,
        score_threshold_detection=0.2,
        new_det_thresh=0.2,
    )


def _build_processor(tokenizer: Any) -> Any:
    from transformers import Sam3ImageProcessor, Sam3VideoProcessor
    from transformers.models.sam2_video.video_processing_sam2_video import Sam2VideoVideoProcessor

    low_res = 4 * IMAGE_SIZE // _PATCH
    image_processor = Sam3ImageProcessor(
        size={"height": IMAGE_SIZE, "width": IMAGE_SIZE}, mask_size={"height": low_res, "width": low_res}
    )
    # Same normalisation as the image processor, so a frame gives the same pixels through either path.
    video_processor = Sam2VideoVideoProcessor(
        size={"height": IMAGE_SIZE, "width": IMAGE_SIZE},
        image_mean=list(image_processor.image_mean),
        image_std=list(image_processor.image_std),
    )
    return Sam3VideoProcessor(image_processor=image_processor, video_processor=video_processor, tokenizer=tokenizer)


def build_tiny_sam3(target: str | os.PathLike[str], seed: int = 0, *, overwrite: bool = False) -> Path:
    """Build the tiny SAM 3 folder (``Sam3VideoModel`` weights + ``Sam3VideoProcessor``) at ``target``.

    Deterministic: the same ``seed`` gives the same weights. Atomic, with the test-model marker, through
    :func:`milimo_common.test_models.write_model_folder`.
    """

    def save(folder: Path) -> None:
        from transformers import Sam3VideoModel

        tokenizer = _build_tokenizer()
        with torch.random.fork_rng(devices=[]), cpu_float32():
            torch.random.default_generator.manual_seed(seed)
            model = Sam3VideoModel(_config(tokenizer)).eval()
        model.save_pretrained(folder, safe_serialization=True, save_original_format=False)
        _build_processor(tokenizer).save_pretrained(folder)

    return write_model_folder(target, seed=seed, architecture="sam3", overwrite=overwrite, save=save)
