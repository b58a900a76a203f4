// The elements the script proposes (characters, locations, objects, styles): rename, retype, delete, add.
import { useState } from 'react';
import { useSyncedState } from '../../hooks/useSyncedState';
import { ELEMENT_TYPES } from '../../api/types';
import type { ElementType, ProposedElement } from '../../api/types';
import { appStore } from '../../store';

/** Add an element to the proposal: name + type. */
function NewProposalElement() {
  const [name, setName] = useState('');
  const [type, setType] = useState<ElementType>('character');
  const add = () => {
    if (!name.trim()) return;
    appStore.getState().addProposalElement(name, type);
    setName('');
  };
  return (
    <form
      className="proposal-element proposal-element-new"
      onSubmit={(e) => {
        e.preventDefault();
        add();
      }}
    >
      <input aria-label="New element name" placeholder="Add an element" value={name} onChange={(e) => setName(e.target.value)} />
      <select aria-label="New element type" value={type} onChange={(e) => setType(e.target.value as ElementType)}>
        {ELEMENT_TYPES.map((t) => (
          <option key={t} value={t}>
            {t}
          </option>
        ))}
      </select>
      <button className="button button-small" type="submit" disabled={!name.trim()}>
        Add
      </button>
    </form>
  );
}

function ElementName({ index, name }: { index: number; name: string }) {
  const [local, setLocal] = useSyncedState(name);
  const commit = () => {
    if (local.trim()) appStore.getState().renameProposalElement(index, local);
    else setLocal(name);
  };
  return (
    <input
      aria-label={`Element ${index + 1} name`}
      value={local}
      onChange={(e) => setLocal(e.target.value)}
      onBlur={commit}
      onKeyDown={(e) => e.key === 'Enter' && commit()}
    />
  );
}

/** The proposal's elements, then a form to add one. */
export function ProposalElements({ elements }: { elements: readonly ProposedElement[] }) {
  const store = appStore.getState();
  return (
    <div className="proposal-elements" aria-label="Proposed elements">
      <h3 className="panel-title">Elements</h3>
      {elements.length === 0 ? (
        <p className="muted small">None found.</p>
      ) : (
        <ul>
          {elements.map((element, i) => (
            <li key={`${i}-${element.name}`} className="proposal-element" data-testid="proposal-element">
              <ElementName index={i} name={element.name} />
              <select
                aria-label={`Element ${i + 1} type`}
                value={element.type}
                onChange={(e) => store.setProposalElementType(i, e.target.value as ElementType)}
              >
                {ELEMENT_TYPES.map((t) => (
                  <option key={t} value={t}>
                    {t}
                  </option>
                ))}
              </select>
              <button className="icon-button" aria-label={`Delete element ${element.name}`} onClick={() => store.deleteProposalElement(i)}>
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <NewProposalElement />
    </div>
  );
}
