// The floor of a side panel's first open (issue 13): an extension page that only marks its first module and its next
// frame, opened by the same click as Kizuna's panel (bench/_first-open-floor.ts). Development build only.
performance.mark('kizuna:first-module');
requestAnimationFrame(() => performance.mark('kizuna:floor-painted'));
