/** The five rubric skills every module, question and role-play reports against. */
export const SKILLS = ['etiquette', 'empathy', 'resolution', 'compliance', 'timeliness'] as const
export type Skill = (typeof SKILLS)[number]
