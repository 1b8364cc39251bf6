import { booking, ok } from '../api/client'
import type { Customer, Vehicle } from '../api/types'

const customers = new Map<string, Promise<Customer | null>>()
const vehicles = new Map<string, Promise<Vehicle | null>>()

/** A customer's file from booking, fetched once per page life. */
export function customerOf(id: string): Promise<Customer | null> {
  if (!customers.has(id)) {
    customers.set(id, ok(booking.GET('/api/booking/customers/{customer_id}', { params: { path: { customer_id: id } } }), { quiet: true }).catch(() => null))
  }
  return customers.get(id)!
}

export function vehicleOf(id: string): Promise<Vehicle | null> {
  if (!vehicles.has(id)) {
    vehicles.set(id, ok(booking.GET('/api/booking/vehicles/{vehicle_id}', { params: { path: { vehicle_id: id } } }), { quiet: true }).catch(() => null))
  }
  return vehicles.get(id)!
}
