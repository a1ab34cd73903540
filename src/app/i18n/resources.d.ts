import type {} from 'i18next';
import type common from '../../../locales/vi/common.json';
import type demo from '../../../locales/vi/demo.json';
import type domain from '../../../locales/vi/domain.json';
import type errors from '../../../locales/vi/errors.json';
import type followups from '../../../locales/vi/followups.json';
import type household from '../../../locales/vi/household.json';
import type households from '../../../locales/vi/households.json';
import type members from '../../../locales/vi/members.json';
import type officer from '../../../locales/vi/officer.json';
import type roster from '../../../locales/vi/roster.json';
import type session from '../../../locales/vi/session.json';
import type settings from '../../../locales/vi/settings.json';
import type start from '../../../locales/vi/start.json';
import type sync from '../../../locales/vi/sync.json';
import type sync_badge from '../../../locales/vi/sync-badge.json';
import type tallies from '../../../locales/vi/tallies.json';
import type visit from '../../../locales/vi/visit.json';

// i18next's keys typed from the Vietnamese locale files (the source of truth; en must have the same keys: tests/app/i18n/locales-match.test.ts): a wrong key or namespace is a type error in every folder.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'common';
    resources: {
      common: typeof common;
      demo: typeof demo;
      domain: typeof domain;
      errors: typeof errors;
      followups: typeof followups;
      household: typeof household;
      households: typeof households;
      members: typeof members;
      officer: typeof officer;
      roster: typeof roster;
      session: typeof session;
      settings: typeof settings;
      start: typeof start;
      sync: typeof sync;
      'sync-badge': typeof sync_badge;
      tallies: typeof tallies;
      visit: typeof visit;
    };
  }
}
