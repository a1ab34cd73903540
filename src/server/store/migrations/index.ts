import type { Migration, MigrationProvider } from 'kysely';
import * as initial from './20260701T000000-initial.ts';
import * as reportRollups from './20261123T120000-report-rollups.ts';
import * as reportMonths from './20261123T180000-report-months.ts';
import * as pullIndexes from './20261123T190000-pull-indexes.ts';
import * as reportTotals from './20261123T200000-report-totals.ts';
import * as householdCode from './20261203T174500-household-code.ts';
import * as householdMerge from './20261203T182000-household-merge.ts';
import * as reportHistory from './20261203T183000-report-history.ts';
import * as communeCodes from './20261203T184500-commune-codes.ts';
import * as moveDrainsAuthAttempts from './20261203T190000-move-drains-auth-attempts.ts';
import * as provinceAppendix from './20261204T190000-province-appendix.ts';
import * as noteRedaction from './20261204T191500-note-redaction.ts';
import * as digitalSkills15Plus from './20261204T192000-digital-skills-15-plus.ts';
import * as householdMergeUndo from './20261204T193000-household-merge-undo.ts';
import * as communeKeys from './20261204T200000-commune-keys.ts';
import * as silentDays from './20261204T201500-silent-days.ts';

// Every migration, by its timestamped name. A static list (not a folder scan) so it works the same from source,
// under tsx, in tests and in a bundle. Names sort in the order they run; append new ones, never edit old ones.
export const MIGRATIONS: Record<string, Migration> = {
  '20260701T000000-initial': initial,
  '20261123T120000-report-rollups': reportRollups,
  '20261123T180000-report-months': reportMonths,
  '20261123T190000-pull-indexes': pullIndexes,
  '20261123T200000-report-totals': reportTotals,
  '20261203T174500-household-code': householdCode,
  '20261203T182000-household-merge': householdMerge,
  '20261203T183000-report-history': reportHistory,
  '20261203T184500-commune-codes': communeCodes,
  '20261203T190000-move-drains-auth-attempts': moveDrainsAuthAttempts,
  '20261204T190000-province-appendix': provinceAppendix,
  '20261204T191500-note-redaction': noteRedaction,
  '20261204T192000-digital-skills-15-plus': digitalSkills15Plus,
  '20261204T193000-household-merge-undo': householdMergeUndo,
  '20261204T200000-commune-keys': communeKeys,
  '20261204T201500-silent-days': silentDays,
};

export const migrationProvider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

// The schema version reported by /api/health: the newest migration's name.
export const LATEST_MIGRATION = Object.keys(MIGRATIONS).sort().at(-1) as string;
