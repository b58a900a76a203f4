// A shot's length in seconds: the 8k+1 frames it becomes, and how it reads back.
import { describe, expect, it } from 'vitest';
import { durationLabel, framesForSeconds, secondsOf } from '../domain/duration';

describe('shot length in seconds', () => {
  it('applies the 8k+1 rule for the user', () => {
    expect(framesForSeconds(2, 24)).toBe(49);
    expect(durationLabel(49, 24)).toBe('2.0 s · 49 frames');
    expect(framesForSeconds(5, 24)).toBe(121);
    expect(framesForSeconds(2.1, 24)).toBe(49);
    expect(framesForSeconds(2.2, 24)).toBe(57);
    expect(framesForSeconds(0, 24)).toBe(9); // the shortest clip
    expect(framesForSeconds(60, 24)).toBe(505); // the longest one generation makes
    expect((framesForSeconds(3, 30) - 1) % 8).toBe(0);
  });

  it('shows seconds that read back as the same frames', () => {
    for (const fps of [24, 25, 30, 60]) {
      for (let frames = 9; frames <= 505; frames += 8) {
        expect(framesForSeconds(Number(secondsOf(frames, fps)), fps)).toBe(frames);
      }
    }
    expect(secondsOf(49, 24)).toBe('2.0');
  });
});
