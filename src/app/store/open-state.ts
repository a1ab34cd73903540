// A schema upgrade waits while another tab or window still holds this phone's database open at the old version
// (an old build that never reloaded). Nothing is lost — the upgrade goes ahead the moment that tab closes — but
// until then the app cannot read its data, so the shell says what to do instead of showing an empty screen.
let blocked = false;
const listeners = new Set<() => void>();

export const isUpgradeBlocked = (): boolean => blocked;
export const onUpgradeBlockedChange = (l: () => void): (() => void) => {
  listeners.add(l);
  return () => listeners.delete(l);
};
export const setUpgradeBlocked = (next: boolean): void => {
  if (next === blocked) return;
  blocked = next;
  for (const l of listeners) l();
};
