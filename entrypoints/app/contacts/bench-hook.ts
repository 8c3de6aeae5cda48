// Only for `npm run bench -- workspace-db`, and only in a development build (WXT_DEV_HOOKS=1: the contacts page
// imports this file only then, see docs/dev-hooks.md): when the page is opened with ?bench, it exposes the
// workspace's own code paths (the store, the filter compiler, the bulk writer, the list pages' packer) so the bench
// measures exactly what the page runs. Nothing is exposed otherwise.
import { db } from '@/lib/db';
import { compileFilter } from '@/lib/segments/compile';
import { applyBulk, undoBulk } from '@/lib/workspace/bulk';
import { WorkspaceStore } from '@/lib/workspace/store';
import { workspaceStore } from './use-workspace';
import { packPage } from '@/lib/contacts/list-pages';

if (new URLSearchParams(location.search).has('bench')) {
  Object.assign(globalThis, { __kizunaBench: { db, compileFilter, applyBulk, undoBulk, workspaceStore, WorkspaceStore, packPage } });
}
