import type { Asset } from '../api/types';

const ICON: Record<Asset['kind'], string> = { image: '▣', video: '▶', audio: '♪' };

/** A square preview: the picture itself for images, an icon for video and audio. */
export function AssetThumb({ asset, size = 'md' }: { asset: Asset; size?: 'sm' | 'md' }) {
  return (
    <span className={`asset-thumb asset-thumb-${size} asset-thumb-${asset.kind}`}>
      {asset.kind === 'image' ? (
        <img src={asset.url} alt="" loading="lazy" draggable={false} />
      ) : (
        <span className="asset-icon" aria-hidden>
          {ICON[asset.kind]}
        </span>
      )}
    </span>
  );
}

export function assetLabel(asset: Asset): string {
  const size = asset.width && asset.height ? ` · ${asset.width}×${asset.height}` : '';
  return `${asset.original_name}${size}`;
}

/** Drag an asset from the media bin onto an input that takes one (the conditioning timeline). */
export const ASSET_DRAG_TYPE = 'application/x-milimo-asset';
