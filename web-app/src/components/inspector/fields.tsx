import { useEffect, useId, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { EditableShotField, ScalarShotField, ShotFields } from '../../api/types';
import { appStore, useApp } from '../../store';
import { insertMention, matchTriggers, mentionAt } from '../../domain/mentions';
import type { MentionQuery } from '../../domain/mentions';
import { fieldsOf, sameValue } from '../../domain/shotFields';
import { useSyncedState } from '../../hooks/useSyncedState';
import { setPendingText } from '../../store/pendingText';

export type NumberField = Exclude<ScalarShotField, 'prompt' | 'negative_prompt'>;
export type TextField = Extract<ScalarShotField, 'prompt' | 'negative_prompt'>;

export function useDraftValue<K extends EditableShotField>(shotId: string, field: K): ShotFields[K] | undefined {
  return useApp((s) => s.drafts[shotId]?.[field]);
}

/** True while the draft of `field` differs from the saved row (an unsaved edit). */
export function useServerDiffers(shotId: string, field: EditableShotField): boolean {
  return useApp((s) => {
    const draft = s.drafts[shotId];
    const shot = s.shots[shotId];
    return !!draft && !!shot && !sameValue(draft[field], fieldsOf(shot)[field]);
  });
}

/** A text field that edits locally and commits one undo step on blur (or Ctrl+Enter). `mentions`: `@` suggests triggers. */
export function TextInput({
  shotId,
  field,
  label,
  rows,
  mentions = false,
  children,
}: {
  shotId: string;
  field: TextField;
  label: string;
  rows: number;
  mentions?: boolean;
  children?: React.ReactNode;
}) {
  const id = useId();
  const value = useDraftValue(shotId, field) ?? '';
  const [local, setLocal] = useSyncedState(value);
  const modified = useServerDiffers(shotId, field);
  const triggers = useApp(useShallow((s) => (mentions ? s.elements.map((e) => e.trigger) : [])));
  const [mention, setMention] = useState<(MentionQuery & { caret: number; options: string[]; active: number }) | null>(null);
  const area = useRef<HTMLTextAreaElement>(null);
  const caretAfter = useRef<number | null>(null);
  useEffect(() => {
    if (caretAfter.current !== null && area.current) {
      area.current.setSelectionRange(caretAfter.current, caretAfter.current);
      caretAfter.current = null;
    }
  }, [local]);
  // What is typed but not committed counts as unsaved (and is checked by Generate) until the draft has it.
  useEffect(() => setPendingText(shotId, field, local === value ? null : local), [shotId, field, local, value]);
  useEffect(() => () => setPendingText(shotId, field, null), [shotId, field]);
  const commit = () => {
    if (local !== value) appStore.getState().editShot(shotId, { [field]: local });
  };
  const look = (text: string, caret: number) => {
    if (!mentions) return;
    const found = mentionAt(text, caret);
    const options = found ? matchTriggers(triggers, found.query) : [];
    setMention(found && options.length ? { ...found, caret, options, active: 0 } : null);
  };
  const choose = (trigger: string) => {
    if (!mention) return;
    const next = insertMention(local, mention, mention.caret, trigger);
    caretAfter.current = next.caret;
    setLocal(next.text);
    setMention(null);
  };
  const listId = `${id}-mentions`;
  return (
    // An explicit label (not one wrapping the control), so the field's accessible name is the label alone.
    <div className={`field${modified ? ' field-modified' : ''}${mentions ? ' field-mentions' : ''}`}>
      <div className="field-label">
        <label htmlFor={id}>{label}</label>
        {children}
      </div>
      <textarea
        ref={area}
        id={id}
        name={field}
        rows={rows}
        value={local}
        maxLength={4000}
        role={mentions ? 'combobox' : undefined}
        aria-expanded={mentions ? !!mention : undefined}
        aria-controls={mention ? listId : undefined}
        aria-autocomplete={mentions ? 'list' : undefined}
        aria-activedescendant={mention ? `${listId}-${mention.active}` : undefined}
        onChange={(e) => {
          setLocal(e.target.value);
          look(e.target.value, e.target.selectionStart);
        }}
        onClick={(e) => look(e.currentTarget.value, e.currentTarget.selectionStart)}
        onBlur={() => {
          setMention(null);
          commit();
        }}
        onKeyDown={(e) => {
          if (mention) {
            if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
              e.preventDefault();
              const step = e.key === 'ArrowDown' ? 1 : -1;
              setMention({ ...mention, active: (mention.active + step + mention.options.length) % mention.options.length });
              return;
            }
            if ((e.key === 'Enter' && !e.ctrlKey && !e.metaKey) || e.key === 'Tab') {
              e.preventDefault();
              choose(mention.options[mention.active]!);
              return;
            }
            if (e.key === 'Escape') {
              e.preventDefault();
              setMention(null);
              return;
            }
          }
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) commit();
        }}
      />
      {mention && (
        <ul className="mention-list" role="listbox" id={listId} aria-label="Elements" data-testid="mention-list">
          {mention.options.map((trigger, i) => (
            <li
              key={trigger}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === mention.active}
              className={i === mention.active ? 'mention-on' : undefined}
              onMouseDown={(e) => {
                e.preventDefault(); // keep the focus (and the caret) in the field
                choose(trigger);
              }}
            >
              {trigger}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/**
 * A number input with local text that commits on blur / Enter (one undo step); `onCommit` gets the parsed value.
 * Not tied to a shot field, so the conditioning items use it too.
 */
export function CommitNumber({
  label,
  value,
  onCommit,
  step = 1,
  min,
  max,
  error,
  hint,
  modified = false,
  integer = true,
  name,
  compact = false,
}: {
  label: string;
  value: number | undefined;
  onCommit(value: number): void;
  step?: number;
  min?: number | undefined;
  max?: number | undefined;
  error?: string | undefined;
  hint?: string | undefined;
  modified?: boolean;
  integer?: boolean;
  name?: string;
  compact?: boolean;
}) {
  const id = useId();
  const [local, setLocal] = useSyncedState(String(value ?? ''));
  const commit = () => {
    const parsed = Number(local);
    if (local.trim() === '' || !Number.isFinite(parsed)) {
      setLocal(String(value ?? ''));
      return;
    }
    const next = integer ? Math.round(parsed) : parsed;
    if (next !== value) onCommit(next);
    // Read back what the value is now: a commit that lands on the same value (2.01 s is still 49 frames) leaves no
    // stale text; one that changes it resets the text when the new value arrives.
    setLocal(String(value ?? ''));
  };
  return (
    <div className={`field${compact ? ' field-compact' : ''}${modified ? ' field-modified' : ''}${error ? ' field-invalid' : ''}`}>
      <div className="field-label">
        <label htmlFor={id}>{label}</label>
        {hint && (
          <em className="field-hint" data-testid={name ? `${name}-hint` : undefined}>
            {hint}
          </em>
        )}
      </div>
      <input
        id={id}
        name={name}
        type="number"
        inputMode={integer ? 'numeric' : 'decimal'}
        step={step}
        min={min}
        max={max}
        value={local}
        onChange={(e) => setLocal(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
        }}
        aria-invalid={!!error}
      />
      {error && <small className="field-error">{error}</small>}
    </div>
  );
}

export function NumberInput({
  shotId,
  field,
  label,
  step = 1,
  min,
  max,
  error,
  hint,
}: {
  shotId: string;
  field: NumberField;
  label: string;
  step?: number;
  min?: number;
  max?: number;
  error?: string | undefined;
  hint?: string | undefined;
}) {
  const value = useDraftValue(shotId, field);
  const modified = useServerDiffers(shotId, field);
  return (
    <CommitNumber
      label={label}
      name={field}
      value={value}
      step={step}
      min={min}
      max={max}
      error={error}
      hint={hint}
      modified={modified}
      onCommit={(v) => appStore.getState().editShot(shotId, { [field]: v })}
    />
  );
}
