import { Hono, type Context } from 'hono';
import { CodedError } from '../../core/errors.ts';
import { currentPeriod, customPeriod, parsePeriod, type Period } from '../../core/report/period.ts';
import { fold } from '../../core/text/fold.ts';
import { authenticate, communeFor, requireOffice } from '../accounts/auth.ts';
import type { ServerContext } from '../context.ts';
import { readJson } from '../http/body.ts';
import { sendJson } from '../http/respond.ts';
import { activityReport } from '../reports/activity.ts';
import { writeCsv } from '../reports/csv.ts';
import { householdDetail, villageHouseholds } from '../reports/drilldown.ts';
import type { ExportLang } from '../reports/i18n.ts';
import { provinceReport, writeProvinceCsv, writeProvinceXlsx } from '../reports/province.ts';
import { talliesReport } from '../reports/queries.ts';
import { getReportText, putReportText } from '../reports/texts.ts';
import { createWarmer, type Warmer } from '../reports/warm.ts';
import { writeXlsx } from '../reports/xlsx.ts';
import { communeAppendix, latestSubmission, submissionStatus, submitReport } from '../reports/submissions.ts';
import { writeAudit } from '../store/commune-write.ts';
import type { Member } from '../store/schema.ts';

// /api/reports: what a commune officer (their commune) or a province admin (a commune of their province, with
// ?commune=) reads. Nothing here writes records; the periodic report's text is the officer's own. Every query is
// scoped to the commune resolved from the caller, never to an id the caller names unchecked.
export const reportRoutes = (ctx: ServerContext): { routes: Hono; warmer: Warmer } => {
  const app = new Hono();
  const store = { db: ctx.store.db, kind: ctx.store.kind };
  const warmer = createWarmer(ctx.store.db, ctx.store.kind, ctx.now);

  const office = async (c: Context): Promise<{ actor: Member; communeId: string }> => {
    const actor = requireOffice(await authenticate(ctx, c.req.header('authorization')));
    return { actor, communeId: await communeFor(ctx, actor, c.req.query('commune') || undefined) };
  };

  // ?period=2026-Q3 (any key of src/core/report/period.ts) or ?from=&to= (a custom range); default: this quarter.
  const periodOf = (c: Context): Period => {
    const key = c.req.query('period');
    const from = c.req.query('from');
    const to = c.req.query('to');
    if (key !== undefined) {
      const p = parsePeriod(key);
      if (!p) throw new CodedError('bad-request', 'period must look like 2026-07, 2026-Q3, 2026-H2, 2026 or 2026-07-01_2026-08-15');
      return p;
    }
    if (from !== undefined || to !== undefined) {
      const p = customPeriod(from ?? '', to ?? '');
      if (!p) throw new CodedError('bad-request', 'from and to must be dates (YYYY-MM-DD), from ≤ to, at most two years apart');
      return p;
    }
    return currentPeriod('quarter', ctx.now());
  };

  // CSV options: &decimal=comma (Vietnamese decimal commas, semicolons between cells), &table=appendix (the
  // appendix-shaped rows instead of the long table).
  const csvOpts = (c: Context) => ({ decimal: c.req.query('decimal') === 'comma' ? ('comma' as const) : ('dot' as const), appendix: c.req.query('table') === 'appendix' });

  // GET /api/reports/communes → {communes:[{id, name, provinceId, provinceName}]}: what the caller may open (an
  // officer: their commune; a province admin: every commune of the province).
  app.get('/communes', async (c) => {
    const actor = requireOffice(await authenticate(ctx, c.req.header('authorization')));
    let q = ctx.store.db
      .selectFrom('communes')
      .innerJoin('provinces', 'provinces.id', 'communes.province_id')
      .select(['communes.id as id', 'communes.name as name', 'communes.province_id as provinceId', 'provinces.name as provinceName'])
      .orderBy('communes.name');
    q = actor.role === 'admin' ? q.where('communes.province_id', '=', actor.province_id) : q.where('communes.id', '=', actor.commune_id ?? '');
    return sendJson(c, { communes: await q.execute() });
  });

  // GET /api/reports/province?period= → ProvinceReport (src/core/report/province.ts): every commune of the
  // province admin's province with its figures, the previous period's, ranks and band counts.
  const provinceAdmin = async (c: Context) => requireOffice(await authenticate(ctx, c.req.header('authorization')), ['admin']);
  app.get('/province', async (c) => {
    const actor = await provinceAdmin(c);
    return sendJson(c, await provinceReport(store, actor.province_id, periodOf(c), ctx.now()));
  });

  // GET /api/reports/province/export?period=&format=xlsx|csv&lang= → the province's report file (audited)
  app.get('/province/export', async (c) => {
    const actor = await provinceAdmin(c);
    const format = c.req.query('format') ?? 'xlsx';
    if (format !== 'xlsx' && format !== 'csv') throw new CodedError('bad-request', 'format must be xlsx or csv');
    const lang: ExportLang = c.req.query('lang') === 'en' ? 'en' : 'vi';
    const period = periodOf(c);
    const now = ctx.now();
    const report = await provinceReport(store, actor.province_id, period, now);
    const o = csvOpts(c);
    const body = format === 'xlsx' ? await writeProvinceXlsx(report, lang, now) : writeProvinceCsv(report, lang, { decimal: o.decimal, table: o.appendix ? 'appendix' : 'communes' });
    await writeAudit(ctx.store.db, { communeId: null, actorId: actor.id, action: 'report.province-export', subject: `report:${period.key}`, details: { format, lang, provinceId: actor.province_id }, now });
    const slug = fold(report.province.name).replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'tinh';
    const name = `bao-cao-${slug}-${period.key}.${format}`;
    return c.body(new Uint8Array(body), 200, {
      'Content-Type': format === 'xlsx' ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${name}"; filename*=UTF-8''${encodeURIComponent(name)}`,
      'Cache-Control': 'no-store',
    });
  });

  // GET /api/reports/tallies?commune=&period= | &from=&to= → TalliesReport (src/core/report/shapes.ts)
  app.get('/tallies', async (c) => {
    const { communeId } = await office(c);
    return sendJson(c, await talliesReport(store, communeId, periodOf(c), ctx.now()));
  });

  // GET /api/reports/activity?commune=&period= → ActivityReport
  app.get('/activity', async (c) => {
    const { communeId } = await office(c);
    return sendJson(c, await activityReport(store, communeId, periodOf(c), ctx.now()));
  });

  // GET /api/reports/villages/:id/households?commune=&offset=&limit=&removed=1 → {village, total, offset, households}
  // POST the same path with {q?, offset?, limit?, removed?} to search: a head's name is personal data and does not
  // belong in a URL (server and proxy logs, browser history), so a search never travels in the query string.
  const int = (s: unknown) => (typeof s === 'number' && Number.isSafeInteger(s) && s >= 0 && s < 1_000_000 ? s : typeof s === 'string' && /^\d{1,6}$/.test(s) ? Number(s) : undefined);
  app.get('/villages/:id/households', async (c) => {
    const { communeId } = await office(c);
    if (c.req.query('q') !== undefined) throw new CodedError('bad-request', 'search with POST {q}: names stay out of URLs');
    return sendJson(
      c,
      await villageHouseholds(ctx.store.db, communeId, c.req.param('id'), {
        offset: int(c.req.query('offset')),
        limit: int(c.req.query('limit')),
        removed: c.req.query('removed') === '1',
      }),
    );
  });
  app.post('/villages/:id/households', async (c) => {
    const { communeId } = await office(c);
    const body = (await readJson(c)) as { q?: unknown; offset?: unknown; limit?: unknown; removed?: unknown } | null;
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw new CodedError('bad-request', 'a JSON object is required');
    return sendJson(
      c,
      await villageHouseholds(ctx.store.db, communeId, c.req.param('id'), {
        q: typeof body.q === 'string' ? body.q.slice(0, 100) : '',
        offset: int(body.offset),
        limit: int(body.limit),
        removed: body.removed === true,
      }),
    );
  });

  // GET /api/reports/households/:id?commune= → the household, residents with their checklist, visits (who, when)
  app.get('/households/:id', async (c) => {
    const { communeId } = await office(c);
    return sendJson(c, await householdDetail(ctx.store.db, communeId, c.req.param('id')));
  });

  // GET /api/reports/text?commune=&period= → {periodKey, difficulties, proposals, updatedAt, updatedBy}
  app.get('/text', async (c) => {
    const { communeId } = await office(c);
    return sendJson(c, await getReportText(ctx.store.db, communeId, periodOf(c).key));
  });

  // PUT /api/reports/text?commune=&period= {difficulties, proposals} → the stored text (audited)
  app.put('/text', async (c) => {
    const { actor, communeId } = await office(c);
    const period = periodOf(c);
    return sendJson(c, await putReportText(ctx.store.db, communeId, period.key, actor.id, await readJson(c, 64 * 1024), ctx.now()));
  });

  // POST /api/reports/submit?commune=&period= → the submission {id, periodKey, submittedAt, submittedBy, onTime,
  // snapshot}: freezes what is sent (appendix rows, the two passages, the as-of time), audited.
  app.post('/submit', async (c) => {
    const { actor, communeId } = await office(c);
    return sendJson(c, await submitReport(store, communeId, periodOf(c), actor.id, ctx.now()), 201);
  });

  // GET /api/reports/submission?commune=&period= → {submission: {…} | null, changed: [itemId], textChanged}: the
  // latest submission of the period and what differs from it now.
  app.get('/submission', async (c) => {
    const { communeId } = await office(c);
    const period = periodOf(c);
    const now = ctx.now();
    const [tallies, text, sub] = await Promise.all([talliesReport(store, communeId, period, now), getReportText(ctx.store.db, communeId, period.key), latestSubmission(ctx.store.db, communeId, period)]);
    return sendJson(c, submissionStatus(sub, await communeAppendix(ctx.store.db, tallies), text));
  });

  // GET /api/reports/export?commune=&period=&format=xlsx|csv&lang=vi|en → the periodic report file
  app.get('/export', async (c) => {
    const { actor, communeId } = await office(c);
    const format = c.req.query('format') ?? 'xlsx';
    if (format !== 'xlsx' && format !== 'csv') throw new CodedError('bad-request', 'format must be xlsx or csv');
    const lang: ExportLang = c.req.query('lang') === 'en' ? 'en' : 'vi';
    const period = periodOf(c);
    const now = ctx.now();
    const [tallies, activity, text] = await Promise.all([
      talliesReport(store, communeId, period, now),
      activityReport(store, communeId, period, now),
      getReportText(ctx.store.db, communeId, period.key),
    ]);
    const [rows, submission] = await Promise.all([communeAppendix(ctx.store.db, tallies, lang), latestSubmission(ctx.store.db, communeId, period)]);
    const status = submissionStatus(submission, rows, text);
    const input = { tallies, activity, text, appendix: { rows, submission: status.submission, changed: status.changed, textChanged: status.textChanged } };
    const o = csvOpts(c);
    const body = format === 'xlsx' ? await writeXlsx(input, lang, now) : writeCsv(input, lang, { decimal: o.decimal, table: o.appendix ? 'appendix' : 'units' });
    await writeAudit(ctx.store.db, { communeId, actorId: actor.id, action: 'report.export', subject: `report:${period.key}`, details: { format, lang }, now });
    const slug = fold(tallies.commune.name).replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'xa';
    const name = `bao-cao-${slug}-${period.key}.${format}`;
    return c.body(new Uint8Array(body), 200, {
      'Content-Type': format === 'xlsx' ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${name}"; filename*=UTF-8''${encodeURIComponent(name)}`,
      'Cache-Control': 'no-store',
    });
  });

  return { routes: app, warmer };
};
