import type { IndexHtmlTransformContext, Plugin } from 'vite';

type OutputChunk = NonNullable<IndexHtmlTransformContext['chunk']>;

/**
 * A Vite plugin for one HTML entry's build (the app page's, issue 16): `<link rel="modulepreload">` in its HTML for the
 * chunks of the named modules its entry imports dynamically as soon as it runs, with what they import statically. Vite
 * lists only the entry's static imports in the HTML; its preload helper asks for a dynamic import's chunks when the
 * entry runs, which waits for the HTML's parse and the entry's own chunk. From the HTML, the browser asks for them as
 * it reads it. Throws when a name is not among the entry's dynamic imports (a renamed module would drop the preload).
 * With `template`, every modulepreload of the HTML (Vite's too) goes into a `<template>` of that id before its first
 * script, where the preload scanner does not see it: the page's first script puts them into the head once it has run
 * (app.html: once the contacts list's read has started; issue 16, the preloads took turns with that script).
 */
export function preloadPageChunks(entry: string, names: readonly string[], { template }: { template?: string } = {}): Plugin {
  return {
    name: 'kizuna:preload-page-chunks',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        const page = ctx.chunk;
        if (page?.name !== entry || !ctx.bundle) return html;
        const bundle = ctx.bundle;
        const chunks = Object.values(bundle).filter((c): c is OutputChunk => c.type === 'chunk');
        const files: string[] = [];
        const visit = (file: string) => {
          const chunk = bundle[file];
          if (files.includes(file) || file === page.fileName || chunk?.type !== 'chunk') return;
          files.push(file);
          for (const dep of chunk.imports) visit(dep);
        };
        for (const name of names) {
          const chunk = chunks.find((c) => c.name === name && page.dynamicImports.includes(c.fileName));
          if (!chunk) throw new Error(`preloadPageChunks: ${entry}'s entry imports no chunk named ${name} dynamically`);
          visit(chunk.fileName);
        }
        const listed = new Set([...html.matchAll(/(?:href|src)="\/([^"]+)"/g)].map((m) => m[1]));
        const links = files.filter((file) => !listed.has(file)).map((file) => `<link rel="modulepreload" crossorigin href="/${file}">`);
        if (!template) return links.length ? html.replace('</head>', `${links.join('\n')}\n</head>`) : html;
        // Vite's own preloads (the entry's static imports) too: the HTML itself asks for its scripts alone.
        const own = html.match(/[ \t]*<link rel="modulepreload"[^>]*>\n?/g) ?? [];
        const rest = own.reduce((h, l) => h.replace(l, ''), html);
        const first = rest.indexOf('<script');
        if (first < 0) throw new Error(`preloadPageChunks: ${entry}'s HTML has no script to put the preloads before`);
        const held = `<template id="${template}">${[...own.map((l) => l.trim()), ...links].join('')}</template>\n    `;
        return rest.slice(0, first) + held + rest.slice(first);
      },
    },
  };
}
