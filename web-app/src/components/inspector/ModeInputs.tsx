import { appStore, useApp } from '../../store';
import { IMAGE_KINDS, MAX_REFERENCES } from '../../domain/generation';
import { AssetPicker } from './AssetPicker';
import { ConditioningTimeline } from './ConditioningTimeline';
import { CommitNumber } from './fields';

function Section({ title, hint, children }: { title: string; hint?: string; children: React.ReactNode }) {
  return (
    <section className="mode-inputs" aria-label={title}>
      <div className="mode-inputs-head">
        <h3 className="sub-title">{title}</h3>
        {hint && <span className="muted small">{hint}</span>}
      </div>
      {children}
    </section>
  );
}

function StartImage({ shotId }: { shotId: string }) {
  const selected = useApp((s) => s.drafts[shotId]?.generation.image_asset_id ?? null);
  return (
    <Section title="Start image" hint="the clip starts from this picture">
      <AssetPicker
        label="Start image"
        kinds={IMAGE_KINDS}
        selected={selected ? [selected] : []}
        onPick={(id) => appStore.getState().setGeneration(shotId, { image_asset_id: id === selected ? null : id })}
      />
    </Section>
  );
}

function References({ shotId }: { shotId: string }) {
  const refs = useApp((s) => s.drafts[shotId]?.generation.reference_asset_ids);
  const list = refs ?? [];
  const toggle = (id: string) => {
    const next = list.includes(id) ? list.filter((r) => r !== id) : [...list, id];
    appStore.getState().setGeneration(shotId, { reference_asset_ids: next });
  };
  return (
    <Section title="Reference images" hint={`${list.length} of up to ${MAX_REFERENCES}`}>
      <AssetPicker label="Reference images" kinds={IMAGE_KINDS} selected={list} onPick={toggle} />
    </Section>
  );
}

function Inpaint({ shotId }: { shotId: string }) {
  const image = useApp((s) => s.drafts[shotId]?.generation.image_asset_id ?? null);
  const mask = useApp((s) => s.drafts[shotId]?.generation.mask_asset_id ?? null);
  const strength = useApp((s) => s.drafts[shotId]?.generation.strength);
  const set = appStore.getState().setGeneration;
  const bad = strength === undefined || !(strength >= 0 && strength <= 1);
  return (
    <>
      <Section title="Image" hint="the picture to repaint">
        <AssetPicker
          label="In-paint image"
          kinds={IMAGE_KINDS}
          selected={image ? [image] : []}
          onPick={(id) => set(shotId, { image_asset_id: id === image ? null : id })}
        />
      </Section>
      <Section title="Mask" hint="white = repaint; same size as the image">
        <AssetPicker
          label="In-paint mask"
          kinds={IMAGE_KINDS}
          selected={mask ? [mask] : []}
          onPick={(id) => set(shotId, { mask_asset_id: id === mask ? null : id })}
        />
      </Section>
      <div className="field-row">
        <CommitNumber
          label="Strength"
          name="inpaint_strength"
          value={strength}
          integer={false}
          step={0.05}
          min={0}
          max={1}
          hint="1 = repaint fully"
          error={bad ? '0 to 1' : undefined}
          onCommit={(v) => set(shotId, { strength: v })}
        />
      </div>
    </>
  );
}

/** The inputs the shot's mode needs, beside the prompt. */
export function ModeInputs({ shotId }: { shotId: string }) {
  const mode = useApp((s) => s.drafts[shotId]?.generation.mode ?? 't2v');
  switch (mode) {
    case 'i2v':
      return <StartImage shotId={shotId} />;
    case 'keyframes':
      return <ConditioningTimeline shotId={shotId} />;
    case 'edit':
      return <References shotId={shotId} />;
    case 'inpaint':
      return <Inpaint shotId={shotId} />;
    default:
      return null;
  }
}
