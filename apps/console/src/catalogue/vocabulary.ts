import type { components as W } from '@api-schema/workshop'

export const SKILLS: W['schemas']['Skill'][] = ['maintenance', 'mechanical', 'electrical', 'body', 'paint']
export const GUARANTEES: W['schemas']['GuaranteeClass'][] = ['minor', 'level2', 'major']
export const SYSTEMS: W['schemas']['VehicleSystem'][] = ['engine', 'transmission', 'steering', 'braking', 'suspension', 'body', 'electrical', 'airbag', 'other']
