import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { pollWhileVisible, type VisibleDocument } from './poll';

/** A document whose visibility the test sets, with the real EventTarget for its event. */
class Doc extends EventTarget {
  visibilityState: DocumentVisibilityState = 'visible';
  show(state: DocumentVisibilityState) {
    this.visibilityState = state;
    this.dispatchEvent(new Event('visibilitychange'));
  }
}

describe('pollWhileVisible', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('loads now and again after each interval while visible, not while hidden, at once when shown', async () => {
    const doc = new Doc();
    let loads = 0;
    const stop = pollWhileVisible(async () => void loads++, 3000, doc as unknown as VisibleDocument);
    await vi.advanceTimersByTimeAsync(0);
    expect(loads).toBe(1);
    await vi.advanceTimersByTimeAsync(6000);
    expect(loads).toBe(3);

    doc.show('hidden');
    await vi.advanceTimersByTimeAsync(30_000);
    expect(loads).toBe(3);

    doc.show('visible');
    await vi.advanceTimersByTimeAsync(0);
    expect(loads).toBe(4);

    stop();
    await vi.advanceTimersByTimeAsync(30_000);
    doc.show('visible');
    await vi.advanceTimersByTimeAsync(30_000);
    expect(loads).toBe(4);
  });

  it('waits for a tab opened in the background to be shown', async () => {
    const doc = new Doc();
    doc.visibilityState = 'hidden';
    let loads = 0;
    const stop = pollWhileVisible(async () => void loads++, 3000, doc as unknown as VisibleDocument);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(loads).toBe(0);
    doc.show('visible');
    await vi.advanceTimersByTimeAsync(0);
    expect(loads).toBe(1);
    stop();
  });

  it('never runs two loads at once', async () => {
    const doc = new Doc();
    let inFlight = 0;
    let most = 0;
    const stop = pollWhileVisible(
      async () => {
        most = Math.max(most, ++inFlight);
        await new Promise((r) => setTimeout(r, 5000));
        inFlight--;
      },
      1000,
      doc as unknown as VisibleDocument,
    );
    doc.show('hidden');
    doc.show('visible');
    await vi.advanceTimersByTimeAsync(20_000);
    expect(most).toBe(1);
    stop();
  });
});
