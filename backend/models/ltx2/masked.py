"""LTX-2's condition pipeline with parts of the clip *kept*: latent frames of a source clip and/or its audio latents.

Retake (regenerate a time range of a take) and audio-to-video (generate the picture to a given sound) are the same
operation seen from two sides: some tokens are known and must stay exactly as they are, the rest are denoised around
them. diffusers 0.42.1 has no class for either, but ``LTX2ConditionPipeline`` already carries the mechanism for
video: every token has a *conditioning mask* ``m``; its timestep is ``t * (1 - m)`` and after each step its x0 is
blended ``x0 * (1 - m) + clean * m``, so a token with ``m = 1`` is seen by the transformer as clean (timestep 0) and
never changes, while ``m = 0`` is denoised from noise. A clip condition at latent index 0 sets ``m = 1`` on all of its
frames' tokens. :class:`KeptLatentsPipeline` adds one thing: after the pipeline has placed the source clip that way,
it sets ``m = 0`` on the latent frames that are to be regenerated (:attr:`KeptLatentsPipeline._regenerate`).

Audio has no such mask in the pipeline's loop (one timestep for all audio tokens), so two routes:

* **all audio kept** (audio-to-video, or a retake of the picture only): the clean audio latents go in as they are
  and a :class:`FrozenAudioScheduler` replaces the audio scheduler for the call: its timesteps are all 0 (the
  transformer sees clean audio, as Lightricks' A2V does with a zero denoise mask) and its ``step`` returns the sample
  unchanged, so the audio latents leave the loop bit for bit as they came in.
* **part of the audio regenerated** (a retake of the sound in a range): the usual audio scheduler runs and, after
  every step, the kept tokens are put back at the noise level of the next step, ``(1 - s) * clean + s * noise``
  with the step's sigma ``s`` and one fixed noise draw (the latent blend diffusers' in-painting pipelines use);
  after the last step (``s = 0``) they are clean again.

Either way the *output* outside the regenerated range is not taken from this decode but from the source itself
(see :mod:`backend.media.splice`): the kept tokens are conditions for the seams, not a re-rendering.

Not thread-safe: ``_regenerate`` / ``_audio`` are set for one call (the worker runs one generation at a time).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import torch
from diffusers import LTX2ConditionPipeline, LTX2Pipeline
from diffusers.utils.torch_utils import randn_tensor

from backend.models.ltx2.variants import shared_variant

__all__ = ["FrozenAudioScheduler", "KeptAudio", "KeptLatentsPipeline", "kept_latents_variant"]


class FrozenAudioScheduler:
    """An audio scheduler that holds the audio latents still: timesteps 0, ``step`` returns the sample unchanged.

    ``sigmas`` are 1 (not 0) so the pipeline's velocity <-> x0 conversions stay finite; the value cancels out
    because ``step`` ignores the model output.
    """

    order = 1

    def __init__(self) -> None:
        self.timesteps = torch.zeros(0)
        self.sigmas = torch.ones(1)

    def set_timesteps(
        self,
        num_inference_steps: int | None = None,
        device: torch.device | str | None = None,
        sigmas: Any = None,
        mu: float | None = None,
        timesteps: Any = None,
    ) -> None:
        count = len(sigmas) if sigmas is not None else len(timesteps) if timesteps is not None else num_inference_steps
        if not count:
            raise ValueError("FrozenAudioScheduler needs the number of steps")
        self.timesteps = torch.zeros(int(count), device=device)
        self.sigmas = torch.ones(int(count) + 1, device=device)

    def step(self, model_output: torch.Tensor, timestep: Any, sample: torch.Tensor, return_dict: bool = False) -> Any:
        return (sample,)


@dataclass(frozen=True, eq=False)
class KeptAudio:
    """Audio latents known in advance, in the raw audio-VAE space ``(1, C, L, M)``.

    ``regenerate``: ``None`` keeps every token; else a bool ``(L,)`` tensor, True where the audio is denoised anew.
    """

    latents: torch.Tensor
    regenerate: torch.Tensor | None = None


class KeptLatentsPipeline(LTX2ConditionPipeline):
    """``LTX2ConditionPipeline`` that can regenerate chosen latent frames of an index-0 clip condition and keep audio.

    Per call: ``_regenerate`` (bool ``(F,)`` over the output's latent frames, True = denoise anew) applies to the
    index-0 clip condition the caller passes (the source clip, same length as the output); ``_audio`` is a
    :class:`KeptAudio` (the caller also passes ``audio_latents=`` so the pipeline sizes the audio from it).
    Unset, the class behaves as its parent. ``audio_latents`` are exposed to step callbacks.
    """

    _callback_tensor_inputs = [*LTX2ConditionPipeline._callback_tensor_inputs, "audio_latents"]
    _regenerate: torch.Tensor | None = None
    _audio: KeptAudio | None = None
    _audio_noise: torch.Tensor | None = None
    _audio_clean: torch.Tensor | None = None

    def apply_first_frame_conditioning(
        self,
        latents: torch.Tensor,
        conditioning_mask: torch.Tensor,
        condition_latents: list[torch.Tensor],
        condition_strengths: list[float],
        condition_indices: list[int],
        latent_height: int,
        latent_width: int,
    ) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        latents, conditioning_mask, clean = super().apply_first_frame_conditioning(
            latents,
            conditioning_mask,
            condition_latents,
            condition_strengths,
            condition_indices,
            latent_height,
            latent_width,
        )
        if self._regenerate is not None:
            frames = self._regenerate.to(device=conditioning_mask.device)
            per_frame = frames.to(conditioning_mask.dtype).view(1, 1, -1, 1, 1)
            grid = per_frame.expand(1, 1, frames.shape[0], latent_height, latent_width)
            # Packed exactly as the pipeline packs its mask, so token order cannot drift from diffusers' own.
            regenerate = self._pack_latents(
                grid.contiguous(), self.transformer_spatial_patch_size, self.transformer_temporal_patch_size
            )
            if regenerate.shape[1] != conditioning_mask.shape[1]:
                raise ValueError(
                    f"the regenerate mask covers {regenerate.shape[1]} tokens, the clip has {conditioning_mask.shape[1]}"
                )
            conditioning_mask = conditioning_mask * (1.0 - regenerate)
        return latents, conditioning_mask, clean

    def prepare_audio_latents(
        self,
        batch_size: int = 1,
        num_channels_latents: int = 8,
        audio_latent_length: int = 1,
        num_mel_bins: int = 64,
        noise_scale: float = 0.0,
        dtype: torch.dtype | None = None,
        device: torch.device | None = None,
        generator: torch.Generator | None = None,
        latents: torch.Tensor | None = None,
    ) -> torch.Tensor:
        kept = self._audio
        if kept is None:
            return super().prepare_audio_latents(
                batch_size,
                num_channels_latents,
                audio_latent_length,
                num_mel_bins,
                noise_scale,
                dtype,
                device,
                generator,
                latents,
            )
        clean = self._pack_audio_latents(kept.latents.to(device=device, dtype=torch.float32))
        clean = self._normalize_audio_latents(clean, self.audio_vae.latents_mean, self.audio_vae.latents_std)
        clean = clean.expand(batch_size, -1, -1).to(dtype=dtype)
        self._audio_clean = clean
        if kept.regenerate is None:
            return clean.clone()
        noise = randn_tensor(clean.shape, generator=generator, device=clean.device, dtype=clean.dtype)
        self._audio_noise = noise
        regenerate = kept.regenerate.to(device=clean.device, dtype=clean.dtype).view(1, -1, 1)
        start = noise_scale * noise + (1 - noise_scale) * clean  # the kept tokens at the first step's noise level
        return regenerate * noise + (1 - regenerate) * start

    def reimpose_kept_audio(self, audio_latents: torch.Tensor) -> None:
        """After a step: put the kept audio tokens back at the next step's noise level (in place)."""
        kept, clean, noise = self._audio, self._audio_clean, self._audio_noise
        if kept is None or kept.regenerate is None or clean is None or noise is None:
            return
        sigma = float(self.scheduler.sigmas[self.scheduler.step_index]) if self.scheduler.step_index is not None else 0
        keep = (~kept.regenerate.to(device=audio_latents.device)).view(1, -1, 1).to(audio_latents.dtype)
        target = (1 - sigma) * clean + sigma * noise
        audio_latents.mul_(1 - keep).add_(target.to(audio_latents.dtype) * keep)

    def reset_kept(self) -> None:
        self._regenerate = self._audio = self._audio_noise = self._audio_clean = None


def kept_latents_variant(pipe: LTX2Pipeline) -> KeptLatentsPipeline:
    """A :class:`KeptLatentsPipeline` sharing ``pipe``'s modules; cached per ``pipe`` like the other variants."""
    return shared_variant(pipe, KeptLatentsPipeline)
