import { useState } from 'preact/hooks';
import type { RouteProps } from '../../router.ts';
import { useT } from '../../i18n/i18n.ts';
import { AdminBack } from '../admin/AdminHome.tsx';
import { Loaded } from '../Loaded.tsx';
import { OfficerLayout } from '../OfficerLayout.tsx';
import { useApi } from '../useApi.ts';
import { Duplicates } from './Duplicates.tsx';
import { MergeButtons } from './MergeButtons.tsx';
import { RosterImport } from './RosterImport.tsx';
import './roster.css';

// The commune's household lists: import a village's roster, and find the households typed twice.
type Village = { id: string; name: string; retired: boolean };

export const Households = (_: RouteProps) => <OfficerLayout area="admin">{() => <Body />}</OfficerLayout>;

const Body = () => {
  const t = useT('households');
  const villages = useApi<{ villages: Village[] }>('/api/admin/villages');
  const [version, setVersion] = useState(0);
  return (
    <>
      <AdminBack />
      <h1>{t('title')}</h1>
      <Loaded state={villages} empty={t('noVillages')} isEmpty={(d) => d.villages.length === 0}>
        {(d) => (
          <>
            <RosterImport villages={d.villages} onImported={() => setVersion((n) => n + 1)} />
            <Duplicates villages={d.villages} version={version} renderActions={(p, reload) => <MergeButtons pair={p} onMerged={reload} />} />
          </>
        )}
      </Loaded>
    </>
  );
};
