import { useState } from 'preact/hooks';
import { useT } from '../../i18n/i18n.ts';
import { api } from '../api.ts';
import { ErrorBox } from '../ErrorBox.tsx';
import { Field } from '../Field.tsx';
import { href } from '../links.ts';
import { Loaded } from '../Loaded.tsx';
import { useApi } from '../useApi.ts';

type CommuneView = { id: string; name: string; code: string; villages: number; retired: boolean };

// The province's communes: add one (name, official code) and give it its officer's sign-in.
export const ProvinceCommunes = ({ onChange }: { onChange: () => void }) => {
  const t = useT('officer');
  const list = useApi<{ communes: CommuneView[] }>('/api/admin/communes');
  const [name, setName] = useState('');
  const [code, setCode] = useState('');
  const [error, setError] = useState<unknown>();
  const [done, setDone] = useState('');
  const add = async (e: Event) => {
    e.preventDefault();
    setError(undefined);
    try {
      const made = await api<CommuneView>('POST', '/api/admin/communes', { name, code });
      setDone(t('province.added', { name: made.name }));
      setName('');
      setCode('');
      await list.reload();
      onChange();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <section class="panel no-print" aria-labelledby="province-communes">
      <h2 id="province-communes">{t('province.communesTitle')}</h2>
      <Loaded state={list} empty={t('province.empty')} isEmpty={(d) => d.communes.length === 0}>
        {(d) => (
          <ul class="o-links">
            {d.communes.map((c) => (
              <li key={c.id}>
                <a href={href('/officer', { commune: c.id })}>{c.name}</a> <span class="muted">{c.code}</span>{' '}
                <a class="btn ghost small" href={href('/officer/admin/teams', { commune: c.id })}>
                  {t('province.accounts')}
                </a>
              </li>
            ))}
          </ul>
        )}
      </Loaded>
      <form class="o-form" onSubmit={(e) => void add(e)}>
        <Field id="commune-name" label={t('province.name')}>
          <input id="commune-name" value={name} required maxLength={120} onInput={(e) => setName(e.currentTarget.value)} />
        </Field>
        <Field id="commune-code" label={t('province.code')}>
          <input id="commune-code" value={code} required inputMode="numeric" maxLength={20} onInput={(e) => setCode(e.currentTarget.value)} />
        </Field>
        <button type="submit" class="btn">
          {t('province.addCommune')}
        </button>
      </form>
      {error ? <ErrorBox error={error} /> : done ? <p role="status">{done}</p> : null}
    </section>
  );
};
