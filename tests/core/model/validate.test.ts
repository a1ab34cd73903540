import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CATALOGUE } from '../../../src/core/model/catalogue-defaults.ts';
import { CatalogueItemSchema, ChecklistCellSchema, checklistCellId, stateForOutcome } from '../../../src/core/model/checklist.ts';
import { isoDate, LIMITS, phone } from '../../../src/core/model/fields.ts';
import { FollowUpPutSchema, FollowUpSchema } from '../../../src/core/model/followup.ts';
import { HouseholdPutSchema, HouseholdSchema, ResidentPutSchema, ResidentSchema } from '../../../src/core/model/household.ts';
import { DisplayNameSchema, MemberSchema, TargetSchema, TeamSchema } from '../../../src/core/model/people.ts';
import { CommuneSchema, ProvinceSchema, VillageSchema } from '../../../src/core/model/place.ts';
import { validate } from '../../../src/core/model/validate.ts';
import { SessionSchema, VisitSchema, VoidSchema } from '../../../src/core/model/visit.ts';

const household = { id: 'h1', villageId: 'v1', houseLabel: 'Số 12, xóm Trên', headName: 'Lò Văn Pọm', phone: '0912 345 678', flags: ['poor', 'producer'], notes: '', removed: false };
const resident = { id: 'r1', householdId: 'h1', villageId: 'v1', label: 'Lò Thị Ón', birthYear: 1990, sex: 'f', removed: false };
const visit = {
  id: '0190f5c2-7a1b-7c3d-8e4f-0123456789ab',
  villageId: 'v1',
  householdId: 'h1',
  memberId: 'm1',
  memberName: 'Giàng A Páo',
  at: Date.UTC(2025, 9, 10, 3),
  items: [
    { itemId: 'vneid-l2', residentIds: ['r1', 'r2'], outcome: 'done' },
    { itemId: 'fibre', residentIds: [], outcome: 'follow-up' },
  ],
  dossiers: [{ field: 'civil-status', count: 2 }],
  language: 'hmong',
  minutes: 25,
  note: 'Hẹn quay lại 10/10/2025',
  followUpOn: '2025-10-24',
  replaces: null,
};
const session = { id: 's1', villageId: 'v1', memberId: 'm1', memberName: 'Lò Văn Pọm', kind: 'training', topics: ['vneid', 'cashless'], attendees: 30, residentIds: ['r1'], date: '2025-10-10', place: 'Nhà văn hóa bản', note: '', replaces: null };
const voidRec = { id: 'x1', target: 'visit', targetId: visit.id, villageId: 'v1', memberId: 'm1', at: Date.UTC(2025, 9, 10, 4), reason: 'Ghi nhầm hộ' };
const followUp = { id: 'f1', householdId: 'h1', villageId: 'v1', dueOn: '2025-10-24', status: 'open', visitId: visit.id, note: '' };
const cell = { id: checklistCellId('vneid', 'r1'), villageId: 'v1', householdId: 'h1', residentId: 'r1', itemId: 'vneid', state: 'done', by: 'm1', at: 1 };
const member = { id: 'm1', communeId: 'c1', teamId: 't1', displayName: 'Lò Văn Pọm', role: 'leader', villageIds: ['v1'] };
const target = { id: 'tg1', communeId: 'c1', itemId: 'vneid-l2', unit: 'commune', value: 80, dueOn: '2025-12-31', source: 'Kế hoạch chuyển đổi số năm 2025' };

const VALID: [string, v.GenericSchema, unknown][] = [
  ['province', ProvinceSchema, { id: 'p1', name: 'Tỉnh Sơn Cước' }],
  ['commune', CommuneSchema, { id: 'c1', provinceId: 'p1', name: 'Xã Nậm Tiên', kind: 'xa' }],
  ['village', VillageSchema, { id: 'v1', communeId: 'c1', name: 'Bản Nà Pồng', kind: 'ban' }],
  ['household', HouseholdSchema, household],
  ['household put (id only)', HouseholdPutSchema, { id: 'h1', villageId: 'v1' }],
  ['household put (one field)', HouseholdPutSchema, { id: 'h1', villageId: 'v1', phone: '' }],
  ['resident', ResidentSchema, resident],
  ['resident without sex', ResidentSchema, { ...resident, sex: null }],
  ['resident put', ResidentPutSchema, { id: 'r1', householdId: 'h1', villageId: 'v1', birthYear: 1991 }],
  ['checklist cell', ChecklistCellSchema, cell],
  ['household cell', ChecklistCellSchema, { ...cell, id: 'fibre@h1', itemId: 'fibre', residentId: null }],
  ['visit', VisitSchema, visit],
  ['visit without follow-up', VisitSchema, { ...visit, followUpOn: null, items: [], dossiers: [] }],
  ['session', SessionSchema, session],
  ['void', VoidSchema, voidRec],
  ['follow-up', FollowUpSchema, followUp],
  ['follow-up put', FollowUpPutSchema, { id: 'f1', householdId: 'h1', villageId: 'v1', status: 'done' }],
  ['member', MemberSchema, member],
  ['team', TeamSchema, { id: 't1', communeId: 'c1', name: 'Tổ CNSCĐ bản Nà Pồng', villageIds: ['v1'] }],
  ['target', TargetSchema, target],
  ...DEFAULT_CATALOGUE.map((item): [string, v.GenericSchema, unknown] => [`catalogue ${item.id}`, CatalogueItemSchema, item]),
];

describe('valid records pass', () => {
  it.each(VALID)('%s', (_name, schema, input) => {
    const r = validate(schema, input);
    expect(r).toEqual({ ok: true, value: expect.anything() });
  });

  it('trims text, drops unknown keys, and defaults a village to not retired', () => {
    const r = validate(HouseholdSchema, { ...household, headName: '  Lò Văn Pọm ', extra: 'x' });
    expect(r.ok && r.value).toEqual({ ...household, code: '', headName: 'Lò Văn Pọm' });
    const vil = validate(VillageSchema, { id: 'v1', communeId: 'c1', name: 'Bản Nà Pồng', kind: 'ban' });
    expect(vil.ok && vil.value.retired).toBe(false);
  });
});

const issues = (schema: v.GenericSchema, input: unknown) => {
  const r = validate(schema, input);
  if (r.ok) throw new Error('expected a failure');
  return r.issues;
};
const without = <T extends object>(o: T, k: keyof T) => {
  const c = { ...o };
  delete c[k];
  return c;
};

describe('each rule maps to the field and the rule', () => {
  it.each([
    ['missing key', HouseholdSchema, without(household, 'headName'), 'headName', 'required'],
    ['blank required text', HouseholdSchema, { ...household, headName: '   ' }, 'headName', 'required'],
    ['too long', HouseholdSchema, { ...household, headName: 'a'.repeat(LIMITS.shortText + 1) }, 'headName', 'too-long'],
    ['long notes allowed up to their limit', HouseholdSchema, { ...household, notes: 'a'.repeat(LIMITS.longText + 1) }, 'notes', 'too-long'],
    ['ID number in notes', HouseholdSchema, { ...household, notes: 'CCCD 001203004005' }, 'notes', 'looks-like-id-number'],
    ['OTP in a house label', HouseholdSchema, { ...household, houseLabel: 'mã 123456' }, 'houseLabel', 'looks-like-otp'],
    ['ID number in a required name', HouseholdSchema, { ...household, headName: 'Lò 012345678' }, 'headName', 'looks-like-id-number'],
    ['phone', HouseholdSchema, { ...household, phone: '12345' }, 'phone', 'bad-format'],
    ['flag', HouseholdSchema, { ...household, flags: ['poor', 'rich'] }, 'flags.1', 'bad-choice'],
    ['flags not a list', HouseholdSchema, { ...household, flags: 'poor' }, 'flags', 'bad-format'],
    ['removed not a boolean', HouseholdSchema, { ...household, removed: 'no' }, 'removed', 'bad-format'],
    ['free text of the wrong type', HouseholdSchema, { ...household, notes: 42 }, 'notes', 'bad-format'],
    ['id with a space', HouseholdSchema, { ...household, id: 'h 1' }, 'id', 'bad-format'],
    ['empty id', HouseholdSchema, { ...household, id: '' }, 'id', 'required'],
    ['id too long', HouseholdSchema, { ...household, id: 'h'.repeat(65) }, 'id', 'too-long'],
    ['birth year too small', ResidentSchema, { ...resident, birthYear: 1899 }, 'birthYear', 'too-small'],
    ['birth year too large', ResidentSchema, { ...resident, birthYear: 2101 }, 'birthYear', 'too-large'],
    ['birth year not whole', ResidentSchema, { ...resident, birthYear: 1990.5 }, 'birthYear', 'not-integer'],
    ['birth year as text', ResidentSchema, { ...resident, birthYear: '1990' }, 'birthYear', 'bad-format'],
    ['sex', ResidentSchema, { ...resident, sex: 'x' }, 'sex', 'bad-choice'],
    ['put without identity', ResidentPutSchema, { id: 'r1', villageId: 'v1' }, 'householdId', 'required'],
    ['put with a bad field', HouseholdPutSchema, { id: 'h1', villageId: 'v1', headName: '' }, 'headName', 'required'],
    ['cell state', ChecklistCellSchema, { ...cell, state: 'maybe' }, 'state', 'bad-choice'],
    ['cell time', ChecklistCellSchema, { ...cell, at: -1 }, 'at', 'too-small'],
    ['nested outcome', VisitSchema, { ...visit, items: [visit.items[0], { ...visit.items[1], outcome: 'great' }] }, 'items.1.outcome', 'bad-choice'],
    ['nested resident ids', VisitSchema, { ...visit, items: [{ ...visit.items[0], residentIds: ['r1', 'r1'] }] }, 'items.0.residentIds', 'duplicate'],
    ['nested item id', VisitSchema, { ...visit, items: [{ ...visit.items[0], itemId: 'a b' }] }, 'items.0.itemId', 'bad-format'],
    ['nested missing', VisitSchema, { ...visit, items: [without(visit.items[0], 'outcome')] }, 'items.0.outcome', 'required'],
    ['dossier count', VisitSchema, { ...visit, dossiers: [{ field: 'land', count: 0 }] }, 'dossiers.0.count', 'too-small'],
    ['dossier field', VisitSchema, { ...visit, dossiers: [{ field: 'tax', count: 1 }] }, 'dossiers.0.field', 'bad-choice'],
    ['language', VisitSchema, { ...visit, language: 'fr' }, 'language', 'bad-choice'],
    ['minutes', VisitSchema, { ...visit, minutes: -1 }, 'minutes', 'too-small'],
    ['minutes over a day', VisitSchema, { ...visit, minutes: LIMITS.minutes + 1 }, 'minutes', 'too-large'],
    ['follow-up date shape', VisitSchema, { ...visit, followUpOn: '24/10/2025' }, 'followUpOn', 'bad-date'],
    ['follow-up month 13', VisitSchema, { ...visit, followUpOn: '2025-13-01' }, 'followUpOn', 'bad-date'],
    ['follow-up 30 February', VisitSchema, { ...visit, followUpOn: '2025-02-30' }, 'followUpOn', 'bad-date'],
    ['follow-up 29 February of a common year', FollowUpSchema, { ...followUp, dueOn: '2025-02-29' }, 'dueOn', 'bad-date'],
    ['OTP in a visit note', VisitSchema, { ...visit, note: 'OTP 123456' }, 'note', 'looks-like-otp'],
    ['member name', VisitSchema, { ...visit, memberName: '' }, 'memberName', 'required'],
    ['session kind', SessionSchema, { ...session, kind: 'party' }, 'kind', 'bad-choice'],
    ['attendees', SessionSchema, { ...session, attendees: LIMITS.attendees + 1 }, 'attendees', 'too-large'],
    ['session topics', SessionSchema, { ...session, topics: ['vneid', 'vneid'] }, 'topics', 'duplicate'],
    ['session date', SessionSchema, { ...session, date: '2025-10-32' }, 'date', 'bad-date'],
    ['void target', VoidSchema, { ...voidRec, target: 'household' }, 'target', 'bad-choice'],
    ['void reason', VoidSchema, { ...voidRec, reason: 'CMND 012.345.678' }, 'reason', 'looks-like-id-number'],
    ['follow-up status', FollowUpSchema, { ...followUp, status: 'later' }, 'status', 'bad-choice'],
    ['member role', MemberSchema, { ...member, role: 'boss' }, 'role', 'bad-choice'],
    ['member village', MemberSchema, { ...member, villageIds: ['v 1'] }, 'villageIds.0', 'bad-format'],
    ['target value', TargetSchema, { ...target, value: 101 }, 'value', 'too-large'],
    ['target unit', TargetSchema, { ...target, unit: 'district' }, 'unit', 'bad-choice'],
    ['village kind', VillageSchema, { id: 'v1', communeId: 'c1', name: 'Bản A', kind: 'huyen' }, 'kind', 'bad-choice'],
    ['commune kind', CommuneSchema, { id: 'c1', provinceId: 'p1', name: 'Xã A', kind: 'huyen' }, 'kind', 'bad-choice'],
    ['catalogue rule bound', CatalogueItemSchema, { ...DEFAULT_CATALOGUE[1], rule: { kind: 'age', min: 151 } }, 'rule.min', 'too-large'],
    ['catalogue rule flag', CatalogueItemSchema, { ...DEFAULT_CATALOGUE[10], rule: { kind: 'household-flag', flag: 'rich' } }, 'rule.flag', 'bad-choice'],
    ['catalogue label', CatalogueItemSchema, { ...DEFAULT_CATALOGUE[0], label: { vi: '', en: 'x' } }, 'label.vi', 'required'],
  ] as const)('%s', (_name, schema, input, field, rule) => {
    expect(issues(schema, input)).toContainEqual({ field, rule });
  });

  it('reports every failing field once', () => {
    const found = issues(HouseholdSchema, { id: 'h1', villageId: 'v 1', headName: '', flags: ['x', 'y'] });
    expect(found).toEqual(
      expect.arrayContaining([
        { field: 'villageId', rule: 'bad-format' },
        { field: 'headName', rule: 'required' },
        { field: 'flags.0', rule: 'bad-choice' },
        { field: 'flags.1', rule: 'bad-choice' },
        { field: 'houseLabel', rule: 'required' },
      ]),
    );
    expect(new Set(found.map((i) => `${i.field}|${i.rule}`)).size).toBe(found.length);
  });

  it('a rule kind it does not know is a bad format of the rule', () => {
    expect(issues(CatalogueItemSchema, { ...DEFAULT_CATALOGUE[0], rule: { kind: 'nobody' } })).toEqual([{ field: 'rule.kind', rule: 'bad-format' }]);
  });

  it('a whole record of the wrong type has no field', () => {
    expect(issues(HouseholdSchema, 'h1')).toEqual([{ field: '', rule: 'bad-format' }]);
    expect(issues(HouseholdSchema, null)).toEqual([{ field: '', rule: 'bad-format' }]);
    expect(issues(HouseholdSchema, undefined)).toEqual([{ field: '', rule: 'required' }]);
  });
});

describe('field builders', () => {
  it.each(['', '0912345678', '0912 345 678', '0912.345.678', '+84912345678', '+84 912 345 678'])('phone %j passes', (s) => {
    expect(validate(phone(), s).ok).toBe(true);
  });
  it.each(['091234567', '09123456789', '1912345678', '+8491234567', '0912-345-678', 'số 0912345678'])('phone %j fails', (s) => {
    expect(validate(phone(), s)).toEqual({ ok: false, issues: [{ field: '', rule: 'bad-format' }] });
  });
  it.each(['2024-02-29', '2025-12-31', '2025-01-01'])('date %s passes', (s) => {
    expect(validate(isoDate(), s).ok).toBe(true);
  });
  it.each(['2025-02-29', '2025-04-31', '2025-00-10', '2025-1-1', '', 'hôm nay'])('date %j fails', (s) => {
    expect(validate(isoDate(), s)).toEqual({ ok: false, issues: [{ field: '', rule: 'bad-date' }] });
  });
  it('display names are short', () => {
    expect(validate(DisplayNameSchema, 'a'.repeat(61))).toEqual({ ok: false, issues: [{ field: '', rule: 'too-long' }] });
  });
});

describe('visit outcomes and checklist states', () => {
  it('maps each outcome to the state it leaves', () => {
    expect(stateForOutcome('done')).toBe('done');
    expect(stateForOutcome('declined')).toBe('declined');
    expect(stateForOutcome('partial')).toBe('in-progress');
    expect(stateForOutcome('follow-up')).toBe('in-progress');
  });
  it('a cell id is derived from what it is about and fits an id', () => {
    const id = checklistCellId('digital-signature', '0190f5c2-7a1b-7c3d-8e4f-0123456789ab');
    expect(id).toBe('digital-signature@0190f5c2-7a1b-7c3d-8e4f-0123456789ab');
    expect(validate(ChecklistCellSchema, { ...cell, id }).ok).toBe(true);
  });
});
