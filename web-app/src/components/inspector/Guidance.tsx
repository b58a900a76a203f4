import { useId } from 'react';
import type { GuidanceScaleField } from '../../api/types';
import { appStore, useApp } from '../../store';
import type { GuidanceSpec, Parsed } from '../../domain/guidance';
import {
  customGuidanceCount,
  formatBlocks,
  GUIDANCE_GROUPS,
  GUIDANCE_SPECS,
  parseBlocks,
  parseGuidance,
  STG_BLOCKS,
  VIDEO_CFG,
} from '../../domain/guidance';
import { useSyncedState } from '../../hooks/useSyncedState';
import { useServerDiffers } from './fields';

/**
 * One guidance field: empty is the pipeline's default (shown as the placeholder); commits on blur / Enter (one undo
 * step) when the text is valid, else says why and keeps the text; ↺ puts the default back.
 */
function GuidanceRow<T>({
  label,
  shown,
  placeholder,
  help,
  parse,
  onCommit,
  modified,
  name,
  inputMode,
}: {
  label: string;
  shown: string;
  placeholder: string;
  help: string;
  parse(text: string): Parsed<T>;
  onCommit(value: T | null): void;
  modified: boolean;
  name: string;
  inputMode: 'decimal' | 'text';
}) {
  const id = useId();
  const [text, setText] = useSyncedState(shown);
  const parsed = parse(text);
  const commit = () => {
    if (!parsed.ok) return;
    if (text.trim() !== shown) onCommit(parsed.value);
  };
  return (
    <div className={`guidance-row field${modified ? ' field-modified' : ''}${parsed.ok ? '' : ' field-invalid'}`}>
      <label htmlFor={id} className="guidance-label">
        {label}
      </label>
      <input
        id={id}
        name={name}
        inputMode={inputMode}
        value={text}
        placeholder={placeholder}
        aria-describedby={`${id}-help`}
        aria-invalid={!parsed.ok}
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
        }}
      />
      <button
        type="button"
        className="icon-button guidance-reset"
        aria-label={`Reset ${label} to the default`}
        title={`Default (${placeholder})`}
        disabled={shown === '' && text === ''}
        onClick={() => {
          setText('');
          if (shown !== '') onCommit(null);
        }}
      >
        ↺
      </button>
      <small id={`${id}-help`} className={parsed.ok ? 'guidance-help muted' : 'field-error guidance-help'}>
        {parsed.ok ? help : parsed.error}
      </small>
    </div>
  );
}

function ScaleRow({ shotId, spec }: { shotId: string; spec: GuidanceSpec }) {
  const value = useApp((s) => s.drafts[shotId]?.[spec.field] ?? null);
  const modified = useServerDiffers(shotId, spec.field);
  return (
    <GuidanceRow
      label={spec.label}
      name={spec.field}
      shown={value === null ? '' : String(value)}
      placeholder={`${spec.default}`}
      help={`${spec.help} ${spec.min}–${spec.max}, default ${spec.default}.`}
      parse={(t) => parseGuidance(t, spec)}
      onCommit={(v) => appStore.getState().editShot(shotId, { [spec.field as GuidanceScaleField]: v })}
      modified={modified}
      inputMode="decimal"
    />
  );
}

function CfgRow({ shotId }: { shotId: string }) {
  const value = useApp((s) => s.drafts[shotId]?.guidance_scale ?? VIDEO_CFG.default);
  const modified = useServerDiffers(shotId, 'guidance_scale');
  return (
    <GuidanceRow
      label="CFG"
      name="guidance_scale"
      shown={value === VIDEO_CFG.default ? '' : String(value)}
      placeholder={`${VIDEO_CFG.default}`}
      help={`${VIDEO_CFG.help} ${VIDEO_CFG.min}–${VIDEO_CFG.max}, default ${VIDEO_CFG.default}.`}
      parse={(t) => parseGuidance(t, VIDEO_CFG)}
      onCommit={(v) => appStore.getState().editShot(shotId, { guidance_scale: v ?? VIDEO_CFG.default })}
      modified={modified}
      inputMode="decimal"
    />
  );
}

function BlocksRow({ shotId }: { shotId: string }) {
  const value = useApp((s) => s.drafts[shotId]?.stg_blocks ?? null);
  const modified = useServerDiffers(shotId, 'stg_blocks');
  return (
    <GuidanceRow
      label="STG blocks"
      name="stg_blocks"
      shown={formatBlocks(value)}
      placeholder={formatBlocks([...STG_BLOCKS.default])}
      help={`${STG_BLOCKS.help} Up to ${STG_BLOCKS.maxCount}; default ${formatBlocks([...STG_BLOCKS.default])}.`}
      parse={parseBlocks}
      onCommit={(v) => appStore.getState().editShot(shotId, { stg_blocks: v })}
      modified={modified}
      inputMode="text"
    />
  );
}

/**
 * Advanced: LTX-2's guidance beyond the prompt guidance, for the picture and the sound. Saved on the shot like the
 * other fields; an empty field is the pipeline's default.
 */
export function Guidance({ shotId }: { shotId: string }) {
  const custom = useApp((s) => {
    const d = s.drafts[shotId];
    return d ? customGuidanceCount(d) : 0;
  });
  return (
    <details className="advanced" data-testid="guidance">
      <summary>
        <span className="sub-title">Advanced · Guidance</span>
        <span className="muted small">{custom ? `${custom} set` : 'defaults'}</span>
      </summary>
      <p className="muted small advanced-note">Empty = the model's default (shown in grey). Video and sound are guided separately.</p>
      {GUIDANCE_GROUPS.map(({ group, title }) => (
        <fieldset key={group} className="guidance-group" aria-label={`${title} guidance`}>
          <legend>{title}</legend>
          {group === 'video' && <CfgRow shotId={shotId} />}
          {GUIDANCE_SPECS.filter((s) => s.group === group).map((spec) => (
            <ScaleRow key={spec.field} shotId={shotId} spec={spec} />
          ))}
          {group === 'video' && <BlocksRow shotId={shotId} />}
        </fieldset>
      ))}
    </details>
  );
}
