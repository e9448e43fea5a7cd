/** How pressing a problem is: 一般 / 较急 / 紧急. A module of its own so the demand deadlines (set per urgency) can read it without the problem schema. */
export const URGENCIES = ['low', 'normal', 'high'] as const;
export type Urgency = (typeof URGENCIES)[number];
