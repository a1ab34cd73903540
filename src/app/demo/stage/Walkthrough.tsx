import { useT } from '../../i18n/i18n.ts';
import { hasTask, INFO_STEPS, STEPS, type StepContext } from './steps.ts';

// The step-by-step panel: where we are, what to say and do, whether it is done; previous / next by button, by the
// arrow keys or a clicker's Page Up / Page Down.
type Props = { index: number; ctx: StepContext; onStep: (i: number) => void; onClose: () => void };

export const Walkthrough = ({ index, ctx, onStep, onClose }: Props) => {
  const t = useT('demo');
  const step = STEPS[index];
  const done = step.done(ctx);
  const params = { code: ctx.inviteCode.slice(0, 4) + '-' + ctx.inviteCode.slice(4), name: ctx.phone?.member?.displayName ?? '', waiting: ctx.phone?.waiting ?? 0 };
  return (
    <section class={`ds-walk${done ? ' is-done' : ''}`} aria-labelledby="ds-walk-title" data-step={step.id}>
      <div class="ds-walk-top">
        <p class="ds-walk-count">{t('walk.count', { n: index + 1, total: STEPS.length })}</p>
        <button type="button" class="btn ghost small" onClick={onClose}>
          {t('walk.close')}
        </button>
      </div>
      <div aria-live="polite">
        <h2 id="ds-walk-title">{t(`walk.${step.id}.title`)}</h2>
        <p class="ds-walk-body">{t(`walk.${step.id}.body`, params)}</p>
        {hasTask(step.id) && (
          <p class={done ? 'ds-walk-state done' : 'ds-walk-state todo'}>
            <span aria-hidden="true">{done ? '✓' : '→'}</span> {done ? t(`walk.${step.id}.done`, params) : t(`walk.${step.id}.todo`, params)}
          </p>
        )}
      </div>
      <div class="ds-walk-nav">
        <button type="button" class="btn" onClick={() => onStep(index - 1)} disabled={index === 0}>
          <span aria-hidden="true">◀</span> {t('walk.prev')}
        </button>
        <span class="ds-walk-count is-nav" aria-hidden="true">
          {t('walk.count', { n: index + 1, total: STEPS.length })}
        </span>
        <ol class="ds-walk-dots" aria-label={t('walk.steps')}>
          {STEPS.map((s, i) => (
            <li key={s.id}>
              <button
                type="button"
                class={i === index ? 'current' : !INFO_STEPS.has(s.id) && s.done(ctx) ? 'done' : ''}
                aria-current={i === index ? 'step' : undefined}
                aria-label={t('walk.goto', { n: i + 1, title: t(`walk.${s.id}.title`) })}
                onClick={() => onStep(i)}
              >
                {i + 1}
              </button>
            </li>
          ))}
        </ol>
        <button type="button" class="btn primary" onClick={() => onStep(index + 1)} disabled={index === STEPS.length - 1}>
          {t('walk.next')} <span aria-hidden="true">▶</span>
        </button>
      </div>
    </section>
  );
};
