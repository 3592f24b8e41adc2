import type { PlanPageQuery } from '../../gql/graphql';

export type Plan = PlanPageQuery['plan'];
export type WorkResult = Plan['workResults'][number];
export type Indicator = WorkResult['indicators'][number];
export type Realization = Indicator['realizations'][number];
export type Feedback = Plan['feedback'][number];

/** What the page shows around one SKP, from who the viewer is to it. */
export interface Viewer {
  isOwner: boolean;
  isRater: boolean;
  reload: () => Promise<void>;
}

export function targetText(i: Indicator): string {
  if (i.targetMin != null || i.targetMax != null) return `${i.targetMin ?? '…'}–${i.targetMax ?? '…'} ${i.unit}`.trim();
  if (i.targetValue != null) return `${i.targetValue} ${i.unit}`.trim();
  return i.narrativeTarget || '–';
}
