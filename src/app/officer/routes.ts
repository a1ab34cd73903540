import type officerWords from '../../../locales/vi/officer.json';
import type { RouteDef } from '../router.ts';

type OfficerTitles = (typeof officerWords)['titles'];

// The officer workspace's routes: all lazy (none of its code is in the field app's first load), no field header
// or bottom navigation, open without a team member on this browser (they sign in instead).
const officer = (path: string, title: keyof OfficerTitles, load: RouteDef['load'], ns: string[] = []): RouteDef => ({
  path,
  load,
  ns: ['officer', 'errors', ...ns],
  title: `officer:titles.${title}`,
  needsMember: false,
  shell: 'bare',
});

export const OFFICER_ROUTES: RouteDef[] = [
  officer('/officer/login', 'login', () => import('./Login.tsx').then((m) => m.Login)),
  officer('/officer', 'dashboard', () => import('./Dashboard.tsx').then((m) => m.Dashboard)),
  officer('/officer/villages/:id', 'village', () => import('./VillageView.tsx').then((m) => m.VillageView)),
  officer('/officer/households/:id', 'household', () => import('./HouseholdView.tsx').then((m) => m.HouseholdView)),
  officer('/officer/activity', 'activity', () => import('./Activity.tsx').then((m) => m.Activity)),
  officer('/officer/report', 'report', () => import('./Report.tsx').then((m) => m.Report)),
  officer('/officer/print', 'print', () => import('./Print.tsx').then((m) => m.Print)),
  officer('/officer/admin', 'admin', () => import('./admin/AdminHome.tsx').then((m) => m.AdminHome)),
  officer('/officer/admin/villages', 'villages', () => import('./admin/Villages.tsx').then((m) => m.Villages)),
  officer('/officer/admin/households', 'households', () => import('./roster/Households.tsx').then((m) => m.Households), ['households']),
  officer('/officer/admin/teams', 'teams', () => import('./admin/Teams.tsx').then((m) => m.Teams)),
  officer('/officer/admin/invites', 'invites', () => import('./admin/Invites.tsx').then((m) => m.Invites)),
  officer('/officer/admin/invites/print', 'invitePrint', () => import('./admin/InvitePrint.tsx').then((m) => m.InvitePrint)),
  officer('/officer/admin/devices', 'devices', () => import('./admin/Devices.tsx').then((m) => m.Devices)),
  officer('/officer/admin/targets', 'targets', () => import('./admin/Targets.tsx').then((m) => m.Targets)),
  officer('/officer/admin/catalogue', 'catalogue', () => import('./admin/Catalogue.tsx').then((m) => m.Catalogue)),
  officer('/officer/province/targets', 'provinceTargets', () => import('./province/ProvinceTargets.tsx').then((m) => m.ProvinceTargets)),
  officer('/officer/admin/audit', 'audit', () => import('./admin/Audit.tsx').then((m) => m.Audit)),
];
