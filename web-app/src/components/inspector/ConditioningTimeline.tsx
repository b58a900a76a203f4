import { memo, useRef, useState } from 'react';
import type { ConditioningItem } from '../../api/types';
import { appStore, useApp } from '../../store';
import { CONDITIONING_KINDS, MAX_CONDITIONING_ITEMS, conditioningIssues } from '../../domain/generation';
import { ASSET_DRAG_TYPE, AssetThumb } from '../AssetThumb';
import { AssetPicker } from './AssetPicker';
import { CommitNumber, useServerDiffers } from './fields';

const EMPTY: ConditioningItem[] = [];

function clampFrame(frame: number, last: number): number {
  return Math.min(last, Math.max(0, Math.round(frame)));
}

/** Frame under a pointer's x on the strip. */
function frameAt(strip: HTMLElement, clientX: number, last: number): number {
  const rect = strip.getBoundingClientRect();
  const t = rect.width > 0 ? (clientX - rect.left) / rect.width : 0;
  return clampFrame(t * last, last);
}

function tickFrames(last: number): number[] {
  const every = last <= 24 ? 1 : last <= 96 ? 8 : last <= 240 ? 24 : 48;
  const out: number[] = [];
  for (let f = 0; f <= last; f += every) out.push(f);
  if (out[out.length - 1] !== last) out.push(last);
  return out;
}

function labelFrames(last: number): Set<number> {
  const every = last <= 16 ? 4 : last <= 64 ? 8 : last <= 240 ? 24 : 96;
  const out = new Set<number>([0, last]);
  for (let f = every; f < last - every / 2; f += every) out.add(f);
  return out;
}

const pct = (frame: number, last: number) => `${last > 0 ? (clampFrame(frame, last) / last) * 100 : 0}%`;

/** One marker on the strip: drag it (or use the arrow keys) to move its item; the drop is one undo step. */
const Marker = memo(function Marker({
  shotId,
  index,
  item,
  last,
  strip,
}: {
  shotId: string;
  index: number;
  item: ConditioningItem;
  last: number;
  strip: React.RefObject<HTMLDivElement | null>;
}) {
  const asset = useApp((s) => s.assets.find((a) => a.id === item.asset_id));
  const [dragFrame, setDragFrame] = useState<number | null>(null);
  const frame = dragFrame ?? item.frame;
  const outside = item.frame < 0 || item.frame > last;
  const commit = (value: number) => {
    if (value !== item.frame) appStore.getState().updateConditioning(shotId, index, { frame: value });
  };
  return (
    <button
      type="button"
      role="slider"
      className={`cond-marker${dragFrame !== null ? ' cond-marker-drag' : ''}${outside ? ' cond-marker-invalid' : ''}`}
      style={{ left: pct(frame, last), opacity: 0.45 + 0.55 * Math.min(1, Math.max(0, item.strength)) }}
      aria-label={`Item ${index + 1} frame`}
      aria-valuemin={0}
      aria-valuemax={last}
      aria-valuenow={frame}
      aria-valuetext={`frame ${frame}${outside ? ' (outside the clip)' : ''}`}
      title={`Item ${index + 1}: frame ${item.frame}, strength ${item.strength}`}
      data-testid="cond-marker"
      data-frame={frame}
      onPointerDown={(e) => {
        if (e.button !== 0) return;
        e.currentTarget.setPointerCapture(e.pointerId);
        setDragFrame(clampFrame(item.frame, last));
      }}
      onPointerMove={(e) => {
        if (dragFrame === null || !strip.current) return;
        setDragFrame(frameAt(strip.current, e.clientX, last));
      }}
      onPointerUp={(e) => {
        if (dragFrame === null) return;
        e.currentTarget.releasePointerCapture(e.pointerId);
        setDragFrame(null);
        commit(dragFrame);
      }}
      onPointerCancel={() => setDragFrame(null)}
      onKeyDown={(e) => {
        const step = e.shiftKey ? 8 : 1;
        const keys: Record<string, number> = {
          ArrowLeft: item.frame - step,
          ArrowDown: item.frame - step,
          ArrowRight: item.frame + step,
          ArrowUp: item.frame + step,
          Home: 0,
          End: last,
        };
        const next = keys[e.key];
        if (next === undefined) return;
        e.preventDefault();
        commit(clampFrame(next, last));
      }}
    >
      <span className="cond-marker-thumb">{asset ? <AssetThumb asset={asset} size="sm" /> : '?'}</span>
      <span className="cond-marker-label">{index + 1}</span>
    </button>
  );
});

function Strip({ shotId, items, last }: { shotId: string; items: ConditioningItem[]; last: number }) {
  const strip = useRef<HTMLDivElement>(null);
  const [dropping, setDropping] = useState(false);
  const labels = labelFrames(last);
  return (
    <div
      className={`cond-strip${dropping ? ' cond-strip-drop' : ''}`}
      onDragOver={(e) => {
        if (!e.dataTransfer.types.includes(ASSET_DRAG_TYPE)) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = 'copy';
        setDropping(true);
      }}
      onDragLeave={() => setDropping(false)}
      onDrop={(e) => {
        setDropping(false);
        const assetId = e.dataTransfer.getData(ASSET_DRAG_TYPE);
        if (!assetId || !strip.current) return;
        e.preventDefault();
        appStore.getState().addConditioning(shotId, assetId, frameAt(strip.current, e.clientX, last));
      }}
    >
      <div className="cond-track" ref={strip} data-testid="cond-strip" data-frames={last + 1}>
        {tickFrames(last).map((f) => (
          <span key={f} className={`cond-tick${labels.has(f) ? ' cond-tick-major' : ''}`} style={{ left: pct(f, last) }}>
            {labels.has(f) && <span className="cond-tick-label">{f}</span>}
          </span>
        ))}
        {items.map((item, i) => (
          <Marker key={i} shotId={shotId} index={i} item={item} last={last} strip={strip} />
        ))}
      </div>
    </div>
  );
}

function ItemRow({ shotId, index, item, numFrames }: { shotId: string; index: number; item: ConditioningItem; numFrames: number }) {
  const asset = useApp((s) => s.assets.find((a) => a.id === item.asset_id));
  const issues = conditioningIssues(item, numFrames, asset ? { [asset.id]: asset } : {});
  const store = appStore.getState();
  return (
    <li className="cond-item" aria-label={`Item ${index + 1}`} data-testid="cond-item">
      <span className="cond-item-index">{index + 1}</span>
      {asset ? <AssetThumb asset={asset} size="sm" /> : <span className="asset-thumb asset-thumb-sm asset-missing">?</span>}
      <div className="cond-item-body">
        <span className="cond-item-name" title={asset?.original_name ?? item.asset_id}>
          {asset?.original_name ?? item.asset_id}
        </span>
        {issues.asset && <small className="field-error">{issues.asset}</small>}
        <div className="field-row">
          <CommitNumber
            compact
            label="Frame"
            value={item.frame}
            min={0}
            max={numFrames - 1}
            error={issues.frame}
            onCommit={(v) => store.updateConditioning(shotId, index, { frame: v })}
          />
          <CommitNumber
            compact
            label="Strength"
            value={item.strength}
            integer={false}
            step={0.05}
            min={0}
            max={1}
            error={issues.strength}
            onCommit={(v) => store.updateConditioning(shotId, index, { strength: v })}
          />
        </div>
      </div>
      <button
        type="button"
        className="icon-button cond-item-remove"
        aria-label={`Remove item ${index + 1}`}
        title="Remove"
        onClick={() => store.removeConditioning(shotId, index)}
      >
        ×
      </button>
    </li>
  );
}

/**
 * The shot's conditioning timeline: a strip the length of the clip with a marker per item (image or video, at a
 * frame, with a strength). Every edit is a draft change (one undo step) saved with the shot (`PATCH … conditioning`).
 */
export function ConditioningTimeline({ shotId }: { shotId: string }) {
  const items = useApp((s) => s.drafts[shotId]?.conditioning ?? EMPTY);
  const numFrames = useApp((s) => s.drafts[shotId]?.num_frames ?? 9);
  const modified = useServerDiffers(shotId, 'conditioning');
  const [adding, setAdding] = useState(false);
  const last = Math.max(0, numFrames - 1);
  const full = items.length >= MAX_CONDITIONING_ITEMS;
  return (
    <section
      className={`mode-inputs conditioning${modified ? ' conditioning-modified' : ''}`}
      aria-label="Conditioning timeline"
      data-testid="conditioning-timeline"
    >
      <div className="mode-inputs-head">
        <h3 className="sub-title">Conditioning timeline</h3>
        <span className="muted small">
          {items.length} item{items.length === 1 ? '' : 's'} · frames 0–{last}
          {modified && <span className="unsaved-dot" title="Unsaved: Save or Generate stores it"> ●</span>}
        </span>
      </div>
      <Strip shotId={shotId} items={items} last={last} />
      {items.length === 0 ? (
        <p className="muted small">Add an image or clip from the media bin (or drag one onto the strip) to pin it to a frame.</p>
      ) : (
        <ol className="cond-items">
          {items.map((item, i) => (
            <ItemRow key={i} shotId={shotId} index={i} item={item} numFrames={numFrames} />
          ))}
        </ol>
      )}
      {adding && (
        <AssetPicker
          label="Add conditioning item"
          kinds={CONDITIONING_KINDS}
          selected={[]}
          empty="Nothing in the media bin yet: upload an image or a clip first."
          onPick={(id) => {
            appStore.getState().addConditioning(shotId, id);
            setAdding(false);
          }}
        />
      )}
      <div className="button-row">
        <button
          type="button"
          className="button button-small"
          onClick={() => setAdding((a) => !a)}
          disabled={full && !adding}
          aria-expanded={adding}
        >
          {adding ? 'Cancel' : '+ Add item'}
        </button>
        {full && <span className="muted small">at most {MAX_CONDITIONING_ITEMS} items</span>}
      </div>
    </section>
  );
}
