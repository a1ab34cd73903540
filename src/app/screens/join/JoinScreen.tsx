import { useEffect, useState } from 'preact/hooks';
import { CodedError, type FieldIssue } from '../../../core/errors.ts';
import { useT } from '../../i18n/i18n.ts';
import { navigate } from '../../router.ts';
import type { RouteProps } from '../../router.ts';
import { useLive } from '../../store/useLive.ts';
import { demoWanted } from '../../demo/mode.ts';
import { joinAnotherMember, joinHere } from '../../phone/join-member.ts';
import { getProblem } from '../../sync/local-state.ts';
import { formatInviteCode, joinState, normalizeInviteCode } from '../../sync/join.ts';
import { requestSync } from '../../sync/status-bus.ts';
import { useDirty } from '../../ui/dirty.ts';
import { ErrorSummary } from '../../ui/ErrorSummary.tsx';
import { errorText, issueText, type FormErrors } from '../../ui/issues.ts';
import { TextField } from '../../ui/TextField.tsx';
import { toast } from '../../ui/toast.ts';
import '../../sync/sync.css';

// "Tham gia tổ": an invite code (typed, or filled from a QR link /join?code=ABCD-2345) and the member's name.
// The other path of first run — trying the sample commune offline — is one link away. A phone asked to re-join
// keeps its unsent changes; a phone that was only trying the sample commune is told its trial data goes. Every
// member sets a PIN here. On a phone where a member has joined, the screen asks who is joining: that member again
// (a new village, a lost token, a forgotten PIN: same database, nothing unsent lost) or another person sharing
// the phone, who gets a database of their own (src/app/phone). ?mode=add and ?mode=reset choose for them.
export const JoinScreen = ({ query }: RouteProps) => {
  const t = useT('sync');
  const state = useLive(joinState, []);
  const linkCode = query.get('code') ?? '';
  const [code, setCode] = useState(() => {
    const c = normalizeInviteCode(linkCode);
    return c ? formatInviteCode(c) : linkCode;
  });
  const [name, setName] = useState('');
  const [pin, setPin] = useState('');
  const [pinAgain, setPinAgain] = useState('');
  const mode = query.get('mode');
  // The trainer demo's phone has one member and no lock.
  const demo = demoWanted();
  const problem = useLive(async (d) => (await getProblem(d)) ?? null, []);
  const [who, setWho] = useState<'me' | 'other' | undefined>(mode === 'add' ? 'other' : mode === 'reset' ? 'me' : undefined);
  const [discard, setDiscard] = useState(false);
  const [errors, setErrors] = useState<FormErrors>();
  const [phase, setPhase] = useState<'form' | 'joining' | 'loading'>('form');
  useDirty('join', phase === 'form' && (name !== '' || (code !== '' && code !== linkCode)));

  // Healthy phone: another member by default; a phone asked to re-join: the same member.
  const joinedHere = !!state?.joined;
  const as = !joinedHere || demo ? 'me' : (who ?? (problem === undefined ? undefined : problem ? 'me' : 'other'));
  useEffect(() => {
    if (state?.member && !name && as === 'me') setName(state.member.displayName);
    if (as === 'other' && state?.member && name === state.member.displayName) setName('');
  }, [state?.member?.id, as]);

  if (!state || !as) return <p class="loading">{t('common:loading')}</p>;

  const fieldError = (field: string): string | undefined => {
    const issue = errors?.issues.find((i) => i.field === field);
    if (!issue) return undefined;
    if (field === 'code') return issue.rule === 'required' ? t('join.codeRequired') : t('join.codeBadFormat');
    if (field === 'discardTrial') return t('join.trialRequired');
    if (field === 'pin') return issue.rule === 'required' ? t('join.pinRequired') : t('join.pinBadFormat');
    if (field === 'pinAgain') return t('join.pinMismatch');
    return issueText(t, issue);
  };
  const summary = (issues: FieldIssue[]): FormErrors => ({ issues, message: t('errors:codes.invalid') });

  const submit = async (e: Event) => {
    e.preventDefault();
    setErrors(undefined);
    setPhase('joining');
    try {
      const input = { code, displayName: name, discardTrial: discard, ...(demo ? {} : { pin, pinAgain }) };
      const member = as === 'other' && !demo ? await joinAnotherMember({ ...input, pin }) : await joinHere(input);
      setPhase('loading');
      // The village's households arrive with the first sync; the phone works either way once joined.
      await Promise.race([requestSync().catch(() => undefined), new Promise((r) => setTimeout(r, 15_000))]);
      toast(t('join.joined', { name: member.displayName }));
      const next = query.get('next');
      navigate(next && next.startsWith('/') && !next.startsWith('/join') && !next.startsWith('/start') ? next : '/', { replace: true, force: true });
    } catch (err) {
      setPhase('form');
      if (err instanceof CodedError && err.code === 'invalid' && err.issues?.length) setErrors(summary(err.issues));
      else if (err instanceof CodedError && err.code === 'network') setErrors({ issues: [], message: t('join.offline') });
      else if (err instanceof CodedError && err.code === 'forbidden') setErrors({ issues: [], message: t('join.forbidden') });
      else setErrors({ issues: [], message: errorText(t, err) });
    }
  };

  const rejoin = state.joined && as === 'me';
  const intro =
    mode === 'reset'
      ? t('join.resetIntro')
      : as === 'other'
        ? t('join.addIntro')
        : rejoin
          ? state.waiting
            ? t('join.rejoinIntro', { count: state.waiting })
            : t('join.rejoinIntroNone')
          : t('join.intro');
  return (
    <div class="screen join-screen">
      {mode === 'reset' ? <h2>{t('join.title')}</h2> : <h1>{t('join.title')}</h1>}
      <p>{intro}</p>
      {phase === 'loading' ? (
        <p class="card" role="status">
          {t('join.loadingVillage')}
        </p>
      ) : (
        <form onSubmit={submit} noValidate>
          <ErrorSummary errors={errors} describe={(i) => fieldError(i.field)} />
          {joinedHere && mode !== 'reset' && !demo && (
            <fieldset class="field">
              <legend>{t('join.who')}</legend>
              {(['other', 'me'] as const).map((w) => (
                <label class="check" key={w}>
                  <input type="radio" name="who" value={w} checked={as === w} onChange={() => setWho(w)} />
                  <span>{w === 'me' ? t('join.asMe', { name: state.member?.displayName ?? '' }) : t('join.asOther')}</span>
                </label>
              ))}
            </fieldset>
          )}
          <TextField
            name="code"
            class="code"
            label={t('join.code')}
            hint={linkCode && normalizeInviteCode(linkCode) ? `${t('join.codeHint')} ${t('join.fromLink')}` : t('join.codeHint')}
            value={code}
            onValue={setCode}
            required
            autoComplete="one-time-code"
            maxLength={120}
            error={fieldError('code')}
          />
          <TextField name="displayName" label={t('join.name')} hint={t('join.nameHint')} value={name} onValue={setName} required autoComplete="name" maxLength={60} error={fieldError('displayName')} />
          {!demo && (
            <>
          <TextField name="pin" type="password" inputMode="numeric" label={t('join.pin')} hint={t('join.pinHint')} value={pin} onValue={setPin} required maxLength={6} autoComplete="new-password" error={fieldError('pin')} />
          <TextField name="pinAgain" type="password" inputMode="numeric" label={t('join.pinAgain')} value={pinAgain} onValue={setPinAgain} required maxLength={6} autoComplete="new-password" error={fieldError('pinAgain')} />
            </>
          )}
          {state.trial && state.trialChanges > 0 && (
            <section class="card" aria-labelledby="trial-title">
              <h2 id="trial-title">{t('join.trialTitle')}</h2>
              <p>{t('join.trialBody', { count: state.trialChanges })}</p>
              <p>
                <a href="/settings">{t('join.trialExport')}</a>
              </p>
              <div class={`field${fieldError('discardTrial') ? ' has-error' : ''}`}>
                <label class="check" for="f-discardTrial">
                  <input id="f-discardTrial" type="checkbox" checked={discard} onChange={(e) => setDiscard(e.currentTarget.checked)} aria-invalid={fieldError('discardTrial') ? true : undefined} aria-describedby={fieldError('discardTrial') ? 'f-discardTrial-error' : undefined} />
                  <span>{t('join.trialConfirm')}</span>
                </label>
                {fieldError('discardTrial') && (
                  <p class="error" id="f-discardTrial-error">
                    {fieldError('discardTrial')}
                  </p>
                )}
              </div>
            </section>
          )}
          <button type="submit" class="btn primary big" disabled={phase === 'joining'}>
            {phase === 'joining' ? t('join.joining') : t('join.submit')}
          </button>
        </form>
      )}
      {!state.joined && !state.trial && (
        <p>
          {t('join.noCode')} <a href="/start">{t('join.trySample')}</a>
        </p>
      )}
    </div>
  );
};
