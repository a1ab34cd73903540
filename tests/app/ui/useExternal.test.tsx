// @vitest-environment jsdom
import { act, cleanup, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { useExternal } from '../../../src/app/ui/useExternal.ts';

// A component reads outside state while rendering and subscribes only in an effect, after the browser had a chance
// to run other code. A change in that gap must still show.
afterEach(cleanup);

describe('useExternal', () => {
  it('shows a change made between the first render and the subscription', async () => {
    let value = 'before';
    const listeners = new Set<() => void>();
    const subscribe = (l: () => void) => {
      value = 'after'; // changed, with nobody listening yet
      listeners.add(l);
      return () => void listeners.delete(l);
    };
    const Show = () => <p>{useExternal(subscribe, () => value)}</p>;
    render(<Show />);
    expect(await screen.findByText('after')).toBeTruthy();
    act(() => {
      value = 'later';
      listeners.forEach((l) => l());
    });
    expect(screen.getByText('later')).toBeTruthy();
  });

  it('keeps a function value as the value, not as an updater', () => {
    const f = () => 'called';
    const Show = () => <p>{typeof useExternal(() => () => undefined, () => f)}</p>;
    render(<Show />);
    expect(screen.getByText('function')).toBeTruthy();
  });

  it('unsubscribes when the component goes', () => {
    const listeners = new Set<() => void>();
    const Show = () => <p>{useExternal((l) => (listeners.add(l), () => void listeners.delete(l)), () => 1)}</p>;
    const { unmount } = render(<Show />);
    expect(listeners.size).toBe(1);
    act(() => void unmount());
    expect(listeners.size).toBe(0);
  });
});
