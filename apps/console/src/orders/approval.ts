/** The customer web's page where the customer reads and approves an order (served at /m/; its
 * router uses hash history, so the screen's path goes after the '#'). */
export function approvalLink(orderId: string, origin = location.origin): string {
  return `${origin}/m/#/orders/${orderId}`
}
