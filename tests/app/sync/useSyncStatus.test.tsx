// @vitest-environment jsdom
import { act, cleanup, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { publishEngine } from '../../../src/app/sync/status-bus.ts';
import { useEngineState } from '../../../src/app/sync/useSyncStatus.ts';

afterEach(() => {
  cleanup();
  publishEngine({ running: false, phase: 'idle', online: true, failures: 0 });
});

describe('useEngineState', () => {
  it('sees a sync that ended after the screen rendered but before it subscribed', () => {
    publishEngine({ running: true, phase: 'pull', online: true, failures: 0 });
    const Show = () => <p>{useEngineState().running ? 'syncing' : 'idle'}</p>;
    // Effects run when act ends: the engine reports the end of its run after the render, before the subscription.
    act(() => {
      render(<Show />);
      publishEngine({ running: false, phase: 'idle', online: true, failures: 0, lastSuccessAt: 1 });
    });
    expect(screen.getByText('idle')).toBeTruthy();
  });
});
