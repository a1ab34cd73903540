import { useT, type Key } from '../i18n/i18n.ts';
import type { Tab } from '../router.ts';
import { Icon, type IconName } from '../ui/Icon.tsx';

const TABS: { tab: Tab; href: string; icon: IconName; label: Key }[] = [
  { tab: 'home', href: '/', icon: 'home', label: 'nav.home' },
  { tab: 'roster', href: '/households', icon: 'list', label: 'nav.roster' },
  { tab: 'followups', href: '/followups', icon: 'calendar', label: 'nav.followups' },
  { tab: 'tallies', href: '/tallies', icon: 'chart', label: 'nav.tallies' },
  { tab: 'more', href: '/more', icon: 'more', label: 'nav.more' },
];

// Bottom navigation for the thumb on a phone; a side rail on wide screens (CSS).
export const BottomNav = ({ active }: { active?: Tab }) => {
  const t = useT();
  return (
    <nav class="nav" aria-label={t('nav.label')}>
      <ul>
        {TABS.map((x) => (
          <li key={x.tab}>
            <a href={x.href} aria-current={active === x.tab ? 'page' : undefined}>
              <Icon name={x.icon} />
              <span>{t(x.label)}</span>
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
};
