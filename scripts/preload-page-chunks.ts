import type { IndexHtmlTransformContext, Plugin } from 'vite';

type OutputChunk = NonNullable<IndexHtmlTransformContext['chunk']>;

/**
 * A Vite plugin for one HTML entry's build (the app page's, issue 16): `<link rel="modulepreload">` in its HTML for the
 * chunks of the named modules its entry imports dynamically as soon as it runs, with what they import statically. Vite
 * lists only the entry's static imports in the HTML; its preload helper asks for a dynamic import's chunks when the
 * entry runs, which waits for the HTML's parse and the entry's own chunk. From the HTML, the browser asks for them as
 * it reads it. Throws when a name is not among the entry's dynamic imports (a renamed module would drop the preload).
 */
export function preloadPageChunks(entry: string, names: readonly string[]): Plugin {
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
        return links.length ? html.replace('</head>', `${links.join('\n')}\n</head>`) : html;
      },
    },
  };
}
