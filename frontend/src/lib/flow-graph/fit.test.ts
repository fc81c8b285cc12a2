import { describe, expect, it } from 'vitest';
import { openingView, READABLE_ZOOM } from './fit';
import { generateFlow } from './generate';
import { INPUT_ID, layoutFlow, RESULT_ID, type FlowModule } from './layout';

const script = (id: string): FlowModule => ({
  id,
  value: { type: 'rawscript', language: 'bun', content: 'export function main() {}' },
});
const chain = (n: number) => layoutFlow({ modules: Array.from({ length: n }, (_, i) => script(`s${i + 1}`)) });
const laptop = { width: 600, height: 560 };

describe('where a graph opens', () => {
  it('fits a short flow whole', () => {
    const view = openingView(chain(3), laptop);
    expect(view.nodes).toBeUndefined();
    expect(view.maxZoom).toBe(1);
  });

  it('opens a tall flow of a dozen steps on its first steps, at a readable zoom', () => {
    const layout = chain(12);
    const view = openingView(layout, laptop);
    const ids = view.nodes?.map((n) => n.id) ?? [];
    expect(view.minZoom).toBe(READABLE_ZOOM);
    expect(ids[0]).toBe(INPUT_ID);
    expect(ids).toContain('s1');
    expect(ids).not.toContain(RESULT_ID);
    expect(ids.length).toBeLessThan(layout.nodes.length);
    // What is fitted fits at that zoom: its height at READABLE_ZOOM is within the box.
    const fitted = layout.nodes.filter((n) => ids.includes(n.id));
    const bottom = Math.max(...fitted.map((n) => n.position.y + n.height));
    expect(bottom * READABLE_ZOOM).toBeLessThanOrEqual(laptop.height);
  });

  it('opens 200 steps on their top, and a phone on fewer of them', () => {
    const layout = layoutFlow(generateFlow(200));
    const wide = openingView(layout, laptop).nodes ?? [];
    const phone = openingView(layout, { width: 360, height: 320 }).nodes ?? [];
    expect(wide.length).toBeGreaterThan(3);
    expect(wide.length).toBeLessThan(20);
    expect(phone.length).toBeGreaterThan(0);
    expect(phone.length).toBeLessThan(wide.length);
  });

  it('assumes a laptop-sized box before the box is measured', () => {
    expect(openingView(chain(12), { width: 0, height: 0 })).toEqual(openingView(chain(12), laptop));
  });
});
