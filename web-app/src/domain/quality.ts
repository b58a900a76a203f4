// Quality presets (docs/quality.md) as the inspector words them: what each runs and how long it takes here.
import type { Quality, QualityOption } from '../api/types';
import { clockText } from './jobReducer';

export const QUALITY_LABELS: Record<Quality, string> = { draft: 'Draft', standard: 'Standard', final: 'Final' };

export const QUALITY_HINTS: Record<Quality, string> = {
  draft: 'Distilled 8-step schedule, no guidance: for finding the shot',
  standard: 'Half size with guidance, 2× latent upsample, 3-step refine',
  final: 'Full size, every step with the full guidance recipe',
};

/** "~1:05" from this machine's measured jobs, "not timed yet" before any, or null when the preset cannot run. */
export function expectedTime(option: QualityOption | undefined): string | null {
  if (!option || !option.available) return null;
  return option.seconds === null || option.seconds === undefined ? 'not timed yet' : `~${clockText(option.seconds)}`;
}

/** "8 steps · 1 pass" — what a preset costs, in the model's own units. */
export function costText(option: QualityOption | undefined): string {
  if (!option || !option.available) return '';
  const passes = option.passes_per_step === 1 ? '1 pass' : `${option.passes_per_step} passes`;
  return `${option.steps} steps · ${passes}`;
}
