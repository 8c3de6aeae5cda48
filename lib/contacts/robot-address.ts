// Local parts that machines write from, never a person: no-reply senders, notification services, mail
// system and mailing-list machinery (RFC 2142 postmaster, list "-request" and "owner-" addresses, VERP bounces).
const ROBOT_LOCAL = [
  // noreply, no-reply, no_reply, no.reply, donotreply, do-not-reply, dontreply, anywhere in the local part.
  /(?:no|do[-_.]?not|dont)[-_.]?reply/,
  /(?:^|[-_.+=])notif(?:y|ications?)(?:$|[-_.+=\d])/,
  /(?:^|[-_.+=])bounces?(?:$|[-_.+=\d])/,
  /(?:^|[-_.+=])auto[-_.]?(?:reply|responder|mailer)(?:$|[-_.+=\d])/,
  /mailer[-_.]?daemon/,
  /^(?:postmaster|hostmaster|abuse|daemon|listserv|majordomo|mailman|unsubscribe|newsletters?)(?:$|[-_.+=])/,
  /^owner-|-(?:request|bounces?)(?:$|\+)/,
];
// Domains mail systems send bounces and notifications from ("bounce.example.com", "notifications.example.com").
const ROBOT_DOMAIN_LABEL = /^(?:bounces?|notifications?|mailer-daemon)$/;

/** Whether an address is a role or robot address (noreply, notifications, mailer-daemon, postmaster, bounces…) that is never a contact. */
export function isRobotAddress(email: string): boolean {
  const address = email.trim().toLowerCase();
  const at = address.lastIndexOf('@');
  const local = at < 0 ? address : address.slice(0, at);
  const domain = at < 0 ? '' : address.slice(at + 1);
  if (ROBOT_LOCAL.some((pattern) => pattern.test(local))) return true;
  return domain.split('.').some((label) => ROBOT_DOMAIN_LABEL.test(label));
}
