import type { ComponentChildren } from 'preact';

// A table that scrolls on its own on a narrow screen and can be reached and scrolled from the keyboard; `label`
// names both the scrolling region and the table. A column is its header text, or { n } for a number column
// (right-aligned) or { sr } for a header only screen readers hear (the row actions).
export type Column = string | { n: string } | { sr: string };

export const DataTable = ({ label, caption = label, class: cls, cols, children }: { label: string; caption?: string; class?: string; cols?: Column[]; children: ComponentChildren }) => (
  <div class="table-wrap" role="region" tabIndex={0} aria-label={label}>
    <table class={cls ? `o-table ${cls}` : 'o-table'}>
      <caption class="sr-only">{caption}</caption>
      {cols && (
        <thead>
          <tr>
            {cols.map((c, i) =>
              typeof c === 'string' ? (
                <th scope="col" key={i}>{c}</th>
              ) : 'n' in c ? (
                <th scope="col" class="n" key={i}>{c.n}</th>
              ) : (
                <th scope="col" key={i}>
                  <span class="sr-only">{c.sr}</span>
                </th>
              ),
            )}
          </tr>
        </thead>
      )}
      <tbody>{children}</tbody>
    </table>
  </div>
);
