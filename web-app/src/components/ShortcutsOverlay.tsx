import { useView, viewStore } from '../store/viewSlice';
import { SHORTCUTS } from './timeline/hotkeys';

/** The keyboard shortcuts help (`?`). */
export function ShortcutsOverlay() {
  const open = useView((s) => s.shortcutsOpen);
  if (!open) return null;
  const close = () => viewStore.getState().setShortcutsOpen(false);
  return (
    <div className="overlay" onClick={close} data-testid="shortcuts">
      <div className="overlay-card shortcuts" role="dialog" aria-label="Keyboard shortcuts" onClick={(e) => e.stopPropagation()}>
        <div className="overlay-head">
          <h2 className="panel-title">Keyboard shortcuts</h2>
          <button className="icon-button" onClick={close} aria-label="Close" autoFocus>
            ×
          </button>
        </div>
        <div className="shortcuts-groups">
          {SHORTCUTS.map((g) => (
            <section key={g.group}>
              <h3>{g.group}</h3>
              <dl>
                {g.items.map((s) => (
                  <div key={s.keys} className="shortcut">
                    <dt>
                      <kbd>{s.keys}</kbd>
                    </dt>
                    <dd>{s.what}</dd>
                  </div>
                ))}
              </dl>
            </section>
          ))}
        </div>
      </div>
    </div>
  );
}
