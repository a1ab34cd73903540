import { AppDb } from '../store/db.ts';
import { SYNC_KEYS } from '../sync/local-state.ts';

// The demo phone's own database: the field app's schema under another name, so the real phone's records are never
// read or written while the demo runs. It never keeps a device token: whatever the join answer carries is blanked
// on the way to storage (a DBCore middleware, below every write path), so a demo phone holds nothing that could
// open a real server. The sync client still counts it as joined (the record is there) and talks to the in-browser
// server through the demo transport, which needs no token.
export const DEMO_DB_NAME = 'tungnha-demo';

type MetaValue = { key?: unknown; value?: unknown };

export const withoutToken = (row: unknown): unknown => {
  const r = row as MetaValue | undefined;
  if (!r || r.key !== SYNC_KEYS.auth || !r.value || typeof r.value !== 'object') return row;
  return { ...r, value: { ...(r.value as object), token: '' } };
};

export class DemoDb extends AppDb {
  constructor(name = DEMO_DB_NAME) {
    super(name);
    this.use({
      stack: 'dbcore',
      name: 'demo-no-token',
      create: (down) => ({
        ...down,
        table: (tableName) => {
          const table = down.table(tableName);
          if (tableName !== 'meta') return table;
          return {
            ...table,
            mutate: (req) => (req.type === 'add' || req.type === 'put' ? table.mutate({ ...req, values: req.values.map(withoutToken) }) : table.mutate(req)),
          };
        },
      }),
    });
  }
}
