import { CodedError, isErrorCode, type FieldIssue } from '../../core/errors.ts';
import { navigate } from '../router.ts';

// The officer workspace talks to the server online (docs/design.md §1: "usually online"). The sign-in token lives in
// sessionStorage (gone when the browser closes: office PCs are shared) unless the officer asked to stay signed in
// on this computer. A 401 sends them back to the sign-in page with where they were.
const KEY = 'tn.officer.token';

export const getToken = (): string | null => {
  try {
    return sessionStorage.getItem(KEY) ?? localStorage.getItem(KEY);
  } catch {
    return null;
  }
};

export const setToken = (token: string | null, remember = false): void => {
  try {
    sessionStorage.removeItem(KEY);
    localStorage.removeItem(KEY);
    if (token) (remember ? localStorage : sessionStorage).setItem(KEY, token);
  } catch {
    // storage blocked: the sign-in lasts for this page only
  }
};

// The commune a province admin is looking at (officers always see their own).
export const communeQuery = (): string => {
  const c = new URLSearchParams(location.search).get('commune');
  return c ? `commune=${encodeURIComponent(c)}` : '';
};

export const withCommune = (path: string): string => {
  const q = communeQuery();
  return q ? `${path}${path.includes('?') ? '&' : '?'}${q}` : path;
};

const toError = async (res: Response): Promise<CodedError> => {
  let body: { error?: { code?: string; message?: string; issues?: FieldIssue[] } } | undefined;
  try {
    body = await res.json();
  } catch {
    // not JSON
  }
  const code = body?.error?.code;
  return new CodedError(isErrorCode(code) ? code : res.status >= 500 ? 'unavailable' : 'bad-request', body?.error?.message, body?.error?.issues);
};

export const signInPath = (): string => `/officer/login?next=${encodeURIComponent(location.pathname + location.search)}`;

export const api = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
  const token = getToken();
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
  } catch {
    throw new CodedError('network');
  }
  if (!res.ok) {
    const err = await toError(res);
    // An ended sign-in (not a wrong password) goes back to the sign-in page, remembering where the officer was.
    if (res.status === 401 && token && err.code !== 'login-failed') {
      setToken(null);
      navigate(signInPath(), { replace: true, force: true });
    }
    throw err;
  }
  return (await res.json()) as T;
};

export const get = <T>(path: string) => api<T>('GET', withCommune(path));
export const send = <T>(method: 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown) => api<T>(method, withCommune(path), body);

// Downloads a file the server generates (the periodic report) with the sign-in token, as a normal download.
export const download = async (path: string): Promise<void> => {
  const token = getToken();
  let res: Response;
  try {
    res = await fetch(withCommune(path), { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  } catch {
    throw new CodedError('network');
  }
  if (!res.ok) throw await toError(res);
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? 'bao-cao';
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
};
