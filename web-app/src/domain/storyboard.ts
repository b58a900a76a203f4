// Pure edits of a parsed storyboard proposal (what the user adjusts before Commit). Each returns a new proposal.
import type { ElementType, ParseResponse, ProposedElement, ProposedScene, ProposedShot, Storyboard } from '../api/types';

/** A parse answer with every list present (the schema marks them optional). */
export interface Proposal {
  format: ParseResponse['format'];
  title: string;
  warnings: string[];
  /** Who broke the script into shots: the rules, or the director (Gemma 3). */
  breakdown: Storyboard['breakdown'] & string;
  scenes: (Required<Omit<ProposedScene, 'shots'>> & { shots: Required<ProposedShot>[] })[];
  elements: ProposedElement[];
}

export function proposalFrom(answer: ParseResponse): Proposal {
  return {
    format: answer.format,
    title: answer.title ?? '',
    warnings: [...(answer.warnings ?? [])],
    breakdown: answer.breakdown ?? 'rules',
    scenes: (answer.scenes ?? []).map((scene) => ({
      heading: scene.heading ?? '',
      location: scene.location ?? '',
      time_of_day: scene.time_of_day ?? '',
      synopsis: scene.synopsis ?? '',
      notes: (scene.notes ?? []).map((m) => ({ text: m.text, at_shot: m.at_shot ?? 0 })),
      transitions: (scene.transitions ?? []).map((m) => ({ text: m.text, at_shot: m.at_shot ?? 0 })),
      shots: (scene.shots ?? []).map((shot) => ({
        text: shot.text,
        prompt: shot.prompt ?? '',
        framing: shot.framing ?? null,
        source: [...(shot.source ?? [])],
        characters: [...(shot.characters ?? [])],
        duration_s: shot.duration_s ?? 3,
      })),
    })),
    elements: (answer.elements ?? []).map((e) => ({ ...e })),
  };
}

function mapShot(
  p: Proposal,
  sceneIndex: number,
  change: (shots: Proposal['scenes'][number]['shots']) => Proposal['scenes'][number]['shots'],
): Proposal {
  if (!p.scenes[sceneIndex]) return p;
  return { ...p, scenes: p.scenes.map((s, i) => (i === sceneIndex ? { ...s, shots: change(s.shots) } : s)) };
}

export function editProposalShot(p: Proposal, sceneIndex: number, shotIndex: number, text: string): Proposal {
  const shot = p.scenes[sceneIndex]?.shots[shotIndex];
  if (!shot || shot.text === text) return p;
  return mapShot(p, sceneIndex, (shots) => shots.map((s, i) => (i === shotIndex ? { ...s, text } : s)));
}

/** Edit a shot's built prompt (what the committed shot is generated from). */
export function editProposalShotPrompt(p: Proposal, sceneIndex: number, shotIndex: number, prompt: string): Proposal {
  const shot = p.scenes[sceneIndex]?.shots[shotIndex];
  if (!shot || shot.prompt === prompt) return p;
  return mapShot(p, sceneIndex, (shots) => shots.map((s, i) => (i === shotIndex ? { ...s, prompt } : s)));
}

/** `@Mara` for "Mara", `@DrOBrien` for "Dr. O'Brien": the server's rule for an element's trigger from its name. */
export function triggerOf(name: string): string {
  const titled = name.toLowerCase().replace(/(^|[^a-z])([a-z])/g, (_, before: string, letter: string) => before + letter.toUpperCase());
  const word = titled.replace(/[^A-Za-z0-9_]+/g, '') || 'Element';
  return '@' + (/^[A-Za-z]/.test(word) ? word : 'E' + word);
}

/** Every `@Trigger` of `from` in the proposal's prompts replaced by `to` (whole words, any case). */
function retrigger(p: Proposal, from: string, to: string): Proposal['scenes'] {
  const pattern = new RegExp(`(?<![\\w@])${from.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![A-Za-z0-9_])`, 'gi');
  return p.scenes.map((scene) => {
    const shots = scene.shots.map((s) => {
      const prompt = s.prompt.replace(pattern, to);
      return prompt === s.prompt ? s : { ...s, prompt };
    });
    return shots.every((s, i) => s === scene.shots[i]) ? scene : { ...scene, shots };
  });
}

export function deleteProposalShot(p: Proposal, sceneIndex: number, shotIndex: number): Proposal {
  if (!p.scenes[sceneIndex]?.shots[shotIndex]) return p;
  return mapShot(p, sceneIndex, (shots) => shots.filter((_, i) => i !== shotIndex));
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** The scene fields the adjust step edits. */
export type SceneField = 'heading' | 'location' | 'time_of_day' | 'synopsis';

/** Edit a scene's heading, location, time of day or synopsis (trimmed). */
export function editProposalScene(p: Proposal, sceneIndex: number, patch: Partial<Record<SceneField, string>>): Proposal {
  const scene = p.scenes[sceneIndex];
  if (!scene) return p;
  const changes: Partial<Record<SceneField, string>> = {};
  for (const key of ['heading', 'location', 'time_of_day', 'synopsis'] as const) {
    const value = patch[key];
    if (value !== undefined && value.trim() !== scene[key]) changes[key] = value.trim();
  }
  if (Object.keys(changes).length === 0) return p;
  return { ...p, scenes: p.scenes.map((s, i) => (i === sceneIndex ? { ...s, ...changes } : s)) };
}

/** A beat's duration limits, in seconds: more than MIN, at most MAX. */
export const BEAT_DURATION = { min: 0, max: 60 } as const;

export function validBeatDuration(seconds: number): boolean {
  return Number.isFinite(seconds) && seconds > BEAT_DURATION.min && seconds <= BEAT_DURATION.max;
}

/** Set a beat's duration; a value outside (0, 60] seconds is ignored. */
export function setProposalShotDuration(p: Proposal, sceneIndex: number, shotIndex: number, seconds: number): Proposal {
  const shot = p.scenes[sceneIndex]?.shots[shotIndex];
  if (!shot || !validBeatDuration(seconds) || shot.duration_s === seconds) return p;
  return mapShot(p, sceneIndex, (shots) => shots.map((s, i) => (i === shotIndex ? { ...s, duration_s: seconds } : s)));
}

/**
 * "MARA, jon ,, Mara" → ["MARA", "JON"] given the elements: comma-separated, trimmed, blanks and repeats
 * (case-insensitive) dropped; a name that matches an element takes the element's spelling.
 */
export function parseCharacters(text: string, elements: readonly ProposedElement[] = []): string[] {
  const out: string[] = [];
  for (const raw of text.split(',')) {
    const name = raw.trim();
    if (!name || out.some((c) => same(c, name))) continue;
    out.push(elements.find((e) => same(e.name, name))?.name ?? name);
  }
  return out;
}

/** Set a beat's characters from a comma-separated list. */
export function setProposalShotCharacters(p: Proposal, sceneIndex: number, shotIndex: number, text: string): Proposal {
  const shot = p.scenes[sceneIndex]?.shots[shotIndex];
  if (!shot) return p;
  const characters = parseCharacters(text, p.elements);
  if (characters.length === shot.characters.length && characters.every((c, i) => c === shot.characters[i])) return p;
  return mapShot(p, sceneIndex, (shots) => shots.map((s, i) => (i === shotIndex ? { ...s, characters } : s)));
}

/** Add a beat to a scene: right after `afterShotIndex`, or at the end when it is null (or out of range). */
export function addProposalShot(
  p: Proposal,
  sceneIndex: number,
  afterShotIndex: number | null,
  shot: Partial<Proposal['scenes'][number]['shots'][number]> = {},
): Proposal {
  const scene = p.scenes[sceneIndex];
  if (!scene) return p;
  const beat = {
    text: shot.text ?? 'New shot.',
    prompt: shot.prompt ?? '',
    framing: shot.framing ?? null,
    source: [...(shot.source ?? [])],
    characters: [...(shot.characters ?? [])],
    duration_s: shot.duration_s !== undefined && validBeatDuration(shot.duration_s) ? shot.duration_s : 3,
  };
  const at = afterShotIndex !== null && afterShotIndex >= 0 && afterShotIndex < scene.shots.length ? afterShotIndex + 1 : scene.shots.length;
  return mapShot(p, sceneIndex, (shots) => [...shots.slice(0, at), beat, ...shots.slice(at)]);
}

/** Change an element's type (character / location / object / style). */
export function setProposalElementType(p: Proposal, index: number, type: ElementType): Proposal {
  const element = p.elements[index];
  if (!element || element.type === type) return p;
  return { ...p, elements: p.elements.map((e, i) => (i === index ? { ...e, type } : e)) };
}

/** Add an element; a blank name or one already listed (case-insensitive) is ignored. */
export function addProposalElement(p: Proposal, name: string, type: ElementType): Proposal {
  const next = name.trim();
  if (!next || p.elements.some((e) => same(e.name, next))) return p;
  return { ...p, elements: [...p.elements, { name: next, type }] };
}

/** Rename an element; the shots that list it as a character follow. A blank name is ignored. */
export function renameProposalElement(p: Proposal, index: number, name: string): Proposal {
  const element = p.elements[index];
  const next = name.trim();
  if (!element || !next || next === element.name) return p;
  const old = element.name;
  const scenes = retrigger(p, triggerOf(old), triggerOf(next)); // the prompts name the renamed element
  return {
    ...p,
    elements: p.elements.map((e, i) => (i === index ? { ...e, name: next } : e)),
    scenes: scenes.map((scene) => ({
      ...scene,
      shots: scene.shots.map((shot) =>
        shot.characters.some((c) => same(c, old)) ? { ...shot, characters: shot.characters.map((c) => (same(c, old) ? next : c)) } : shot,
      ),
    })),
  };
}

/** Drop an element (and its name from the shots' character lists). */
export function deleteProposalElement(p: Proposal, index: number): Proposal {
  const element = p.elements[index];
  if (!element) return p;
  // Without the element its trigger would be unknown to generation: the prompts say the name instead.
  const scenes = retrigger(p, triggerOf(element.name), element.name);
  return {
    ...p,
    elements: p.elements.filter((_, i) => i !== index),
    scenes: scenes.map((scene) => ({
      ...scene,
      shots: scene.shots.some((s) => s.characters.some((c) => same(c, element.name)))
        ? scene.shots.map((s) => ({ ...s, characters: s.characters.filter((c) => !same(c, element.name)) }))
        : scene.shots,
    })),
  };
}

/** The commit body. */
export function storyboardOf(p: Proposal): Storyboard {
  return { breakdown: p.breakdown, scenes: p.scenes, elements: p.elements };
}

export function proposalShotCount(p: Proposal): number {
  return p.scenes.reduce((n, s) => n + s.shots.length, 0);
}

/** The 1-based line a parse refusal names (`line 12: …`), or null. */
export function errorLine(message: string): number | null {
  const match = /\bline (\d+)\b/i.exec(message);
  return match ? Number(match[1]) : null;
}
