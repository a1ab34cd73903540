import type { PinHash } from './registry.ts';

// A member's PIN (4–6 digits) is never stored: only a slow salted PBKDF2 hash, so a copy of the phone's storage
// does not give the PIN away in seconds. It guards the phone in the hand, not the server (the device token does).
export const PIN_ITERATIONS = 150_000;

export const pinProblem = (pin: string): 'required' | 'bad-format' | undefined =>
  !pin ? 'required' : /^\d{4,6}$/.test(pin) ? undefined : 'bad-format';

const hex = (buf: ArrayBuffer | Uint8Array) => [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, '0')).join('');
const unhex = (s: string) => new Uint8Array(s.match(/../g)?.map((h) => parseInt(h, 16)) ?? []);

const derive = async (pin: string, salt: Uint8Array, iterations: number): Promise<string> => {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(pin), 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt: salt as BufferSource, iterations }, key, 256);
  return hex(bits);
};

export const hashPin = async (pin: string, iterations = PIN_ITERATIONS): Promise<PinHash> => {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  return { salt: hex(salt), hash: await derive(pin, salt, iterations), iterations };
};

export const verifyPin = async (pin: string, stored: PinHash): Promise<boolean> => {
  const got = await derive(pin, unhex(stored.salt), stored.iterations);
  let diff = got.length ^ stored.hash.length;
  for (let i = 0; i < got.length && i < stored.hash.length; i++) diff |= got.charCodeAt(i) ^ stored.hash.charCodeAt(i);
  return diff === 0;
};

// Wrong PINs back off: three tries free, then 30 s, doubling to at most 15 minutes. A forgotten PIN is reset by
// re-joining with a new invite code, which keeps every unsent change.
export const backoffAfter = (failures: number): number => (failures < 3 ? 0 : Math.min(30_000 * 2 ** (failures - 3), 15 * 60_000));
