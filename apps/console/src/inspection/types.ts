import type { components as W } from '@api-schema/workshop'

export type Inspection = W['schemas']['HealthCheckOut']
export type InspectionPoint = W['schemas']['PointOut']
export type Finding = W['schemas']['FindingOut']
export type Photo = W['schemas']['PhotoOut']
export type Grade = W['schemas']['Grade']
export const GRADES: Grade[] = ['ok', 'advise', 'urgent']
/** Element Plus button type of each grade: green, amber, red. */
export const GRADE_TYPE: Record<Grade, 'success' | 'warning' | 'danger'> = { ok: 'success', advise: 'warning', urgent: 'danger' }
