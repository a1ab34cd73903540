import type { RouteProps } from '../../router.ts';
import { useT } from '../../i18n/i18n.ts';
import { ErrorBox } from '../ErrorBox.tsx';
import { date } from '../fmt.ts';
import { href } from '../links.ts';
import { OfficerLayout } from '../OfficerLayout.tsx';
import { useApi } from '../useApi.ts';
import type { InviteView } from './Invites.tsx';
import { joinLink, QrCode } from './QrCode.tsx';

// A printable sheet of invite cards (A4, several per page): the village, the QR code of the join link, the code
// in large letters for typing, the expiry date and three steps. Cut along the borders and hand one per team.
type Village = { id: string; name: string };

export const InvitePrint = ({ query }: RouteProps) => {
  const t = useT('officer');
  // From the fragment (#codes=A,B), never the query string: invite codes must not reach a server's log.
  void query;
  const wanted = decodeURIComponent(new URLSearchParams(location.hash.slice(1)).get('codes') ?? '').split(',').filter(Boolean);
  return (
    <OfficerLayout area="admin">
      {(_, commune) => <Sheet wanted={wanted} commune={commune.name} t={t} />}
    </OfficerLayout>
  );
};

const Sheet = ({ wanted, commune, t }: { wanted: string[]; commune: string; t: ReturnType<typeof useT> }) => {
  const invites = useApi<{ invites: InviteView[] }>('/api/admin/invites');
  const villages = useApi<{ villages: Village[] }>('/api/admin/villages');
  const cards = (invites.data?.invites ?? []).filter((i) => i.status === 'active' && (wanted.length === 0 || wanted.includes(i.code)));
  const nameOf = (id: string) => villages.data?.villages.find((v) => v.id === id)?.name ?? '';
  return (
    <div class="o-print">
      <div class="btn-row no-print">
        <a class="btn ghost" href={href('/officer/admin/invites')}>
          ‹ {t('admin.invites.title')}
        </a>
        <button type="button" class="btn primary" disabled={!cards.length} onClick={() => window.print()}>
          {t('print.print')}
        </button>
        <span class="hint">{t('admin.invites.sheetHint')}</span>
      </div>
      <h1 class="no-print">{t('admin.invites.sheetTitle', { count: cards.length })}</h1>
      {invites.error ? (
        <ErrorBox error={invites.error} onRetry={() => void invites.reload()} />
      ) : !invites.data ? (
        <p class="loading">{t('loading')}</p>
      ) : cards.length === 0 ? (
        <p class="empty">{t('admin.invites.noneToPrint')}</p>
      ) : (
        <div class="invite-cards">
          {cards.map((i) => (
            <article class="invite-card" key={i.code}>
              <p class="ic-title">{t('admin.invites.cardTitle')}</p>
              <p class="ic-village">
                <strong>{nameOf(i.villageId)}</strong>
                <br />
                {commune}
              </p>
              <QrCode text={joinLink(i.code)} size={150} label={t('admin.invites.qrLabel', { code: i.code })} />
              <p class="ic-code">{i.code}</p>
              <ol class="ic-steps">
                <li>{t('admin.invites.step1', { host: location.host })}</li>
                <li>{t('admin.invites.step2')}</li>
                <li>{t('admin.invites.step3')}</li>
              </ol>
              <p class="ic-meta">
                {t('admin.invites.cardMeta', { role: t(`role.${i.role}`), left: i.uses - i.used, date: date(i.expiresAt) })}
              </p>
            </article>
          ))}
        </div>
      )}
    </div>
  );
};
