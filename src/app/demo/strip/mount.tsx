import { render } from 'preact';
import { loadNamespaces } from '../../i18n/i18n.ts';
import type { DemoRole } from '../mode.ts';
import { DemoStrip } from './DemoStrip.tsx';
import './strip.css';

// The DEMO marker of the field app in demo mode: its own root above the app, so no screen can hide it.
export const mountStrip = async (role: Exclude<DemoRole, 'stage'>): Promise<void> => {
  await loadNamespaces(['demo']);
  const host = document.createElement('div');
  host.id = 'demo-strip';
  document.body.prepend(host);
  render(<DemoStrip role={role} />, host);
};
