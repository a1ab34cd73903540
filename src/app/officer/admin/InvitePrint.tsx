import type { RouteProps } from '../../router.ts';
import { useT } from '../../i18n/i18n.ts';
import { ErrorBox } from '../ErrorBox.tsx';
import { date } from '../fmt.ts';
import { href } from '../links.ts';
import { OfficerLayout } from '../OfficerLayout.tsx';
import { useApi } from '../useApi.ts';
import { PublicUrlWarning, type InviteList } from './Invites.tsx';
import { joinLink, QrCode } from './QrCode.tsx';

// Printable invite sheets, one per village (A4, several cards per page): the village, the QR code of the join link
// on the server's PUBLIC_URL (none when it is not set: never this browser's address), the code in large letters for
// typing, the expiry date and three steps. Cut along the borders and hand one per team member.
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
  const invites = useApi<InviteList>('/api/admin/invites');
  const base = invites.data?.publicUrl ?? null;
  const villages = useApi<{ villages: Village[] }>('/api/admin/villages');
  const cards = (invites.data?.invites ?? []).filter((i) => i.status === 'active' && (wanted.length === 0 || wanted.includes(i.code)));
  const nameOf = (id: string) => villages.data?.villages.find((v) => v.id === id)?.name ?? '';
  // One sheet per village (each starts a new page when printed), villages by name.
  const byVillage = new Map<string, typeof cards>();
  for (const c of cards) byVillage.set(c.villageId, [...(byVillage.get(c.villageId) ?? []), c]);
  const groups = [...byVillage].sort((a, b) => nameOf(a[0]).localeCompare(nameOf(b[0]), 'vi'));
  const host = base ? new URL(base).host + new URL(base).pathname.replace(/\/$/, '') : null;
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
      <div class="no-print">
        <PublicUrlWarning list={invites.data} />
      </div>
      {invites.error ? (
        <ErrorBox error={invites.error} onRetry={() => void invites.reload()} />
      ) : !invites.data ? (
        <p class="loading">{t('loading')}</p>
      ) : cards.length === 0 ? (
        <p class="empty">{t('admin.invites.noneToPrint')}</p>
      ) : (
        groups.map(([villageId, list]) => (
          <section class="invite-sheet" key={villageId} aria-label={nameOf(villageId)} data-village={villageId}>
            <h2 class="invite-sheet-title">
              {t('admin.invites.sheetFor', { village: nameOf(villageId), commune })}
            </h2>
            <div class="invite-cards">
              {list.map((i) => (
                <article class="invite-card" key={i.code}>
                  <p class="ic-title">{t('admin.invites.cardTitle')}</p>
                  <p class="ic-village">
                    <strong>{nameOf(i.villageId)}</strong>
                    <br />
                    {commune}
                  </p>
                  {base && <QrCode text={joinLink(base, i.code)} size={150} label={t('admin.invites.qrLabel', { code: i.code })} />}
                  <p class="ic-code">{i.code}</p>
                  <ol class="ic-steps">
                    <li>{host ? t('admin.invites.step1', { host }) : t('admin.invites.step1NoUrl')}</li>
                    <li>{t('admin.invites.step2')}</li>
                    <li>{t('admin.invites.step3')}</li>
                  </ol>
                  <p class="ic-meta">
                    {t('admin.invites.cardMeta', { role: t(`role.${i.role}`), left: i.uses - i.used, date: date(i.expiresAt) })}
                  </p>
                </article>
              ))}
            </div>
          </section>
        ))
      )}
    </div>
  );
};
