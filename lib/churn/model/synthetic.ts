import type { Cell, Dataset } from './encoder';
import { seededRandom } from '../../random';

/** A made-up churn table (numeric and text columns, blank cells, an id) whose label depends on a few columns; for tests and benchmarks. */
export function syntheticChurn(n: number, seed = 1): { data: Dataset; labels: Uint8Array } {
  const random = seededRandom(seed);
  const plans = ['basic', 'pro', 'team', 'enterprise'];
  const regions = ['north', 'south', 'east', 'west', 'central'];
  const rows: Cell[][] = [];
  const labels = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const plan = plans[Math.floor(random() * plans.length)];
    const tenure = Math.floor(random() * 60);
    const silence = random() < 0.1 ? '' : String(Math.floor(random() * 120));
    const tickets = Math.floor(random() * 6);
    const nps = random() < 0.2 ? '' : String(Math.floor(random() * 11));
    const fee = (20 + random() * 180).toFixed(2);
    const region = random() < 0.05 ? '' : regions[Math.floor(random() * regions.length)];
    const z =
      -1.5 +
      (plan === 'basic' ? 0.8 : plan === 'enterprise' ? -0.7 : 0) -
      tenure / 30 +
      (silence === '' ? 0.5 : Number(silence) / 40) +
      tickets * 0.35 +
      (nps === '' ? 0 : (5 - Number(nps)) * 0.2) +
      (random() - 0.5) * 2;
    labels[i] = random() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
    rows.push([`id-${i}`, plan, tenure, silence, tickets, nps, fee, region, labels[i] ? 'Yes' : 'No']);
  }
  const columns = ['customer_id', 'plan', 'tenure_months', 'days_silent', 'tickets', 'nps', 'monthly_fee', 'region', 'churned'];
  return { data: { columns, rows }, labels };
}
