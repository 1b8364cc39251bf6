import type { SurveyScores } from '../api/types'

export const AREAS: (keyof SurveyScores)[] = ['facilities', 'personnel', 'execution', 'cost', 'follow_up']

/** Five stars (halves allowed) per area on the phone; the survey scores 0-10 each. */
export function toScores(stars: Record<keyof SurveyScores, number>): SurveyScores {
  const out = {} as SurveyScores
  for (const a of AREAS) out[a] = Math.min(10, Math.max(0, Math.round((stars[a] ?? 0) * 2)))
  return out
}

export function defaultStars(): Record<keyof SurveyScores, number> {
  return { facilities: 5, personnel: 5, execution: 5, cost: 5, follow_up: 5 }
}
