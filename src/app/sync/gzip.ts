// gzip with the platform's CompressionStream (Chromium 80+, Node 18+); undefined when the platform has none, and
// the body then travels as plain JSON.
export const gzipBody = async (text: string): Promise<ArrayBuffer | undefined> => {
  if (typeof CompressionStream === 'undefined') return undefined;
  try {
    const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('gzip'));
    return await new Response(stream).arrayBuffer();
  } catch {
    return undefined; // a platform with a partial streams implementation: send plain JSON
  }
};

export const gunzipText = async (bytes: Uint8Array | ArrayBuffer): Promise<string> => {
  const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Response(stream).text();
};
