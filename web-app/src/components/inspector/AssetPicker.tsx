import { useShallow } from 'zustand/react/shallow';
import type { AssetKind } from '../../api/types';
import { useApp } from '../../store';
import { AssetThumb, assetLabel } from '../AssetThumb';

/**
 * Choose assets of the given kinds from the media bin: a grid of toggle buttons named after the files. `selected`
 * ids are pressed; `onPick` gets the clicked id (the caller decides what single / multiple choice means).
 */
export function AssetPicker({
  label,
  kinds,
  selected,
  onPick,
  empty = 'Nothing suitable in the media bin yet: upload or generate an image first.',
}: {
  label: string;
  kinds: readonly AssetKind[];
  selected: readonly string[];
  onPick(assetId: string): void;
  empty?: string;
}) {
  const ids = useApp(useShallow((s) => s.assets.filter((a) => kinds.includes(a.kind)).map((a) => a.id)));
  return (
    <div className="asset-picker" role="group" aria-label={label}>
      {ids.length === 0 ? (
        <p className="muted small">{empty}</p>
      ) : (
        ids.map((id) => <PickerTile key={id} assetId={id} pressed={selected.includes(id)} onPick={onPick} />)
      )}
    </div>
  );
}

function PickerTile({ assetId, pressed, onPick }: { assetId: string; pressed: boolean; onPick(id: string): void }) {
  const asset = useApp((s) => s.assets.find((a) => a.id === assetId));
  if (!asset) return null;
  return (
    <button
      type="button"
      className={`picker-tile${pressed ? ' picker-tile-on' : ''}`}
      aria-pressed={pressed}
      aria-label={asset.original_name}
      title={assetLabel(asset)}
      onClick={() => onPick(assetId)}
    >
      <AssetThumb asset={asset} size="sm" />
      {asset.origin === 'generated' && <span className="picker-gen">gen</span>}
    </button>
  );
}
