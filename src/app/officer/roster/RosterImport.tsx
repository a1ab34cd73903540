import { useState } from 'preact/hooks';
import type { RosterIssue } from '../../../core/roster/parse.ts';
import { useT } from '../../i18n/i18n.ts';
import { download, upload } from '../api.ts';
import { DataTable } from '../DataTable.tsx';
import { i18n } from '../../i18n/i18n.ts';
import { errorText } from '../../ui/issues.ts';

const errorMessage = (e: unknown) => errorText(i18n.t, e, 'officer');
import { Feedback } from '../admin/Feedback.tsx';
import { Field } from '../Field.tsx';
import { num } from '../fmt.ts';
import { ProblemLine } from './ProblemLine.tsx';

// Import a village's (or the whole commune's) household list: choose the file, see what it would do and every
// problem by row and column (a dry run, nothing written), then import — the bad rows left out only if asked.
export type ImportAnswer = {
  created: number;
  updated: number;
  unchanged: number;
  residentsCreated: number;
  residentsUpdated: number;
  rows: number;
  households: number;
  residents: number;
  errors: RosterIssue[];
  ignoredColumns: string[];
  imported: boolean;
};

type Village = { id: string; name: string; retired: boolean };

export const RosterImport = ({ villages, onImported }: { villages: Village[]; onImported: () => void }) => {
  const t = useT('households');
  const [villageId, setVillageId] = useState(villages.find((v) => !v.retired)?.id ?? '');
  const [file, setFile] = useState<File | undefined>();
  const [check, setCheck] = useState<ImportAnswer | undefined>();
  const [skip, setSkip] = useState(false);
  const [busy, setBusy] = useState<'check' | 'import' | undefined>();
  const [failure, setFailure] = useState<string | undefined>();
  const [done, setDone] = useState<string | undefined>();
  const path = (dryRun: boolean) => {
    const q = new URLSearchParams();
    if (villageId) q.set('villageId', villageId);
    if (dryRun) q.set('dryRun', '1');
    if (!dryRun && skip) q.set('skipInvalid', '1');
    return `/api/admin/households/import?${q}`;
  };
  const run = async (dryRun: boolean, f = file) => {
    if (!f) return;
    setBusy(dryRun ? 'check' : 'import');
    setFailure(undefined);
    setDone(undefined);
    try {
      const res = await upload<ImportAnswer>(path(dryRun), f);
      if (!res.ok) {
        if (res.body && 'created' in res.body) setCheck(res.body);
        setFailure(errorMessage(res.error));
        return;
      }
      if (dryRun) setCheck(res.body);
      else {
        setDone(t('import.done', { created: num(res.body.created), updated: num(res.body.updated), unchanged: num(res.body.unchanged) }));
        setCheck(undefined);
        setFile(undefined);
        onImported();
      }
    } catch (e) {
      setFailure(errorMessage(e));
    } finally {
      setBusy(undefined);
    }
  };
  const whole = villageId === '';
  const changes = check ? check.created + check.updated : 0;
  return (
    <section class="panel" aria-labelledby="ri-title">
      <h2 id="ri-title">{t('import.title')}</h2>
      <p class="hint">{t('import.hint')}</p>
      <div class="btn-row">
        <button type="button" class="btn ghost" onClick={() => void download(`/api/admin/households/template?format=xlsx${whole ? '&whole=1' : ''}`).catch((e) => setFailure(errorMessage(e)))}>
          {t('import.templateXlsx')}
        </button>
        <button type="button" class="btn ghost" onClick={() => void download(`/api/admin/households/template?format=csv${whole ? '&whole=1' : ''}`).catch((e) => setFailure(errorMessage(e)))}>
          {t('import.templateCsv')}
        </button>
      </div>
      <div class="o-form-row">
        <Field id="ri-village" label={t('import.village')}>
          <select
            id="ri-village"
            value={villageId}
            onChange={(e) => {
              setVillageId(e.currentTarget.value);
              setCheck(undefined);
            }}
          >
            {villages.filter((v) => !v.retired).map((v) => (
              <option key={v.id} value={v.id}>
                {v.name}
              </option>
            ))}
            <option value="">{t('import.wholeCommune')}</option>
          </select>
        </Field>
        <Field id="ri-file" label={t('import.file')}>
          <input
            id="ri-file"
            type="file"
            accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            onChange={(e) => {
              const f = e.currentTarget.files?.[0];
              setFile(f);
              setCheck(undefined);
              if (f) void run(true, f);
            }}
          />
        </Field>
      </div>
      {busy && (
        <p role="status" class="progress">
          <progress aria-label={t(`import.busy.${busy}`)} /> {t(`import.busy.${busy}`)}
        </p>
      )}
      <Feedback failure={failure} done={done} />
      {check && !busy && (
        <div class="ri-check">
          <p>{t('import.summary', { rows: num(check.rows), households: num(check.households), residents: num(check.residents) })}</p>
          <ul class="ri-counts">
            <li>
              <strong>{num(check.created)}</strong> {t('import.created')}
            </li>
            <li>
              <strong>{num(check.updated)}</strong> {t('import.updated')}
            </li>
            <li>
              <strong>{num(check.unchanged)}</strong> {t('import.unchanged')}
            </li>
            <li>
              <strong>{num(check.errors.length)}</strong> {t('import.problems')}
            </li>
          </ul>
          {check.ignoredColumns.length > 0 && <p class="hint">{t('import.ignored', { columns: check.ignoredColumns.join(', ') })}</p>}
          {check.errors.length > 0 && (
            <DataTable label={t('import.problemsTable')} cols={[{ n: t('import.row') }, t('import.column'), t('import.problem')]}>
              {check.errors.slice(0, 200).map((e, i) => (
                <tr key={i}>
                  <td class="n">{e.row || '—'}</td>
                  <td>{t(`columns.${e.column}`)}</td>
                  <td>
                    <ProblemLine issue={e} />
                  </td>
                </tr>
              ))}
            </DataTable>
          )}
          {check.errors.length > 200 && <p class="hint">{t('import.moreProblems', { count: check.errors.length - 200 })}</p>}
          {check.errors.length > 0 && changes > 0 && (
            <label class="check">
              <input type="checkbox" checked={skip} onChange={(e) => setSkip(e.currentTarget.checked)} /> {t('import.skipInvalid')}
            </label>
          )}
          {changes > 0 ? (
            <button type="button" class="btn primary" disabled={!!busy || (check.errors.length > 0 && !skip)} onClick={() => void run(false)}>
              {t('import.button', { count: changes })}
            </button>
          ) : (
            <p>{t('import.nothing')}</p>
          )}
        </div>
      )}
    </section>
  );
};
