import type { ComponentChildren } from 'preact';

// A small action on one row of a list: `name` tells a screen reader which row (the visible word alone repeats on
// every row); with `confirm`, the officer is asked first and nothing happens unless they agree.
type Props = { name: string | undefined; confirm?: string; disabled?: boolean; onClick: () => unknown; children: ComponentChildren };

export const RowButton = ({ name, confirm: ask, disabled, onClick, children }: Props) => (
  <button
    type="button"
    class="btn ghost small"
    disabled={disabled}
    onClick={() => {
      if (ask && !confirm(ask)) return;
      void onClick();
    }}
  >
    {children}
    <span class="sr-only"> {name}</span>
  </button>
);
