import type zhCN from './zh-CN'

type Messages<T> = { [K in keyof T]: T[K] extends string ? string : Messages<T[K]> }

const en: Messages<typeof zhCN> = {
  app: { title: 'Aftersales Service', logout: 'Sign out', menu: 'Main menu' },
  common: {
    language: 'Language', locales: { 'zh-CN': '中文', en: 'English' }, none: 'None', actions: 'Actions', status: 'Status',
    allStatuses: 'All statuses', yes: 'Yes', no: 'No', refresh: 'Refresh', save: 'Save', saved: 'Saved', search: 'Search',
    change: 'Change', choose: 'Choose', back: 'Back',
  },
  roles: {
    service_advisor: 'Service advisor', foreman: 'Foreman', technician: 'Technician', qc_inspector: 'QC inspector', parts_clerk: 'Parts clerk',
    warranty_clerk: 'Warranty clerk', cashier: 'Cashier', callback_agent: 'Callback agent', manager: 'Service manager', admin: 'Admin', customer: 'Customer', partner: 'Partner',
  },
  login: { username: 'Username', password: 'Password', submit: 'Sign in', failed: 'Unknown user or wrong password', demoHint: 'Demo accounts: advisor, foreman, tech, qc, parts, cashier, callback, manager; password demo1234' },
  menu: {
    advisor: 'Advisor desk', book: 'New booking', orders: 'Repair orders', board: 'Progress board', myJobs: 'My jobs', qc: 'Quality checks',
    parts: 'Parts stock', shortages: 'Shortages', cashier: 'Cashier', callbacks: 'Callbacks', complaints: 'Complaints', csi: 'CSI report',
  },
  advisor: { title: 'Advisor desk', today: "Today's appointments", tomorrow: "Tomorrow's appointments", newBooking: 'New booking', inReception: 'In reception', readyForDelivery: 'Ready for delivery' },
  booking: {
    title: 'Book an appointment', time: 'Time', customer: 'Customer', vehicle: 'Vehicle', serviceType: 'Service', concern: "Customer's request", checkIn: 'Check in',
    openOrder: 'Open order', phone: 'Mobile', name: 'Name', orRegister: 'Or register a new customer:', notFoundRegister: 'No customer found; register:',
    registerCustomer: 'Register customer', plate: 'Plate', vin: 'VIN', model: 'Model', mileage: 'Mileage (km)', registerVehicle: 'Register vehicle',
    slot: 'Time slot', date: 'Date', showSlots: 'Show slots', noSlots: 'No free slot on that day', free: '{n} bays free', quiet: 'Quiet',
    load: 'Load', book: 'Book', booked: 'Booked', slotFull: 'That slot is full; choose another',
  },
  serviceType: { maintenance: 'Maintenance', repair: 'Repair', warranty: 'Warranty', campaign: 'Campaign', quick: 'Quick service' },
  appointmentStatus: { booked: 'Booked', checked_in: 'Checked in', cancelled: 'Cancelled', no_show: 'No-show' },
  orderStatus: { opened: 'Reception', authorized: 'Signed', in_progress: 'In repair', qc_failed: 'Rework', qc_passed: 'QC passed', delivered: 'Delivered', cancelled: 'Cancelled' },
  order: {
    title: 'Repair order', no: 'Order no.', opened: 'Opened', paid: 'Paid', print: 'Print repair order', authorizedBy: 'Signed by', customerWords: "Customer's words",
    partsSupply: 'Parts supply', reworks: '{n} rework(s)', reworksCol: 'Reworks',
  },
  walk: {
    title: 'Walk-around', odometer: 'Odometer', fuel: 'Fuel', damages: 'Body damage', valuables: 'Valuables', notes: 'Notes', onePerLine: 'One per line',
    save: 'Save walk-around', recorded: 'Recorded at {at}', none: 'No walk-around yet',
  },
  jobs: {
    title: 'Jobs', none: 'No jobs yet', opCode: 'Op code', description: 'Job', hours: 'Hours', payType: 'Pay type', parts: 'Parts', qty: 'Qty',
    technician: 'Technician', technicianId: 'Technician login', assign: 'Assign', assigned: 'Assigned to {who}', start: 'Start', finish: 'Finish', additional: 'Additional',
    addToEstimate: 'Add to the estimate', requestAdditional: 'Additional work (needs the customer’s approval)', add: 'Add job', morePart: 'Another part',
    addedToEstimate: 'Added to the estimate', additionalRequested: 'Additional work requested; waiting for the customer',
  },
  jobStatus: { estimated: 'Estimated', pending_approval: 'Awaiting approval', approved: 'Approved', declined: 'Declined', in_progress: 'In repair', finished: 'Finished', rework: 'Rework', paused: 'Paused' },
  payType: { customer: 'Customer', warranty: 'Warranty', internal: 'Internal' },
  estimate: {
    title: 'Estimate', labour: 'Labour', parts: 'Parts', labourTotal: 'Labour total', partsTotal: 'Parts total', vat: 'VAT', total: 'Estimate total (incl. VAT)',
    note: "Computed from the dealer's labour rate and parts prices; the settlement sheet is binding.",
  },
  sign: {
    title: "Customer's signature", terms: 'The customer accepts the jobs, the estimate and the expected completion; additional work only with their consent.', padLabel: 'Signature pad',
    signHere: 'Customer signs above', signed: 'Signed', clear: 'Clear', signedBy: 'Signed by', authorize: 'Authorise', authorized: 'The customer authorised the order',
    needSignature: 'Ask the customer to sign on the pad first', orSend: 'Or send the approval link', sendHint: 'The customer reads and approves the order on their phone.', link: 'Approval link',
    copy: 'Copy', linkCopied: 'Link copied',
  },
  additional: { title: 'Additional work', hint: 'The customer can approve on their phone:', approve: 'Customer approves', decline: 'Customer declines', approved: 'Additional work approved', declined: 'Additional work declined' },
  supply: { short: 'Short', reserved: 'Reserved', issued: 'Issued' },
  qc: {
    title: 'Quality checks', none: 'No checks yet', level: 'Level', result: 'Result', pass: 'Pass', fail: 'Fail', inspector: 'Checked by', notes: 'Notes',
    at: 'Time', next: 'Next: {level}', reworkJobs: 'Jobs to rework', recordPass: 'Pass', recordFail: 'Fail (rework)', passedMsg: 'Check recorded: pass',
    failedMsg: 'Check failed; sent back to rework', waitingFor: 'Waiting for: {level}', queue: 'Cars waiting for a check', nextLevel: 'Next check',
  },
  qcLevel: { self: 'Self-check', foreman: 'Foreman check', final: 'Final inspection', pre_delivery: 'Pre-delivery check' },
  delivery: { title: 'Delivery', preDelivery: 'Pre-delivery check', pending: 'Pending', deliveredAt: 'Delivered at', deliver: 'Deliver', done: 'Delivered', invoice: 'Settlement sheet' },
  board: {
    title: 'Progress board', waiting: 'Waiting', inRepair: 'In repair', nearlyDone: 'Nearly done', late: 'Late', waitingParts: 'Waiting for parts',
    jobsDone: '{done}/{total} jobs done', unassigned: 'Unassigned', progress: 'Progress',
  },
  myJobs: { title: 'My jobs', mine: 'Assigned to me', open: 'Open to pick up' },
  parts: {
    title: 'Parts stock', partNo: 'Part no.', name: 'Name', onHand: 'On hand', reserved: 'Reserved', available: 'Available', low: 'Below reorder point', unitPrice: 'Unit price',
    unitCost: 'Unit cost', reorderPoint: 'Reorder point', newPart: 'New part', receipt: 'Goods receipt', receive: 'Receive', received: 'Received', reference: 'Reference',
    searchPart: 'Part no. or name', availableN: '{n} available', shortages: 'Shortages', requested: 'Requested', short: 'Short', order: 'Order', since: 'Since',
    expected: 'Expected arrival', held: 'Held', issued: 'Issued', status: 'Status',
  },
  shortage: { open: 'Open', filled: 'Filled', cancelled: 'Cancelled' },
  cashier: { title: 'Cashier' },
  invoiceStatus: { draft: 'Draft', issued: 'Awaiting payment', paid: 'Paid', refunded: 'Refunded' },
  invoice: {
    title: 'Settlement', no: 'Invoice no.', total: 'Total', balance: 'Balance due', issuedAt: 'Issued', print: 'Print settlement sheet', payments: 'Payments', method: 'Method',
    amount: 'Amount', refunded: 'Refunded', receivedBy: 'Received by', reference: 'Reference', takePayment: 'Take payment', paidMsg: 'Payment taken', refund: 'Refund (manager)',
    payment: 'Payment', reason: 'Reason', doRefund: 'Refund', refundedMsg: 'Refunded', labourLines: 'Labour', partLines: 'Parts', rate: 'Rate', subtotal: 'Subtotal',
    vat: 'VAT {rate}', warranty: 'Warranty (manufacturer)', internal: 'Internal', paid: 'Paid',
  },
  method: { cash: 'Cash', card: 'Card', wechat: 'WeChat Pay', alipay: 'Alipay', bank_transfer: 'Bank transfer', voucher: 'Voucher' },
  callbacks: {
    title: 'Callbacks', delivered: 'Delivered', callableFrom: 'Callable from', due: 'Due', attempts: 'Attempts', outcome: 'Outcome', task: 'Callback',
    untried: 'Untried times of day', sms: 'SMS sent', dayPart: 'Time of day', number: 'Number called', note: 'Note', agent: 'Agent', log: 'Log this call', logged: 'Call logged',
  },
  taskStatus: { open: 'Open', completed: 'Completed', unreachable: 'Unreachable', excluded: 'Excluded' },
  taskOutcome: { satisfied: 'Satisfied', dissatisfied: 'Dissatisfied', complaint: 'Complaint', surveyed: 'Surveyed' },
  outcome: { no_answer: 'No answer', busy: 'Busy', wrong_number: 'Wrong number', satisfied: 'Satisfied', dissatisfied: 'Dissatisfied', complaint: 'Complaint', call_back_later: 'Call back later' },
  dayPart: { morning: 'Morning', afternoon: 'Afternoon', evening: 'Evening' },
  survey: {
    title: 'CSI survey', facilities: 'Facilities', personnel: 'Personnel', execution: 'Repair execution', cost: 'Cost', followUp: 'Follow-up',
    comment: 'Comment', save: 'Save survey', saved: 'Survey saved', csi: 'CSI score',
  },
  complaints: {
    title: 'Complaint', category: 'Category', description: 'Description', department: 'Department', responsible: 'Responsible', nextFollowUp: 'Next follow-up', assign: 'Assign',
    followUps: 'Follow-ups', satisfied: 'Customer satisfied', notSatisfied: 'Customer not yet satisfied', addFollowUp: 'Add follow-up', resolution: 'Resolution', resolve: 'Resolve',
    resolvedMsg: 'Complaint resolved',
  },
  complaintStatus: { unassigned: 'Unassigned', open: 'Open', resolved: 'Resolved' },
  category: {
    service_attitude: 'Service attitude', repair_quality: 'Repair quality', body_and_paint: 'Body and paint', washing: 'Washing', labour_price: 'Labour price',
    parts_price: 'Parts price', late_delivery: 'Late delivery', lounge_comfort: 'Lounge comfort', unwilling_to_say: 'Unwilling to say',
  },
  csi: {
    title: 'CSI report', period: 'Period', average: 'Average CSI', target: 'Target: composite score 90', count: 'Surveys', dissatisfied: 'Dissatisfied',
    areas: 'By area', area: 'Area', weight: 'Weight', score: 'Score', dissatisfiedList: 'Dissatisfied customers',
  },
  print: { print: 'Print', hint: 'Print on A4 paper' },
  doc: {
    repairOrder: 'Repair order', settlement: 'Settlement sheet', orderNo: 'Order no.', settlementNo: 'Settlement no.', openedAt: 'Opened', issuedAt: 'Settled',
    customer: 'Customer', phone: 'Phone', plate: 'Plate', model: 'Model', vin: 'VIN', serviceType: 'Service', odometer: 'Odometer in', fuel: 'Fuel',
    concern: 'Concern', walkAround: 'Walk-around', valuables: 'Valuables', labour: 'Jobs (labour)', parts: 'Parts', opCode: 'Op code',
    item: 'Item', payType: 'Pay type', hours: 'Hours', rate: 'Rate', amount: 'Amount', partNo: 'Part no.', forItem: 'For job', qty: 'Qty',
    unitPrice: 'Unit price', additional: 'additional', labourTotal: 'Labour', partsTotal: 'Parts', subtotal: 'Subtotal', vat: 'VAT ({rate})',
    estimateTotal: 'Estimate total', total: 'Total', paid: 'Paid', balance: 'Balance', warranty: 'Warranty (manufacturer)', payments: 'Payments',
    termAdditional: 'Additional work found during repair is done only with the customer’s consent.', termOldParts: 'Old parts are kept or disposed of as the customer chose.',
    termEstimate: 'This is an estimate; the settlement sheet is binding.', customerSign: 'Customer', advisorSign: 'Service advisor', cashierSign: 'Cashier',
    customerConfirm: 'Customer’s signature', date: 'Date',
  },
}

export default en
