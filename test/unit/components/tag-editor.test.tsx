// @vitest-environment jsdom
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import { I18nProvider } from '../../../components/i18n';
import { TagEditor } from '../../../components/TagEditor';
import { tagColor, TAG_COLORS } from '../../../lib/contacts/tags';
import type { Tag } from '../../../lib/db/types';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let container: HTMLDivElement | undefined;
afterEach(() => container?.remove());

const GREY = TAG_COLORS[TAG_COLORS.length - 1];

describe('tag colours in styles', () => {
  it('tagColor passes #rrggbb and turns anything else into grey', () => {
    expect(tagColor('#1a73e8')).toBe('#1a73e8');
    expect(tagColor('#1A73E8')).toBe('#1A73E8');
    for (const bad of ['url(https://tracker.example/p.png)', 'red', '#123', '#1a73e8; background: url(x)', '', undefined, 7]) expect(tagColor(bad)).toBe(GREY);
  });

  it('TagEditor never puts a stored colour that is not #rrggbb into a style', () => {
    const tags: Tag[] = [
      { id: 1, name: 'VIP', key: 'vip', color: 'url(https://tracker.example/p.png)' },
      { id: 2, name: 'Renewal', key: 'renewal', color: '#188038' },
    ];
    container = document.createElement('div');
    document.body.append(container);
    const root = createRoot(container);
    act(() =>
      root.render(
        <I18nProvider value={{ t: (key) => key, locale: 'en' }}>
          <TagEditor tags={tags} allTags={tags} onAdd={() => {}} onRemove={() => {}} onColor={() => {}} />
        </I18nProvider>,
      ),
    );
    const styles = [...container.querySelectorAll<HTMLElement>('[style]')].map((el) => el.getAttribute('style') ?? '');
    expect(styles.join(' ')).not.toMatch(/url/);
    const [vip, renewal] = [...container.querySelectorAll<HTMLElement>('.chip .dot')];
    expect(vip.style.background).toBe('rgb(95, 99, 104)');
    expect(renewal.style.background).toBe('rgb(24, 128, 56)');
  });
});
