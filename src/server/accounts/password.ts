import crypto from 'node:crypto';
import { promisify } from 'node:util';

// Officer/admin/trainer passwords: scrypt from node:crypto, a random 16-byte salt per password, compared in
// constant time. The stored string carries its parameters, so a hash made at an older cost still verifies and is
// made again at the current cost when its owner next signs in (login.ts).
const scrypt = promisify(crypto.scrypt) as (password: string, salt: Buffer, keylen: number, options: crypto.ScryptOptions) => Promise<Buffer>;

export type ScryptCost = { N: number; r: number; p: number };

// OWASP's current recommendation for scrypt: N=2^17, r=8, p=1 (128 MiB and a few hundred ms per hash).
export const PASSWORD_COST: ScryptCost = { N: 2 ** 17, r: 8, p: 1 };
const KEYLEN = 32;

// Each hash holds 128·N·r bytes while it runs; at most two run at once, so a burst of sign-ins queues instead of
// taking the server's memory (the attempt limits refuse most of a burst before it gets here).
const MAX_RUNNING = 2;
let running = 0;
const waiting: (() => void)[] = [];
const limited = async <T>(work: () => Promise<T>): Promise<T> => {
  if (running >= MAX_RUNNING) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await work();
  } finally {
    running--;
    waiting.shift()?.();
  }
};

const derive = (password: string, salt: Buffer, keylen: number, cost: ScryptCost): Promise<Buffer> =>
  limited(() => scrypt(password.normalize('NFC'), salt, keylen, { ...cost, maxmem: Math.max(64 * 1024 * 1024, 2 * 128 * cost.N * cost.r * cost.p) }));

export const hashPassword = async (password: string, cost: ScryptCost = PASSWORD_COST): Promise<string> => {
  const salt = crypto.randomBytes(16);
  const key = await derive(password, salt, KEYLEN, cost);
  return `scrypt$${cost.N}$${cost.r}$${cost.p}$${salt.toString('base64')}$${key.toString('base64')}`;
};

const parse = (stored: string) => {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return undefined;
  const [N, r, p] = parts.slice(1, 4).map(Number);
  if (![N, r, p].every((n) => Number.isSafeInteger(n) && n > 0) || N > 2 ** 20 || r > 32 || p > 16) return undefined;
  return { cost: { N, r, p }, salt: Buffer.from(parts[4], 'base64'), expected: Buffer.from(parts[5], 'base64') };
};

export const verifyPassword = async (password: string, stored: string): Promise<boolean> => {
  const parsed = parse(stored);
  if (!parsed || parsed.expected.length === 0) return false;
  const key = await derive(password, parsed.salt, parsed.expected.length, parsed.cost);
  return crypto.timingSafeEqual(key, parsed.expected);
};

// A hash made at a lower cost than `cost` (an older server, or a test database).
export const needsRehash = (stored: string, cost: ScryptCost = PASSWORD_COST): boolean => {
  const parsed = parse(stored);
  return !parsed || parsed.cost.N < cost.N || parsed.cost.r < cost.r || parsed.cost.p < cost.p;
};

// Compared against when the username does not exist, so a wrong username takes as long as a wrong password.
const dummies = new Map<number, Promise<string>>();
export const dummyHash = (cost: ScryptCost = PASSWORD_COST): Promise<string> => {
  let d = dummies.get(cost.N * 1000 + cost.r * 10 + cost.p);
  if (!d) dummies.set(cost.N * 1000 + cost.r * 10 + cost.p, (d = hashPassword(crypto.randomBytes(16).toString('hex'), cost)));
  return d;
};

// A password printed once at first start: 16 characters from an alphabet without look-alikes.
export const generatePassword = (): string => randomString('abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789', 16);

export const randomString = (alphabet: string, length: number): string => {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[crypto.randomInt(alphabet.length)];
  return out;
};
