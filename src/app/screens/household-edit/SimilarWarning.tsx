import { useEffect, useMemo, useState } from 'preact/hooks';
import type { Household } from '../../../core/model/household.ts';
import { similarHouseholds } from '../../../core/roster/similar.ts';
import { useT } from '../../i18n/i18n.ts';
import { useDb } from '../../store/useLive.ts';

// While a new household is typed, the village's households that look like the same house (core rule: same phone,
// same or nearly the same head name at the same address) — each one tap from opening it instead.
export const SimilarWarning = ({ villageId, headName, houseLabel, phone }: { villageId: string; headName: string; houseLabel: string; phone: string }) => {
  const t = useT('household');
  const db = useDb();
  const [village, setVillage] = useState<Household[]>([]);
  const [typed, setTyped] = useState({ headName, houseLabel, phone });
  useEffect(() => {
    void db.households.where('villageId').equals(villageId).toArray().then(setVillage);
  }, [villageId]);
  // Compared after a pause in typing, not on every keystroke.
  useEffect(() => {
    const timer = setTimeout(() => setTyped({ headName, houseLabel, phone }), 250);
    return () => clearTimeout(timer);
  }, [headName, houseLabel, phone]);
  const matches = useMemo(
    () => (typed.headName.trim() || typed.phone.trim() ? similarHouseholds({ villageId, ...typed }, village).slice(0, 3) : []),
    [typed, village, villageId],
  );
  if (!matches.length) return null;
  return (
    <div class="similar-warning" role="status">
      <p class="similar-title">{t('similar.title')}</p>
      <ul>
        {matches.map((m) => (
          <li key={m.household.id}>
            <a class="btn ghost similar-open" href={`/households/${encodeURIComponent(m.household.id)}`}>
              <span>
                <strong>{m.household.headName}</strong>
                <small>{[m.household.houseLabel, m.household.phone, m.evidence.map((e) => t(`similar.evidence.${e}`)).join(', ')].filter(Boolean).join(' · ')}</small>
              </span>
              <span>{t('similar.open')}</span>
            </a>
          </li>
        ))}
      </ul>
      <p class="hint">{t('similar.hint')}</p>
    </div>
  );
};
