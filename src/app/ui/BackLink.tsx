import { Icon } from './Icon.tsx';

export const BackLink = ({ href, label }: { href: string; label: string }) => (
  <a class="backlink" href={href}>
    <Icon name="back" size={20} />
    <span>{label}</span>
  </a>
);
