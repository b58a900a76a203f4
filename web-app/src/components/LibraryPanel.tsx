import { useId, useState } from 'react';
import { useApp } from '../store';
import { ElementsPanel } from './ElementsPanel';
import { MediaBin } from './MediaBin';
import { ModelsPanel } from './ModelsPanel';

type Tab = 'media' | 'elements' | 'models';

/** The left column: the media bin, the elements and the models, as tabs. */
export function LibraryPanel() {
  const [tab, setTab] = useState<Tab>('media');
  const count = useApp((s) => s.assets.length);
  const elements = useApp((s) => s.elements.length);
  const id = useId();
  const tabButton = (key: Tab, label: string) => (
    <button
      role="tab"
      id={`${id}-${key}`}
      aria-selected={tab === key}
      aria-controls={`${id}-${key}-panel`}
      className={`tab${tab === key ? ' tab-on' : ''}`}
      onClick={() => setTab(key)}
    >
      {label}
    </button>
  );
  return (
    <section className="panel library" aria-label="Library">
      <div className="tabs" role="tablist" aria-label="Library">
        {tabButton('media', `Media${count ? ` (${count})` : ''}`)}
        {tabButton('elements', `Elements${elements ? ` (${elements})` : ''}`)}
        {tabButton('models', 'Models')}
      </div>
      <div role="tabpanel" id={`${id}-${tab}-panel`} aria-labelledby={`${id}-${tab}`} className="library-body">
        {tab === 'media' ? <MediaBin /> : tab === 'elements' ? <ElementsPanel /> : <ModelsPanel />}
      </div>
    </section>
  );
}
