import type { Element, ElementCreate, ElementUpdate } from '../api/types';

// The slice's state and actions (./types.ts joins the slices into AppState). Elements: characters, locations,
// objects, styles (`@Trigger` in prompts).
export interface ElementsSlice {
  /** The server's last refusal of an element change (verbatim). */
  elementError: string | null;
  /** "Generate visual" jobs this page started: job id → element id. */
  visualJobs: Record<string, string>;
  createElement(body: ElementCreate): Promise<Element | null>;
  updateElement(elementId: string, patch: Omit<ElementUpdate, 'version'>): Promise<Element | null>;
  deleteElement(elementId: string): Promise<void>;
  /**
   * Text → image job for the element (`prompt` mentions its trigger), sent with `element_id`: the server attaches the
   * still to the element when the job completes and publishes `element.updated`.
   */
  generateElementVisual(elementId: string, prompt?: string): Promise<string | null>;
  /** A visual job ended: show a failure, or re-read the project (in case `element.updated` was missed). */
  settleElementVisual(jobId: string): Promise<void>;
  /** A server row of an element (`element.updated`): replaces the shown one unless that one is newer. */
  receiveElement(element: Element): void;
  clearElementError(): void;
}
