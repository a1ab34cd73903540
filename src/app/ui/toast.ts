import { useExternal } from './useExternal.ts';

// Short confirmations ("Đã lưu lượt hỗ trợ"), announced politely by the shell's live region. A toast may carry one
// action (e.g. "Hoàn tác"); tapping it runs the action and dismisses the toast.
export type ToastAction = { label: string; run: () => void | Promise<void> };
export type Toast = { id: number; text: string; action?: ToastAction };
let toasts: Toast[] = [];
let next = 1;
const listeners = new Set<() => void>();
const emit = () => listeners.forEach((l) => l());

// How long a toast with an action (an undo) stays: long enough to notice and reach it with a thumb.
export const ACTION_TOAST_MS = 15_000;

export const dismissToast = (id: number): void => {
  toasts = toasts.filter((x) => x.id !== id);
  emit();
};

export const toast = (text: string, ms?: number, action?: ToastAction): number => {
  const t = { id: next++, text, action };
  toasts = [...toasts, t];
  emit();
  setTimeout(() => dismissToast(t.id), ms ?? (action ? ACTION_TOAST_MS : 5000));
  return t.id;
};

const onToasts = (l: () => void) => {
  listeners.add(l);
  return () => void listeners.delete(l);
};

export const useToasts = (): Toast[] => useExternal(onToasts, () => toasts);
