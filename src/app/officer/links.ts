// Links inside the workspace keep the period and (for a province admin) the commune being looked at.
export const KEEP = ['period', 'commune'] as const;

export const href = (path: string, extra: Record<string, string | undefined> = {}): string => {
  const here = new URLSearchParams(location.search);
  const q = new URLSearchParams();
  for (const k of KEEP) {
    const v = here.get(k);
    if (v) q.set(k, v);
  }
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined || v === '') q.delete(k);
    else q.set(k, v);
  }
  const s = q.toString();
  return s ? `${path}?${s}` : path;
};
