/** The churn-risk side of the background: scoring on new activity, the daily recompute, alerts. Not built yet. */
export function startRiskBackground(): void {}
