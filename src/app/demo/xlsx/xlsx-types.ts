// What the page sends the XLSX worker and what comes back.
export type XlsxCell = string | number | null;
export type XlsxSheet = { name: string; title: string[]; header: string[]; rows: XlsxCell[][]; foot: string[]; widths: number[]; percentCols: number[] };
export type XlsxRequest = { id: number; sheets: XlsxSheet[] };
export type XlsxResponse = { id: number; file?: ArrayBuffer; ms?: number; error?: string };
