/**
 * The course's first lesson, by id and title, for the first screen's "Start with lesson 1" (which
 * must not pull the lessons' content into the first-load chunk). lessons.test.ts holds it equal to
 * LESSONS[0].
 */
export const FIRST_LESSON = { id: 'regional-service', title: 'One KMS per Region, and keys that never leave' } as const;
