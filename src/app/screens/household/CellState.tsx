import type { CellState } from '../../../core/model/enums.ts';

// Each state has its own mark and (in CSS) colour, and its name is always available as text.
export const STATE_MARK: Record<CellState, string> = { 'not-yet': '○', 'in-progress': '◐', done: '✓', declined: '✕', na: '–' };

export const StateMark = ({ state }: { state: CellState }) => (
  <span class={`mark s-${state}`} aria-hidden="true">
    {STATE_MARK[state]}
  </span>
);
