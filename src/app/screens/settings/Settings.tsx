import { useEffect, useState } from 'preact/hooks';
import { formatBytes, formatNumber } from '../../i18n/format.ts';
import { currentLang, LANGS, setLanguage, useT, type Lang } from '../../i18n/i18n.ts';
import { usePlace } from '../../shell/useMember.ts';
import { importBackup, parseBackup, type ImportSummary } from '../../store/backup.ts';
import { downloadBackup } from '../../ui/download-backup.ts';
import { renameMember } from '../../store/member.ts';
import { deviceId } from '../../store/outbox.ts';
import { askPersistence, storageStatus, type StorageStatus } from '../../store/storage.ts';
import { useDb, useLive } from '../../store/useLive.ts';
import { Chips } from '../../ui/Chips.tsx';
import { useDirty } from '../../ui/dirty.ts';
import { Icon } from '../../ui/Icon.tsx';
import { errorFor, errorText, toFormErrors, type FormErrors } from '../../ui/issues.ts';
import { TextField } from '../../ui/TextField.tsx';
import { toast } from '../../ui/toast.ts';
import './settings.css';

const LANG_NAMES: Record<Lang, string> = { vi: 'Tiếng Việt', en: 'English' };

// Settings: language, my name, storage status, and "export all my data" / import of such a file.
export const Settings = () => {
  const t = useT('settings');
  const db = useDb();
  const place = usePlace();
  const [name, setName] = useState<string | undefined>();
  const [nameErrors, setNameErrors] = useState<FormErrors>();
  const [storage, setStorage] = useState<StorageStatus>();
  const [busy, setBusy] = useState<'export' | 'import' | undefined>();
  const [result, setResult] = useState<{ summary?: ImportSummary; error?: string }>();
  const counts = useLive(
    async (d) => ({
      households: await d.households.count(),
      residents: await d.residents.count(),
      visits: await d.visits.count(),
      sessions: await d.sessions.count(),
      unsent: await d.outbox.count(),
      device: await deviceId(d),
    }),
    [],
  );
  const refreshStorage = () => void storageStatus().then(setStorage);
  useEffect(refreshStorage, [counts?.visits, counts?.unsent]);
  useEffect(() => {
    if (place && name === undefined) setName(place.member.displayName);
  }, [place]);
  useDirty('settings-name', !!place && name !== undefined && name !== place.member.displayName);

  const saveName = async (e: Event) => {
    e.preventDefault();
    try {
      const m = await renameMember(db, name ?? '');
      setName(m.displayName);
      setNameErrors(undefined);
      toast(t('nameSaved'));
    } catch (err) {
      setNameErrors(toFormErrors(t, err));
    }
  };

  const doExport = async () => {
    setBusy('export');
    try {
      const file = await downloadBackup(db);
      toast(t('exported', { file }));
    } catch (err) {
      toast(errorText(t, err));
    } finally {
      setBusy(undefined);
    }
  };

  const doImport = async (file: File | undefined) => {
    if (!file) return;
    setBusy('import');
    setResult(undefined);
    try {
      const summary = await importBackup(db, parseBackup(await file.text()));
      setResult({ summary });
    } catch (err) {
      setResult({ error: errorText(t, err) });
    } finally {
      setBusy(undefined);
    }
  };

  if (!place) return <p class="loading">{t('common:loading')}</p>;
  const added = result?.summary ? Object.values(result.summary.added).reduce((a, b) => a + (b ?? 0), 0) : 0;
  return (
    <div class="screen settings">
      <h1>{t('title')}</h1>

      <section aria-labelledby="s-lang">
        <h2 id="s-lang">{t('language')}</h2>
        <Chips name="lang" legend={t('language')} hideLegend value={currentLang()} onChange={(l) => void setLanguage(l)} options={LANGS.map((l) => ({ value: l, label: <span lang={l}>{LANG_NAMES[l]}</span> }))} />
      </section>

      <section aria-labelledby="s-me">
        <h2 id="s-me">{t('me')}</h2>
        <form onSubmit={saveName} noValidate class="inline-form">
          <TextField name="displayName" label={t('name')} hint={t('nameHint')} value={name ?? ''} onValue={setName} maxLength={60} autoComplete="name" error={errorFor(t, nameErrors, 'displayName')} />
          <button type="submit" class="btn">
            {t('saveName')}
          </button>
        </form>
        <p>
          {t('villages')}: <strong>{place.villages.map((v) => v.name).join(', ')}</strong>
          {place.sample && <span class="tag">{t('common:sample')}</span>}
        </p>
      </section>

      <section aria-labelledby="s-storage">
        <h2 id="s-storage">{t('storage')}</h2>
        {counts && (
          <p>
            {t('onPhone', {
              households: formatNumber(counts.households),
              residents: formatNumber(counts.residents),
              visits: formatNumber(counts.visits),
              sessions: formatNumber(counts.sessions),
            })}
          </p>
        )}
        {counts && <p class={counts.unsent ? 'warn-text' : undefined}>{t('unsent', { n: formatNumber(counts.unsent) })}</p>}
        <dl class="facts">
          <dt>{t('persistent')}</dt>
          <dd data-testid="persisted">
            {storage?.persisted === true ? (
              <>
                <Icon name="check" size={20} /> {t('persistentYes')}
              </>
            ) : storage?.persisted === false ? (
              <>
                <Icon name="alert" size={20} /> {t('persistentNo')}
              </>
            ) : (
              t('unknown')
            )}
          </dd>
          <dt>{t('used')}</dt>
          <dd data-testid="usage">{storage?.usage != null && storage.quota != null ? t('usedOf', { used: formatBytes(storage.usage), quota: formatBytes(storage.quota) }) : t('unknown')}</dd>
        </dl>
        {storage?.persisted === false && (
          <>
            <p class="hint">{t('persistentHint')}</p>
            <button type="button" class="btn" onClick={() => void askPersistence().then(refreshStorage)}>
              {t('askPersistent')}
            </button>
          </>
        )}
      </section>

      <section aria-labelledby="s-backup">
        <h2 id="s-backup">{t('backup')}</h2>
        <p>{t('backupBody')}</p>
        <p class="hint">{t('backupPrivacy')}</p>
        <div class="btn-row">
          <button type="button" class="btn primary" onClick={doExport} disabled={!!busy}>
            <Icon name="download" />
            <span>{busy === 'export' ? t('exporting') : t('export')}</span>
          </button>
        </div>
        <div class="field">
          <label for="f-import">{t('import')}</label>
          <p class="hint" id="f-import-hint">
            {t('importHint')}
          </p>
          <input id="f-import" type="file" accept="application/json,.json" aria-describedby="f-import-hint" disabled={!!busy} onChange={(e) => void doImport(e.currentTarget.files?.[0])} />
        </div>
        {busy === 'import' && <p role="status">{t('importing')}</p>}
        {result?.error && (
          <p class="error" role="alert">
            {result.error}
          </p>
        )}
        {result?.summary && (
          <div class="card" role="status" data-testid="import-result">
            <p>
              <strong>{t('imported')}</strong>
            </p>
            <ul>
              <li>{t('importAdded', { n: formatNumber(added) })}</li>
              <li>{t('importUpdated', { n: formatNumber(result.summary.updated) })}</li>
              <li>{t('importRequeued', { n: formatNumber(result.summary.requeued) })}</li>
              <li>{t('importAlready', { n: formatNumber(result.summary.alreadyHad) })}</li>
              {result.summary.skipped > 0 && <li class="warn-text">{t('importSkipped', { n: formatNumber(result.summary.skipped) })}</li>}
              {result.summary.attentionInFile > 0 && <li>{t('importAttention', { n: formatNumber(result.summary.attentionInFile) })}</li>}
            </ul>
          </div>
        )}
      </section>

      <section aria-labelledby="s-about">
        <h2 id="s-about">{t('about')}</h2>
        <p class="muted">
          {t('device')}: <code>{counts?.device ?? '…'}</code>
        </p>
        <p class="hint">{t('privacy')}</p>
      </section>
    </div>
  );
};
