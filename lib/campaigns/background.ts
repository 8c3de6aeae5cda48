/** The campaign side of the background: the alarm-driven sending queue. Not built yet. */
export function startCampaignBackground(): void {}
