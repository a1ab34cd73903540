import { useToasts } from '../ui/toast.ts';

export const Toasts = () => {
  const list = useToasts();
  return (
    <div class="toasts" role="status" aria-live="polite">
      {list.map((x) => (
        <p key={x.id} class="toast">
          {x.text}
        </p>
      ))}
    </div>
  );
};
