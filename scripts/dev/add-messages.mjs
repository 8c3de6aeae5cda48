#!/usr/bin/env node
// Merges i18n messages into public/_locales/{en,ja}/messages.json, keeping key order stable.
// Usage: flock /tmp/kizuna-i18n.lock node scripts/dev/add-messages.mjs FILE.json
// FILE.json: { "key": { "en": "English", "ja": "日本語", "description"?: "…" }, … }
// Write substitutions as $1…$9; they become Chrome placeholders ($P1$ with content "$1").
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const file = process.argv[2];
if (!file) throw new Error('usage: node scripts/dev/add-messages.mjs FILE.json');
const additions = JSON.parse(readFileSync(file, 'utf8'));
for (const lang of ['en', 'ja']) {
  const path = join(import.meta.dirname, '../../public/_locales', lang, 'messages.json');
  const messages = JSON.parse(readFileSync(path, 'utf8'));
  for (const [key, entry] of Object.entries(additions)) {
    if (!/^[A-Za-z0-9_]+$/.test(key)) throw new Error(`bad key ${key}`);
    const message = entry[lang];
    if (typeof message !== 'string') throw new Error(`${key}: no "${lang}" text`);
    const record = { message: message.replace(/\$(\d)/g, '$$P$1$$') };
    if (entry.description) record.description = entry.description;
    const numbers = [...message.matchAll(/\$(\d)/g)].map((m) => m[1]);
    if (numbers.length) record.placeholders = Object.fromEntries([...new Set(numbers)].sort().map((n) => [`p${n}`, { content: `$${n}` }]));
    messages[key] = record;
  }
  writeFileSync(`${path}.tmp`, `${JSON.stringify(messages, null, 2)}\n`);
  renameSync(`${path}.tmp`, path);
}
console.log(`added ${Object.keys(additions).length} messages`);
