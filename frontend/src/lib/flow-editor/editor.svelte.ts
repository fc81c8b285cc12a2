/**
 * The editor's one piece of state: the document (through its History, so every change is
 * undoable), the selected step, and the draft kept in localStorage. Views change the document
 * only through `apply(operation)`; the document is held raw (`$state.raw`) — a new object per
 * change, never deep-proxied — so a big flow costs one swap per edit, not a proxy per field.
 */
import { History } from './history';
import { findStep, ModelError, type FlowDocument } from './model';
import { saveFlowDraft } from './draft';

export class FlowEditorState {
  doc = $state.raw<FlowDocument>(null as unknown as FlowDocument);
  selected = $state<string | null>(null);
  canUndo = $state(false);
  canRedo = $state(false);
  /** The last refused edit, in words (a taken id, a second failure handler). */
  problem = $state('');
  /** What is deployed: the draft is what differs from it. */
  baseline = $state.raw<FlowDocument>(null as unknown as FlowDocument);
  private history: History<FlowDocument>;

  constructor(
    start: FlowDocument,
    baseline: FlowDocument,
    private readonly draftKey: string,
  ) {
    this.doc = start;
    this.baseline = baseline;
    this.history = new History(start);
  }

  /** The current document was deployed: nothing is unsaved any more. */
  markSaved(): void {
    this.baseline = this.doc;
    localStorage.removeItem(this.draftKey);
  }

  get dirty(): boolean {
    return JSON.stringify(this.doc) !== JSON.stringify(this.baseline);
  }

  get selectedStep() {
    return this.selected ? findStep(this.doc.value, this.selected) : undefined;
  }

  /**
   * Makes `operation(doc)` the new document. `group` merges consecutive edits of one field into one
   * undo step. A refused operation (ModelError) leaves the document as it was and says why.
   */
  apply(operation: (doc: FlowDocument) => FlowDocument, group: string | null = null): boolean {
    try {
      const next = operation(this.doc);
      this.problem = '';
      this.commit(next, group);
      return true;
    } catch (e) {
      if (!(e instanceof ModelError)) throw e;
      this.problem = e.message;
      return false;
    }
  }

  /** Replaces the whole document (an import, the raw view): one undo step. */
  replace(next: FlowDocument): void {
    this.problem = '';
    this.commit(next, null);
  }

  undo(): void {
    this.show(this.history.undo());
  }
  redo(): void {
    this.show(this.history.redo());
  }
  seal(): void {
    this.history.seal();
  }

  private commit(next: FlowDocument, group: string | null): void {
    this.history.push(next, group);
    this.show(next);
  }

  private show(doc: FlowDocument): void {
    this.doc = doc;
    this.canUndo = this.history.canUndo;
    this.canRedo = this.history.canRedo;
    if (this.selected && !findStep(doc.value, this.selected)) this.selected = null;
    if (this.dirty) saveFlowDraft(localStorage, this.draftKey, doc);
    else localStorage.removeItem(this.draftKey);
  }
}
