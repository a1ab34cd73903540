import { useEffect, useState } from 'preact/hooks';

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

export const useToasts = (): Toast[] => {
  const [list, set] = useState(toasts);
  useEffect(() => {
    const l = () => set(toasts);
    listeners.add(l);
    return () => void listeners.delete(l);
  }, []);
  return list;
};
