import type { ComplaintCategory } from '../api/types'

/** The CSI areas and their weights (domain.md; crm computes the score with its configured weights). */
export const AREAS = [
  { key: 'facilities', label: 'survey.facilities', weight: 20 },
  { key: 'personnel', label: 'survey.personnel', weight: 33 },
  { key: 'execution', label: 'survey.execution', weight: 22 },
  { key: 'cost', label: 'survey.cost', weight: 10 },
  { key: 'follow_up', label: 'survey.followUp', weight: 15 },
] as const

export const CATEGORIES: ComplaintCategory[] = [
  'service_attitude', 'repair_quality', 'body_and_paint', 'washing', 'labour_price', 'parts_price',
  'late_delivery', 'lounge_comfort', 'unwilling_to_say',
]
