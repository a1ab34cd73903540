import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { CodedError, type FieldIssue } from '../../core/errors.ts';
import { COMMUNE_ROW } from '../../core/report/rows.ts';
import type { ReportText, TalliesReport } from '../../core/report/shapes.ts';
import type { RouteProps } from '../router.ts';
import { useT } from '../i18n/i18n.ts';
import { download, send } from './api.ts';
import { ErrorSummary } from '../ui/ErrorSummary.tsx';
import { errorText, issueText } from '../ui/issues.ts';
import { ErrorBox } from './ErrorBox.tsx';
import { dateTime, periodName } from './fmt.ts';
import { AsOf, FreshnessText } from './Freshness.tsx';
import { IndicatorTable } from './IndicatorTable.tsx';
import { href } from './links.ts';
import { OfficerLayout } from './OfficerLayout.tsx';
import { DueLine, periodFromUrl, PeriodPicker } from './PeriodPicker.tsx';
import { useApi } from './useApi.ts';

type SubmissionState = {
  submission: { submittedAt: number; submittedBy: string | null; onTime: boolean | null } | null;
  changed: string[];
  textChanged: boolean;
};

// Whether the period's report was sent, when and by whom, and whether the figures moved since.
const SubmitLine = ({ state }: { state: SubmissionState | undefined }) => {
  const t = useT('officer');
  if (!state) return null;
  const s = state.submission;
  if (!s) return <p class="submit-state">{t('report.notSubmitted')}</p>;
  return (
    <p class={`submit-state${state.changed.length || state.textChanged ? ' changed' : ''}`} data-testid="submit-state">
      {t('report.submittedAt', { when: dateTime(s.submittedAt), by: s.submittedBy ?? '' })}{' '}
      {s.onTime === false ? t('report.late') + ' ' : ''}
      {state.changed.length ? t('report.changedSince', { count: state.changed.length }) : state.textChanged ? t('report.textChangedSince') : t('report.unchangedSince')}
    </p>
  );
};

// The periodic report: pick the period, write the two passages the province asks for, check the figures and
// download the file (XLSX with every sheet, or CSV of the indicators).
export const Report = (_: RouteProps) => <OfficerLayout area="report">{() => <ReportBody />}</OfficerLayout>;

const ReportBody = () => {
  const t = useT('officer');
  const period = periodFromUrl();
  const tallies = useApi<TalliesReport>(`/api/reports/tallies?period=${period.key}`);
  const submission = useApi<SubmissionState>(`/api/reports/submission?period=${period.key}`);
  const stored = useApi<ReportText>(`/api/reports/text?period=${period.key}`);
  const [difficulties, setDifficulties] = useState('');
  const [proposals, setProposals] = useState('');
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const [status, setStatus] = useState<string | undefined>();
  const [busy, setBusy] = useState<string | undefined>();
  const [failure, setFailure] = useState<string | undefined>();
  // What the officer typed wins over the stored text arriving (or arriving again) later.
  const edited = useRef(false);
  // Another period is another text: start from what is stored for it.
  const shownPeriod = useRef(period.key);
  if (shownPeriod.current !== period.key) {
    shownPeriod.current = period.key;
    edited.current = false;
  }
  useEffect(() => {
    if (stored.data && !edited.current) {
      setDifficulties(stored.data.difficulties);
      setProposals(stored.data.proposals);
    }
  }, [stored.data]);
  const dirty = !!stored.data && (difficulties !== stored.data.difficulties || proposals !== stored.data.proposals);
  const issueOf = (field: string) => issues.find((i) => i.field === field);
  const problems = useMemo(() => (issues.length ? { issues } : undefined), [issues]);
  const save = async () => {
    setBusy('save');
    setStatus(undefined);
    setFailure(undefined);
    try {
      await send('PUT', `/api/reports/text?period=${period.key}`, { difficulties, proposals });
      edited.current = false;
      setIssues([]);
      await stored.reload();
      setStatus(t('report.saved'));
    } catch (e) {
      if (e instanceof CodedError && e.code === 'invalid' && e.issues) setIssues(e.issues);
      else setFailure(errorText(t, e, 'officer'));
    } finally {
      setBusy(undefined);
    }
  };
  const get = async (format: 'xlsx' | 'csv', lang: 'vi' | 'en', extra = '') => {
    setBusy(format + lang + extra);
    setFailure(undefined);
    try {
      if (dirty) await save();
      await download(`/api/reports/export?period=${period.key}&format=${format}&lang=${lang}${extra}`);
    } catch (e) {
      setFailure(errorText(t, e, 'officer'));
    } finally {
      setBusy(undefined);
    }
  };
  const r = tallies.data;
  return (
    <>
      <div class="o-head">
        <h1>{t('report.title')}</h1>
        <PeriodPicker period={period} />
        <DueLine period={period} />
      </div>

      <section class="panel">
        <h2>{t('report.download')}</h2>
        <p class="hint">{t('report.downloadHint')}</p>
        <div class="btn-row">
          <button type="button" class="btn primary" disabled={!!busy} onClick={() => void get('xlsx', 'vi')}>
            {busy === 'xlsxvi' ? t('report.preparing') : t('report.xlsx')}
          </button>
          <button type="button" class="btn" disabled={!!busy} onClick={() => void get('csv', 'vi')}>
            {busy === 'csvvi' ? t('report.preparing') : t('report.csv')}
          </button>
          <button type="button" class="btn ghost" disabled={!!busy} onClick={() => void get('xlsx', 'en')}>
            {t('report.xlsxEn')}
          </button>
          <button type="button" class="btn" disabled={!!busy} onClick={() => void get('csv', 'vi', '&table=appendix&decimal=comma')}>
            {busy === 'csvvi&table=appendix&decimal=comma' ? t('report.preparing') : t('report.csvAppendix')}
          </button>
          <a class="btn ghost" href={href('/officer/print', { period: period.key })}>
            {t('report.print')}
          </a>
        </div>
        {failure && (
          <p class="error" role="alert">
            {failure}
          </p>
        )}
      </section>

      <section class="panel" aria-labelledby="submit-title">
        <h2 id="submit-title">{t('report.submitTitle')}</h2>
        <p class="hint">{t('report.submitHint')}</p>
        <SubmitLine state={submission.data} />
        <div class="btn-row">
          <button
            type="button"
            class="btn primary"
            disabled={!!busy || !stored.data}
            onClick={() =>
              void (async () => {
                if (!confirm(t('report.submitConfirm', { period: periodName(t, period) }))) return;
                setBusy('submit');
                setFailure(undefined);
                try {
                  if (dirty) await save();
                  await send('POST', `/api/reports/submit?period=${period.key}`);
                  await submission.reload();
                } catch (e) {
                  setFailure(errorText(t, e, 'officer'));
                } finally {
                  setBusy(undefined);
                }
              })()
            }
          >
            {busy === 'submit' ? t('report.submitting') : submission.data?.submission ? t('report.resubmit') : t('report.submit')}
          </button>
        </div>
      </section>

      <section class="panel">
        <h2>{t('report.textTitle')}</h2>
        <p class="hint">{t('report.textHint')}</p>
        <ErrorSummary errors={problems} area="officer" idOf={(f) => `report-${f}`} />
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          {(['difficulties', 'proposals'] as const).map((field) => {
            const issue = issueOf(field);
            const value = field === 'difficulties' ? difficulties : proposals;
            return (
              <div class={`field${issue ? ' has-error' : ''}`} key={field}>
                <label for={`report-${field}`}>{t(`report.${field}`)}</label>
                <p class="hint" id={`report-${field}-hint`}>
                  {t(`report.${field}Hint`)}
                </p>
                {issue && (
                  <p class="error" id={`report-${field}-error`}>
                    {issueText(t, issue, 'officer')}
                  </p>
                )}
                <textarea
                  id={`report-${field}`}
                  rows={6}
                  maxLength={5000}
                  value={value}
                  aria-invalid={issue ? true : undefined}
                  aria-describedby={`report-${field}-hint${issue ? ` report-${field}-error` : ''}`}
                  onInput={(e) => {
                    edited.current = true;
                    (field === 'difficulties' ? setDifficulties : setProposals)(e.currentTarget.value);
                  }}
                />
              </div>
            );
          })}
          <div class="btn-row">
            <button type="submit" class="btn primary" disabled={!!busy || !stored.data}>
              {busy === 'save' ? t('report.saving') : t('report.save')}
            </button>
            <span class="muted" aria-live="polite">
              {status ??
                (stored.data?.updatedAt ? t('report.lastSaved', { when: dateTime(stored.data.updatedAt), by: stored.data.updatedBy ?? '' }) : t('report.notSaved'))}
            </span>
          </div>
        </form>
        {stored.error && <ErrorBox error={stored.error} onRetry={() => void stored.reload()} />}
      </section>

      <h2>{t('report.preview')}</h2>
      {tallies.error ? (
        <ErrorBox error={tallies.error} onRetry={() => void tallies.reload()} />
      ) : !r ? (
        <p class="loading">{t('loading')}</p>
      ) : (
        <>
          <div class="asof-line">
            <AsOf asOf={r.asOf} late={r.late} />
            <span>
              {t('freshness.label')}: <FreshnessText f={r.total.freshness} />
            </span>
          </div>
          <IndicatorTable caption={t('dashboard.indicatorsCaption', { unit: r.commune.name, period: periodName(t, r.period) })} items={r.items} rows={r.rows.filter((x) => x.villageId === COMMUNE_ROW)} />
        </>
      )}
    </>
  );
};
