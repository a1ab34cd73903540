import type { Commune, Province, Village } from '../model/place.ts';

// A fictional commune, labelled as a sample wherever it is shown: the first start of the server seeds it, and a
// phone that has not joined a team can try the app with it. No real place or person is named.
export const SAMPLE_PROVINCE: Province = { id: 'p-sample', name: 'Tỉnh Sơn Cước (mẫu)' };

export const SAMPLE_COMMUNE: Commune = { id: 'c-sample', provinceId: SAMPLE_PROVINCE.id, name: 'Xã Nậm Tiên (mẫu)', kind: 'xa' };

export const SAMPLE_VILLAGES: readonly Village[] = [
  { id: 'v-na-pong', communeId: SAMPLE_COMMUNE.id, name: 'Bản Nà Pồng', kind: 'ban', retired: false },
  { id: 'v-huoi-la', communeId: SAMPLE_COMMUNE.id, name: 'Bản Huổi Lạ', kind: 'ban', retired: false },
  { id: 'v-khe-mat', communeId: SAMPLE_COMMUNE.id, name: 'Thôn Khe Mát', kind: 'thon', retired: false },
  { id: 'v-lang-chua', communeId: SAMPLE_COMMUNE.id, name: 'Thôn Làng Chùa', kind: 'thon', retired: false },
  { id: 'v-tan-tien', communeId: SAMPLE_COMMUNE.id, name: 'Tổ dân phố Tân Tiến', kind: 'to-dan-pho', retired: false },
];
