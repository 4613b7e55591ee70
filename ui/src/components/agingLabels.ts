import type { AgingBucket } from '../types';

/** The aging buckets as the aging table and the age chart name them, in their order. */
export const AGING_LABELS: Record<AgingBucket, string> = {
  current: 'Not yet due',
  days1To30: '1–30 days',
  days31To60: '31–60 days',
  days61To90: '61–90 days',
  over90: 'Over 90 days',
};
