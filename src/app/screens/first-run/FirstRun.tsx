import { useEffect, useState } from 'preact/hooks';
import { useT } from '../../i18n/i18n.ts';
import { navigate } from '../../router.ts';
import { useMember } from '../../shell/useMember.ts';
import type { RouteProps } from '../../router.ts';
import { sampleCommune, sampleVillages, startWithSample } from '../../store/first-run.ts';
import { useDb } from '../../store/useLive.ts';
import { Chips } from '../../ui/Chips.tsx';
import { useDirty } from '../../ui/dirty.ts';
import { ErrorSummary } from '../../ui/ErrorSummary.tsx';
import { errorFor, toFormErrors, type FormErrors } from '../../ui/issues.ts';
import { TextField } from '../../ui/TextField.tsx';
import { JoinCard } from '../../sync/JoinCard.tsx';
import { DemoCard } from '../../demo/DemoCard.tsx';

// First run: the member's name and village(s) in the bundled sample commune. Joining a real team with an invite
// code sits beside this path once the sync client brings it.
export const FirstRun = ({ query }: RouteProps) => {
  const t = useT('start');
  const db = useDb();
  const [name, setName] = useState('');
  const [villages, setVillages] = useState<string[]>([]);
  const [errors, setErrors] = useState<FormErrors>();
  const [busy, setBusy] = useState(false);
  useDirty('first-run', name !== '' || villages.length > 0);
  const next = query.get('next');
  const member = useMember();
  // Once this phone has a member (just now, or already), go on to where the user was heading. Waiting for the
  // shared member store (rather than navigating right after the write) keeps the shell from sending us back here.
  useEffect(() => {
    if (member) navigate(next && next.startsWith('/') && !next.startsWith('/start') ? next : '/', { replace: true, force: true });
  }, [member]);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    try {
      await startWithSample(db, { displayName: name, villageIds: villages });
    } catch (err) {
      setErrors(toFormErrors(t, err));
      setBusy(false);
    }
  };
  return (
    <div class="screen start">
      <h1>{t('title')}</h1>
      <p>{t('intro')}</p>
      <JoinCard next={next} />
      <section class="card" aria-labelledby="sample-title">
        <h2 id="sample-title">{t('sampleTitle')}</h2>
        <p>{t('sampleBody', { commune: sampleCommune().name })}</p>
        <form onSubmit={submit} noValidate>
          <ErrorSummary errors={errors} />
          <TextField name="displayName" label={t('name')} hint={t('nameHint')} value={name} onValue={setName} required autoComplete="name" maxLength={60} error={errorFor(t, errors, 'displayName')} />
          <Chips
            multiple
            name="villageIds"
            legend={t('villages')}
            hint={t('villagesHint')}
            value={villages}
            onChange={setVillages}
            options={sampleVillages().map((v) => ({ value: v.id, label: v.name }))}
            error={errorFor(t, errors, 'villageIds')}
          />
          <button type="submit" class="btn primary big" disabled={busy}>
            {busy ? t('common:actions.saving') : t('start')}
          </button>
        </form>
      </section>
      <DemoCard />
      <p class="hint">
        {t('officerLead')} <a href="/officer">{t('officerLink')}</a>
      </p>
      <p class="hint">{t('privacy')}</p>
    </div>
  );
};
