import type { ValidationRule } from '../errors.ts';

// What an officer, province admin or trainer password must be: long enough, not one character repeated, not a
// keyboard or number run, not a common password, not the username with a few characters around it. The same rule
// on the server (account creation, first start) and in the officer's form.
export const MIN_PASSWORD_LENGTH = 10;

const COMMON = new Set([
  'password', 'passw0rd', 'matkhau', 'mat-khau', 'admin', 'administrator', 'tungnha', 'qwerty', 'iloveyou', 'letmein',
  'welcome', 'changeme', 'abc', 'abcd', 'vietnam', 'hanoi', 'saigon', 'anhyeuem', 'emyeuanh', 'canbo', 'canboxa', 'xa',
  'test', 'secret', 'default', 'guest', 'user', 'login', 'master', 'dragon', 'monkey', 'football', 'princess', 'sunshine',
]);
const RUNS = ['0123456789012345678901234567890', '9876543210987654321098765432109', 'abcdefghijklmnopqrstuvwxyz', 'zyxwvutsrqponmlkjihgfedcba', 'qwertyuiopasdfghjklzxcvbnm', '1qaz2wsx3edc4rfv5tgb6yhn'];

export const passwordProblem = (password: string, username = ''): ValidationRule | undefined => {
  const p = password.normalize('NFC');
  if ([...p].length < MIN_PASSWORD_LENGTH) return 'too-short';
  const lower = p.toLowerCase();
  if (new Set(lower).size < 4) return 'too-weak';
  // Separators and a number or punctuation tail do not make a common word less common ("Matkhau@2024").
  const core = lower.replace(/[\s._\-@!#$%&*]+/g, '').replace(/[0-9]+$/, '');
  if (COMMON.has(core) || /^[0-9]*$/.test(core)) return 'too-weak';
  if (RUNS.some((run) => run.includes(lower.replace(/[\s._-]+/g, '')))) return 'too-weak';
  const name = username.trim().toLowerCase();
  if (name.length >= 3 && lower.includes(name) && [...lower.replaceAll(name, '')].length < 6) return 'too-weak';
  return undefined;
};
