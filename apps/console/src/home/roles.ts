/** Where each role starts, and the menu it sees (the API still checks every call). */
export interface MenuItem {
  path: string
  label: string // i18n key
  roles: string[]
}

export const MENU: MenuItem[] = [
  { path: '/advisor', label: 'menu.advisor', roles: ['service_advisor', 'manager'] },
  { path: '/book', label: 'menu.book', roles: ['service_advisor', 'manager'] },
  { path: '/orders', label: 'menu.orders', roles: ['service_advisor', 'manager', 'foreman', 'warranty_clerk', 'qc_inspector', 'cashier'] },
  { path: '/board', label: 'menu.board', roles: ['foreman', 'service_advisor', 'manager', 'technician', 'qc_inspector'] },
  { path: '/my-jobs', label: 'menu.myJobs', roles: ['technician', 'foreman'] },
  { path: '/dispatch', label: 'dispatch9.menu.dispatch', roles: ['foreman', 'manager'] },
  { path: '/kpi', label: 'dispatch9.menu.kpi', roles: ['manager', 'foreman'] },
  { path: '/qc', label: 'menu.qc', roles: ['qc_inspector', 'foreman', 'technician'] },
  { path: '/parts', label: 'menu.parts', roles: ['parts_clerk', 'manager'] },
  { path: '/shortages', label: 'menu.shortages', roles: ['parts_clerk', 'manager', 'service_advisor'] },
  { path: '/cashier', label: 'menu.cashier', roles: ['cashier', 'manager'] },
  { path: '/gate', label: 'delivery9.menu.gate', roles: ['service_advisor', 'cashier', 'manager'] },
  { path: '/callbacks', label: 'menu.callbacks', roles: ['callback_agent', 'manager'] },
  { path: '/complaints', label: 'menu.complaints', roles: ['callback_agent', 'manager'] },
  { path: '/reports/csi', label: 'menu.csi', roles: ['manager'] },
  { path: '/sanbao', label: 'reception9.menu', roles: ['manager'] },
  { path: '/catalogue', label: 'estimate9.menu', roles: ['manager', 'foreman', 'service_advisor'] },
]

const HOMES: [string, string][] = [
  ['admin', '/advisor'],
  ['service_advisor', '/advisor'],
  ['foreman', '/board'],
  ['technician', '/my-jobs'],
  ['qc_inspector', '/qc'],
  ['parts_clerk', '/parts'],
  ['cashier', '/cashier'],
  ['callback_agent', '/callbacks'],
  ['manager', '/reports/csi'],
  ['warranty_clerk', '/orders'],
]

/** The first screen of a staff member with these roles; customers belong to the mobile web. */
export function homeFor(roles: string[]): string {
  for (const [role, path] of HOMES) if (roles.includes(role)) return path
  return roles.includes('customer') ? '/m/' : '/login'
}

export function menuFor(roles: string[]): MenuItem[] {
  if (roles.includes('admin')) return MENU
  return MENU.filter((m) => m.roles.some((r) => roles.includes(r)))
}
