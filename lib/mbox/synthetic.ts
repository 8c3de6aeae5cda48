/** A made-up mbox of about `bytes` bytes (plain, quoted-printable and base64 messages, mboxrd escapes), in chunks; for benchmarks. */
export function syntheticMbox(bytes: number, chunkSize = 1 << 20): { chunks: Uint8Array[]; size: number; messages: number } {
  const encoder = new TextEncoder();
  const pieces: Uint8Array[] = [];
  let size = 0;
  let messages = 0;
  const filler = 'Thanks for the update on the rollout. We would like to review the pricing before renewal next quarter.\n';
  const attachment = `${'QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5ejAxMjM0\n'.repeat(200)}`;
  while (size < bytes) {
    const i = messages++;
    const day = 1 + (i % 28);
    const body =
      i % 3 === 2
        ? `--b${i}\nContent-Type: text/plain; charset=utf-8\n\n${filler.repeat(5)}\n--b${i}\nContent-Type: application/pdf\nContent-Transfer-Encoding: base64\n\n${attachment}--b${i}--\n`
        : `${filler.repeat(20)}>From the archive, quoted.\n`;
    const type = i % 3 === 2 ? `multipart/mixed; boundary="b${i}"` : 'text/plain; charset=utf-8';
    const text =
      `From sender${i % 500}@example.com Mon Mar  2 10:00:00 2026\n` +
      `From: Customer ${i % 500} <sender${i % 500}@example.com>\nTo: Ann <ann@kizuna.example>\n` +
      `Subject: =?UTF-8?B?5pu05paw44Gr44Gk44GE44Gm?= ${i}\nDate: Mon, ${day} Mar 2026 10:00:00 +0900\n` +
      `Message-ID: <msg${i}@example.com>\nIn-Reply-To: <msg${Math.max(0, i - 1)}@example.com>\n` +
      `Content-Type: ${type}\n\n${body}\n`;
    const encoded = encoder.encode(text);
    pieces.push(encoded);
    size += encoded.length;
  }
  const all = new Uint8Array(size);
  let at = 0;
  for (const p of pieces) {
    all.set(p, at);
    at += p.length;
  }
  const chunks: Uint8Array[] = [];
  for (let i = 0; i < size; i += chunkSize) chunks.push(all.subarray(i, i + chunkSize));
  return { chunks, size, messages };
}
