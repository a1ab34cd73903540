import { useState } from 'preact/hooks';
import type { ProvinceIndicator, ProvinceTarget } from '../../../core/report/appendix.ts';
import type { RouteProps } from '../../router.ts';
import { currentLang, useT } from '../../i18n/i18n.ts';
import { api } from '../api.ts';
import { DataTable } from '../DataTable.tsx';
import { Field } from '../Field.tsx';
import { date, parseDate, pct } from '../fmt.ts';
import { href } from '../links.ts';
import { Loaded } from '../Loaded.tsx';
import { OfficerLayout } from '../OfficerLayout.tsx';
import { useApi } from '../useApi.ts';
import { Feedback } from '../admin/Feedback.tsx';
import { useAction } from '../admin/useAction.ts';

// The province admin sets each indicator's targets once for the whole province (the scheme's long-term target,
// this year's, next year's) and its row number and name in the province's appendix; saving pushes the targets to
// every commune (a commune that set its own value keeps it). Calls the province's API directly (never ?commune=).
type Data = { targets: ProvinceTarget[]; indicators: ProvinceIndicator[]; items: { id: string; label: Record<string, string> }[] };
type Draft = { rowNo: string; name: string; scheme: string; schemeDue: string; thisYear: string; nextYear: string; source: string };
type Pushed = { communes: number; written: number; kept: number };

const thisYear = () => new Date().getFullYear();
const numOrNull = (s: string): number | null => (s.trim() === '' ? null : Number(s.trim().replace(',', '.')));
const text = (n: number | null | undefined) => (n === null || n === undefined ? '' : String(n).replace('.', ','));

export const ProvinceTargets = (_: RouteProps) => (
  <OfficerLayout area="dashboard" province={() => <Body />}>
    {() => <AdminOnly />}
  </OfficerLayout>
);

const AdminOnly = () => <p class="empty">{useT('officer')('provinceTargets.adminOnly')}</p>;

const Body = () => {
  const t = useT('officer');
  const lang = currentLang();
  const state = useApi<Data>('/api/admin/province/targets');
  const act = useAction();
  const [itemId, setItemId] = useState('');
  const [draft, setDraft] = useState<Draft | undefined>();
  const year = thisYear();
  const d = state.data;
  const current = itemId || d?.items[0]?.id || '';
  const draftFor = (id: string): Draft => {
    const m = d?.indicators.find((x) => x.itemId === id);
    const x = d?.targets.find((y) => y.itemId === id && y.year === year);
    return {
      rowNo: m?.rowNo ?? '',
      name: m?.name ?? '',
      scheme: text(x?.scheme),
      schemeDue: x ? date(x.schemeDue) : '31/12/2030',
      thisYear: text(x?.thisYear),
      nextYear: text(x?.nextYear),
      source: x?.source ?? '',
    };
  };
  const f = draft ?? draftFor(current);
  const set = (k: keyof Draft) => (e: { currentTarget: HTMLInputElement }) => setDraft({ ...f, [k]: e.currentTarget.value });
  const save = async () => {
    if (!d) return;
    const due = parseDate(f.schemeDue);
    const out = await act.run(
      'save',
      async () => {
        const others = d.indicators.filter((x) => x.itemId !== current);
        await api('PUT', '/api/admin/province/indicators', { indicators: [...others, ...(f.rowNo.trim() ? [{ itemId: current, rowNo: f.rowNo, name: f.name, unit: '%' }] : [])] });
        return api<Pushed>('PUT', '/api/admin/province/targets', {
          itemId: current,
          year,
          scheme: numOrNull(f.scheme),
          schemeDue: due ?? f.schemeDue,
          thisYear: numOrNull(f.thisYear),
          nextYear: numOrNull(f.nextYear),
          source: f.source,
        });
      },
      (p) => t('provinceTargets.pushed', { communes: p.communes, kept: p.kept }),
    );
    if (out) {
      setDraft(undefined);
      await state.reload();
    }
  };
  const label = (id: string) => d?.items.find((i) => i.id === id)?.label[lang] ?? id;
  return (
    <>
      <p class="no-print">
        <a href={href('/officer')}>‹ {t('provinceTargets.back')}</a>
      </p>
      <h1>{t('provinceTargets.title')}</h1>
      <p class="lead">{t('provinceTargets.lead', { year, next: year + 1 })}</p>
      <Feedback issues={act.issues} failure={act.failure} done={act.done} idPrefix="pt" />
      <Loaded state={state}>
        {(data) => (
          <>
            <section class="panel">
              <form
                class="o-form-grid"
                onSubmit={(e) => {
                  e.preventDefault();
                  void save();
                }}
              >
                <Field id="pt-itemId" label={t('fields.itemId')} class="wide">
                  <select
                    id="pt-itemId"
                    value={current}
                    onChange={(e) => {
                      setItemId(e.currentTarget.value);
                      setDraft(undefined);
                    }}
                  >
                    {data.items.map((i) => (
                      <option value={i.id} key={i.id}>
                        {i.label[lang]}
                      </option>
                    ))}
                  </select>
                </Field>
                <Field id="pt-rowNo" label={t('provinceTargets.rowNo')} class="short" hint={t('provinceTargets.rowNoHint')}>
                  <input id="pt-rowNo" value={f.rowNo} maxLength={12} onInput={set('rowNo')} aria-describedby="pt-rowNo-hint" />
                </Field>
                <Field id="pt-name" label={t('provinceTargets.name')} class="wide">
                  <input id="pt-name" value={f.name} maxLength={300} placeholder={label(current)} onInput={set('name')} />
                </Field>
                <Field id="pt-scheme" label={t('provinceTargets.scheme')} class="short">
                  <input id="pt-scheme" inputMode="decimal" value={f.scheme} onInput={set('scheme')} />
                </Field>
                <Field id="pt-schemeDue" label={t('provinceTargets.schemeDue')} class="short" hint={t('provinceTargets.dateHint')}>
                  <input id="pt-schemeDue" inputMode="numeric" placeholder="dd/mm/yyyy" value={f.schemeDue} onInput={set('schemeDue')} aria-describedby="pt-schemeDue-hint" />
                </Field>
                <Field id="pt-thisYear" label={t('provinceTargets.thisYear', { year })} class="short">
                  <input id="pt-thisYear" inputMode="decimal" value={f.thisYear} onInput={set('thisYear')} />
                </Field>
                <Field id="pt-nextYear" label={t('provinceTargets.nextYear', { year: year + 1 })} class="short">
                  <input id="pt-nextYear" inputMode="decimal" value={f.nextYear} onInput={set('nextYear')} />
                </Field>
                <Field id="pt-source" label={t('fields.source')} class="wide">
                  <input id="pt-source" value={f.source} maxLength={120} placeholder={t('admin.targets.sourceHint')} onInput={set('source')} />
                </Field>
                <div class="btn-row wide">
                  <button type="submit" class="btn primary" disabled={!!act.busy || !data.items.length}>
                    {act.busy ? t('report.saving') : t('provinceTargets.save')}
                  </button>
                </div>
              </form>
            </section>
            <h2>{t('provinceTargets.list')}</h2>
            <DataTable
              label={t('provinceTargets.list')}
              class="wrap-names"
              cols={[t('provinceTargets.rowNo'), t('fields.itemId'), { n: t('provinceTargets.scheme') }, { n: t('provinceTargets.thisYear', { year }) }, { n: t('provinceTargets.nextYear', { year: year + 1 }) }, t('fields.source')]}
            >
              {data.items.map((i) => {
                const m = data.indicators.find((x) => x.itemId === i.id);
                const x = data.targets.find((y) => y.itemId === i.id && y.year === year);
                return (
                  <tr key={i.id} data-item={i.id}>
                    <td>{m?.rowNo ?? '—'}</td>
                    <th scope="row">{m?.name || i.label[lang]}</th>
                    <td class="n">{x?.scheme == null ? '—' : `${pct(x.scheme)} (${date(x.schemeDue)})`}</td>
                    <td class="n">{x?.thisYear == null ? '—' : pct(x.thisYear)}</td>
                    <td class="n">{x?.nextYear == null ? '—' : pct(x.nextYear)}</td>
                    <td>{x?.source || '—'}</td>
                  </tr>
                );
              })}
            </DataTable>
          </>
        )}
      </Loaded>
    </>
  );
};
