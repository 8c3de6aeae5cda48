// The pages share one design system (components/ui): these checks fail when a page goes around it.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');

function filesUnder(dir: string, ext: RegExp): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && ext.test(entry.name))
    .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)));
}

const sources = [...filesUnder('entrypoints', /\.tsx?$/), ...filesUnder('components', /\.tsx?$/)];
const styles = [...filesUnder('entrypoints', /\.css$/), ...filesUnder('components', /\.css$/)];
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
/** The files whose text matches, with the first match. */
const offenders = (files: string[], pattern: RegExp, allowed: string[] = []) =>
  files.filter((f) => !allowed.includes(f)).flatMap((f) => (pattern.test(read(f)) ? [`${f}: ${read(f).match(pattern)![0]}`] : []));

describe('the shared design system (components/ui)', () => {
  it('finds the pages and styles it checks', () => {
    expect(sources).toContain('entrypoints/app/sections/import.tsx');
    expect(styles).toContain('components/ui/tokens.css');
  });

  it('has no raw file input outside the file picker (no unstyled "Choose File")', () => {
    expect(offenders(sources, /type=["']file["']/, ['components/ui/FilePicker.tsx'])).toEqual([]);
  });

  it('has no raw checkbox outside the Checkbox component (a box always sits beside its label)', () => {
    expect(offenders(sources, /type=["']checkbox["']/, ['components/ui/Checkbox.tsx'])).toEqual([]);
  });

  it('has colour values only in the tokens file', () => {
    const colour = /#[0-9a-fA-F]{3,8}\b|\b(?:rgba?|hsla?|oklch)\(/;
    expect(offenders(styles, colour, ['components/ui/tokens.css'])).toEqual([]);
    // Inline styles and script fallbacks too; the Gmail button lives in Gmail's page, where the tokens are not loaded.
    expect(offenders(sources, colour, ['entrypoints/gmail.content/open-button.ts'])).toEqual([]);
  });

  it('has one heading style: no grey letter-spaced capitals anywhere', () => {
    expect(offenders(styles, /text-transform:\s*uppercase|letter-spacing:\s*0?\.\d/)).toEqual([]);
  });

  it('gives every app page its title through PageHeader (the app’s only h1 is the product name)', () => {
    const raw = offenders(filesUnder('entrypoints/app', /\.tsx$/), /<h[12][\s>]/, ['entrypoints/app/App.tsx']);
    expect(raw).toEqual([]);
    const sections = filesUnder('entrypoints/app/sections', /\.tsx$/).filter((f) => /export function \w+(Section|Page|Wizard)\b/.test(read(f)));
    expect(sections.length).toBeGreaterThan(8);
    expect(sections.filter((f) => !read(f).includes('<PageHeader'))).toEqual([]);
  });

  it('draws icons as inline SVG, never with a glyph an emoji font must supply', () => {
    expect(offenders(sources, /[\u{1F000}-\u{1FAFF}\u{2600}-\u{27BF}]/u)).toEqual([]);
  });
});
