// PUBLIC_URL: the address phones reach this server at (https://tungnha.example.gov.vn), printed on invite sheets
// and in their QR codes. Never the officer's browser address, which is often localhost or a LAN address a phone
// in the village cannot reach. Unset or plain http is allowed (a trial on a LAN) and the officer is told.
export type PublicUrlProblem = 'unset' | 'not-https' | 'invalid';

export const parsePublicUrl = (raw: string | undefined): { url: string | null; problem: PublicUrlProblem | null } => {
  const s = raw?.trim();
  if (!s) return { url: null, problem: 'unset' };
  let u: URL;
  try {
    u = new URL(s);
  } catch {
    return { url: null, problem: 'invalid' };
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return { url: null, problem: 'invalid' };
  const url = `${u.origin}${u.pathname.replace(/\/+$/, '')}`;
  return { url, problem: u.protocol === 'https:' ? null : 'not-https' };
};

export const publicUrlInfo = (raw: string | null | undefined): { publicUrl: string | null; publicUrlProblem: PublicUrlProblem | null } => {
  const { url, problem } = parsePublicUrl(raw ?? undefined);
  return { publicUrl: url, publicUrlProblem: problem };
};
