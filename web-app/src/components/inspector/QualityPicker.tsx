// The shot's quality preset (docs/quality.md): Draft / Standard / Final, each with its expected time on this machine
// (from the jobs measured here) and, where the studio's weights or the shot's mode cannot run it, why not — the very
// answer the server would give on Generate. A shot without its own preset runs the project's default.
import { useEffect } from 'react';
import type { Quality, QualityOption } from '../../api/types';
import { QUALITIES, VIDEO_MODES } from '../../api/types';
import { costText, expectedTime, QUALITY_HINTS, QUALITY_LABELS } from '../../domain/quality';
import { promotableTake } from '../../domain/takes';
import { appStore, useApp } from '../../store';
import { selectShotJob } from '../../store/selectors';
import { useServerDiffers } from './fields';

export function QualityPicker({ shotId }: { shotId: string }) {
  const chosen = useApp((s) => s.drafts[shotId]?.quality ?? null);
  const mode = useApp((s) => s.drafts[shotId]?.generation.mode ?? 't2v');
  const projectDefault = useApp((s) => s.project?.default_quality ?? 'final');
  const version = useApp((s) => s.shots[shotId]?.version);
  const options = useApp((s) => s.qualityOptions[shotId]);
  const jobStatus = useApp((s) => selectShotJob(s, shotId)?.status);
  const modified = useServerDiffers(shotId, 'quality');
  const videoMode = VIDEO_MODES.includes(mode) ? (mode as 't2v' | 'i2v' | 'keyframes') : null;

  // Read again when the saved shot changes (a saved edit can make a preset runnable) and when a job ends (a new
  // measurement of this machine's speed).
  useEffect(() => {
    if (videoMode) void appStore.getState().loadQualityOptions(shotId, videoMode);
  }, [shotId, videoMode, version, jobStatus, projectDefault]);

  if (!videoMode) return null;
  return (
    <QualityPickerView
      chosen={chosen}
      projectDefault={projectDefault}
      options={options?.options ?? []}
      modified={modified}
      onPick={(quality) => appStore.getState().editShot(shotId, { quality })}
    />
  );
}

export interface QualityPickerViewProps {
  /** The shot's own preset; null: the project's default. */
  chosen: Quality | null;
  projectDefault: Quality;
  options: readonly QualityOption[];
  /** The draft differs from the saved shot. */
  modified: boolean;
  onPick(quality: Quality | null): void;
}

export function QualityPickerView({ chosen, projectDefault, options, modified, onPick }: QualityPickerViewProps) {
  const effective: Quality = chosen ?? projectDefault;
  const byQuality = new Map(options.map((o) => [o.quality, o]));
  const current = byQuality.get(effective);
  return (
    <div className={`quality-picker${modified ? ' quality-picker-modified' : ''}`} data-testid="quality-picker">
      <div className="quality-head">
        <span className="field-label">Quality</span>
        {chosen === null ? (
          <span className="muted small" data-testid="quality-default">
            project default
          </span>
        ) : (
          <button
            type="button"
            className="link-button small"
            onClick={() => onPick(null)}
            title={`Run the project's default (${QUALITY_LABELS[projectDefault]})`}
          >
            use project default
          </button>
        )}
      </div>
      <div className="segmented quality-options" role="radiogroup" aria-label="Quality preset">
        {QUALITIES.map((q) => {
          const option = byQuality.get(q);
          const blocked = option !== undefined && !option.available;
          return (
            <button
              key={q}
              type="button"
              role="radio"
              aria-checked={effective === q}
              aria-disabled={blocked}
              data-testid={`quality-${q}`}
              className={`segment quality-option${effective === q ? ' segment-on' : ''}${blocked ? ' quality-blocked' : ''}`}
              title={blocked ? (option.reason ?? '') : `${QUALITY_HINTS[q]}${option ? ` (${costText(option)})` : ''}`}
              onClick={() => onPick(q)}
            >
              <span className="quality-name">{QUALITY_LABELS[q]}</span>
              <span className="quality-time small" data-testid={`quality-time-${q}`}>
                {blocked ? 'unavailable' : (expectedTime(option) ?? '…')}
              </span>
            </button>
          );
        })}
      </div>
      {/* A reason shared by every preset is the shot's own problem (the inspector lists it above Generate). */}
      {current && !current.available && options.some((o) => o.available || o.reason !== current.reason) && (
        <p className="field-error small" data-testid="quality-reason">
          {current.reason}
        </p>
      )}
    </div>
  );
}

/** "Re-generate as final": the current draft (or standard) take again at final, with its seed and its prompt. */
export function PromoteButton({ shotId, disabled }: { shotId: string; disabled: boolean }) {
  const shot = useApp((s) => s.shots[shotId]);
  const take = shot ? promotableTake(shot) : null;
  if (!take) return null;
  return (
    <button
      className="button"
      data-testid="promote-final"
      disabled={disabled}
      title={`Generate this ${take.quality} take again at final quality: seed ${take.seed}, the same prompt`}
      onClick={() => void appStore.getState().promoteShot(shotId)}
    >
      Re-generate as final
    </button>
  );
}
