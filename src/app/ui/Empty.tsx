import type { ComponentChildren } from 'preact';

// Every list's empty state says what to do next.
export const Empty = ({ title, children }: { title: string; children?: ComponentChildren }) => (
  <div class="empty">
    <p class="empty-title">{title}</p>
    {children}
  </div>
);
