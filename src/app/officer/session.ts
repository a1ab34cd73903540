import { useEffect, useState } from 'preact/hooks';
import type { Member } from '../../core/model/people.ts';
import type { CommuneRef } from '../../core/report/shapes.ts';
import { navigate } from '../router.ts';
import { api, getToken, setToken, signInPath } from './api.ts';

// Who is signed in and which communes they may open, fetched once per page load and shared by every screen.
export type Session = { member: Member; communes: CommuneRef[] };

let cached: Promise<Session> | undefined;

export const loadSession = (): Promise<Session> =>
  (cached ??= (async () => {
    const [me, list] = await Promise.all([
      api<{ member: Member }>('GET', '/api/auth/me'),
      api<{ communes: CommuneRef[] }>('GET', '/api/reports/communes'),
    ]);
    return { member: me.member, communes: list.communes };
  })().catch((e) => {
    cached = undefined;
    throw e;
  }));

export const forgetSession = (): void => {
  cached = undefined;
};

export const useSession = (): { session: Session | undefined; error: unknown } => {
  const [session, setSession] = useState<Session | undefined>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    if (!getToken()) {
      navigate(signInPath(), { replace: true, force: true });
      return;
    }
    loadSession().then(setSession, setError);
  }, []);
  return { session, error };
};

export const signOut = async (): Promise<void> => {
  try {
    await api('POST', '/api/auth/logout', {});
  } catch {
    // already signed out on the server, or offline: forget the token here anyway
  }
  setToken(null);
  forgetSession();
  navigate('/officer/login', { replace: true, force: true });
};

// The commune on screen: ?commune= for a province admin (none: the province), else the officer's own.
export const currentCommune = (s: Session): CommuneRef | undefined => {
  const wanted = new URLSearchParams(location.search).get('commune');
  const named = s.communes.find((c) => c.id === wanted);
  if (named || s.member.role === 'admin') return named;
  return s.member.communeId ? s.communes.find((c) => c.id === s.member.communeId) : undefined;
};
