import 'fake-indexeddb/auto';
import { AppDb } from '../../src/app/store/db.ts';
import { startWithSample } from '../../src/app/store/first-run.ts';
import { createHousehold, type ResidentInput } from '../../src/app/store/households-repo.ts';

// A fresh phone database per test, seeded like a first run with the sample commune.
let n = 0;
const opened: AppDb[] = [];
export const freshDb = (): AppDb => {
  const db = new AppDb(`app-test-${process.pid}-${++n}-${Math.random().toString(36).slice(2)}`);
  opened.push(db);
  return db;
};
export const closeAll = async () => {
  for (const db of opened.splice(0)) await db.delete();
};

export const VILLAGE = 'v-na-pong';
export const setUpPhone = async (name = 'Lò Thị Hoa') => {
  const db = freshDb();
  const member = await startWithSample(db, { displayName: name, villageIds: [VILLAGE] });
  return { db, member };
};

export const YEAR = new Date().getFullYear();
export const FAMILY: ResidentInput[] = [
  { label: 'Lò Văn Páo', birthYear: YEAR - 45, sex: 'm' },
  { label: 'Lường Thị Ón', birthYear: YEAR - 40, sex: 'f' },
  { label: 'Lò Thị Xuân', birthYear: YEAR - 16, sex: 'f' },
  { label: 'Lò Văn Tủa', birthYear: YEAR - 6, sex: 'm' },
];

export const addFamily = (db: AppDb, headName = 'Lò Văn Páo', residents = FAMILY) =>
  createHousehold(db, VILLAGE, { headName, houseLabel: 'Xóm Trên, số 12', phone: '', flags: [], notes: '' }, residents);
