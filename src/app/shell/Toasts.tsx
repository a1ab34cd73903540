import { dismissToast, useToasts } from '../ui/toast.ts';

export const Toasts = () => {
  const list = useToasts();
  return (
    <div class="toasts" role="status" aria-live="polite">
      {list.map((x) => (
        <p key={x.id} class={`toast${x.action ? ' has-action' : ''}`}>
          <span>{x.text}</span>
          {x.action && (
            <button
              type="button"
              class="toast-action"
              onClick={() => {
                dismissToast(x.id);
                void x.action!.run();
              }}
            >
              {x.action.label}
            </button>
          )}
        </p>
      ))}
    </div>
  );
};
