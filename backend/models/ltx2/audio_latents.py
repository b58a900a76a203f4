"""A waveform into LTX-2's audio latents: the audio VAE's log-mel front end, then its encoder.

diffusers 0.42.1 ships the audio VAE's encoder but not the spectrogram it expects, so this module computes it with
the facts of LTX-2's own audio processor (read in Lightricks' ltx-core): stereo, at the VAE's ``sample_rate``
(16 kHz), STFT with a 1024-point Hann window, centred with reflect padding, hop ``mel_hop_length`` (160), magnitude
(power 1), a Slaney-scale Slaney-normalised mel filterbank of ``mel_bins`` (64) bands from 0 Hz to Nyquist, then
``log(max(mel, 1e-5))``, laid out ``(batch, channels, frames, mel_bins)``. The filterbank comes from
``transformers.audio_utils.mel_filter_bank`` and the STFT from ``torch.stft``.

The latents are sized the way the pipeline sizes generated audio for a clip (``round(seconds * sample_rate / hop /
temporal_compression)`` latent frames), so kept audio lines up with the video in time.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import torch
from transformers.audio_utils import mel_filter_bank

__all__ = ["N_FFT", "audio_latent_frames", "encode_audio", "log_mel"]

N_FFT = 1024


def audio_latent_frames(pipe: Any, seconds: float) -> int:
    """How many audio latent frames the pipeline makes for ``seconds`` of clip."""
    per_second = pipe.audio_sampling_rate / pipe.audio_hop_length / float(pipe.audio_vae_temporal_compression_ratio)
    return round(seconds * per_second)


def log_mel(waveform: np.ndarray, sample_rate: int, hop_length: int, mel_bins: int) -> torch.Tensor:
    """float32 ``(channels, samples)`` -> log-mel ``(1, channels, frames, mel_bins)`` as LTX-2's front end makes it."""
    audio = torch.from_numpy(np.ascontiguousarray(waveform, dtype=np.float32))
    window = torch.hann_window(N_FFT)
    spectrum = torch.stft(
        audio,
        n_fft=N_FFT,
        hop_length=hop_length,
        win_length=N_FFT,
        window=window,
        center=True,
        pad_mode="reflect",
        return_complex=True,
    ).abs()  # (channels, N_FFT // 2 + 1, frames)
    bank = mel_filter_bank(
        num_frequency_bins=N_FFT // 2 + 1,
        num_mel_filters=mel_bins,
        min_frequency=0.0,
        max_frequency=sample_rate / 2.0,
        sampling_rate=sample_rate,
        norm="slaney",
        mel_scale="slaney",
        dtype=np.float32,
    )  # (frequency bins, mel bins)
    mel = torch.einsum("cft,fm->ctm", spectrum, torch.from_numpy(bank))
    return torch.log(torch.clamp(mel, min=1e-5)).unsqueeze(0)


def encode_audio(pipe: Any, waveform: np.ndarray, sample_rate: int, seconds: float) -> torch.Tensor:
    """Raw audio-VAE latents ``(1, C, L, M)`` of ``waveform`` for a clip of ``seconds``.

    ``waveform``: float32 ``(1 or 2, samples)`` at the audio VAE's own rate (mono is heard on both channels, as the
    stereo VAE expects). Shorter audio is padded with silence and longer audio cut to the clip first, so ``L`` is
    exactly what the pipeline would generate for that length.
    """
    expected_rate = int(pipe.audio_sampling_rate)
    if int(sample_rate) != expected_rate:
        raise ValueError(f"audio must be at the audio VAE's {expected_rate} Hz, got {sample_rate} Hz")
    audio = np.asarray(waveform, dtype=np.float32)
    if audio.ndim == 1:
        audio = audio[None]
    if audio.ndim != 2 or audio.shape[0] not in (1, 2):
        raise ValueError(f"audio must be (channels, samples) with 1 or 2 channels, got {audio.shape}")
    if audio.shape[0] == 1:
        audio = np.repeat(audio, 2, axis=0)
    want = round(seconds * expected_rate)
    audio = audio[:, :want] if audio.shape[1] >= want else np.pad(audio, ((0, 0), (0, want - audio.shape[1])))
    frames = audio_latent_frames(pipe, seconds)
    mel = log_mel(audio, expected_rate, int(pipe.audio_hop_length), int(pipe.audio_mel_bins))
    vae = pipe.audio_vae
    with torch.no_grad():
        latents = vae.encode(mel.to(device=pipe._execution_device, dtype=vae.dtype)).latent_dist.mode()
    latents = latents.to(torch.float32)
    if latents.shape[2] < frames:  # the causal encoder can come out a frame short: hold the last one
        pad = latents[:, :, -1:].expand(-1, -1, frames - latents.shape[2], -1)
        latents = torch.cat([latents, pad], dim=2)
    return latents[:, :, :frames].contiguous()
