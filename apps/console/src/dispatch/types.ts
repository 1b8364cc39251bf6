import type { components as W } from '@api-schema/workshop'

export type DispatchBoard = W['schemas']['DispatchOut']
export type QueueItem = W['schemas']['QueueItemOut']
export type Suggestion = W['schemas']['SuggestionOut']
export type TechnicianLoad = W['schemas']['LoadOut']
export type Technician = W['schemas']['TechnicianOut']
export type Skill = W['schemas']['Skill']
export type PauseReason = W['schemas']['PauseReason']
export type ClockLine = W['schemas']['ClockLineOut']
export type OrderHours = W['schemas']['OrderHoursOut']
export type Kpis = W['schemas']['KpiOut']

export const SKILLS: Skill[] = ['maintenance', 'mechanical', 'electrical', 'body', 'paint']
export const PAUSE_REASONS: PauseReason[] = ['waiting_parts', 'waiting_approval', 'break', 'other']
