import type { components as B } from '@api-schema/booking'
import type { components as W } from '@api-schema/workshop'
import type { components as Bi } from '@api-schema/billing'
import type { components as C } from '@api-schema/crm'

export type Vehicle = B['schemas']['VehicleOut']
export type Slot = B['schemas']['SlotOut']
export type ServiceType = B['schemas']['ServiceType']
export type Order = W['schemas']['OrderDetail']
export type OrderSummary = W['schemas']['OrderOut']
export type Job = W['schemas']['JobOut']
export type Progress = W['schemas']['Progress']
export type Invoice = Bi['schemas']['InvoiceOut']
export type OnlinePayment = Bi['schemas']['OnlinePaymentOut']
export type Visit = C['schemas']['VisitOut']
export type SurveyScores = C['schemas']['SurveyScores']
