import { NoChurnScore, RiskBadge } from '@/components/RiskBadge';
import type { CustomField } from '@/lib/settings';
import type { ContactData } from './use-contact-data';
import { useRisk } from './use-risk';

/**
 * The contact's churn risk with its trend, apart from the profile: the scorer's settings and model, the stored
 * score shows first and its reasons come once it is scored after paint; re-renders only this. Loaded on demand (the scorer
 * and its phrase lists are not needed to paint a profile).
 */
export default function ContactRisk({ data, customFields }: { data: ContactData; customFields: CustomField[] }) {
  const risk = useRisk(data, customFields);
  return risk?.eligible ? <RiskBadge risk={risk.risk} trend={risk.trend} reasonsPending={risk.reasonsPending} /> : <NoChurnScore contact={data.contact} />;
}
