// Signal bars, crossed out when there is none. Always beside the words "có sóng" / "mất sóng".
export const SignalIcon = ({ on, size = 20 }: { on: boolean; size?: number }) => (
  <svg class="signal-icon" width={size} height={size} viewBox="0 0 24 24" aria-hidden="true" focusable="false">
    <rect x="3" y="15" width="3.5" height="6" rx="1" fill="currentColor" />
    <rect x="8.5" y="11" width="3.5" height="10" rx="1" fill={on ? 'currentColor' : 'none'} stroke="currentColor" stroke-width="1.5" />
    <rect x="14" y="7" width="3.5" height="14" rx="1" fill={on ? 'currentColor' : 'none'} stroke="currentColor" stroke-width="1.5" />
    <rect x="19.5" y="3" width="3" height="18" rx="1" fill={on ? 'currentColor' : 'none'} stroke="currentColor" stroke-width="1.5" />
    {!on && <path d="M3 3l18 18" stroke="currentColor" stroke-width="2.5" stroke-linecap="round" />}
  </svg>
);
