// `@Trigger` helpers for prompts: finding the word being typed, suggesting element triggers, inserting one, and
// listing the elements a prompt uses. Pure, so the prompt field and the timeline cards share them (and tests cover them).

/** Triggers are `@` + letters, digits and underscores (the server's `trigger_for`). */
const TRIGGER_CHARS = /[A-Za-z0-9_]/;
const TRIGGER_RE = /@[A-Za-z0-9_]+/g;

export interface MentionQuery {
  /** Index of the `@` in the text. */
  start: number;
  /** What follows the `@` up to the caret (may be empty). */
  query: string;
}

/** The `@word` the caret is at the end of, or null. The `@` must start the text or follow a non-word character. */
export function mentionAt(text: string, caret: number): MentionQuery | null {
  let i = caret;
  while (i > 0 && TRIGGER_CHARS.test(text[i - 1]!)) i--;
  if (i === 0 || text[i - 1] !== '@') return null;
  const at = i - 1;
  if (at > 0 && /[A-Za-z0-9_@]/.test(text[at - 1]!)) return null; // an e-mail address, `@@`, …
  return { start: at, query: text.slice(i, caret) };
}

/**
 * The triggers that match `query` (case-insensitive): those starting with it first, then those containing it, each
 * group in alphabetical order. An exact match (already complete) is still offered, so Enter keeps working.
 */
export function matchTriggers(triggers: readonly string[], query: string, limit = 8): string[] {
  const q = query.toLowerCase();
  const starts: string[] = [];
  const contains: string[] = [];
  for (const trigger of new Set(triggers)) {
    const word = trigger.replace(/^@/, '').toLowerCase();
    if (word.startsWith(q)) starts.push(trigger);
    else if (q && word.includes(q)) contains.push(trigger);
  }
  const byName = (a: string, b: string) => a.localeCompare(b, undefined, { sensitivity: 'base' });
  return [...starts.sort(byName), ...contains.sort(byName)].slice(0, limit);
}

/** Replace the `@query` that ends at `caret` with `trigger` and a space; returns the text and the new caret. */
export function insertMention(text: string, mention: MentionQuery, caret: number, trigger: string): { text: string; caret: number } {
  let end = caret;
  while (end < text.length && TRIGGER_CHARS.test(text[end]!)) end++; // the rest of the word being replaced
  const after = text.slice(end);
  const spacer = after.startsWith(' ') ? '' : ' ';
  const inserted = `${trigger}${spacer}`;
  return { text: text.slice(0, mention.start) + inserted + after, caret: mention.start + trigger.length + 1 };
}

/** The known triggers a prompt mentions, in order of first use (matched case-insensitively, whole words only). */
export function triggersIn(prompt: string, triggers: readonly string[]): string[] {
  const known = new Map(triggers.map((t) => [t.toLowerCase(), t]));
  const found: string[] = [];
  for (const match of prompt.matchAll(TRIGGER_RE)) {
    const before = match.index > 0 ? prompt[match.index - 1]! : '';
    if (before && /[A-Za-z0-9_]/.test(before)) continue;
    const trigger = known.get(match[0].toLowerCase());
    if (trigger && !found.includes(trigger)) found.push(trigger);
  }
  return found;
}
