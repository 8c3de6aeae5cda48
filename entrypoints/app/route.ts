// The app's routes as plain functions, without React: the entry (boot.ts) reads the route before React has loaded.

/** The app's pages, addressed by the URL hash so every page can be bookmarked and reloaded. */
export type Route =
  | { page: 'contacts'; segmentId?: number }
  | { page: 'contact'; id: number }
  | { page: 'company'; id: number }
  | { page: 'attention' }
  | { page: 'tasks' }
  | { page: 'import' }
  | { page: 'duplicates' }
  | { page: 'reports'; focus?: string }
  | { page: 'backup' }
  | { page: 'risk'; part?: 'mailbox' }
  | { page: 'campaigns' }
  | { page: 'templates' }
  | { page: 'team' }
  | { page: 'playbooks' }
  | { page: 'sequences' }
  | { page: 'approvals' }
  | { page: 'campaign-new' }
  | { page: 'campaign'; id: string };

/** Reads a hash such as "#/contact/12"; anything unknown is the contacts list. */
export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  const id = Number(parts[1]);
  switch (parts[0]) {
    case 'contact':
      return Number.isInteger(id) && id > 0 ? { page: 'contact', id } : { page: 'contacts' };
    case 'company':
      return Number.isInteger(id) && id > 0 ? { page: 'company', id } : { page: 'contacts' };
    case 'segment':
      return Number.isInteger(id) && id > 0 ? { page: 'contacts', segmentId: id } : { page: 'contacts' };
    case 'attention':
    case 'tasks':
    case 'import':
    case 'duplicates':
    case 'backup':
    case 'templates':
    case 'team':
    case 'playbooks':
    case 'sequences':
    case 'approvals':
      return { page: parts[0] };
    case 'reports':
      return parts[1] ? { page: 'reports', focus: parts[1] } : { page: 'reports' };
    case 'risk':
      return parts[1] === 'mailbox' ? { page: 'risk', part: 'mailbox' } : { page: 'risk' };
    case 'campaigns':
      if (parts[1] === 'new') return { page: 'campaign-new' };
      return parts[1] ? { page: 'campaign', id: parts[1] } : { page: 'campaigns' };
    default:
      return { page: 'contacts' };
  }
}

/** The hash of a route (for links: `<a href={href(route)}>`). */
export function href(route: Route): string {
  switch (route.page) {
    case 'contact':
    case 'company':
      return `#/${route.page}/${route.id}`;
    case 'contacts':
      return route.segmentId ? `#/segment/${route.segmentId}` : '#/contacts';
    case 'campaign-new':
      return '#/campaigns/new';
    case 'campaign':
      return `#/campaigns/${encodeURIComponent(route.id)}`;
    case 'risk':
      return route.part ? `#/risk/${route.part}` : '#/risk';
    case 'reports':
      return route.focus ? `#/reports/${encodeURIComponent(route.focus)}` : '#/reports';
    default:
      return `#/${route.page}`;
  }
}
