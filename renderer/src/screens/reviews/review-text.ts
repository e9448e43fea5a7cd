import type { ReviewState } from '../../../../shared/domain/review';

export const REVIEW_COLOR: Record<ReviewState, string> = { unreviewed: 'default', passed: 'green', returned: 'red', queried: 'orange', amended: 'blue' };
