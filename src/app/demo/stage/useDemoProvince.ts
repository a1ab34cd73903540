import { useEffect, useState } from 'preact/hooks';
import type { ProvinceReport } from '../../../core/report/province.ts';
import type { DemoHost } from '../host.ts';
import { periodFor, type PeriodChoice } from './useDemoReport.ts';

// The province view's report (GET /api/reports/province's shape), from the demo server: made only while the
// province step is on screen (its two neighbour communes are generated on the first ask), again whenever the
// commune's figures moved (`version`). No rollup cache: after a reset the same versions come round with other records.
export const useDemoProvince = (host: DemoHost | undefined, choice: PeriodChoice, active: boolean, version: number | undefined): ProvinceReport | undefined => {
  const [report, setReport] = useState<ProvinceReport>();
  useEffect(() => {
    if (!host || !active) return;
    let live = true;
    void host.server().then((server) => {
      if (!live) return;
      const now = Date.now();
      setReport(server.provinceReport(periodFor(choice, now), now));
    });
    return () => {
      live = false;
    };
  }, [host, choice, active, version]);
  return report;
};
