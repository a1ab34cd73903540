import { useState } from 'preact/hooks';
import type { DuplicateEvidence } from '../../../core/roster/similar.ts';
import { useT } from '../../i18n/i18n.ts';
import { Field } from '../Field.tsx';
import { num } from '../fmt.ts';
import { href } from '../links.ts';
import { Loaded } from '../Loaded.tsx';
import { useApi } from '../useApi.ts';

// Likely duplicate households of a village, each pair with why it looks like one house (same phone, same or
// nearly the same head name, same address), so the officer can open both and decide.
export type DuplicateSide = { id: string; villageId: string; code: string; headName: string; houseLabel: string; phone: string; residents: number };
export type DuplicatePairView = { a: DuplicateSide; b: DuplicateSide; evidence: DuplicateEvidence[] };

type Village = { id: string; name: string; retired: boolean };

const Side = ({ h }: { h: DuplicateSide }) => {
  const t = useT('households');
  return (
    <div class="dup-side">
      <a href={href(`/officer/households/${encodeURIComponent(h.id)}`)}>
        <strong>{h.headName}</strong>
      </a>
      <small>
        {[h.code && `${t('columns.code')} ${h.code}`, h.houseLabel, h.phone, t('duplicates.residents', { count: h.residents, n: num(h.residents) })].filter(Boolean).join(' · ')}
      </small>
    </div>
  );
};

export const Duplicates = ({ villages, version, renderActions }: { villages: Village[]; version: number; renderActions?: (p: DuplicatePairView, reload: () => Promise<void>) => preact.ComponentChildren }) => {
  const t = useT('households');
  const [villageId, setVillageId] = useState(villages.find((v) => !v.retired)?.id ?? '');
  const list = useApi<{ pairs: DuplicatePairView[]; total: number }>(`/api/admin/households/duplicates?villageId=${encodeURIComponent(villageId)}&v=${version}`);
  return (
    <section class="panel" aria-labelledby="dup-title">
      <h2 id="dup-title">{t('duplicates.title')}</h2>
      <p class="hint">{t('duplicates.hint')}</p>
      <Field id="dup-village" label={t('import.village')}>
        <select id="dup-village" value={villageId} onChange={(e) => setVillageId(e.currentTarget.value)}>
          {villages.map((v) => (
            <option key={v.id} value={v.id}>
              {v.name}
            </option>
          ))}
        </select>
      </Field>
      <Loaded state={list} empty={t('duplicates.empty')} isEmpty={(d) => d.pairs.length === 0}>
        {(d) => (
          <>
            <p>{t('duplicates.count', { count: d.total, n: num(d.total) })}</p>
            <ul class="dup-list">
              {d.pairs.map((p) => (
                <li key={`${p.a.id}|${p.b.id}`} class="dup-pair">
                  <Side h={p.a} />
                  <Side h={p.b} />
                  <p class="dup-evidence">
                    {p.evidence.map((e) => (
                      <span class="tag" key={e}>
                        {t(`duplicates.evidence.${e}`)}
                      </span>
                    ))}
                  </p>
                  {renderActions?.(p, list.reload)}
                </li>
              ))}
            </ul>
          </>
        )}
      </Loaded>
    </section>
  );
};
