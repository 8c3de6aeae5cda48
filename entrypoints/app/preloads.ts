// No imports: wxt.config.ts (the build, in Node) reads this too.

/**
 * The id of the `<template>` that holds app.html's module preloads (scripts/preload-page-chunks.ts): the browser's
 * preload scanner skips a template's content, so the HTML asks for its first script and its entry alone, and the first
 * script asks for the preloads once it has started the contacts list's read (issue 16).
 */
export const PRELOADS_TEMPLATE_ID = 'kizuna-preloads';
