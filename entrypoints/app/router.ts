import { useEffect, useState } from 'react';
import { href, parseRoute, type Route } from './route';

export { href, parseRoute, type Route } from './route';

export function navigate(route: Route): void {
  location.hash = href(route);
}

/** The current route, following hash changes. */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const update = () => setRoute(parseRoute(location.hash));
    addEventListener('hashchange', update);
    return () => removeEventListener('hashchange', update);
  }, []);
  return route;
}
