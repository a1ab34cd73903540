import { create } from 'qrcode';

// A QR code drawn as one SVG path from the library's module matrix (no HTML strings, no canvas), with the
// standard 4-module quiet zone. Error correction M: still reads when a printed sheet is creased or smudged.
export const QrCode = ({ text, size = 160, label }: { text: string; size?: number; label: string }) => {
  const { modules } = create(text, { errorCorrectionLevel: 'M' });
  const n = modules.size;
  const quiet = 4;
  let d = '';
  for (let r = 0; r < n; r++)
    for (let c = 0; c < n; c++) if (modules.get(r, c)) d += `M${c + quiet} ${r + quiet}h1v1h-1z`;
  const box = n + quiet * 2;
  return (
    <svg class="qr" viewBox={`0 0 ${box} ${box}`} width={size} height={size} role="img" aria-label={label} shape-rendering="crispEdges">
      <rect width={box} height={box} fill="#fff" />
      <path d={d} fill="#000" />
    </svg>
  );
};

// The join link on the server's public address (PUBLIC_URL), never the officer's browser address.
export const joinLink = (base: string, code: string): string => `${base.replace(/\/+$/, '')}/join?code=${encodeURIComponent(code)}`;
