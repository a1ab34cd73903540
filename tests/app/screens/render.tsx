import 'fake-indexeddb/auto';
import { render, screen, waitFor } from '@testing-library/preact';
import { expect } from 'vitest';
import { initI18n, setLanguage } from '../../../src/app/i18n/i18n.ts';
import { App } from '../../../src/app/shell/App.tsx';
import { setDb } from '../../../src/app/store/active-db.ts';
import { AppDb } from '../../../src/app/store/db.ts';
import { navigate } from '../../../src/app/router.ts';

// Renders the whole app (shell, router, lazy screens, i18n) on a fresh fake-indexeddb database at `path`.
let n = 0;
export const renderApp = async (path: string, db = new AppDb(`screens-${process.pid}-${++n}`)) => {
  window.scrollTo = () => undefined;
  await initI18n('vi');
  await setLanguage('vi');
  setDb(db);
  navigate(path, { replace: true, force: true });
  const view = render(<App />);
  await waitFor(() => expect(document.querySelector('main h1')).not.toBeNull(), { timeout: 5000 });
  return { db, view, screen };
};

export const go = async (path: string, heading: RegExp | string) => {
  navigate(path, { force: true });
  await screen.findByRole('heading', { level: 1, name: heading }, { timeout: 5000 });
};
