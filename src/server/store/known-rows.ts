import type { CatalogueItem } from '../../core/model/checklist.ts';
import type { Stamped } from '../../core/sync/merge.ts';

// SQLite: the merged rows the writing connection has read or written, kept from one group commit to the next.
// Pushes from a phone come back to the same household and the same residents' cells, and reading them again
// (and the commune's catalogue) was a third of a push's database work. What is kept is only used while no other
// connection has committed since (PRAGMA data_version, read when each group begins): a join, an officer's change
// or anything else written elsewhere drops it all. A push's rows join the group's on success (a push rolled back
// to its savepoint leaves nothing), and the group's join what is kept once it has committed.
export class KnownRows {
  private kept = new Map<string, Stamped | null>();
  private readonly group = new Map<string, Stamped | null>();
  readonly catalogues = new Map<string, Map<string, CatalogueItem>>();
  private dataVersion: unknown;

  constructor(private readonly max = 50_000) {}

  get(key: string): Stamped | null | undefined {
    return this.group.has(key) ? this.group.get(key) : this.kept.get(key);
  }

  begin(dataVersion: unknown): void {
    this.group.clear();
    if (dataVersion !== this.dataVersion) this.forget();
    this.dataVersion = dataVersion;
  }

  add(key: string, value: Stamped | null): void {
    this.group.set(key, value);
  }

  committed(): void {
    if (this.kept.size + this.group.size > this.max) this.kept.clear();
    for (const [k, v] of this.group) this.kept.set(k, v);
    this.group.clear();
  }

  forget(): void {
    this.kept = new Map();
    this.group.clear();
    this.catalogues.clear();
    this.dataVersion = undefined;
  }
}
