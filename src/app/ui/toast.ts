import { useExternal } from './useExternal.ts';

// Short confirmations ("Đã lưu lượt hỗ trợ"), announced politely by the shell's live region.
type Toast = { id: number; text: string };
let toasts: Toast[] = [];
let next = 1;
const listeners = new Set<() => void>();
const emit = () => listeners.forEach((l) => l());

export const toast = (text: string, ms = 5000): void => {
  const t = { id: next++, text };
  toasts = [...toasts, t];
  emit();
  setTimeout(() => {
    toasts = toasts.filter((x) => x !== t);
    emit();
  }, ms);
};

const onToasts = (l: () => void) => {
  listeners.add(l);
  return () => void listeners.delete(l);
};

export const useToasts = (): Toast[] => useExternal(onToasts, () => toasts);
