// @vitest-environment jsdom
import { act, useMemo } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import { usePendingChoices } from '../../../entrypoints/sidebar/pending-choices';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

/** A share box over a stored value that the test changes, as the live read would, and a write the test ends. */
function Box({ stored, write }: { stored: boolean; write: (id: string, value: boolean) => Promise<void> }) {
  const read = useMemo(() => () => stored, [stored]);
  const choices = usePendingChoices(read, write);
  return <input type="checkbox" aria-label="Share" checked={choices.shown('t1') ?? false} onChange={(e) => choices.choose('t1', e.currentTarget.checked)} />;
}

let root: Root | undefined;
let container: HTMLDivElement | undefined;
afterEach(() => {
  act(() => root?.unmount());
  container?.remove();
});

function setup() {
  container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
  const writes: { value: boolean; done: () => void; fail: () => void }[] = [];
  const write = (_id: string, value: boolean) => new Promise<void>((resolve, reject) => writes.push({ value, done: resolve, fail: () => reject(new Error('quota')) }));
  const render = (stored: boolean) => act(() => root!.render(<Box stored={stored} write={write} />));
  const box = () => container!.querySelector('input')!;
  const click = () => act(() => box().click());
  const settle = (i: number, ok = true) => act(async () => (ok ? writes[i].done() : writes[i].fail(), await Promise.resolve()));
  return { writes, render, box, click, settle };
}

describe('a box’s pending choice (the side panel’s thread share boxes)', () => {
  it('shows a click at once and keeps it after the write ends, until the live read of the stored value shows it too', async () => {
    const { render, box, click, settle } = setup();
    render(false);
    click();
    expect(box().checked).toBe(true);
    // The write committed; the live read has not run again yet: the box must not show the old value in between.
    await settle(0);
    expect(box().checked).toBe(true);
    render(true);
    expect(box().checked).toBe(true);
    // Settled: a later change of the stored value (another page unticked it) shows here.
    render(false);
    expect(box().checked).toBe(false);
  });

  it('two quick clicks: the second choice stays shown while the first one’s write lands', async () => {
    const { render, box, click, settle } = setup();
    render(false);
    click();
    click();
    expect(box().checked).toBe(false);
    await settle(0);
    render(true);
    expect(box().checked).toBe(false);
    await settle(1);
    render(false);
    expect(box().checked).toBe(false);
    render(true);
    expect(box().checked).toBe(true);
  });

  it('a failed write shows the stored value again', async () => {
    const { render, box, click, settle } = setup();
    render(false);
    click();
    expect(box().checked).toBe(true);
    await settle(0, false);
    expect(box().checked).toBe(false);
  });
});
