import type { Plugin } from 'vite';

/**
 * A Vite plugin for one HTML entry (the side panel's, issue 13; the app page's, issue 16): the entry's own stylesheet goes into its HTML
 * as a `<style>`, where Vite would put a `<link>`. A stylesheet in the head is a request of its own, and the page's
 * first module does not run before it has loaded (scripts wait for the stylesheets before them); in an extension it
 * also passes the browser's substitution of `__MSG_…__` names, which the panel's CSS does not use. The extension's
 * content security policy limits scripts, not styles. The file is not emitted, and the lazily loaded chunks that
 * share the entry's styles do not ask for it either: the entry chunk no longer lists it as its CSS before Vite works
 * out the HTML's tags and the dynamic imports' dependencies (both in `generateBundle`, after this plugin's).
 */
export function inlinePageCss(entry: string): Plugin {
  const inlined: string[] = [];
  return {
    name: 'kizuna:inline-page-css',
    apply: 'build',
    generateBundle: {
      order: 'pre',
      handler(_options, bundle) {
        const chunk = Object.values(bundle).find((c) => c.type === 'chunk' && c.isEntry && c.name === entry);
        const css = chunk?.type === 'chunk' ? chunk.viteMetadata?.importedCss : undefined;
        for (const file of css ?? []) {
          const asset = bundle[file];
          if (asset?.type !== 'asset') continue;
          const text = typeof asset.source === 'string' ? asset.source : new TextDecoder().decode(asset.source);
          if (/<\/style|__MSG_/i.test(text)) continue; // not safe inline, or needs the browser's substitution
          inlined.push(text);
          css!.delete(file);
          delete bundle[file];
        }
      },
    },
    transformIndexHtml: {
      order: 'post',
      // Only the entry's own HTML: a build of several pages (the app's, issue 16) runs this for each of them.
      handler: (html, ctx) => (inlined.length && (!ctx.chunk || ctx.chunk.name === entry) ? html.replace('</head>', `<style>${inlined.join('\n')}</style>\n</head>`) : html),
    },
  };
}
