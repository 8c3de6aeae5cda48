import en from 'zod/v4/locales/en.js';
import * as z from 'zod/mini';

// zod/mini (issue 13): the same package and checks as full zod, tree-shaken, for the schemas the side panel's first
// path imports (full zod is about 96 kB of it). Mini sets no locale; full zod sets English when it first builds a
// schema, unless one is set: the same here, so every error message reads as it did.
if (!z.config().localeError) z.config(en());

export { z };
