/** The customer web's page where the customer reads and approves an order (served at /m/). */
export function approvalLink(orderId: string, origin = location.origin): string {
  return `${origin}/m/orders/${orderId}`
}
