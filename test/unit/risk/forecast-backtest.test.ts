import { describe, expect, it } from 'vitest';
import { checkForecast, pickForecast, type Forecast } from '../../../lib/churn/backtest';
import type { Calibrator } from '../../../lib/churn/calibration';
import { contactFeatures } from '../../../lib/churn/features';
import { parseModel } from '../../../lib/churn/model/model';
import { DEFAULT_RULES } from '../../../lib/churn/rules-config';
import { scoreFeatures } from '../../../lib/churn/scorer';
import { buildTrainingSet, storedModelText, trainModels } from '../../../lib/churn/training';
import type { Activity, Contact } from '../../../lib/db/types';
import { contact, DAY, email, NOW } from './fixtures';

const forecast = (over: Partial<Forecast> = {}): Forecast => ({ at: NOW, horizonDays: 90, contactIds: [1, 2, 3, 4, 5], chance: [0.8, 0.6, 0.1, 0.05, 0.9], ...over });

describe('the backtest checks what a model predicted before the outcome, against what happened since', () => {
  it('counts a customer as churned when it churned after the forecast and within the horizon', () => {
    const outcomes = [
      { id: 1, stage: 'churned', churnedAt: NOW + 10 * DAY }, // within the horizon
      { id: 2, stage: 'churned', churnedAt: NOW + 120 * DAY }, // after it: stayed for the whole horizon
      { id: 3, stage: 'customer' },
      { id: 4, stage: 'churned' }, // undated: it was a customer when forecast, so it churned since
      // 5 was deleted since: left out
      { id: 6, stage: 'churned', churnedAt: NOW + DAY }, // not in the forecast (a lead then): left out
    ];
    const check = checkForecast(forecast(), outcomes, NOW + 200 * DAY);
    expect(check.rows).toEqual([
      { chance: 0.8, churned: 1 },
      { chance: 0.6, churned: 0 },
      { chance: 0.1, churned: 0 },
      { chance: 0.05, churned: 1 },
    ]);
    expect(check).toMatchObject({ elapsedDays: 90, complete: true, at: NOW, horizonDays: 90 });
  });

  it('says how much of the horizon has passed', () => {
    expect(checkForecast(forecast(), [], NOW + 30 * DAY + 5)).toMatchObject({ elapsedDays: 30, complete: false });
    expect(checkForecast(forecast(), [], NOW + 3_600_000)).toMatchObject({ elapsedDays: 0, complete: false });
  });

  it('checks the newest forecast whose horizon has passed, else the oldest', () => {
    const a = forecast({ at: NOW - 200 * DAY });
    const b = forecast({ at: NOW - 100 * DAY });
    const c = forecast({ at: NOW - 10 * DAY });
    const d = forecast({ at: NOW - 5 * DAY });
    expect(pickForecast([a, b, c], NOW)).toBe(b);
    expect(pickForecast([d, c], NOW)).toBe(c);
    expect(pickForecast([], NOW)).toBeNull();
  });
});

describe('training records a forecast of every customer as of today, not its training rows', () => {
  // Retained customers with a long history (trained as of 90 days ago) who went quiet since; churned ones quiet before churning.
  function book() {
    const contacts: Contact[] = [];
    const activities = new Map<number, Activity[]>();
    for (let i = 1; i <= 40; i++) {
      const churned = i % 4 === 0;
      const churnedAt = NOW - (10 + i) * DAY;
      contacts.push(
        contact({ id: i, email: `c${i}@x.example`, stage: churned ? 'churned' : i === 37 ? 'lead' : 'customer', churnedAt: churned ? churnedAt : undefined, customerSince: NOW - 500 * DAY }),
      );
      const end = churned ? churnedAt - 100 * DAY : NOW - (i % 3 === 0 ? 60 : 2) * DAY;
      activities.set(i, [email('in', end - 20 * DAY, { id: i * 10 + 1, contactIds: [i] }), email('in', end, { id: i * 10 + 2, contactIds: [i] })]);
    }
    return { contacts, activitiesOf: (id: number) => activities.get(id) ?? [] };
  }

  it('forecasts each scored customer now, with the saved model and calibrator, as scoring would', () => {
    const h = book();
    const set = buildTrainingSet(h.contacts, h.activitiesOf, NOW, { rules: DEFAULT_RULES, mapping: {} }, []);
    const customers = h.contacts.filter((c) => c.stage === 'customer').map((c) => c.id);
    expect(set.current.contactIds).toEqual(customers);
    // Today's row of a customer is not its training row (as of 90 days ago): it sees the mail since.
    const id = 3;
    const today = contactFeatures(h.contacts[id - 1], h.activitiesOf(id), NOW, {}, []);
    const row = set.current.rows[set.current.contactIds.indexOf(id)];
    expect(row).toEqual(set.dataset.columns.map((c) => today[c]));
    expect(row).not.toEqual(set.dataset.rows[set.contactIds.indexOf(id)]);

    const result = trainModels(set);
    expect(result.forecast).toHaveLength(customers.length);
    const parsed = parseModel(storedModelText(result.fitted[0]));
    if (!parsed.ok) throw new Error(parsed.error);
    const calibrator: Calibrator = result.fitted[0].calibration;
    const scored = scoreFeatures(parsed.model, today, { rules: DEFAULT_RULES }, { reasons: false }, { calibrator, horizonDays: 90 });
    expect(result.forecast[set.current.contactIds.indexOf(id)]).toBeCloseTo(scored.probability!, 9);
  });
});
