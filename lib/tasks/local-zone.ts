// Reading the zone builds an Intl.DateTimeFormat (several ms each time, issue 13: the side panel's task list asked on
// every render after each thread switch). Read again after a minute: a laptop that travels changes zone.
const ZONE_TTL_MS = 60_000;
let zone: { name: string; at: number } | undefined;

/** The browser's time zone (IANA name), where quick task lines and snoozes are read. */
export const localTimeZone = (now = Date.now()): string => {
  if (!zone || now - zone.at > ZONE_TTL_MS || now < zone.at) zone = { name: Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC', at: now };
  return zone.name;
};
