import type zh from './zh-CN'

const en: typeof zh = {
  app: { title: 'My car', subtitle: 'After-sales service' },
  nav: { home: 'Home', book: 'Book', visits: 'Rate', me: 'Me' },
  login: {
    title: 'Sign in', username: 'Username', password: 'Password', submit: 'Sign in',
    failed: 'Wrong username or password', demo: 'Demo account: zhang / demo1234',
    customersOnly: 'This app is for car owners',
  },
  me: { logout: 'Sign out', language: 'Language' },
  home: {
    vehicles: 'My vehicles', orders: 'In the workshop', noOrders: 'No car in the workshop', history: 'History',
    book: 'Book a service', noVehicles: 'No vehicles',
  },
  vehicle: { history: 'Service history', noHistory: 'No visits yet', mileage: 'Mileage' },
  progress: {
    received: 'Received', in_repair: 'In repair', quality_check: 'Quality check', ready: 'Ready',
    delivered: 'Delivered', cancelled: 'Cancelled', live: 'Live', polling: 'Refreshing',
  },
  order: {
    title: 'Repair order', concern: 'Your concern', estimate: 'Estimate', labour: 'Labour', parts: 'Parts',
    hours: '{n} h', qty: '× {n}', payType: { customer: 'You pay', warranty: 'Warranty', internal: 'Internal' },
    approve: 'Sign the estimate', approved: 'Approved', signTitle: 'Sign below', clear: 'Clear',
    confirm: 'Confirm signature', signedBy: 'Signed by', signRequired: 'Please sign first',
    additional: 'Additional work (awaiting you)', approveExtra: 'Approve', declineExtra: 'Decline',
    invoice: 'See the bill and pay', awaitingApproval: 'Waiting for your signature', jobStatus: {
      estimated: 'Estimated', pending_approval: 'Awaiting you', approved: 'Approved', declined: 'Declined',
      in_progress: 'In repair', finished: 'Finished', rework: 'Rework', paused: 'Paused',
    },
    noPrice: 'Prices as on the final bill',
  },
  invoice: {
    title: 'Bill', no: 'No.', labour: 'Labour', parts: 'Parts', subtotal: 'Subtotal', vat: 'VAT',
    total: 'Total', paid: 'Paid', due: 'Due', pay: 'Pay {amount} online', paidDone: 'Paid, thank you!',
    notReady: 'The bill is made after the quality check', sandbox: 'Sandbox payments: no money moves',
    freeItem: 'Warranty/internal', payConfirm: 'Pay {amount}?',
  },
  book: {
    title: 'Book', vehicle: 'Vehicle', date: 'Date', type: 'Service', slot: 'Time', concern: 'What do you need?',
    submit: 'Book', done: 'Booked', full: 'This slot is full', free: '{n} free',
    types: { maintenance: 'Maintenance', repair: 'Repair', warranty: 'Warranty', quick: 'Quick service' },
    noSlots: 'No slots this day',
  },
  rating: {
    title: 'Rate your visit', pending: 'To rate', rated: 'Rated', none: 'No visits to rate',
    areas: {
      facilities: 'Facilities', personnel: 'Staff', execution: 'Repair quality', cost: 'Cost', follow_up: 'Follow-up',
    },
    comment: 'Anything else?', submit: 'Submit', thanks: 'Thank you!', score: 'Score {n}',
  },
  common: { loading: 'Loading…', retry: 'Retry', back: 'Back', error: 'Something went wrong' },
}
export default en
