// The closed vocabularies of the domain (docs/design.md §2). Labels live in locales/*/domain.json under the same keys.
export const ROLES = ['member', 'leader', 'officer', 'admin', 'trainer'] as const;
export type Role = (typeof ROLES)[number];

export const VILLAGE_KINDS = ['thon', 'ban', 'to-dan-pho'] as const;
export type VillageKind = (typeof VILLAGE_KINDS)[number];

export const COMMUNE_KINDS = ['xa', 'phuong', 'dac-khu'] as const;
export type CommuneKind = (typeof COMMUNE_KINDS)[number];

export const HOUSEHOLD_FLAGS = ['poor', 'near-poor', 'producer'] as const;
export type HouseholdFlag = (typeof HOUSEHOLD_FLAGS)[number];

export const SEXES = ['f', 'm'] as const;
export type Sex = (typeof SEXES)[number];

export const CELL_STATES = ['not-yet', 'in-progress', 'done', 'declined', 'na'] as const;
export type CellState = (typeof CELL_STATES)[number];

export const OUTCOMES = ['done', 'partial', 'declined', 'follow-up'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const PROCEDURE_FIELDS = ['civil-status', 'residence', 'health-insurance', 'social-allowance', 'land', 'other'] as const;
export type ProcedureField = (typeof PROCEDURE_FIELDS)[number];

export const LANGUAGES = ['vi', 'hmong', 'thai', 'dao', 'hanhi', 'other'] as const;
export type Language = (typeof LANGUAGES)[number];

export const SESSION_KINDS = ['training', 'village-meeting', 'broadcast', 'dx-day'] as const;
export type SessionKind = (typeof SESSION_KINDS)[number];

export const FOLLOWUP_STATUSES = ['open', 'done', 'cancelled'] as const;
export type FollowUpStatus = (typeof FOLLOWUP_STATUSES)[number];

export const ITEM_LEVELS = ['resident', 'household'] as const;
export type ItemLevel = (typeof ITEM_LEVELS)[number];

export const TARGET_UNITS = ['commune', 'village'] as const;
export type TargetUnit = (typeof TARGET_UNITS)[number];
