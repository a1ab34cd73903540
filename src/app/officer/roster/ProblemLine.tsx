import type { RosterIssue } from '../../../core/roster/parse.ts';
import { checkedKey, i18n, useT } from '../../i18n/i18n.ts';

// One problem of an imported file, in words: what is wrong with the cell (the column is its own table column).
export const ProblemLine = ({ issue }: { issue: RosterIssue }) => {
  const t = useT('households');
  const own = `households:rules.${issue.rule}`;
  return <>{i18n.exists(own) ? t(checkedKey(own)) : t('households:rules.other')}</>;
};
