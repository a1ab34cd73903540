import { randomString } from './password.ts';

// Invite codes are read aloud, typed on a phone keypad or scanned from a QR code: 8 characters from an alphabet
// without look-alikes (no 0/O, 1/I/L), shown as ABCD-2345. 31^8 ≈ 8.5·10^11 codes, each expiring and limited in
// uses, and joins are rate-limited, so guessing one is hopeless.
export const INVITE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const LENGTH = 8;

export const newInviteCode = (): string => randomString(INVITE_ALPHABET, LENGTH);

// Stored without the dash; shown with it.
export const formatInviteCode = (code: string): string => `${code.slice(0, 4)}-${code.slice(4)}`;

// What people type: any case, with spaces or dashes. Anything else (a look-alike such as 0 or 1 is never in a
// code) reads as no code at all.
export const normalizeInviteCode = (input: string): string | undefined => {
  const code = input.toUpperCase().replace(/[\s\-_.]/g, '');
  return code.length === LENGTH && [...code].every((ch) => INVITE_ALPHABET.includes(ch)) ? code : undefined;
};
