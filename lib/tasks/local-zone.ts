/** The browser's time zone (IANA name), where quick task lines and snoozes are read. */
export const localTimeZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
