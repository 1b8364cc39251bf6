import type { components as B } from '@api-schema/booking'
import type { components as W } from '@api-schema/workshop'
import type { components as P } from '@api-schema/parts'
import type { components as Bi } from '@api-schema/billing'
import type { components as C } from '@api-schema/crm'

export type Customer = B['schemas']['CustomerOut']
export type Vehicle = B['schemas']['VehicleOut']
export type Appointment = B['schemas']['AppointmentOut']
export type Slot = B['schemas']['SlotOut']
export type ServiceType = B['schemas']['ServiceType']
export type Order = W['schemas']['OrderDetail']
export type OrderSummary = W['schemas']['OrderOut']
export type Job = W['schemas']['JobOut']
export type BoardCard = W['schemas']['BoardCard']
export type Colour = W['schemas']['Colour']
export type QcLevel = W['schemas']['QcLevel']
export type PayType = W['schemas']['PayType']
export type OrderStatus = W['schemas']['OrderStatus']
export type Part = P['schemas']['PartOut']
export type Shortage = P['schemas']['ShortageOut']
export type Invoice = Bi['schemas']['InvoiceOut']
export type Payment = Bi['schemas']['PaymentOut']
export type PaymentMethod = Bi['schemas']['PaymentMethod']
export type Rates = Bi['schemas']['RatesOut']
export type Callback = C['schemas']['CallbackOut']
export type CallbackDetail = C['schemas']['CallbackDetail']
export type Outcome = C['schemas']['Outcome']
export type Complaint = C['schemas']['ComplaintOut']
export type ComplaintDetail = C['schemas']['ComplaintDetail']
export type ComplaintCategory = C['schemas']['ComplaintCategory']
export type CsiReport = C['schemas']['CsiReportOut']
