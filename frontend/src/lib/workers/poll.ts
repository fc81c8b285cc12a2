/** What pollWhileVisible needs of `document`: the page's visibility and its change event. */
export type VisibleDocument = Pick<Document, 'visibilityState' | 'addEventListener' | 'removeEventListener'>;

/**
 * Runs `load` now and every `everyMs` after the previous one finished, only while the page is
 * visible: a hidden tab stops asking, and one shown again asks at once. Returns the stop.
 */
export function pollWhileVisible(load: () => Promise<void>, everyMs: number, doc: VisibleDocument = document) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running = false;
  let stopped = false;

  async function tick() {
    timer = undefined;
    if (stopped || running || doc.visibilityState !== 'visible') return;
    running = true;
    try {
      await load();
    } finally {
      running = false;
    }
    if (!stopped && doc.visibilityState === 'visible') timer = setTimeout(tick, everyMs);
  }

  function onVisibility() {
    if (doc.visibilityState !== 'visible') {
      clearTimeout(timer);
      timer = undefined;
    } else if (timer === undefined) void tick();
  }

  doc.addEventListener('visibilitychange', onVisibility);
  void tick();
  return () => {
    stopped = true;
    clearTimeout(timer);
    doc.removeEventListener('visibilitychange', onVisibility);
  };
}
