import type { ComponentChildren } from 'preact';
import type { DemoWorld } from '../../../core/demo/world.ts';
import { formatDemoInvite } from '../../../core/demo/world.ts';
import { formatNumber } from '../../i18n/format.ts';
import { useT } from '../../i18n/i18n.ts';
import type { PhoneState } from './usePhoneState.ts';

// Under the phone: before joining, the village's invite code (already filled in on the phone, as from a QR link)
// and a quick way in; once joined, the phone's outbox in large type, so the room sees visits pile up without
// signal and drain when it returns.
const KINDS = ['household.put', 'resident.put', 'visit.add', 'checklist.set', 'followup.put', 'session.add', 'visit.void', 'session.void'] as const;

type Props = {
  world: DemoWorld;
  phone: PhoneState | undefined;
  signal: boolean;
  villageId: string;
  onVillage: (id: string) => void;
  onQuickJoin: () => void;
  joining: boolean;
  joinError?: string;
  children?: ComponentChildren; // under the outbox: the walkthrough's batch of visits
};

export const PhonePanel = ({ world, phone, signal, villageId, onVillage, onQuickJoin, joining, joinError, children }: Props) => {
  const t = useT('demo');
  if (!phone) return <div class="ds-panel" />;
  if (!phone.joined) {
    const invite = world.invites.find((i) => i.villageId === villageId) ?? world.invites[0];
    return (
      <section class="ds-panel ds-invite" aria-labelledby="ds-invite-title">
        <h2 id="ds-invite-title">{t('invite.title')}</h2>
        <div class="ds-invite-row">
          <label class="ds-field">
            <span>{t('invite.village')}</span>
            <select value={villageId} onChange={(e) => onVillage(e.currentTarget.value)}>
              {world.commune.villages.map((v) => (
                <option key={v.id} value={v.id}>
                  {v.name}
                </option>
              ))}
            </select>
          </label>
          <p class="ds-code" data-figure aria-label={t('invite.codeLabel', { code: formatDemoInvite(invite.code).split('').join(' ') })}>
            {formatDemoInvite(invite.code)}
          </p>
        </div>
        <p class="ds-hint">{t('invite.hint')}</p>
        <button type="button" class="btn" id="demo-quick-join" onClick={onQuickJoin} disabled={joining}>
          {joining ? t('invite.joining') : t('invite.quick')}
        </button>
        {joinError && (
          <p class="ds-error" role="alert">
            {joinError}
          </p>
        )}
      </section>
    );
  }
  const state = !signal ? 'held' : phone.waiting > 0 ? 'sending' : 'sent';
  const kinds = KINDS.filter((k) => (phone.byName[k] ?? 0) > 0);
  return (
    <section class={`ds-panel ds-outbox is-${state}`} aria-labelledby="ds-outbox-title">
      <h2 id="ds-outbox-title">{t('outbox.title', { name: phone.member?.displayName ?? '', village: phone.villages.map((v) => v.name).join(', ') })}</h2>
      <p class="ds-outbox-n" aria-live="polite">
        <strong data-figure>{formatNumber(phone.waiting)}</strong> <span>{t('outbox.waiting', { count: phone.waiting })}</span>
      </p>
      {kinds.length > 0 && <p class="ds-outbox-kinds">{kinds.map((k) => t(`kind.${k}`, { count: phone.byName[k] })).join(' · ')}</p>}
      <p class="ds-flow">
        <span class="ds-flow-mark" aria-hidden="true">
          {state === 'held' ? '■' : state === 'sending' ? '→' : '✓'}
        </span>
        {t(`outbox.${state}`)}
      </p>
      {phone.attention > 0 && <p class="ds-error">{t('outbox.attention', { count: phone.attention })}</p>}
      {children}
    </section>
  );
};
